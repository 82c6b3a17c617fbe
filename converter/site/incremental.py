"""Incremental site builds: render only the pages a change affects, index only those.

MkDocs has no partial build, but its ``dirty`` mode renders only the pages whose source
is newer than their built HTML. Articles are out of the global nav, so an article page
depends only on its own file and on its row of the template data (its neighbours in
the column, its reading time, its column and columnist URLs): :func:`plan` compares
those rows with the previous build's, deletes the built page of every article whose
row changed (so MkDocs renders it again), and deletes what no longer has a source.
Listing pages are rewritten only when their text changes (writer.py), so their mtime
says the same. Anything global (mkdocs.yml, the theme overrides, the site URL, the
versions of the converter, MkDocs, Material and Pagefind) changing means a full build.

The search index follows with a *delta* bundle (search.py): the pages rendered since
the last full index are indexed on their own into ``pagefind-delta/``, which the page
script merges into the main index, hiding the main index's stale copies of them.

The state lives in ``<site>/.digest-build.json``; it is removed while a build runs,
so a build that stops half-way is followed by a full one.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from .. import __version__
from ..store import file_stats
from .catalog import page_url

STATE_FILE = ".digest-build.json"
STATE_FORMAT = 2
# Packages whose version changes how every page looks or is indexed.
_PACKAGES = ("mkdocs", "mkdocs-material", "pagefind")


@dataclass
class State:
    """What the last successful build made."""

    fingerprint: str = ""  # of everything global (see global_fingerprint)
    pages: dict[str, str] = field(default_factory=dict)  # article src -> its data row
    docs: list[str] = field(default_factory=list)  # docs-relative files built
    index: dict[str, str] = field(default_factory=dict)  # URL -> fragment id, main index
    delta: list[str] = field(default_factory=list)  # URLs in the delta bundle
    quiet: str = ""  # inputs_key() after the build: the same next time, nothing to do
    articles: int = 0  # articles published, and generated files (for the summary)
    generated: int = 0


@dataclass(frozen=True)
class Plan:
    full: bool
    reason: str  # why a full build ("" when incremental)
    rendered: list[str]  # article URLs (site-relative) MkDocs will render
    removed: list[str]  # article URLs whose source is gone
    sources: list[str] = field(default_factory=list)  # the rendered articles' docs paths


def global_fingerprint(
    config_file: Path, custom_dir: str | None, site_url: str, mode: str = ""
) -> str:
    """One hash of everything every page depends on (``mode``: settings given on the
    command line rather than in the config, such as the publishing mode)."""
    h = hashlib.sha256()
    h.update(config_file.read_bytes())
    h.update(f"\0{site_url}\0{__version__}\0{mode}".encode())
    for name in _PACKAGES:
        try:
            h.update(f"\0{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"\0{name}=none".encode())
    if custom_dir:
        root = Path(custom_dir)
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            h.update(f"\0{path.relative_to(root).as_posix()}\0".encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def inputs_key(fingerprint: str, folders: Sequence[Path]) -> str:
    """One hash of everything a build reads, by file stamps: the global fingerprint and
    every file under ``folders`` (docs/ as the last build left it, generated files
    included; the curator's notes). Equal after one build and before the next: nothing
    changed since, and the site stands (about 0.05 s at 10,000 articles, against seconds
    for making the listings to find them unchanged)."""
    h = hashlib.sha256(fingerprint.encode())
    h.update(_code_hash().encode())
    for root in folders:
        h.update(f"\0{root}\0".encode())
        for path, st in file_stats(root):
            h.update(f"{path}\0{st.st_mtime_ns}\0{st.st_size}\0{st.st_ino}\n".encode())
    return h.hexdigest()


@functools.cache
def _code_hash() -> str:
    """The converter's own code (a change between two releases must not pass for
    "nothing changed"; ~3 ms)."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def load_state(site_dir: Path) -> State | None:
    try:
        data = json.loads((site_dir / STATE_FILE).read_text(encoding="utf-8"))
        if data.get("format") != STATE_FORMAT:
            return None
        return State(
            str(data["fingerprint"]),
            dict(data["pages"]),
            list(data["docs"]),
            dict(data["index"]),
            list(data["delta"]),
            str(data["quiet"]),
            int(data["articles"]),
            int(data["generated"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_state(site_dir: Path, state: State) -> None:
    data: dict[str, Any] = {"format": STATE_FORMAT, **state.__dict__}
    (site_dir / STATE_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def forget_state(site_dir: Path) -> None:
    (site_dir / STATE_FILE).unlink(missing_ok=True)


def docs_files(docs_dir: Path) -> list[str]:
    """Every file MkDocs reads from docs/ (dot files and folders skipped, as it does)."""
    out = []
    for folder, dirs, files in os.walk(docs_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel = os.path.relpath(folder, docs_dir)
        for name in files:
            if not name.startswith("."):
                out.append(name if rel == "." else f"{rel}/{name}".replace(os.sep, "/"))
    return sorted(out)


def plan(
    state: State | None,
    fingerprint: str,
    inputs: dict[str, str],
    docs_dir: Path,
    site_dir: Path,
    directory_urls: bool,
) -> tuple[Plan, list[str]]:
    """What this build must do, and the docs files it builds from. For an incremental
    build, the built pages that must be rendered again or that lost their source are
    deleted here (MkDocs' dirty mode then renders every page without built HTML)."""
    files = docs_files(docs_dir)
    if state is None:
        return Plan(True, "no earlier build", [], []), files
    if state.fingerprint != fingerprint:
        return Plan(True, "configuration, theme or versions changed", [], []), files
    if not (site_dir / "index.html").is_file():
        return Plan(True, "no built site", [], []), files
    for src, row in inputs.items():
        if state.pages.get(src, row) != row:
            _delete(built_path(site_dir, src, directory_urls))
    removed = []
    for src in sorted(set(state.docs) - set(files)):
        _delete(built_path(site_dir, src, directory_urls))
        if src in state.pages:
            removed.append(page_url(src, directory_urls))
    # Plain strings and os.stat: 10,000 Path objects were a tenth of a one-article build.
    docs, site = str(docs_dir), str(site_dir)
    sources = [
        src
        for src in inputs
        if _outdated(os.path.join(docs, src), os.path.join(site, _built(src, directory_urls)))
    ]
    rendered = [page_url(src, directory_urls) for src in sources]
    return Plan(False, "", rendered, removed, sources), files


def built_path(site_dir: Path, src: str, directory_urls: bool) -> Path:
    """Where MkDocs writes the file of docs-relative ``src``."""
    return site_dir / _built(src, directory_urls)


def _built(src: str, directory_urls: bool) -> str:
    if not src.endswith(".md"):
        return src
    url = page_url(src, directory_urls)
    return url + "index.html" if url.endswith("/") or not url else url


def _outdated(src: str, dest: str) -> bool:
    """MkDocs' dirty-mode rule (File.is_modified): no built file, or an older one."""
    try:
        return os.stat(dest).st_mtime < os.stat(src).st_mtime
    except FileNotFoundError:
        return True


def _delete(path: Path) -> None:
    path.unlink(missing_ok=True)
    folder = path.parent
    if path.name == "index.html" and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


# A link target in a page's Markdown: any path ending in .md (in a Markdown link, a
# reference definition or raw HTML alike; over-matching only keeps a page more).
_MD_TARGET = re.compile(r"""[^\s"'()<>\[\]]+\.md(?![\w.-])""")


class ArticlesInPlay(BasePlugin):  # type: ignore[type-arg]
    """For an incremental build: MkDocs is handed only the article pages it renders and
    those that the rendered pages link to; every other page stays in. MkDocs makes a page
    object (and a navigation entry) for every file, rendered or not: at 10,000 articles
    that was most of a one-article build. Articles are out of the navigation and the
    site map (overrides/sitemap.xml), so leaving the unrendered ones out changes no byte
    of what is written: tests/test_incremental.py compares with a full build."""

    def __init__(self, articles: Sequence[str], articles_dir: str = "articles/") -> None:
        self.articles = set(articles)  # the articles the plan renders (docs paths)
        self.articles_dir = articles_dir

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        pages = [f for f in files if f.is_documentation_page()]
        rendered = [
            f
            for f in pages
            if f.src_uri in self.articles
            or (not f.src_uri.startswith(self.articles_dir) and f.is_modified())
        ]
        linked = set()
        for page in rendered:
            folder = posixpath.dirname(page.src_uri)
            text = Path(page.abs_src_path or "").read_text(encoding="utf-8", errors="replace")
            for target in _MD_TARGET.findall(text):
                linked.add(posixpath.normpath(posixpath.join(folder, unquote(target))))
        keep = {f.src_uri for f in rendered} | linked
        for page in pages:
            if page.src_uri.startswith(self.articles_dir) and page.src_uri not in keep:
                files.remove(page)
        return files
