"""Markdown blocks shared by the listing pages: an article item, a pager, a profile box.

Material's styles do the layout: ``grid cards`` for the home page, a plain list with
the same items elsewhere. The items are HTML (see :func:`entry_item`); the rest is
Markdown, for which ``md_in_html`` and ``attr_list`` must be enabled.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Sequence

from mkdocs.utils import get_relative_url

from . import mdtext
from .catalog import Entry, Person, page_url
from .reading import minutes_label

# Front-matter key marking a page as generated (and so safe to rewrite or delete).
GENERATOR_KEY = "generator"
GENERATOR = "column-digest"


def author_src(slug: str) -> str:
    return f"authors/{slug}.md"


def column_src(slug: str) -> str:
    return f"columns/{slug}.md"


def tag_src(slug: str) -> str:
    return f"tags/{slug}.md"


def month_src(month: str) -> str:
    return f"archive/{month}.md"


def feed_src(listing_src: str) -> str:
    """The Atom feed of a listing page: ``columns/x.md`` → ``columns/x/feed.xml``."""
    return f"{listing_src.removesuffix('.md')}/feed.xml"


def entry_item(e: Entry, from_src: str, *, thumb: bool = True, directory_urls: bool = True) -> str:
    """One article as an HTML list item: what Python-Markdown made of this item's
    Markdown (a title link, a thumbnail, the byline, the lead, each a styled
    paragraph), written directly. A listing page holds 50 of them, and converting their
    Markdown cost MkDocs 25 ms a page, as much as all the articles together at 1,000
    (bench/site_scale.py); raw HTML passes through. Links are the URLs MkDocs gives the
    pages, relative to the listing's own URL."""
    out = ["<li>"]
    href = _href(e.src, from_src, directory_urls)
    out.append(f'<p><a class="digest-item__title" href="{href}">{_text(e.title)}</a></p>')
    image = _thumb(e.image, from_src, directory_urls) if thumb else None
    if image:
        out.append(
            f'<p><img alt="{_attr(e.image_alt)}" class="digest-item__thumb" loading="lazy" '
            f'src="{image}" /></p>'
        )
    out.append(f'<p class="digest-item__meta">{byline(e, from_src, directory_urls)}</p>')
    if e.summary:
        out.append(f'<p class="digest-item__lead">{_text(e.summary)}</p>')
    out.append("</li>")
    return "\n".join(out)


def _thumb(image: str | None, from_src: str, directory_urls: bool) -> str | None:
    """An absolute image URL made safe, or an image kept in the site (docs-relative)
    linked relative to the listing page."""
    if image and "://" not in image:
        return _attr(_href(image, from_src, directory_urls))
    safe = mdtext.url(image)
    return _attr(safe) if safe else None


def byline(e: Entry, from_src: str, directory_urls: bool = True) -> str:
    """Date, reading time, columnists and column, as HTML."""
    parts = [_text(mdtext.ja_date(e.published))]
    if e.minutes:
        parts.append(_text(minutes_label(e.minutes)))
    names = [(a.name, author_src(a.slug)) for a in e.authors]
    if e.column and e.column_slug:
        names.append((e.column, column_src(e.column_slug)))
    parts += [
        f'<a href="{_href(src, from_src, directory_urls)}">{_text(name)}</a>' for name, src in names
    ]
    return " · ".join(parts)


def item_list(
    entries: Sequence[Entry], from_src: str, css: str, *, thumb: bool = True,
    directory_urls: bool = True,
) -> str:  # fmt: skip
    """A block of items inside a styled container (``grid cards`` or ``digest-list``), as
    one raw HTML block (a blank line before and after it)."""
    if not entries:
        return "記事はまだありません。\n"
    body = "\n".join(
        entry_item(e, from_src, thumb=thumb, directory_urls=directory_urls) for e in entries
    )
    return f'<div class="{css}">\n<ul>\n{body}\n</ul>\n</div>\n'


@functools.lru_cache(maxsize=1 << 16)
def _href(target_src: str, from_src: str, directory_urls: bool) -> str:
    """The URL of docs file ``target_src`` relative to the page of ``from_src``, as
    MkDocs writes it for a Markdown link between the two."""
    target = page_url(target_src, directory_urls) if target_src.endswith(".md") else target_src
    here = page_url(from_src, directory_urls)
    return _attr(get_relative_url(target or "./", here or "./"))


def _text(value: str) -> str:
    return html.escape(" ".join(value.split()), quote=False)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def pager(page: int, pages: int, src_of: dict[int, str], from_src: str) -> str:
    """Links to the newer and older pages of a paginated listing."""
    if pages <= 1:
        return ""
    parts = []
    if page > 1:
        parts.append(f"[← 新しい記事]({mdtext.rel(src_of[page - 1], from_src)})")
    parts.append(f"{page} / {pages} ページ")
    if page < pages:
        parts.append(f"[古い記事 →]({mdtext.rel(src_of[page + 1], from_src)})")
    return "\n" + " · ".join(parts) + "\n{ .digest-pager }\n"


def profile_box(person: Person) -> str:
    """The columnist's profile, as it appears on their page."""
    lines = ['<div class="digest-profile" markdown>', ""]
    lines += [f"**{mdtext.text(person.name)}**{{ .digest-profile__name }}", ""]
    if person.role:
        lines += [mdtext.text(person.role), "{ .digest-profile__role }", ""]
    if person.bio:
        lines += [mdtext.text(person.bio), "{ .digest-profile__bio }", ""]
    links = [u for u in (mdtext.url(x) for x in person.links) if u]
    if links:
        shown = [f"[{mdtext.text(_link_label(u))}]({u})" for u in links]
        lines += [" · ".join(shown), "{ .digest-profile__links }", ""]
    lines.append("</div>")
    return "\n".join(lines) + "\n"


def _link_label(url: str) -> str:
    if url.lower().startswith("mailto:"):
        return url[len("mailto:") :]
    return url.split("://", 1)[-1].rstrip("/")
