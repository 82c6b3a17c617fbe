"""YAML front matter out and back, like the json module: dumps/loads."""

from __future__ import annotations

from typing import Any

import yaml


def dumps(meta: dict[str, Any], body: str) -> str:
    head = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10**9)
    body = body if body.endswith("\n") or not body else body + "\n"
    return f"---\n{head}---\n\n{body}"


def loads(text: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---\n"):
        return {}, text
    head, sep, body = text[4:].partition("\n---\n")
    if not sep:
        return {}, text
    data = yaml.safe_load(head) or {}
    return data, body.removeprefix("\n")
