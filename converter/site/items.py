"""Markdown blocks shared by the listing pages: an article item, a pager, a profile box.

Material's styles do the layout: ``grid cards`` for the home page, a plain list with
the same items elsewhere. ``md_in_html`` and ``attr_list`` must be enabled.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import mdtext
from .catalog import Entry, Person
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


def entry_item(e: Entry, from_src: str, *, thumb: bool = True) -> str:
    """One article as a Markdown list item (4-space continuation indents)."""
    lines = [f"-   {mdtext.link(e.title, e.src, from_src)}{{ .digest-item__title }}"]
    image = _thumb(e.image, from_src) if thumb else None
    if image:
        alt = mdtext.text(e.image_alt)
        lines += ["", f"    ![{alt}]({image}){{ .digest-item__thumb loading=lazy }}"]
    lines += ["", f"    {byline(e, from_src)}", "    { .digest-item__meta }"]
    if e.summary:
        lines += ["", f"    {mdtext.text(e.summary)}", "    { .digest-item__lead }"]
    return "\n".join(lines)


def _thumb(image: str | None, from_src: str) -> str | None:
    """An absolute image URL made safe, or an image kept in the site (docs-relative)
    linked relative to the listing page."""
    if image and "://" not in image:
        return mdtext.rel(image, from_src)
    return mdtext.url(image)


def byline(e: Entry, from_src: str) -> str:
    parts = [mdtext.ja_date(e.published)]
    if e.minutes:
        parts.append(minutes_label(e.minutes))
    parts += [mdtext.link(a.name, author_src(a.slug), from_src) for a in e.authors]
    if e.column and e.column_slug:
        parts.append(mdtext.link(e.column, column_src(e.column_slug), from_src))
    return " · ".join(parts)


def item_list(entries: Sequence[Entry], from_src: str, css: str, *, thumb: bool = True) -> str:
    """A block of items inside a styled container (``grid cards`` or ``digest-list``)."""
    if not entries:
        return "記事はまだありません。\n"
    body = "\n\n".join(entry_item(e, from_src, thumb=thumb) for e in entries)
    return f'<div class="{css}" markdown>\n\n{body}\n\n</div>\n'


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
