"""A plain-text capture read into an article page (see :mod:`.text`).

No markup is left, so the article's structure is recovered from the lines themselves,
with generic rules (English and Japanese, no site named), and written as the clean
semantic HTML every later stage already reads:

1. lines, each classified once (:class:`Line`): blank, chrome label, chrome line,
   teaser, date, byline, lead, caption, prose...;
2. chrome runs: a label (``あわせて読みたい``, ``Most read``...) and the lines after it up
   to the next prose paragraph; the *main segment* is the stretch between runs that
   holds the most prose (neighbours joined across a short run);
3. in it, the header (before the first prose paragraph: section, title, date,
   byline, subtitle, caption, lead), the body (to the last prose paragraph: paragraphs,
   subheadings, lists, captions) and the profile box (``プロフィール``, ``About the
   author``), wherever it sits;
4. HTML: JSON-LD for title, subtitle, date, section, authors; ``<h1>``, ``<time>``, a
   ``<figure>`` with ``<figcaption>``, a ``.lead`` paragraph, ``<p>``/``<h2>``/lists, the
   profile box as the body stage reads one.

A text with no prose paragraph, with neither headline nor date nor byline above its
first paragraph, or made of log, code or Markdown lines becomes an empty page, which
the article check refuses like any page without an article.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC
from html import escape

from ..extract.credits import split_credit
from ..metadata.dates import find_dates, normalised, zone
from . import text_rules as rules


def text_to_html(text: str) -> str:
    """The article held by a page's text, as an HTML page."""
    return to_html(recover(classify(text)))


# 1. Lines --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    text: str
    kind: str  # see classify()
    blank_before: bool
    blank_after: bool
    width: int  # display width: CJK characters count twice


def width(text: str) -> int:
    return len(text) + sum(unicodedata.east_asian_width(c) in "WF" for c in text)


def classify(text: str) -> list[Line]:
    """The non-blank lines of ``text``, each with its kind:

    ``label`` (a chrome block's heading), ``chrome`` (one chrome line), ``teaser``
    (a ranking item, a number alone, a headline cut with …), ``profile`` (a profile
    heading), ``date``, ``byline``, ``lead``, ``caption``, ``item`` (a list item),
    ``prose`` (a paragraph) or ``short`` (any other line)."""
    raw = [_clean(line) for line in unicodedata.normalize("NFC", text).splitlines()]
    out: list[Line] = []
    for i, line in enumerate(raw):
        if not line:
            continue
        before = i == 0 or not raw[i - 1]
        after = i + 1 == len(raw) or not raw[i + 1]
        out.append(Line(line, _kind(line), before, after, width(line)))
    return out


def _clean(line: str) -> str:
    return rules.INVISIBLE.sub("", line).replace("\u00a0", " ").strip(" \t\u3000")


def _kind(line: str) -> str:
    w = width(line)
    if rules.is_profile_label(line):
        return "profile"
    if w <= rules.LABEL_MAX and rules.CHROME_LABEL.search(line):
        return "label"
    if rules.LEAD.match(line):
        return "lead"
    rest = _date_rest(line) if w <= rules.DATE_LINE_MAX and rules.DATE_HINT.search(line) else None
    if rest is not None:
        if width(rules.DATE_WORDS.sub("", rest)) <= rules.DATE_REST_MAX:
            return "date"
        named = rules.DATE_WORDS.sub(" ", rest)
        if width(rest) <= rules.META_REST_MAX and (
            rules.is_byline(rest) or (len(named.split()) > 1 and rules.is_name(named))
        ):
            return "meta"
        if _date_label(rest) or _date_label(
            next((p for p in rules.DATE_PARTS.split(line) if find_dates(p, UTC)), "")
        ):
            return "date"
    if w <= rules.BYLINE_MAX and rules.is_byline(line):
        return "byline"
    if rules.is_chrome_line(line, w):
        return "chrome"
    if rules.TEASER.search(line) or rules.RANK_NUMBER.match(line):
        return "teaser"
    if rules.LIST_ITEM.match(line):
        return "item"
    if _is_caption(line):
        return "caption"
    if rules.is_prose(line, w):
        return "prose"
    return "short"


def _date_rest(line: str) -> str | None:
    """The line without its dates, or None when it holds none."""
    found = find_dates(line, UTC)
    if not found:
        return None
    rest = normalised(line)
    for d in reversed(found):
        rest = rest[: d.start] + rest[d.end :]
    return rest.strip()


