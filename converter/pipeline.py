"""The orchestrator. Reads like the data flow in the README's design notes:

    sources ─► group pages ─► decode ─► parse once ─► profile ─► metadata
            ─► body (locate, clean, lead, figures, profile box, Markdown) ─► Article
            ─► front matter + body ─► atomic write
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import frontmatter
from .decode import decode
from .errors import DigestError, InputError, NoArticleError
from .extract import extract_body
from .metadata import extract_metadata
from .model import Article, Body, Metadata, Page, Source
from .pages import SourceGroup, group_sources
from .parse import parse
from .profiles import find_profile
from .settings import Settings
from .slugs import article_slug
from .store import atomic_write

log = logging.getLogger(__name__)

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".php")


# 1. Reading ---------------------------------------------------------------------------


def read_source(path: Path, settings: Settings) -> Source:
    """Read one file, refusing what cannot be a page before any work is done."""
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise InputError(
                f"file is {size / 2**20:.0f} MB, over the {settings.max_bytes / 2**20:.0f} MB"
                " limit",
                str(path),
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", str(path)) from exc
    return Source(path=str(path), data=data)


def load_page(source: Source) -> Page:
    """Decode and parse one page, once."""
    text, encoding = decode(source.data, source.path)
    tree = parse(text, source.path)
    return Page(
        source=source,
        html=text,
        encoding=encoding,
        tree=tree,
        sha256=hashlib.sha256(source.data).hexdigest(),
    )


# 2. One article -----------------------------------------------------------------------


def extract_article(
    sources: Sequence[Source], settings: Settings | None = None, missing: Sequence[str] = ()
) -> Article:
    """Turn the pages of one article (in reading order) into an :class:`Article`.

    Raises only :class:`DigestError` subclasses.
    """
    settings = settings or Settings()
    pages = [load_page(s) for s in sources]
    first = pages[0]
    profile = find_profile(None, first.html)
    meta = extract_metadata(first, profile)
    bodies = [extract_body(p, meta, profile) for p in pages]
    markdown = _join_bodies(bodies)
    if not markdown.strip():
        raise NoArticleError("no article text found on the page", first.source.path)
    return _assemble(meta, bodies, markdown, pages, missing)


def _join_bodies(bodies: Sequence[Body]) -> str:
    parts = [b.markdown.strip() for b in bodies if b.markdown.strip()]
    return "\n\n".join(parts) + "\n" if parts else ""


def _assemble(
    meta: Metadata,
    bodies: Sequence[Body],
    markdown: str,
    pages: Sequence[Page],
    missing: Sequence[str],
) -> Article:
    first = bodies[0]
    authors = first.authors or meta.authors
    image = meta.image or (first.figures[0] if first.figures else None)
    sha = hashlib.sha256(b"".join(p.source.data for p in pages)).hexdigest()
    return Article(
        title=meta.title or "Untitled",
        subtitle=meta.subtitle,
        lead=first.lead,
        authors=authors,
        published=meta.published,
        updated=meta.updated,
        site_name=meta.site_name,
        section=meta.section,
        column=meta.column,
        url=meta.url,
        lang=meta.lang,
        tags=meta.tags,
        image=image,
        organization=meta.organization,
        incomplete=bool(missing),
        source=pages[0].source.path,
        source_sha256=sha,
        source_pages=tuple(p.source.path for p in pages) if len(pages) > 1 else (),
        markdown=markdown,
        text=markdown_to_text(markdown),
    )


def render_page(article: Article) -> str:
    """The Markdown file for one article: front matter, then lead and body."""
    body = article.markdown
    if article.lead:
        body = f"{article.lead}\n{{ .lead }}\n\n{body}"
    return frontmatter.dumps(article.front_matter(), body)


_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+\.\s+)|[*_`]+|<[^>]+>", re.M)


def markdown_to_text(markdown: str) -> str:
    """The body as plain text: no markup, no image syntax, no link URLs."""
    text = _MD_IMAGE.sub("", markdown)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_MARKS.sub("", text)
    text = re.sub(r"^\{[^}]*\}\s*$", "", text, flags=re.M)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n" if text.strip() else ""


# 3. A batch ---------------------------------------------------------------------------


@dataclass
class Report:
    """What a batch run did; the CLI prints it and derives the exit code from it."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    failed: list[DigestError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def discover(inputs: Iterable[Path]) -> list[Path]:
    """Files as given, and every page file under the given folders, sorted."""
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            found.extend(
                p for p in sorted(item.rglob("*")) if p.is_file() and p.suffix in PAGE_SUFFIXES
            )
        else:
            found.append(item)
    return found


def convert(
    inputs: Sequence[Path],
    settings: Settings,
    on_progress: Callable[[Path], None] | None = None,
) -> Report:
    """Convert every article found in ``inputs`` into ``settings.output_dir``."""
    report = Report()
    for group in group_sources(discover(inputs)):
        try:
            _convert_group(group, settings, report)
        except DigestError as exc:
            report.failed.append(exc)
        if on_progress:
            on_progress(group.paths[0])
    return report


def _convert_group(group: SourceGroup, settings: Settings, report: Report) -> None:
    sources = [read_source(p, settings) for p in group.paths]
    article = extract_article(sources, settings, group.missing)
    if group.missing:
        report.warnings.append(
            f"{group.paths[0]}: incomplete article, missing page(s): {', '.join(group.missing)}"
        )
    key = article.url or str(group.paths[0])
    target = settings.output_dir / f"{article_slug(article.title, key)}.md"
    text = render_page(article)
    if target.exists() and target.read_text(encoding="utf-8") == text:
        report.unchanged.append(target)
        return
    atomic_write(target, text)
    report.written.append(target)
