"""Stage 0: what the curator saved -> the page as HTML bytes, plus what came with it.

A page reaches the converter in many forms: an "HTML only" save, a plain-text copy of
what the browser showed, an MHTML or SingleFile file, a "complete" folder, a web archive.
Each form is one module of this package with two functions:

- ``detect(data: bytes) -> bool``: is this file of my form? Decided by content, never by
  the file name's extension alone;
- ``read(source: Source) -> Capture``: the page as HTML bytes, its original URL and save
  time when the capture records them, and the resources (images...) saved with it;
- a form holding several pages (a web archive) also has ``page_count(data) -> int``.

:data:`READERS` lists them in the order they are tried; a file no reader claims is an
HTML page as it is. Everything after this stage (decode, parse, metadata, body) sees only
HTML, so a new form of capture is a new module here and nothing else.

Helpers the readers share (the resource limits, reading a file safely, a container's
charset) are in :mod:`converter.capture.resources`.
"""

from __future__ import annotations

from types import ModuleType

from ..model import Capture, Source
from . import complete, fetched, mhtml, singlefile, text, warc

# Tried in order; the first whose detect() says yes reads the file. Archives and MHTML
# first (their first bytes are unambiguous); SingleFile before "complete" (both are
# HTML with a comment); a text copy (no markup at all) last.
READERS: tuple[ModuleType, ...] = (warc, mhtml, singlefile, complete, text)


def open_capture(source: Source) -> Capture:
    """The page held by ``source`` as HTML bytes (a plain HTML save as it is)."""
    capture = Capture(html=source.data)
    for reader in READERS:
        if reader.detect(source.data):
            capture = reader.read(source)
            break
    return fetched.annotate(source, capture)  # what `digest add` recorded beside it


def page_count(data: bytes) -> int | None:
    """How many pages a capture holding several (a web archive) holds, or None for a
    capture of one page. Such a reader has ``page_count(data)``; each page is then a
    member path ``FILE::N`` (converter/members.py) that its ``read`` picks."""
    for reader in READERS:
        if reader.detect(data):
            count = getattr(reader, "page_count", None)
            return int(count(data)) if count else None
    return None