def _date_label(text: str) -> bool:
    """Is ``text`` (a date line, or its date's part) a date with at most a label?"""
    rest = _date_rest(text) if text else None
    if rest is None:
        return False
    label = rules.DATE_LABEL_DROP.sub(" ", rules.DATE_WORDS.sub(" ", rest)).split()
    return len(label) <= rules.DATE_LABEL_WORDS and width(" ".join(label)) <= rules.DATE_LABEL_MAX


def _is_caption(line: str) -> bool:
    if not rules.CREDIT_HINT.search(line) or width(line) > rules.CAPTION_MAX:
        return False
    caption, credit = split_credit(line)
    return bool(caption and credit) and not rules.SENTENCE_END.search(credit)


# 2.-3. Structure ---------------------------------------------------------------------


@dataclass(frozen=True)
class Recovered:
    lang: str
    title: str | None = None
    section: str | None = None
    subtitle: str | None = None
    dates: tuple[str, ...] = ()  # published, then updated (as written)
    bylines: tuple[str, ...] = ()
    lead: str | None = None
    caption: tuple[str, str] | None = None
    body: tuple[Line, ...] = ()
    profile: tuple[Line, ...] = ()


def recover(lines: list[Line]) -> Recovered:
    lang = "ja" if rules.JAPANESE.search("".join(x.text for x in lines[:200])) else "en"
    if not lines or rules.is_structured([x.text for x in lines]):
        return Recovered(lang)
    profile, lines = _take_profile(lines)
    start, end, _ = _main_segment(lines)
    if start is None:
        return Recovered(lang)
    prose = [i for i in range(start, end) if lines[i].kind == "prose"]
    last = prose[-1]
    # The article opens at the first paragraph with a headline, date or byline above it:
    # a cookie notice or a "JavaScript recommended" line before the headline is no
    # paragraph of it, and a headline read as a paragraph ("…?") heads the next one.
    for first in prose[: rules.OPENING_TRIES]:
        above = range(max(0, first - rules.HEADER_LINES), first)
        header = _header([lines[i] for i in above if lines[i].kind not in rules.HEADER_DROPS])
        if header.title or header.dates or header.bylines:
            break
    else:
        return Recovered(lang)  # prose with no headline, date or byline: a note, a README
    runs = _link_runs(lines, first, last)
    body = [
        x for i, x in enumerate(lines[first : last + 1], first)
        if x.kind not in rules.BODY_DROPS and i not in runs
    ]  # fmt: skip
    if header.lead is None and body and body[0].kind == "lead":
        header = _with(header, lead=rules.LEAD.match(body[0].text).group("inner"))  # type: ignore[union-attr]
        body = body[1:]
    tail = [x.text for x in lines[last + 1 : end] if x.kind == "byline"]
    return _with(header, lang=lang, body=tuple(body), profile=profile,
                 bylines=header.bylines + tuple(tail))  # fmt: skip


def _link_runs(lines: list[Line], first: int, last: int) -> set[int]:
    """The lines of the body's long runs of lines that are no paragraph, list item, lead,
    table row or list intro (a list of headlines and their sections, tags, a link
    block, a ticker), unless the line above the run introduces it ("Here's what to
    know:", a list shown without bullets)."""
    out: set[int] = set()
    run: list[int] = []
    for i in range(first, last + 2):
        x = lines[i] if i <= last else None
        if x and x.kind not in rules.RUN_BREAKS and not rules.RUN_BREAK.search(x.text):
            run.append(i)
            continue
        if len(run) >= rules.LINK_RUN and not rules.LIST_INTRO.search(lines[run[0] - 1].text):
            out.update(run)
        run = []
    return out


def _with(r: Recovered, **changes: object) -> Recovered:
    return replace(r, **changes)  # type: ignore[arg-type]


def _take_profile(lines: list[Line]) -> tuple[tuple[Line, ...], list[Line]]:
    """The profile box (its heading's following lines up to chrome) and the other lines."""
    at = next((i for i, x in enumerate(lines) if x.kind == "profile"), None)
    if at is None:
        return (), lines
    box: list[Line] = []
    for x in lines[at + 1 : at + 1 + rules.PROFILE_MAX_LINES]:
        if x.kind in ("label", "teaser", "profile") or (box and x.kind == "chrome"):
            break
        box.append(x)
    return tuple(box), lines[:at] + lines[at + 1 + len(box) :]


