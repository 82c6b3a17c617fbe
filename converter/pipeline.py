"""One article, start to end. Reads like the data flow in the README's design notes:

bytes ─► decode ─► parse once ─► profile ─► metadata
      ─► body (locate, figures, profile box, clean, lead, sanitise, Markdown)
      ─► Article ─► front matter + body

A batch of many articles (grouping, parallel workers, writing) is converter/batch.py.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
import stat
from collections.abc import Sequence
from dataclasses import fields, replace
from pathlib import Path

from . import frontmatter
from .article_check import check_article, too_short
from .capture import open_capture
from .decode import decode
from .errors import InputError
from .fetch import ImageFetcher
from .headscan import page_url
from .images import declared_image_as_saved, keep_images
from .members import container
from .model import Article, Body, Metadata, Page, Source
from .pages import strip_page_marker
from .parse import parse
from .profiles import SiteProfile, find_profile
from .profiles.select import replace_raw
from .sanitize import sanitize_markdown
from .settings import Settings

log = logging.getLogger(__name__)


# 1. Reading ---------------------------------------------------------------------------


def read_source(path: Path, settings: Settings) -> Source:
    """Read one file, refusing what cannot be a page before any work is done: a FIFO, a
    device or a socket is refused before a byte is read (reading one could hang or read
    anything)."""
    file = container(path)  # the archive of a page inside one (converter/members.py)
    try:
        info = file.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a folder, not a page file", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise InputError("refused: not a regular file (a FIFO, a device...)", str(path))
        if info.st_size > settings.max_bytes:
            raise InputError(
                f"file is {info.st_size / 2**20:.1f} MB, over the"
                f" {settings.max_bytes / 2**20:.0f} MB limit",
                str(path),
            )
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", str(path)) from exc
    return Source(path=str(path), data=data)


def load_page(source: Source) -> Page:
    """Read the capture, decode and parse one page, once."""
    capture = open_capture(source)
    text, encoding = decode(capture.html, source.path)
    tree = parse(text, source.path)
    return Page(
        source=source,
        html=text,
        encoding=encoding,
        tree=tree,
        sha256=hashlib.sha256(source.data).hexdigest(),
        capture=capture,
    )


# 2. One article -----------------------------------------------------------------------


def extract_article(
    sources: Sequence[Source], settings: Settings | None = None, missing: Sequence[str] = ()
) -> Article:
    """Turn the pages of one article (in reading order) into an :class:`Article`.

    Raises only :class:`DigestError` subclasses.
    """
    # Imported here: the body and metadata stages (trafilatura, BeautifulSoup...) cost
    # ~0.3 s to import, most of a re-run over an unchanged corpus (bench/site_scale.py).
    from .extract import extract_body
    from .metadata import extract_metadata

    settings = settings or Settings()
    pages = [load_page(s) for s in sources]
    first = pages[0]
    profile = (
        find_profile(_page_url(first), first.html, settings.profiles_dir)
        if settings.use_profiles
        else None
    )
    if profile is not None and profile.replace:  # a site config's edits to the raw HTML
        pages = [_with_replacements(p, profile) for p in pages]
    metas = [extract_metadata(p, profile) for p in pages]
    meta = declared_image_as_saved(_merge_metadata(metas), pages[0])
    # Relative URLs resolve against the page's own URL, else the one its capture recorded.
    bodies = [
        extract_body(p, replace(meta, url=m.url or meta.url or _capture_url(p)), profile)
        for p, m in zip(pages, metas, strict=True)
    ]
    markdown = sanitize_markdown(_join_bodies(bodies))
    if len(pages) == 1 and too_short(markdown):
        markdown = _fallback_body(pages[0], meta) or markdown
    check_article(pages[0], markdown, meta.title)
    article = _assemble(meta, bodies, markdown, pages, missing)
    captures = [p.capture for p in pages if p.capture is not None]
    figures = [f for b in bodies for f in b.figures]
    fetcher = ImageFetcher(article.url) if settings.fetch_images else None
    return keep_images(article, captures, [p.html for p in pages], figures, fetcher)


def _capture_url(page: Page) -> str | None:
    """The page's original URL as its capture recorded it (a save's comment, an archive's
    record), if any."""
    return page.capture.url if page.capture else None


def _with_replacements(page: Page, profile: SiteProfile) -> Page:
    """The page parsed again after the profile's literal replacements on its HTML."""
    text = replace_raw(page.html, profile)
    if text == page.html:
        return page
    return replace(page, html=text, tree=parse(text, page.source.path))


def _page_url(page: Page) -> str | None:
    """The page's own URL: the one its capture recorded, else the page's head."""
    return _capture_url(page) or page_url(page.html)


def _fallback_body(page: Page, meta: Metadata) -> str | None:
    """The oracle's own text when the article node gave none (see extract/fallback.py),
    with a warning; None when it has no more to give."""
    from .extract.fallback import oracle_markdown

    markdown = sanitize_markdown(oracle_markdown(page, meta))
    if too_short(markdown):
        return None
    log.warning(
        "%s: no article found by the main method; the body is the text extractor's own",
        page.source.path,
    )
    return markdown


def _merge_metadata(metas: Sequence[Metadata]) -> Metadata:
    """Page 1's metadata, its gaps filled from later pages (a byline or a date printed
    on the last page only); the title loses its page marker (（1/2ページ）)."""
    meta = metas[0]
    for later in metas[1:]:
        gaps = {
            f.name: getattr(later, f.name)
            for f in fields(Metadata)
            if not getattr(meta, f.name) and getattr(later, f.name)
        }
        meta = replace(meta, **gaps) if gaps else meta
    return replace(meta, title=strip_page_marker(meta.title)) if meta.title else meta


