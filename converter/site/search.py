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

import asyncio
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import SiteError

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


def index_site(site_dir: Path, language: str = INDEX_LANGUAGE) -> SearchIndex:
    """Run Pagefind on ``site_dir``; raises :class:`DigestError` if it fails."""
    shutil.rmtree(site_dir / DELTA_DIR, ignore_errors=True)
    _pagefind(site_dir, site_dir / BUNDLE_DIR, language)
    _write_hidden(site_dir / DELTA_DIR, None, [])  # no delta: the page script reads this
    bundle = [p for p in (site_dir / BUNDLE_DIR).rglob("*") if p.is_file()]
    return SearchIndex(files=len(bundle), size=sum(p.stat().st_size for p in bundle))


class Indexer:
    """A Pagefind service kept running between builds (``digest serve``).

    Pagefind loads its Japanese dictionary each time it starts (~1 s of CPU, most of a
    small delta's indexing); a service process that stays up loads it once, and each
    delta is then a new in-memory index in it (0.3 s for one page instead of 2 s). It
    uses Pagefind's Python API (``pagefind.index``), whose ``_service`` argument lets
    indexes share one service. Not thread-safe: one caller thread."""

    def __init__(self, language: str = INDEX_LANGUAGE) -> None:
        self.language = language
        self._loop = asyncio.new_event_loop()
        self._service: Any = None

    def index(self, site: Path, output: Path) -> None:
        """Index the HTML under ``site`` into the bundle folder ``output``."""
        self._loop.run_until_complete(self._index(site, output))

    async def _index(self, site: Path, output: Path) -> None:
        from pagefind.index import PagefindIndex
        from pagefind.service import PagefindService

        if self._service is None:
            self._service = await PagefindService().launch()
        index = PagefindIndex(config={"force_language": self.language}, _service=self._service)
        index._index_id = (await self._service.create_index(index._config))._index_id
        await index.add_directory(str(site))
        await index.write_files(output_path=str(output))
        await index.delete_index()

    def close(self) -> None:
        if self._service is not None:
            self._loop.run_until_complete(self._service.close())
            self._service = None
        self._loop.close()


def index_delta(
    site_dir: Path,
    urls: Sequence[str],
    hidden: Sequence[str],
    language: str = INDEX_LANGUAGE,
    indexer: Indexer | None = None,
) -> SearchIndex:
    """Index only the pages at ``urls`` (site-relative, e.g. ``articles/x/``) into the
    delta bundle, and list the main index's ``hidden`` fragment ids (stale copies of
    those pages, or pages that are gone) for the page script to leave out."""
    delta = site_dir / DELTA_DIR
    shutil.rmtree(delta, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="digest-delta-") as tmp:
        pages = 0
        for url in urls:
            page = site_dir / url / "index.html" if url.endswith("/") else site_dir / url
            if page.is_file():
                target = Path(tmp) / page.relative_to(site_dir)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(page, target)
                pages += 1
        if pages and indexer is not None:
            indexer.index(Path(tmp), delta)
        elif pages:
            _pagefind(Path(tmp), delta, language)
    _write_hidden(delta, f"{DELTA_DIR}/" if pages else None, hidden)
    files = [p for p in delta.rglob("*") if p.is_file()]
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


def _pagefind(site: Path, output: Path, language: str) -> None:
    cmd = [
        sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output),
        "--force-language", language, "--silent",
    ]  # fmt: skip
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SiteError(f"search index: cannot run Pagefind ({exc})", str(site)) from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise SiteError(f"search index: Pagefind failed: {' '.join(detail)}", str(site))
