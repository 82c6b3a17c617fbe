"""The search index: Pagefind (extended build, with a Japanese segmenter) over the built site.

Only article pages are indexed: the article template marks its container with
``data-pagefind-body``, which makes Pagefind skip every page without it. The whole site
is indexed as one language (``ja``: the site's language) so that one search page finds
Japanese and English articles alike; the extended binary segments Japanese text with
its dictionary and leaves space-separated words as they are.

An incremental build (incremental.py) indexes only the pages it rendered, into a
second bundle ``pagefind-delta/`` beside the main one; the page script merges it
(Pagefind's ``mergeIndex``) and leaves out the main index's stale copies of those pages,
listed by fragment id in ``pagefind-delta/digest-hidden.json``.
"""

from __future__ import annotations

import json
import re
import shutil
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.pages import Page

from .pagefind import Index, Service

# Where Pagefind writes its bundle, under the built site.
BUNDLE_DIR = "pagefind"
# One index language for the whole site (see the module docstring).
INDEX_LANGUAGE = "ja"
# The delta bundle of an incremental build (incremental.py), and its list of the main
# index's fragments to hide (read by digest.js).
DELTA_DIR = "pagefind-delta"
HIDDEN_FILE = "digest-hidden.json"
# A fragment starts with this signature, then JSON whose first key is the page's URL.
_FRAGMENT_URL = re.compile(rb'^pagefind_dcd\{"url":"((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True)
class SearchIndex:
    files: int
    size: int  # bytes, the whole bundle (UI included)


# The attribute that marks the indexed element (overrides/partials/digest-article.html).
BODY_MARKER = "data-pagefind-body"


class PageFeed(BasePlugin):  # type: ignore[type-arg]
    """Hands each page MkDocs writes to a Pagefind index as it goes (a full build's
    index is made on the second core while MkDocs renders; pagefind.py). Registered on
    the configuration by the build, not listed in mkdocs.yml."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if BODY_MARKER in output:
            self.index.add(page.file.dest_uri, output)
        return output


def start_index(service: Service, language: str = INDEX_LANGUAGE) -> Index:
    return Index(service, language)


def write_index(site_dir: Path, index: Index) -> SearchIndex:
    """Write the main bundle of a full index; no delta (the page script reads the empty
    list of hidden pages)."""
    shutil.rmtree(site_dir / DELTA_DIR, ignore_errors=True)
    shutil.rmtree(site_dir / BUNDLE_DIR, ignore_errors=True)
    index.write(site_dir / BUNDLE_DIR)
    index.delete()
    _write_hidden(site_dir / DELTA_DIR, None, [])
    return _size(site_dir / BUNDLE_DIR)


def index_site(site_dir: Path, service: Service, language: str = INDEX_LANGUAGE) -> SearchIndex:
    """Index every built page that carries the indexed element (what ``pagefind --site``
    does with ``data-pagefind-body``)."""
    index = start_index(service, language)
    _add_pages(index, site_dir, _built_pages(site_dir))
    return write_index(site_dir, index)


def index_delta(
    site_dir: Path,
    urls: Sequence[str],
    hidden: Sequence[str],
    service: Service,
    language: str = INDEX_LANGUAGE,
) -> SearchIndex:
    """Index only the pages at ``urls`` (site-relative, e.g. ``articles/x/``) into the
    delta bundle, and list the main index's ``hidden`` fragment ids (stale copies of
    those pages, or pages that are gone) for the page script to leave out."""
    delta = site_dir / DELTA_DIR
    shutil.rmtree(delta, ignore_errors=True)
    pages = [site_dir / url / "index.html" if url.endswith("/") else site_dir / url for url in urls]
    pages = [p for p in pages if p.is_file()]
    if pages:
        index = start_index(service, language)
        _add_pages(index, site_dir, pages)
        index.write(delta)
        index.delete()
    _write_hidden(delta, f"{DELTA_DIR}/" if pages else None, hidden)
    return _size(delta)


def _built_pages(site_dir: Path) -> list[Path]:
    bundles = (site_dir / BUNDLE_DIR, site_dir / DELTA_DIR)
    return [
        p for p in sorted(site_dir.rglob("*.html")) if not any(p.is_relative_to(b) for b in bundles)
    ]


def _add_pages(index: Index, site_dir: Path, pages: Sequence[Path]) -> None:
    for page in pages:
        html = page.read_text(encoding="utf-8", errors="replace")
        if BODY_MARKER in html:
            index.add(page.relative_to(site_dir).as_posix(), html)


def _size(bundle: Path) -> SearchIndex:
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return SearchIndex(files=len(files), size=sum(p.stat().st_size for p in files))


def delta_bundle_ok(site_dir: Path, pages: bool) -> bool:
    """Whether the delta bundle a build left is there (with pages, when it had some)."""
    delta = site_dir / DELTA_DIR
    return (delta / HIDDEN_FILE).is_file() and (not pages or (delta / "pagefind.js").is_file())


def fragment_ids(site_dir: Path) -> dict[str, str]:
    """The main index's page URLs (site-relative) and their fragment ids (the ``id`` of a
    search result, e.g. ``ja_191c7c9``)."""
    out = {}
    for path in (site_dir / BUNDLE_DIR / "fragment").glob("*.pf_fragment"):
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(path.read_bytes(), 4096)
        found = _FRAGMENT_URL.search(head)
        if found:
            url = json.loads(b'"' + found.group(1) + b'"').lstrip("/")
            out[url] = path.name.removesuffix(".pf_fragment")
    return out


def _write_hidden(delta: Path, bundle: str | None, hidden: Sequence[str]) -> None:
    delta.mkdir(parents=True, exist_ok=True)
    data = {"bundle": bundle, "hidden": sorted(set(hidden))}
    (delta / HIDDEN_FILE).write_text(json.dumps(data), encoding="utf-8")
