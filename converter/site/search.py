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
import subprocess
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import SiteError
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


def start_index(service: Service, language: str = INDEX_LANGUAGE) -> Index:
    return Index(service, language)


def index_site(site_dir: Path, language: str = INDEX_LANGUAGE) -> SearchIndex:
    """Index the whole built site with Pagefind's command line (``pagefind --site``,
    which indexes on every core; its service mode handles one page at a time, so a full
    index is faster this way even beside a warm service: 5.3 s against 6.9 s for 1,000
    articles on 2 cores)."""
    shutil.rmtree(site_dir / DELTA_DIR, ignore_errors=True)
    _pagefind(site_dir, site_dir / BUNDLE_DIR, language)
    _write_hidden(site_dir / DELTA_DIR, None, [])  # no delta: the page script reads this
    return _size(site_dir / BUNDLE_DIR)


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


# The pages Pagefind reads for a full index: the articles' (overrides/main.html gives
# the body marker only to pages from docs/articles/). The listings, a fifth of the
# site's pages and the longest of them, were parsed only to be left out: reading the
# articles alone takes 18 % less time for the same index (bench/site_scale.py's 1,000
# articles: 6.75 s against 8.20 s; the same fragments and word index, the page list and
# the filters in another order).
ARTICLE_PAGES = "articles/**/*.{html}"


def _pagefind(site: Path, output: Path, language: str) -> None:
    cmd = [
        sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output),
        "--force-language", language, "--glob", ARTICLE_PAGES, "--silent",
    ]  # fmt: skip
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SiteError(f"search index: cannot run Pagefind ({exc})", str(site)) from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise SiteError(f"search index: Pagefind failed: {' '.join(detail)}", str(site))
