"""Redirect pages at the addresses articles and listings had before.

An article's page moves when its title changes or the slug rule does (the old
transliterated slugs became Hepburn romaji, see converter/slugs.py). The converter's
manifest records each earlier file name as an *alias* of the article; for each alias
this stage writes a small static HTML page at the old address (``articles/<old>/
index.html``, which MkDocs copies as it is) that sends the reader on to the article.

The page is not a script: an HTML ``<meta http-equiv="refresh">`` with a link for
readers whose browser ignores it, and ``rel=canonical`` for crawlers. The only values
in it are the two slugs, which must match :data:`converter.slugs.SLUG_PATTERN`
(anything else in the manifest is ignored), and the article's title, escaped.

A column, columnist or tag page moves when the name rule does (Japanese names were
the hash alone, ``/authors/fca95189/``, and are now romaji plus that hash,
``/authors/kimura-masahito-fca95189/``: converter/site/names.py). The old slug is
derived from the name, so no record is kept: :func:`plan_listing_redirects` writes the
same page at the old address of the listing and of each of its following pages
(``authors/fca95189/2/``). Its feed is *copied* to the old address instead: a feed
reader follows no meta refresh, and a static site can send no HTTP 301, so a redirect
page there would end every subscription to it. The copy is the feed itself, its
``rel="self"`` naming the new address (for readers that move a subscription by it) and
its entries' ids the articles' URLs (a reader that follows both addresses sees each
article once). No redirect or copy ever takes an address that has a page of its own:
one this build writes, or a file in docs/ no build made (the curator's). They are
removed with the name (writer.py looks for redirect pages under :data:`NAMED_DIRS`).
"""

from __future__ import annotations

import functools
import html
import logging
import posixpath
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..slugs import SLUG_PATTERN
from ..store import MANIFEST_NAME, Manifest
from .catalog import Entry, page_url
from .feed import FEED_FILE
from .names import previous_name_slug

log = logging.getLogger(__name__)

# Marks a redirect page as made by this stage (so a later build may remove it).
REDIRECT_MARKER = '<meta name="generator" content="column-digest redirect">'
# Listing folders (under docs/) whose pages are named by a name slug (names.py).
NAMED_DIRS = ("columns", "authors", "tags")
# What the redirect page says, for an article and for a listing page.
ARTICLE_MOVED = "この記事は新しいアドレスに移りました"
PAGE_MOVED = "このページは新しいアドレスに移りました"

_PAGE = """<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
{marker}
<title>{title}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{href}">
<meta http-equiv="refresh" content="0; url={href}">
</head>
<body>
<p>{notice}: <a href="{href}">{title}</a></p>
</body>
</html>
"""


def plan_redirects(
    docs_dir: Path, entries: Sequence[Entry], use_directory_urls: bool = True
) -> dict[str, str]:
    """docs-relative path → redirect page text, one per alias of a listed article."""
    articles = docs_dir / "articles"
    titles = {e.src: e.title for e in entries}
    out: dict[str, str] = {}
    for output, aliases in _moves(articles):
        target = f"articles/{output}"
        if not _valid(output) or target not in titles:
            continue
        for alias in aliases:
            if not _valid(alias) or (articles / alias).exists():
                continue  # a page lives at that name now (kept after an edit by hand)
            old_url = page_url(f"articles/{alias}", use_directory_urls)
            path = old_url + "index.html" if old_url.endswith("/") else old_url
            out[path] = redirect_page(old_url, page_url(target, use_directory_urls), titles[target])
    return out


