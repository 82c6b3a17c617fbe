"""MHTML (``.mhtml`` / ``.mht``: Chrome's "Save as…, single file", Edge, old IE): a MIME
``multipart/related`` message read with the standard library's :mod:`email`.

- the page: the ``text/html`` part at ``Snapshot-Content-Location`` (else the first
  ``text/html`` part). Its bytes are the page's own, after the transfer encoding
  (quoted-printable, base64) is undone: they are decoded as any page is (decode.py),
  not with ``get_content()``, so a Shift_JIS page stays Shift_JIS; the part's
  ``charset`` counts as the page's declaration when the page has none;
- the original URL: ``Snapshot-Content-Location``; the save time: the ``Date`` header;
- resources: every other part, by its ``Content-Location``; a part the page names by
  ``cid:`` gets a relative URL of its own, and the page's ``cid:`` references point there.
"""

from __future__ import annotations

import email
import email.policy
import re
from datetime import datetime
from email.message import Message
from email.utils import parsedate_to_datetime

from ..model import Capture, Source
from .resources import ResourceBudget, local_key, with_charset

# The top-level header block: a MIME version and a multipart/related body.
_HEAD = 8192
_MIME_VERSION = re.compile(rb"^MIME-Version:\s*1\.0", re.I | re.M)
_RELATED = re.compile(rb"multipart/related", re.I)
_CID = re.compile(rb"""cid:([^"'\s<>)]+)""", re.I)


def detect(data: bytes) -> bool:
    head = data[:_HEAD]
    end = re.search(rb"\r?\n\r?\n", head)
    headers = head[: end.start()] if end else head
    return bool(_MIME_VERSION.search(headers) and _RELATED.search(headers))


def read(source: Source) -> Capture:
    message = email.message_from_bytes(source.data, policy=email.policy.compat32)
    snapshot = _header(message, "Snapshot-Content-Location")
    parts = [p for p in message.walk() if not p.is_multipart()]
    htmls = [p for p in parts if p.get_content_type() == "text/html"]
    page = next((p for p in htmls if snapshot and _location(p) == snapshot), None)
    page = page or (htmls[0] if htmls else None)
    if page is None:
        return Capture(html=b"", kind="mhtml", url=snapshot)
    html = _payload(page)
    budget = ResourceBudget()
    resources: dict[str, bytes] = {}
    cids: dict[bytes, str] = {}
    for part in parts:
        if part is page:
            continue
        data = _payload(part)
        location = _location(part)
        cid = (part.get("Content-ID") or "").strip().strip("<>")
        if not (location or cid) or not budget.take(len(data)):
            continue
        if location:
            resources[location] = data
        if cid:
            key = local_key(data)
            resources[key] = data
            cids[cid.encode("ascii", "replace")] = key
    if cids:
        html = _CID.sub(lambda m: cids.get(m.group(1), m.group(0).decode()).encode(), html)
    return Capture(
        html=with_charset(html, page.get_content_charset()),
        kind="mhtml",
        url=snapshot or _location(page),
        saved=_date(message.get("Date")),
        resources=resources,
    )


def _header(message: Message, name: str) -> str | None:
    value = message.get(name)
    return " ".join(str(value).split()) or None if value else None


def _location(part: Message) -> str | None:
    return _header(part, "Content-Location")


def _payload(part: Message) -> bytes:
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo else None
