"""A SingleFile page (the browser extension's one-file save): one HTML file holding its
images as ``data:`` URIs.

- the header comment SingleFile writes after ``<html>``: ``Page saved with SingleFile``,
  ``url: …``, ``saved date: Sat Dec 07 2026 10:00:00 GMT+0900 (…)``;
- images: an ``<img src="data:image/…;base64,…">``, and an image SingleFile shows more
  than once, written once as a CSS variable (``:root{--sf-img-3:url("data:…")}``) that
  each ``<img>`` shows as ``background-image:var(--sf-img-3)`` over a blank ``src``.

Each such image becomes a resource under a relative URL of its own (``digest-capture/
<hash>``), and its ``<img>`` points there: the later stages drop ``data:`` URIs.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import datetime

from ..model import Capture, Source
from .resources import IMG_TAG, ResourceBudget, local_key, set_img_src

HEADER = re.compile(
    rb"<!--\s*Page saved with SingleFile\s*\n(?P<lines>(?:[^\n]*\n){0,12}?)\s*-->", re.I
)
_FIELD = re.compile(r"^\s*([a-z ]+):\s*(.*?)\s*$", re.M)
_HEAD = 16384
# A base64 data: URI of an image (SingleFile writes no other kind for photos).
DATA_URI = re.compile(rb"data:(image/[\w.+-]+);base64,([A-Za-z0-9+/=\s]+)", re.I)
SF_VAR = re.compile(rb"""--sf-img-(\d+)\s*:\s*url\(\s*["']?(data:[^"')]+)["']?\s*\)""")
VAR_USE = re.compile(rb"var\(\s*--sf-img-(\d+)\s*\)")
_SRC_DATA = re.compile(rb"""\ssrc\s*=\s*["']?\s*(data:[^"'\s>]+)""", re.I)


def detect(data: bytes) -> bool:
    return HEADER.search(data[:_HEAD]) is not None


def read(source: Source) -> Capture:
    data = source.data
    fields = _header(data)
    budget = ResourceBudget()
    resources: dict[str, bytes] = {}

    def keep(uri: bytes) -> str | None:
        m = DATA_URI.fullmatch(uri.strip())
        if not m:
            return None
        try:
            raw = base64.b64decode(b"".join(m.group(2).split()), validate=True)
        except (binascii.Error, ValueError):
            return None
        key = local_key(raw)
        if key not in resources:
            if not budget.take(len(raw)):
                return None
            resources[key] = raw
        return key

    variables = {int(m.group(1)): m.group(2) for m in SF_VAR.finditer(data)}

    def rewrite(m: re.Match[bytes]) -> bytes:
        tag = m.group(0)
        use = VAR_USE.search(tag)
        uri = variables.get(int(use.group(1))) if use else None
        if uri is None:
            src = _SRC_DATA.search(tag)
            uri = src.group(1) if src else None
        key = keep(uri) if uri else None
        return set_img_src(tag, key) if key else tag

    html = IMG_TAG.sub(rewrite, data)
    return Capture(
        html=html,
        kind="singlefile",
        url=fields.get("url"),
        saved=_saved_date(fields.get("saved date")),
        resources=resources,
    )


def _header(data: bytes) -> dict[str, str]:
    m = HEADER.search(data[:_HEAD])
    text = m.group("lines").decode("utf-8", "replace") if m else ""
    fields = {k.strip().lower(): v for k, v in _FIELD.findall(text)}
    url = fields.get("url", "")
    if not url.lower().startswith(("http://", "https://")):
        fields.pop("url", None)
    return fields


def _saved_date(value: str | None) -> datetime | None:
    """``Sat Dec 07 2026 10:00:00 GMT+0900 (Japan Standard Time)`` (JavaScript's
    ``Date.toString()``) as an aware datetime."""
    if not value:
        return None
    m = re.match(r"\w{3} (\w{3} \d{1,2} \d{4} \d{1,2}:\d{2}:\d{2}) GMT([+-]\d{4})", value)
    if not m:
        return None
    try:
        return datetime.strptime(f"{m.group(1)} {m.group(2)}", "%b %d %Y %H:%M:%S %z")
    except ValueError:
        return None
