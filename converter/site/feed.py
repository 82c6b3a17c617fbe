"""Atom feeds (RFC 4287) with absolute links: the site's latest articles, one per column
and per columnist, and the digest issues.

Written into docs/ so that MkDocs copies them into the built site and ``mkdocs serve``
shows them too. Every date comes from the articles (an entry's date is its article's, a
feed's ``<updated>`` its newest entry's), never from the build time or git, so an
unchanged archive gives byte-identical feeds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from urllib.parse import urljoin
from xml.sax.saxutils import escape, quoteattr

from . import items
from .catalog import Entry

FEED_FILE = "feed.xml"
# Beside every feed below the site root: an empty sitemap. Material for MkDocs takes each
# <link rel="alternate"> for a translation of the site and fetches "sitemap.xml" next to
# it; without this file, every view of a column or columnist page costs a 404.
SITEMAP_FILE = "sitemap.xml"
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    "<!-- Column Digest: beside a feed, for the theme (see converter/site/feed.py) -->\n"
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
)
# Entries in a feed.
FEED_SIZE = 50
# Date for an article without one (Atom requires <updated>): the epoch, clearly unknown.
_NO_DATE = datetime(1970, 1, 1, tzinfo=UTC)


def atom_feed(
    entries: Sequence[Entry],
    site_url: str,
    site_name: str,
    lang: str = "ja",
    *,
    title: str | None = None,
    feed_src: str = FEED_FILE,
    page: str = "",
) -> str:
    """A feed of ``entries`` (newest first). ``site_url`` must be absolute; ``feed_src``
    is the feed's docs-relative path and ``page`` the site-relative URL of the page it
    follows (the home page by default)."""
    base = absolute_base(site_url)
    latest = list(entries[:FEED_SIZE])
    updated = max((e.published for e in latest if e.published), default=None, key=utc)
    body: list[str] = []
    for e in latest:
        body += _article_entry(e, base, site_name)
    return atom_document(title or site_name, base, feed_src, page, updated, body, lang)


def listing_feeds(
    entries: Sequence[Entry], site_url: str, site_name: str, url_of: Callable[[str], str]
) -> dict[str, str]:
    """A feed per column and per columnist, beside its listing page (docs-relative path
    → text). ``url_of`` gives a docs-relative page's site-relative URL."""
    columns: dict[str, tuple[str, list[Entry]]] = {}
    authors: dict[str, tuple[str, list[Entry]]] = {}
    for e in entries:
        if e.column and e.column_slug:
            columns.setdefault(items.column_src(e.column_slug), (e.column, []))[1].append(e)
        for a in e.authors:
            authors.setdefault(items.author_src(a.slug), (a.name, []))[1].append(e)
    out = {}
    for groups in (columns, authors):
        for src, (name, group) in groups.items():
            feed = items.feed_src(src)
            title = f"{name} — {site_name}"
            out[feed] = atom_feed(group, site_url, site_name, title=title, feed_src=feed,
                                  page=url_of(src))  # fmt: skip
            out[beside(feed, SITEMAP_FILE)] = EMPTY_SITEMAP
    return out


def beside(path: str, name: str) -> str:
    """``columns/x/feed.xml``, ``sitemap.xml`` → ``columns/x/sitemap.xml``."""
    return f"{path.rpartition('/')[0]}/{name}"


def atom_document(
    title: str,
    base: str,
    feed_src: str,
    page: str,
    updated: datetime | None,
    body: list[str],
    lang: str,
) -> str:
    """The feed around its entries' lines. The site feed (``page`` the home page) keeps
    the site URL as its id; every other feed's id is its own URL."""
    home = urljoin(base, page)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(lang)}>',
        f"  <title>{escape(title)}</title>",
        f"  <id>{escape(urljoin(base, feed_src))}</id>" if page else f"  <id>{escape(base)}</id>",
        f'  <link rel="alternate" type="text/html" href={quoteattr(home)}/>',
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(base + feed_src)}/>',
        f"  <updated>{stamp(updated)}</updated>",
        "  <generator>Column Digest</generator>",
        *body,
        "</feed>",
    ]
    return "\n".join(out) + "\n"


def _article_entry(e: Entry, base: str, site_name: str) -> list[str]:
    link = urljoin(base, e.url)
    when = stamp(e.published)
    lines = [
        "  <entry>",
        f"    <title>{escape(e.title)}</title>",
        f'    <link rel="alternate" type="text/html" href={quoteattr(link)}/>',
        f"    <id>{escape(link)}</id>",
        f"    <published>{when}</published>",
        f"    <updated>{when}</updated>",
    ]
    names = [a.name for a in e.authors] or [site_name]
    lines += [f"    <author><name>{escape(n)}</name></author>" for n in names]
    if e.column:
        lines.append(f"    <category term={quoteattr(e.column)}/>")
    if e.summary:
        lines.append(f"    <summary>{escape(e.summary)}</summary>")
    lines.append("  </entry>")
    return lines


def absolute_base(site_url: str) -> str:
    return site_url if site_url.endswith("/") else site_url + "/"


def utc(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def stamp(when: datetime | None) -> str:
    return utc(when or _NO_DATE).isoformat()
