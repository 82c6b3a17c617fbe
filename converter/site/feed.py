"""An Atom feed (RFC 4287) of the latest articles, with absolute links.

Written into docs/ as ``feed.xml`` so that MkDocs copies it into the built site and
``mkdocs serve`` shows it too. Its ``<updated>`` is the newest article's date, not the
build time, so an unchanged archive gives a byte-identical feed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import urljoin
from xml.sax.saxutils import escape, quoteattr

from .catalog import Entry

FEED_FILE = "feed.xml"
# Articles in the feed.
FEED_SIZE = 50
# Date for an article without one (Atom requires <updated>): the epoch, clearly unknown.
_NO_DATE = datetime(1970, 1, 1, tzinfo=UTC)


def atom_feed(entries: Sequence[Entry], site_url: str, site_name: str, lang: str = "ja") -> str:
    """The feed's XML text. ``site_url`` must be absolute (ends with ``/``)."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    latest = list(entries[:FEED_SIZE])
    updated = _stamp(max((e.published for e in latest if e.published), default=None, key=_utc))
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(lang)}>',
        f"  <title>{escape(site_name)}</title>",
        f"  <id>{escape(base)}</id>",
        f'  <link rel="alternate" type="text/html" href={quoteattr(base)}/>',
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(base + FEED_FILE)}/>',
        f"  <updated>{updated}</updated>",
        "  <generator>Column Digest</generator>",
    ]
    for e in latest:
        out += _entry(e, base, site_name)
    out.append("</feed>")
    return "\n".join(out) + "\n"


def _entry(e: Entry, base: str, site_name: str) -> list[str]:
    link = urljoin(base, e.url)
    when = _stamp(e.published)
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


def _utc(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _stamp(when: datetime | None) -> str:
    return _utc(when or _NO_DATE).isoformat()