def _main_segment(lines: list[Line]) -> tuple[int | None, int, list[bool]]:
    """``(start, end)`` of the stretch of lines holding the article's prose, and which
    lines are chrome runs."""
    chrome = [False] * len(lines)
    i = 0
    while i < len(lines):
        if lines[i].kind == "label":
            j = i
            while j < len(lines) and (j == i or lines[j].kind not in ("prose", "profile")):
                chrome[j] = True
                j += 1
            i = j
        else:
            i += 1
    segments: list[list[int]] = []  # [start, end, prose width]
    for i, x in enumerate(lines):
        if chrome[i]:
            continue
        if segments and segments[-1][1] == i:
            segments[-1][1] = i + 1
        else:
            segments.append([i, i + 1, 0])
        if x.kind == "prose":
            segments[-1][2] += x.width
    if not any(s[2] for s in segments):
        return None, 0, chrome
    best = max(range(len(segments)), key=lambda k: segments[k][2])
    start, end = segments[best][0], segments[best][1]
    # Join neighbours across a short chrome run ("Related: …" inside the body).
    for k in range(best + 1, len(segments)):
        if segments[k][0] - end > rules.SHORT_RUN or not segments[k][2]:
            break
        end = segments[k][1]
    for k in range(best - 1, -1, -1):
        if start - segments[k][1] > rules.SHORT_RUN or not segments[k][2]:
            break
        start = segments[k][0]
    return start, end, chrome


def _header(head: list[Line]) -> Recovered:
    """Title, section, date, byline, subtitle, caption and lead from the lines above the
    first paragraph (the lines of the segment's start, else the chrome above it)."""
    menu = [False] * len(head)
    for i in range(len(head)):  # a run of short lines is a menu
        run = head[i : i + rules.MENU_RUN]
        if len(run) == rules.MENU_RUN and all(
            x.kind not in ("date", "meta") and x.width < rules.MENU_ITEM_MAX for x in run
        ):
            menu[i : i + rules.MENU_RUN] = [True] * rules.MENU_RUN
    head = _named(head)
    dates = tuple(x.text for x in head if x.kind in ("date", "meta"))
    bylines = tuple(
        rules.DATE_WORDS.sub(" ", _date_rest(x.text) or "").strip() if x.kind == "meta" else x.text
        for x in head
        if x.kind in ("byline", "meta")
    )
    lead = next((rules.LEAD.match(x.text).group("inner") for x in head if x.kind == "lead"), None)  # type: ignore[union-attr]
    caption = None
    for x in head:
        if x.kind == "caption":
            cap, credit = split_credit(x.text)
            caption = (cap or "", credit or "")
            break
    candidates = [i for i in range(len(head)) if not menu[i] and _headline(head[i])]
    anchor = next((i for i, x in enumerate(head) if x.kind in ("date", "byline", "meta")), None)
    title_at = None
    if anchor is not None:
        near = [i for i in candidates if anchor - rules.TITLE_REACH <= i < anchor]
        title_at = near[-1] if near else None
        if (
            len(near) > 1
            and near[-2] == near[-1] - 1
            and head[near[-1]].width > head[near[-2]].width
        ):
            title_at = near[-2]  # a headline, then its longer dek
    if title_at is None and candidates:
        # no anchor: the headline nearest above the text, else the first one
        near = [i for i in candidates if i >= len(head) - rules.TITLE_REACH]
        title_at = near[-1] if near else candidates[0]
    title = head[title_at].text if title_at is not None else None
    section = None
    if title_at:
        prev = head[title_at - 1]
        if (
            prev.kind == "short"
            and prev.width <= rules.SECTION_MAX
            and prev.blank_before
            and (title_at - 1 == 0 or head[title_at - 2].kind != "short")
        ):
            section = prev.text
    subtitle = next(
        (x.text for i, x in enumerate(head) if title_at is not None and i > title_at
         and _headline(x)),
        None,
    )  # fmt: skip
    return Recovered("", title, section, subtitle, dates, bylines, lead, caption)


def _named(head: list[Line]) -> list[Line]:
    """The header with the bylines only their neighbours show: a lead-in alone
    ("Von", "Author of the article:") and the names on the lines after it, or a name
    alone right next to the date line."""
    out: list[Line] = []
    i = 0
    while i < len(head):
        x = head[i]
        if x.kind == "short" and rules.is_lead_in(x.text):
            names = []
            for y in head[i + 1 : i + 1 + rules.BYLINE_NAME_LINES]:
                if y.kind != "short" or not rules.first_name(y.text):
                    break
                names.append(y.text)
            if names:
                out.append(replace(x, text=rules.byline_text(", ".join(names)), kind="byline"))
                i += 1 + len(names)
                continue
        if x.kind == "byline" and (m := rules.BYLINE_LEAD.match(x.text)):
            x = replace(x, text=rules.byline_text(x.text[m.end() :]))
        if (
            x.kind == "short"
            and rules.first_name(x.text)
            and len(x.text.split()) > 1
            and not any(y.kind in ("byline", "meta") for y in head)
            and any(0 <= j < len(head) and head[j].kind == "date" for j in (i - 1, i + 1))
        ):
            x = replace(x, kind="byline")
        out.append(x)
        i += 1
    return out


