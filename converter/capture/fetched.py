"""A page fetched by ``digest add URL``: the response's bytes as they came, and beside
them a sidecar ``NAME.fetch.json`` (the final URL, the fetch time, the status and the
headers). Any capture may have one; it adds what the bytes alone lack: the URL, the
time, and the charset of the ``Content-Type`` header when the page declares none.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from ..model import Capture, Source
from .resources import ResourceBudget, charset_of, inside, read_regular, with_charset

SIDECAR_SUFFIX = ".fetch.json"
MAX_SIDECAR_BYTES = 64 * 1024


def sidecar_path(page: Path) -> Path:
    return page.with_name(page.name + SIDECAR_SUFFIX)


def sidecar(url: str, fetched: datetime, status: int, headers: dict[str, str]) -> str:
    """The sidecar's text (JSON, keys in this order)."""
    data = {"url": url, "fetched": fetched.isoformat(), "status": status, "headers": headers}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def annotate(source: Source, capture: Capture) -> Capture:
    """``capture`` with what the page's sidecar records, if it has one."""
    info = _read(Path(source.path))
    if info is None:
        return capture
    url = info.get("url")
    charset = charset_of(str(info.get("headers", {}).get("content-type", "")))
    return replace(
        capture,
        html=with_charset(capture.html, charset),
        kind="fetched" if capture.kind == "html" else capture.kind,
        url=capture.url or (url if isinstance(url, str) and url.startswith("http") else None),
        saved=capture.saved or _time(info.get("fetched")),
    )


def _read(page: Path) -> dict[str, Any] | None:
    path = sidecar_path(page)
    if not path.exists():
        return None
    real = os.path.realpath(path)
    if not inside(os.path.realpath(page.parent), real):
        return None  # a link leading elsewhere
    budget = ResourceBudget()
    data = read_regular(real, budget)
    if data is None or len(data) > MAX_SIDECAR_BYTES:
        return None
    try:
        info = json.loads(data)
    except ValueError:
        return None
    return info if isinstance(info, dict) else None


def _time(value: Any) -> datetime | None:
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return when if when.tzinfo else None
