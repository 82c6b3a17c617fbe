"""``digest add URL…``: fetch pages into the sources folder, as a browser would save them.

Each page is written as the response's bytes (``sources/<host>/<path>-<hash>.html``) with
a sidecar ``….fetch.json`` beside it (converter/capture/fetched.py): the final URL, the
fetch time, the status and the headers. Fetching the same URL again replaces both.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

from .capture.fetched import sidecar, sidecar_path
from .fetch import fetch
from .store import atomic_write

# Characters kept from a URL's host and path in a file name.
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_NAME = 80


def source_name(url: str) -> Path:
    """``<host>/<last path segments>-<hash of the URL>.html``: stable per URL, safe on
    every file system, never leading out of the sources folder."""
    parts = urlsplit(url)
    host = _UNSAFE.sub("-", parts.hostname or "unknown").strip(".-") or "unknown"
    stem = _UNSAFE.sub("-", parts.path.strip("/")).strip(".-")[-_MAX_NAME:].strip(".-")
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:10]
    return Path(host) / f"{stem or 'index'}-{digest}.html"


def add_page(url: str, sources: Path) -> Path:
    """Fetch ``url`` into ``sources``; return the page file's path. Raises InputError."""
    got = fetch(url)
    page = sources / source_name(url)
    atomic_write(page, got.content, sources)
    atomic_write(
        sidecar_path(page), sidecar(got.url, got.fetched, got.status, got.headers), sources
    )
    return page