# A Markdown image and its URL (figures repeated on later pages are dropped by URL).
_MD_IMAGE_SRC = re.compile(r"!\[[^\]]*\]\(<?([^)\s>]+)")


def _join_bodies(bodies: Sequence[Body]) -> str:
    """The pages' bodies in order; a figure or the lead repeated on a later page is
    dropped there (page 1's are kept)."""
    seen = {f.src for f in bodies[0].figures} if bodies else set()
    lead = next((b.lead for b in bodies if b.lead), None)
    parts = [bodies[0].markdown.strip()] if bodies else []
    for body in bodies[1:]:
        blocks = [
            block
            for block in re.split(r"\n{2,}", body.markdown.strip())
            if not (seen & set(_MD_IMAGE_SRC.findall(block)))
            and not (lead and block.strip() == lead.strip())
        ]
        parts.append("\n\n".join(blocks))
        seen |= {f.src for f in body.figures}
    parts = [p for p in parts if p]
    return "\n\n".join(parts) + "\n" if parts else ""


def _assemble(
    meta: Metadata,
    bodies: Sequence[Body],
    markdown: str,
    pages: Sequence[Page],
    missing: Sequence[str],
) -> Article:
    # The profile box usually sits on the last page: take it from whichever page has it.
    authors = next((b.authors for b in bodies if b.authors), meta.authors)
    figures = [f for b in bodies for f in b.figures]
    # The declared lead image, with the caption and credit of the figure showing it.
    image = next((f for f in figures if meta.image and f.src == meta.image.src), None)
    image = image or meta.image or (figures[0] if figures else None)
    lead = next((b.lead for b in bodies if b.lead), None)
    first = pages[0]
    subtitle = meta.subtitle or next((b.subtitle for b in bodies if b.subtitle), None)
    # Speed: one page's digest was already taken when it was read.
    sha = (
        pages[0].sha256
        if len(pages) == 1
        else hashlib.sha256(b"".join(p.source.data for p in pages)).hexdigest()
    )
    return Article(
        title=meta.title or "Untitled",
        subtitle=subtitle if subtitle != lead else None,
        lead=lead,
        authors=authors,
        published=meta.published,
        updated=meta.updated,
        site_name=meta.site_name,
        section=meta.section,
        column=meta.column,
        url=meta.url or (first.capture.url if first.capture else None),
        saved=first.capture.saved if first.capture else None,
        lang=meta.lang,
        tags=meta.tags,
        image=image,
        organization=meta.organization,
        incomplete=bool(missing),
        source=pages[0].source.path,
        source_sha256=sha,
        source_pages=tuple(p.source.path for p in pages) if len(pages) > 1 else (),
        capture=first.capture.kind if first.capture else "html",
        markdown=markdown,
        text=markdown_to_text(markdown),
    )


def render_page(article: Article) -> str:
    """The Markdown file for one article: front matter, then lead and body."""
    if article.lead:
        body = with_lead(article.lead, article.markdown)
    else:
        body = sanitize_markdown(article.markdown)
    return frontmatter.dumps(article.front_matter(), body)


# Characters with which a lead could start or end a match of the Markdown guard's
# patterns (tags, links, attr lists, its stash marker), or escape the next character.
_GUARD_CHARS = frozenset("<>[]{}\\\ue000")


def with_lead(lead: str, markdown: str) -> str:
    """``sanitize_markdown`` of the lead (marked ``{ .lead }``) followed by the body.

    Speed: a lead holding none of :data:`_GUARD_CHARS` passes the guard unchanged and
    cannot change how it reads the body, so only the body is guarded."""
    prefix = f"{lead}\n{{ .lead }}\n\n"
    if _GUARD_CHARS.isdisjoint(lead):
        return prefix + sanitize_markdown(markdown)
    return sanitize_markdown(prefix + markdown)


# Link and image text may hold escaped brackets ("[File: Reuters]" in an alt text).
_MD_IMAGE = re.compile(r"!\[((?:\\.|[^\]\\])*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\([^)]*\)")
_MD_MARKS = re.compile(
    # Speed: every match starts with one of these characters; testing for them first
    # lets the engine reject the other positions at once (~40 % faster) and changes no
    # match.
    r"(?=[ \t#>*+\-\d`<])(?:"
    r"^[ \t]{0,3}(#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+\.[ \t]+)"  # block markers
    r"|(?<!\\)(\*\*|\*|`+)"  # emphasis and code marks (not escaped ones)
    r"|</?[a-zA-Z][^>]*>"  # raw HTML tags
    r")",
    re.M,
)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")
_MD_ATTR_LINE = re.compile(r"^\{[^}]*\}[ \t]*$", re.M)  # a line that is an attr_list
_MD_BLANKS = re.compile(r"\n{3,}")


def markdown_to_text(markdown: str) -> str:
    """The body as plain text: no markup, no image syntax, no link URLs."""
    # Speed: a pass runs only when the text holds a literal every match of its pattern
    # holds (skipping it changes nothing).
    text = _MD_IMAGE.sub("", markdown) if "![" in markdown else markdown
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    text = _MD_MARKS.sub("", text)
    if "\\" in text:
        text = _MD_ESCAPE.sub(r"\1", text)
    text = html.unescape(text)  # "&lt;" (the Markdown guard's) as the reader sees it
    if "{" in text:
        text = _MD_ATTR_LINE.sub("", text)
    if "\n\n\n" in text:
        text = _MD_BLANKS.sub("\n\n", text)
    return text.strip() + "\n" if text.strip() else ""