def _moves(articles: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(file name, earlier file names) of each article the manifest says moved."""
    try:
        st = (articles / MANIFEST_NAME).stat()
    except OSError:
        return ()
    return _moves_of(str(articles), (st.st_mtime_ns, st.st_size, st.st_ino))


@functools.lru_cache(maxsize=4)
def _moves_of(articles: str, stamp: tuple[int, int, int]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Read once per version of the manifest (``digest serve`` rebuilds without it
    changing, and 10,000 records took a tenth of a second to read)."""
    manifest = Manifest(Path(articles), __version__)
    if manifest.warning:
        log.warning("%s", manifest.warning)
    return tuple((r.output, r.aliases) for r in manifest.entries.values() if r.aliases)


def redirect_page(old_url: str, new_url: str, title: str, notice: str = ARTICLE_MOVED) -> str:
    """The page at site-relative ``old_url`` that sends the reader to ``new_url``.
    ``notice``: one of this module's constants (it is not escaped)."""
    here = old_url if old_url.endswith("/") else posixpath.dirname(old_url) + "/"
    href = posixpath.relpath(new_url, here) + ("/" if new_url.endswith("/") else "")
    return _PAGE.format(
        marker=REDIRECT_MARKER,
        title=html.escape(title),
        href=html.escape(href, quote=True),
        notice=notice,
    )


def plan_listing_redirects(
    docs_dir: Path, entries: Sequence[Entry], files: dict[str, str], use_directory_urls: bool
) -> dict[str, str]:
    """docs-relative path → text: for each column, columnist and tag whose slug is not
    the one earlier releases gave it, a redirect page at the old address of each of its
    listing pages, and its feed at the feed's old address. ``files``: every other file
    this build writes (docs-relative path → text), the listings among them."""
    names = _listing_names(entries)
    moved = {}
    for (folder, slug), name in names.items():
        old = previous_name_slug(name)
        if old != slug and SLUG_PATTERN.match(old) and SLUG_PATTERN.match(slug):
            moved[(folder, slug)] = (old, name)
    out: dict[str, str] = {}
    for rel in files:  # the listings' own pages and feeds: exactly those that exist
        folder, _, rest = rel.partition("/")
        slug, _, tail = rest.partition("/")  # "<slug>/2.md", "<slug>/feed.xml"
        if not tail:
            slug = slug.removesuffix(".md")  # page 1: "<slug>.md"
        if (folder, slug) not in moved:
            continue
        old, name = moved[(folder, slug)]
        old_rel = f"{folder}/{old}{rel[len(folder) + 1 + len(slug) :]}"
        if tail == FEED_FILE:
            if not _taken(docs_dir, old_rel, files):
                out[old_rel] = files[rel]
        elif rel.endswith(".md") and not _page_taken(docs_dir, old_rel, files, use_directory_urls):
            old_url = page_url(old_rel, use_directory_urls)
            path = old_url + "index.html" if old_url.endswith("/") else old_url
            new_url = page_url(rel, use_directory_urls)
            out[path] = redirect_page(old_url, new_url, name, PAGE_MOVED)
    return out


def _listing_names(entries: Sequence[Entry]) -> dict[tuple[str, str], str]:
    """(listing folder, slug) → the name its listing shows (the first entry's, as
    listings.py takes it)."""
    names: dict[tuple[str, str], str] = {}
    for e in entries:
        if e.column and e.column_slug:
            names.setdefault(("columns", e.column_slug), e.column)
        for a in e.authors:
            names.setdefault(("authors", a.slug), a.name)
        for tag, slug in e.tags:
            names.setdefault(("tags", slug), tag)
    return names


def _page_taken(docs_dir: Path, src: str, files: dict[str, str], use_directory_urls: bool) -> bool:
    """Whether a page other than a redirect of ours has the URL of docs-relative ``src``
    (``x.md``, ``x/index.md``, or the static ``x/index.html`` / ``x.html``)."""
    url = page_url(src, use_directory_urls)
    stem = src.removesuffix(".md")
    static = url + "index.html" if url.endswith("/") else url
    return any(_taken(docs_dir, rel, files) for rel in (src, f"{stem}/index.md", static))


def _taken(docs_dir: Path, rel: str, files: dict[str, str]) -> bool:
    """Whether docs-relative ``rel`` is a file this build writes, or a file in docs/ no
    build made (the curator's): made by a build, it is ours to replace or remove."""
    if rel in files:
        return True
    path = docs_dir / rel
    if not path.is_file():
        return False
    from .writer import _is_ours  # here: writer.py imports this module

    return not _is_ours(path)


def _valid(name: str) -> bool:
    return name.endswith(".md") and bool(SLUG_PATTERN.match(name.removesuffix(".md")))
