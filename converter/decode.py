"""Stage 1: bytes -> str. (Owner: Japanese-pages work; this is the first cut.)"""

from __future__ import annotations

import re

from .errors import InputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def decode(data: bytes, path: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``. Never raises on invalid bytes; raises InputError
    for input that is not text at all (empty, binary)."""
    if not data.strip():
        raise InputError("empty file", path)
    if b"\x00" in data[:1024] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("binary data, not an HTML page", path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:4096])
    enc = m.group(1).decode("ascii").lower() if m else "utf-8"
    try:
        return data.decode(enc, errors="replace"), enc
    except LookupError:
        return data.decode("utf-8", errors="replace"), "utf-8"
