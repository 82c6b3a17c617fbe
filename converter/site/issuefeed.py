"""The digest feed, ``digests/feed.xml``: one Atom entry per issue, its whole content.

An entry's content is the issue as HTML with absolute links (a feed has no page to be
relative to): the intro, then each pick's title, byline, quote, note and link to the
original. Notes are the curator's Markdown, already sanitised; they are rendered with
Python-Markdown (the engine MkDocs uses) and cleaned again by nh3 for feed readers. An
entry's date is its newest article's, so an unchanged archive gives the same feed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import urljoin
from xml.sax.saxutils import escape, quoteattr

import markdown
import nh3

from . import mdtext
from .digests import Issue
from .feed import FEED_SIZE, absolute_base, atom_document, stamp, utc
from .picks import Pick

# Python-Markdown extensions for notes in the feed (those of mkdocs.yml that apply).
_MD_EXTENSIONS = ["abbr", "attr_list", "def_list", "footnotes", "md_in_html", "tables"]
# Schemes a link or image in feed HTML may carry.
_FEED_SCHEMES = {"http", "https", "mailto"}


def issues_feed(
    issues: Sequence[Issue],
    site_url: str,
    site_name: str,
    feed_src: str,
    page: str,
    url_of: Callable[[str], str],
    lang: str = "ja",
) -> str:
    """The feed text. ``url_of`` gives a docs-relative page's site-relative URL."""
    base = absolute_base(site_url)
    latest = list(reversed(issues))[:FEED_SIZE]
    updated = max((i.updated for i in latest), default=None, key=utc)
    body: list[str] = []
    for issue in latest:
        link = urljoin(base, url_of(issue.src))
        when = stamp(issue.updated)
        html = issue_html(issue, base, url_of)
        body += [
            "  <entry>",
            f"    <title>{escape(issue.title)}</title>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(link)}/>',
            f"    <id>{escape(link)}</id>",
            f"    <published>{when}</published>",
            f"    <updated>{when}</updated>",
            f"    <author><name>{escape(site_name)}</name></author>",
            f'    <content type="html" xml:base={quoteattr(link)}>{escape(html)}</content>',
            "  </entry>",
        ]
    title = f"{site_name}: ダイジェスト"
    return atom_document(title, base, feed_src, page, updated, body, lang)


def issue_html(issue: Issue, base: str, url_of: Callable[[str], str]) -> str:
    parts = [note_html(issue.intro)] if issue.intro else []
    for pick in issue.picks:
        parts += _pick_html(pick, base, url_of)
    return "\n".join(parts)


def _pick_html(pick: Pick, base: str, url_of: Callable[[str], str]) -> list[str]:
    e = pick.entry
    link = urljoin(base, url_of(e.src))
    featured = "（注目）" if pick.note.featured else ""
    byline = [a.name for a in e.authors] + [x for x in (e.column, e.outlet) if x]
    byline.append(mdtext.ja_date(e.published))
    out = [
        f"<h2><a href={quoteattr(link)}>{escape(e.title)}</a>{featured}</h2>",
        f"<p>{escape(' · '.join(byline))}</p>",
    ]
    if pick.quote:
        out.append(f"<blockquote><p>{escape(pick.quote)}</p></blockquote>")
    if pick.note.body.strip():
        out.append(note_html(pick.note.body))
    original = mdtext.url(e.original_url)
    if original:
        label = escape(f"元の記事を読む（{e.outlet or '元の記事'}）")
        out.append(f"<p><a href={quoteattr(original)}>{label}</a></p>")
    return out


def note_html(text: str) -> str:
    html = markdown.markdown(text, extensions=_MD_EXTENSIONS)
    return nh3.clean(html, url_schemes=_FEED_SCHEMES, link_rel="nofollow noopener")
