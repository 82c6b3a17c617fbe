"""Write generated files into docs/: atomically, only when changed, stale ones removed.

A second build with the same articles changes no byte and touches no file. Only files
this stage made are ever deleted: Markdown pages whose front matter carries the
generator marker, and feeds and sitemaps naming this generator, under the listing folders
(and the home page), and redirect pages (with their own marker) at old article and
listing addresses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..store import atomic_write
from .items import GENERATOR, GENERATOR_KEY
from .redirects import NAMED_DIRS, REDIRECT_MARKER

# Folders (under docs/) that hold generated listing pages.
LISTING_DIRS = ("columns", "authors", "archive", "tags", "digests")
# The marker line as the YAML dumper writes it.
_MARKER = f"\n{GENERATOR_KEY}: {GENERATOR}\n"
# The marker of a generated feed or sitemap (see feed.py).
_XML_MARKERS = ("<generator>Column Digest</generator>", "<!-- Column Digest:")
_XML_FILES = ("feed.xml", "sitemap.xml")


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


# A caller's record of the files this stage wrote or found up to date: docs-relative
# path -> (text, stamp of the file). A file whose text and stamp are unchanged since is
# not read again, and stale pages are looked for among these instead of in every listing
# folder (``digest serve``; its first build has no record and looks everywhere).
Written = dict[str, tuple[str, tuple[int, int, int]]]


def write_generated(docs_dir: Path, files: dict[str, str], known: Written | None = None) -> WriteReport:
    """Write ``files`` (docs-relative path → text) and remove stale generated pages.
    ``known``: the record of the previous call (updated to this one's)."""
    report = WriteReport()
    last = dict(known) if known else {}
    now: Written = {}
    for rel, text in sorted(files.items()):
        target = docs_dir / rel
        before = last.get(rel)
        stamp = _stamp(target)
        if before is not None and before[0] == text and before[1] == stamp:
            report.unchanged += 1  # as this stage left it, with the same text
        elif stamp is not None and target.read_text(encoding="utf-8") == text:
            report.unchanged += 1
        else:
            atomic_write(target, text)
            report.written.append(rel)
            stamp = _stamp(target)
        if stamp is not None:
            now[rel] = (text, stamp)
    if known is not None:
        known.clear()
        known.update(now)
    if last:
        stale = [docs_dir / rel for rel in sorted(set(last) - set(files))]
        candidates = [p for p in stale if p.is_file() and _is_ours(p)]
    else:
        candidates = _generated_pages(docs_dir) + _redirect_pages(docs_dir)
    for path in candidates:
        rel = path.relative_to(docs_dir).as_posix()
        if rel not in files:
            path.unlink()
            report.removed.append(rel)
            if path.name == "index.html" and not any(path.parent.iterdir()):
                path.parent.rmdir()
    if not last or report.removed:  # a folder is left empty only by a removal
        for folder in LISTING_DIRS:
            _remove_empty_dirs(docs_dir / folder)
    return report


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _is_ours(path: Path) -> bool:
    if path.suffix == ".html":
        return REDIRECT_MARKER in path.read_text(encoding="utf-8", errors="replace")
    return _is_generated(path)


def _generated_pages(docs_dir: Path) -> list[Path]:
    candidates = [docs_dir / "index.md"]
    for folder in LISTING_DIRS:
        candidates += sorted((docs_dir / folder).rglob("*.md"))
        for name in _XML_FILES:
            candidates += sorted((docs_dir / folder).rglob(name))
    return [p for p in candidates if p.is_file() and _is_generated(p)]


def _redirect_pages(docs_dir: Path) -> list[Path]:
    articles = docs_dir / "articles"
    found = sorted(articles.glob("*/index.html")) + sorted(articles.glob("*.html"))
    for folder in NAMED_DIRS:  # old addresses of listing pages
        found += sorted((docs_dir / folder).rglob("*.html"))
    return [p for p in found if p.is_file() and _is_ours(p)]  # the curator's HTML stays


def _is_generated(path: Path) -> bool:
    with path.open(encoding="utf-8", errors="replace") as fh:
        head = fh.read(4096)
    if path.suffix == ".xml":
        return head.startswith("<?xml") and any(m in head for m in _XML_MARKERS)
    return head.startswith("---\n") and _MARKER in head.split("\n---\n", 1)[0] + "\n"


def _remove_empty_dirs(root: Path) -> None:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
