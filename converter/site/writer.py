"""Write generated files into docs/: atomically, only when changed, stale ones removed.

A second build with the same articles changes no byte and touches no file. Only files
this stage made are ever deleted: Markdown pages whose front matter carries the
generator marker, and feeds and sitemaps naming this generator, under the listing folders
(and the home page), and redirect pages (with their own marker) at old article addresses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..store import atomic_write
from .items import GENERATOR, GENERATOR_KEY
from .redirects import REDIRECT_MARKER

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


def write_generated(docs_dir: Path, files: dict[str, str]) -> WriteReport:
    """Write ``files`` (docs-relative path → text) and remove stale generated pages."""
    report = WriteReport()
    for rel, text in sorted(files.items()):
        target = docs_dir / rel
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            report.unchanged += 1
            continue
        atomic_write(target, text)
        report.written.append(rel)
    for path in _generated_pages(docs_dir) + _redirect_pages(docs_dir):
        rel = path.relative_to(docs_dir).as_posix()
        if rel not in files:
            path.unlink()
            report.removed.append(rel)
            if path.name == "index.html" and not any(path.parent.iterdir()):
                path.parent.rmdir()
    for folder in LISTING_DIRS:
        _remove_empty_dirs(docs_dir / folder)
    return report


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
    return [p for p in found if p.is_file() and REDIRECT_MARKER in p.read_text(encoding="utf-8")]


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
