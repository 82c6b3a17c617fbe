"""Digest issues: the curator's picks, one page per ISO week (or month), under digests/.

Issues are numbered from 1 in date order. Each lists its period's picks, featured ones
first, then oldest first: the title linking the archived article, columnist, column,
outlet, date, the quote (when the note has a verbatim one), the note, and a link to the
original. ``digests/index.md`` lists the issues, newest first. A pick belongs to the
period of its article's publication date, in the article's own time zone.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from .. import frontmatter
from . import items, mdtext
from .catalog import Entry
from .curation import Period
from .picks import Pick
from .published import note_block

log = logging.getLogger(__name__)

DIGESTS_DIR = "digests"
INDEX_SRC = f"{DIGESTS_DIR}/index.md"


@dataclass(frozen=True)
class Issue:
    number: int
    period: str  # "2025-W14" or "2025-04"
    label: str  # "2025年第14週（3月31日〜4月6日）"
    picks: tuple[Pick, ...]  # in page order: featured first, then oldest first
    intro: str  # sanitised Markdown, or ""

    @property
    def src(self) -> str:
        return f"{DIGESTS_DIR}/{self.period}.md"

    @property
    def title(self) -> str:
        return f"第{self.number}号 {self.label}"

    @property
    def updated(self) -> datetime:
        """The newest article's date: an issue changes only when its picks do."""
        return max(p.entry.published for p in self.picks if p.entry.published)


def period_of(when: datetime, period: Period) -> str:
    if period == "month":
        return when.strftime("%Y-%m")
    year, week, _ = when.isocalendar()
    return f"{year}-W{week:02d}"


def period_label(key: str) -> str:
    if "-W" not in key:
        return mdtext.ja_month(key)
    year, week = key.split("-W")
    start = date.fromisocalendar(int(year), int(week), 1)
    end = date.fromisocalendar(int(year), int(week), 7)
    return f"{year}年第{int(week)}週（{start.month}月{start.day}日〜{end.month}月{end.day}日）"


def plan_issues(picks: Sequence[Pick], period: Period, intros: dict[str, str]) -> list[Issue]:
    """The issues, oldest first (numbered 1, 2, …). Undated picks are left out."""
    groups: dict[str, list[Pick]] = defaultdict(list)
    for pick in picks:
        if pick.entry.published is None:
            log.warning("%s: the article has no date, so it is in no digest issue",
                        pick.note.path)  # fmt: skip
            continue
        groups[period_of(pick.entry.published, period)].append(pick)
    for key in sorted(set(intros) - set(groups)):
        log.warning("notes/digests/%s.md: no picks in %s, so there is no issue for this intro",
                    key, key)  # fmt: skip
    issues = []
    for number, key in enumerate(sorted(groups), start=1):
        ordered = sorted(groups[key], key=_pick_order)
        issues.append(Issue(number, key, period_label(key), tuple(ordered), intros.get(key, "")))
    return issues


def _pick_order(p: Pick) -> tuple[bool, float, str]:
    assert p.entry.published is not None
    return (not p.note.featured, p.entry.published.timestamp(), p.entry.src)


def issue_pages(issues: Sequence[Issue], feed_src: str) -> dict[str, str]:
    """Every issue page and the index (docs-relative path → text)."""
    pages = {i.src: _issue_page(i, feed_src) for i in issues}
    rows = [
        f"- {mdtext.link(i.title, i.src, INDEX_SRC)} — {len(i.picks)}本" for i in reversed(issues)
    ]
    body = (
        "キュレーターが選んだ記事と、そのコメント。号ごとにまとめています。\n\n"
        + ("\n".join(rows) if rows else "ダイジェストはまだありません。")
        + f"\n\n[Atom フィード]({mdtext.rel(feed_src, INDEX_SRC)})\n"
    )
    pages[INDEX_SRC] = _page("ダイジェスト", body, feed_src)
    return pages


def _page(title: str, body: str, feed_src: str) -> str:
    head = {
        "title": title,
        "feed": feed_src,
        items.GENERATOR_KEY: items.GENERATOR,
        "hide": ["toc"],
    }
    return frontmatter.dumps(head, f"# {mdtext.text(title)}\n\n{body}")


def _issue_page(issue: Issue, feed_src: str) -> str:
    parts = [f"{len(issue.picks)}本の記事\n{{ .digest-count }}\n"]
    if issue.intro:
        parts.append(f'<div class="digest-intro" markdown>\n\n{issue.intro.strip()}\n\n</div>\n')
    parts += [pick_markdown(p, issue.src) for p in issue.picks]
    parts.append(f"[← ダイジェストの一覧]({mdtext.rel(INDEX_SRC, issue.src)})\n")
    return _page(issue.title, "\n".join(parts), feed_src)


def pick_markdown(pick: Pick, from_src: str) -> str:
    """One pick in an issue: heading, byline, quote, note, link to the original."""
    e = pick.entry
    badge = "（注目）" if pick.note.featured else ""
    css = "digest-pick digest-pick--featured" if pick.note.featured else "digest-pick"
    lines = [
        f'<div class="{css}" markdown>',
        "",
        f"## {mdtext.link(e.title, e.src, from_src)}{badge}",
        "",
        pick_byline(e, from_src),
        "{ .digest-pick__meta }",
        "",
    ]
    if pick.quote:
        lines += [f"> {mdtext.text(pick.quote)}", ""]
    if pick.note.body.strip():
        lines += [note_block(pick.note)]
    original = mdtext.url(e.original_url)
    if original:
        outlet = mdtext.text(e.outlet or "元の記事")
        lines += [f"[元の記事を読む（{outlet}）]({original}){{ .digest-pick__source }}", ""]
    lines.append("</div>\n")
    return "\n".join(lines)


def pick_byline(e: Entry, from_src: str) -> str:
    parts = [mdtext.link(a.name, items.author_src(a.slug), from_src) for a in e.authors]
    if e.column and e.column_slug:
        parts.append(mdtext.link(e.column, items.column_src(e.column_slug), from_src))
    if e.outlet:
        parts.append(mdtext.text(e.outlet))
    parts.append(mdtext.ja_date(e.published))
    return " · ".join(parts)