def _headline(x: Line) -> bool:
    return x.kind in ("short", "prose") and rules.is_headline(x.text, x.width)


# 4. HTML -----------------------------------------------------------------------------


def to_html(r: Recovered) -> str:
    tz = zone("Asia/Tokyo" if r.lang == "ja" else "UTC")
    stamps = [d for text in r.dates for d in find_dates(text, tz)[:1]]
    ld: dict[str, object] = {"@context": "https://schema.org", "@type": "Article"}
    if r.title:
        ld["headline"] = r.title
    if r.subtitle:
        ld["alternativeHeadline"] = r.subtitle
    if r.section:
        ld["articleSection"] = r.section
    if stamps:
        ld["datePublished"] = stamps[0].value.isoformat()
    if len(stamps) > 1 and stamps[1].value > stamps[0].value:
        ld["dateModified"] = stamps[1].value.isoformat()
    head = [
        '<meta charset="utf-8">',
        f"<title>{escape(r.title or '')}</title>",
        '<script type="application/ld+json">'
        + json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
        + "</script>",
    ]
    parts = ["<article>", f"<header><h1>{escape(r.title)}</h1>" if r.title else "<header>"]
    if r.subtitle:
        parts.append(f'<p class="subtitle">{escape(r.subtitle)}</p>')
    parts += [f'<p class="byline">{escape(b)}</p>' for b in r.bylines]
    if stamps:
        parts.append(
            f'<p><time datetime="{stamps[0].value.isoformat()}">{escape(r.dates[0])}</time></p>'
        )
    parts.append("</header>")
    if r.body:
        if r.caption:
            parts.append(_figure(*r.caption))
        if r.lead:
            parts.append(f'<p class="lead">{escape(r.lead)}</p>')
        parts += _body_html(list(r.body))
        parts += _profile_html(r.profile)
    parts.append("</article>")
    return (
        f'<!doctype html>\n<html lang="{r.lang}"><head>{"".join(head)}</head>\n<body>'
        + "\n".join(parts)
        + "</body></html>\n"
    )


def _figure(caption: str, credit: str) -> str:
    small = f' <small class="credit">{escape(credit)}</small>' if credit else ""
    return f"<figure><figcaption>{escape(caption)}{small}</figcaption></figure>"


def _body_html(body: list[Line]) -> list[str]:
    out: list[str] = []
    items: list[str] = []
    for i, x in enumerate(body):
        if x.kind == "item":
            items.append(f"<li>{escape(rules.LIST_ITEM.sub('', x.text))}</li>")
            continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if x.kind == "caption":
            cap, credit = split_credit(x.text)
            out.append(_figure(cap or "", credit or ""))
        elif _subheading(body, i):
            out.append(f"<h2>{escape(x.text)}</h2>")
        else:
            out.append(f"<p>{escape(x.text)}</p>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return out


def _subheading(body: list[Line], i: int) -> bool:
    """A short line without closing punctuation between two paragraphs."""
    x = body[i]
    if x.kind not in ("short", "date") or x.width > rules.SUBHEADING_MAX:
        return False
    if rules.NOT_HEADING_END.search(x.text):
        return False
    return 0 < i < len(body) - 1 and body[i + 1].kind in ("prose", "short", "item")


def _profile_html(box: tuple[Line, ...]) -> list[str]:
    """The profile box as the body stage reads one: a heading, then the name, the role,
    the bio and the links in elements marked so."""
    if not box:
        return []
    links = [x.text for x in box if rules.LINK_LINE.match(x.text)]
    rest = [x for x in box if x.text not in links]
    out = ['<section class="author-profile"><h2>プロフィール</h2>']
    if rest:
        out.append(f'<p class="name">{escape(rest[0].text)}</p>')
        rest = rest[1:]
    if rest and rest[0].width <= rules.ROLE_MAX and not rules.SENTENCE_END.search(rest[0].text):
        out.append(f'<p class="role">{escape(rest[0].text)}</p>')
        rest = rest[1:]
    out += [f"<p>{escape(x.text)}</p>" for x in rest]
    anchors = [f'<a href="{escape(rules.link_url(t))}">{escape(t)}</a>' for t in links]
    if anchors:
        out.append("<p>" + " ".join(anchors) + "</p>")
    out.append("</section>")
    return out
