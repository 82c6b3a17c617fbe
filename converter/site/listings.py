"""The listing pages as plain Markdown: home, columns, columnists, archive, tags.

Sizes stay bounded as the archive grows: the home page shows the latest
:data:`HOME_LATEST` articles, and every other listing is paginated by
:data:`PAGE_SIZE` (a month page is bounded by nature but paginated the same way).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from .. import frontmatter
from . import items, mdtext
from .catalog import Entry, Person

# Articles on the home page; the archive links the rest.
HOME_LATEST = 30
# Articles per page of a column, columnist, tag or month listing.
PAGE_SIZE = 50
# The CSS containers (Material's grid cards on the home page, a plain list elsewhere).
CARDS, LIST = "grid cards digest-cards", "digest-list"


# A caller's record of the pages of each paginated listing and the articles they were
# made from: (listing page, title, intro, thumb, feed) -> (articles, pages). A listing
# whose articles are the same (the same objects, or equal ones) is not written again:
# at 10,000 articles, making every listing's text was a second of each one-article
# rebuild under `digest serve`.
Memo = dict[
    tuple[str, str, str, bool, str | None, bool], tuple[tuple[Entry, ...], dict[str, str]]
]


def plan_listings(
    entries: Sequence[Entry],
    site_name: str,
    memo: Memo | None = None,
    directory_urls: bool = True,
) -> dict[str, str]:
    """Every listing page: docs-relative path → file text. Deterministic; ``memo`` only
    spares making the same text again (it is updated to this call's listings).
    ``directory_urls``: MkDocs' setting, which the items' links follow."""
    now: Memo = {}
    pages: dict[str, str] = {"index.md": _home(entries, site_name, directory_urls)}
    for group in (_columns, _authors, _archive, _tags):
        pages.update(group(entries, _Paginate(memo or {}, now, directory_urls)))
    if memo is not None:
        memo.clear()
        memo.update(now)
    return pages


def _page(title: str, body: str, **meta: Any) -> str:
    head = {"title": title, **meta, items.GENERATOR_KEY: items.GENERATOR, "hide": ["toc"]}
    return frontmatter.dumps(head, f"# {mdtext.text(title)}\n\n{body}")


def _home(entries: Sequence[Entry], site_name: str, directory_urls: bool) -> str:
    latest = entries[:HOME_LATEST]
    body = items.item_list(latest, "index.md", CARDS, directory_urls=directory_urls)
    if len(entries) > len(latest):
        body += f"\n[すべての記事をアーカイブで見る（{len(entries)}本）](archive/index.md)\n"
        body += "{ .md-button }\n"
    return _page(site_name, body)


class _Paginate:
    """:func:`_paginated`, through the memo of the previous call (``last``), recording
    this call's listings in ``now``."""

    def __init__(self, last: Memo, now: Memo, directory_urls: bool) -> None:
        self.last, self.now = last, now
        self.directory_urls = directory_urls

    def __call__(
        self,
        base_src: str,
        title: str,
        entries: Sequence[Entry],
        intro: str = "",
        thumb: bool = True,
        feed: str | None = None,
    ) -> dict[str, str]:
        key = (base_src, title, intro, thumb, feed, self.directory_urls)
        articles = tuple(entries)
        known = self.last.get(key)
        if known is not None and known[0] == articles:  # identity first, then equality
            pages = known[1]
        else:
            pages = _paginated(base_src, title, articles, intro, thumb, feed, self.directory_urls)
        self.now[key] = (articles, pages)
        return pages


def _paginated(
    base_src: str,
    title: str,
    entries: Sequence[Entry],
    intro: str = "",
    thumb: bool = True,
    feed: str | None = None,
    directory_urls: bool = True,
) -> dict[str, str]:
    """``base_src`` (page 1) and ``<base>/<n>.md`` for the following pages. ``feed``: the
    docs-relative path of the listing's Atom feed, linked from every page's head."""
    count = max(1, -(-len(entries) // PAGE_SIZE))
    stem = base_src.removesuffix(".md")
    src_of = {n: base_src if n == 1 else f"{stem}/{n}.md" for n in range(1, count + 1)}
    out = {}
    for n, src in src_of.items():
        chunk = entries[(n - 1) * PAGE_SIZE : n * PAGE_SIZE]
        pager = items.pager(n, count, src_of, src)
        listed = items.item_list(chunk, src, LIST, thumb=thumb, directory_urls=directory_urls)
        body = (intro if n == 1 else "") + listed + pager
        page_title = title if n == 1 else f"{title}（{n}ページ目）"
        meta = {"feed": feed} if feed else {}
        text = f"{len(entries)}本の記事\n{{ .digest-count }}\n\n{body}"
        out[src] = _page(page_title, text, **meta)
    return out


def _grouped(entries: Sequence[Entry], keys: Callable[[Entry], list[tuple[str, str]]]):
    """(slug → display name, slug → entries in catalogue order)."""
    names: dict[str, str] = {}
    groups: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        for name, slug in keys(e):
            names.setdefault(slug, name)
            groups[slug].append(e)
    return names, groups


def _index(src: str, title: str, rows: list[str], empty: str) -> dict[str, str]:
    body = "\n".join(rows) + "\n" if rows else f"{empty}\n"
    return {src: _page(title, f'<div class="digest-index" markdown>\n\n{body}\n</div>\n')}


def _by_count(names: dict[str, str], groups: dict[str, list[Entry]]) -> list[str]:
    return sorted(names, key=lambda s: (-len(groups[s]), names[s], s))


def _columns(entries: Sequence[Entry], paginate: _Paginate) -> dict[str, str]:
    names, groups = _grouped(
        entries,
        lambda e: [(e.column, e.column_slug)] if e.column and e.column_slug else [],
    )
    out: dict[str, str] = {}
    rows = []
    for slug in _by_count(names, groups):
        src = items.column_src(slug)
        out.update(paginate(src, names[slug], groups[slug], feed=items.feed_src(src)))
        latest = mdtext.ja_date(groups[slug][0].published)
        rows.append(
            f"- {mdtext.link(names[slug], src, 'columns/index.md')} "
            f"— {len(groups[slug])}本（最新 {latest}）"
        )
    out.update(_index("columns/index.md", "コラム", rows, "コラムはまだありません。"))
    return out


def _authors(entries: Sequence[Entry], paginate: _Paginate) -> dict[str, str]:
    names, groups = _grouped(entries, lambda e: [(a.name, a.slug) for a in e.authors])
    out: dict[str, str] = {}
    rows = []
    for slug in _by_count(names, groups):
        src = items.author_src(slug)
        person = _richest_profile(slug, groups[slug])
        intro = items.profile_box(person) + "\n"
        out.update(paginate(src, names[slug], groups[slug], intro, feed=items.feed_src(src)))
        role = f"（{mdtext.text(person.role)}）" if person.role else ""
        rows.append(
            f"- {mdtext.link(names[slug], src, 'authors/index.md')}{role} — {len(groups[slug])}本"
        )
    out.update(_index("authors/index.md", "執筆者", rows, "執筆者はまだいません。"))
    return out


def _richest_profile(slug: str, entries: Sequence[Entry]) -> Person:
    """The newest profile with the most filled fields (articles are newest first)."""
    people = [a for e in entries for a in e.authors if a.slug == slug]

    def score(p: Person) -> int:
        return bool(p.role) + bool(p.bio) * 2 + bool(p.links)

    return max(people, key=score)  # max keeps the first (newest) of equal scores


def _archive(entries: Sequence[Entry], paginate: _Paginate) -> dict[str, str]:
    names, groups = _grouped(entries, lambda e: [(e.month, e.month)] if e.month else [])
    out: dict[str, str] = {}
    rows: list[str] = []
    year = None
    for month in sorted(names, reverse=True):
        src = items.month_src(month)
        out.update(paginate(src, mdtext.ja_month(month), groups[month], thumb=False))
        if month[:4] != year:
            year = month[:4]
            rows += [f"## {year}年", ""] if not rows else ["", f"## {year}年", ""]
        label = f"{mdtext.ja_month(month)}（{len(groups[month])}本）"
        rows.append(f"- {mdtext.link(label, src, 'archive/index.md')}")
    undated = [e for e in entries if not e.month]
    if undated:
        out.update(paginate("archive/undated.md", "日付なし", undated, thumb=False))
        rows += ["", f"- [日付のない記事（{len(undated)}本）](undated.md)"]
    out.update(_index("archive/index.md", "アーカイブ", rows, "記事はまだありません。"))
    return out


def _tags(entries: Sequence[Entry], paginate: _Paginate) -> dict[str, str]:
    names, groups = _grouped(entries, lambda e: list(e.tags))
    out: dict[str, str] = {}
    rows = []
    for slug in _by_count(names, groups):
        src = items.tag_src(slug)
        out.update(paginate(src, f"タグ: {names[slug]}", groups[slug], thumb=False))
        rows.append(f"- {mdtext.link(names[slug], src, 'tags/index.md')}（{len(groups[slug])}）")
    out.update(_index("tags/index.md", "タグ", rows, "タグはまだありません。"))
    return out
