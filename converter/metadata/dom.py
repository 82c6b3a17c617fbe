"""Source: the visible page - headline, byline, dates, column and section labels.

Everything near the headline is searched in widening circles: the headline's parent,
then its grandparent, and so on, and the first circle that has a match wins. Blocks
that list other articles (related, ranking, sidebar, navigation) are never read, so a
date or a name from a ranking list cannot win. Each part runs only when the merge
still needs it (``need``), because visible-page search is the slowest source.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import tzinfo
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from .dates import find_dates, normalised
from .found import DOM, Found, PageContext, PageTags, RawAuthor, clean_text
from .titles import same_title

# How far up from the headline the search may widen (ancestor levels).
MAX_LEVELS = 6
# Column and category labels sit right by the headline: searched this far up only.
LABEL_LEVELS = 3
LABEL_KINDS = frozenset({"column", "category"})
# Longest text read from one candidate element, and longest name/label accepted.
MAX_CANDIDATE_TEXT, MAX_NAME, MAX_LABEL = 300, 80, 60
# An explicit byline may carry several names, a desk and the date: read this much.
MAX_BYLINE = 160

# What an element's class and id say it holds (matched on "class id", lower-cased).
# One pass over the search area classifies every element (XPath per kind was 10x slower).
KIND_CLASS = {
    "date": re.compile(r"date|time|publish|posted|update|modified|byline|meta"),
    "author": re.compile(r"author|byline|writer|reporter|columnist|contributor|kisha"),
    # whole class-name parts only: "blogName", "column-title", not "timeseries-title"
    "column": re.compile(
        r"(?:^|[\s_-])(?:blogname|rensai|(?:blog|column|series|corner|serial|rensai)[-_]?"
        r"(?:name|title|label|ttl))(?=[\s_-]|$)"
    ),
    "category": re.compile(r"category|genre|kicker|section-?(?:name|label)|eyebrow|overline"),
    "breadcrumb": re.compile(r"breadcrumb|topicpath|topic-path|pankuzu|bread"),
}
# Words every match of each of the above contains: a first test that skips most elements.
KIND_WORDS = {
    "date": ("date", "time", "publish", "posted", "update", "modified", "byline", "meta"),
    "author": ("author", "byline", "writer", "reporter", "columnist", "contributor", "kisha"),
    "column": ("blog", "rensai", "column", "series", "corner", "serial"),
    "category": ("category", "genre", "kicker", "section", "eyebrow", "overline"),
    "breadcrumb": ("breadcrumb", "topicpath", "topic-path", "pankuzu", "bread"),
}


def _first_letter_trie(words: Iterable[str]) -> re.Pattern[str]:
    """The words grouped by first letter, which Python's regex engine rejects fast
    (measured 3x faster than the plain alternation on the corpus)."""
    groups: dict[str, list[str]] = {}
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return re.compile("|".join(f"{k}(?:{'|'.join(v)})" for k, v in groups.items()))


ANY_KIND = _first_letter_trie(w for words in KIND_WORDS.values() for w in words)


@lru_cache(maxsize=32)
def _kind_words(kinds: frozenset[str]) -> re.Pattern[str]:
    """The first test for the class rules of ``kinds`` only."""
    return _first_letter_trie(w for kind in kinds for w in KIND_WORDS[kind])


# Text at the start of an element that makes it a byline or a labelled date.
# "By" must be followed by a name (a capital or a CJK character): "By the afternoon…"
# opens a sentence, not a byline.
BYLINE_START = re.compile(
    r"^\s*(?:(?:written\s+|posted\s+)?by\s+(?:(?-i:[A-Z\u00c0-\u024f\u0400-\u04ff\u3040-\u30ff\u4e00-\u9fff])|$)"
    r"|(?:取材・|写真・)?(?:文|構成)\s*[=＝・:：/／●]|(?:作者|訳者|翻訳者?)\s*[=＝:：/／●]"
    r"|著者|筆者|執筆)",
    re.I,
)
# A Japanese dateline naming the writers at the top of the body: 【ワシントン＝山田太郎】,
# 【北京＝佐藤花子、鈴木一郎】. (Without ＝ it is only the place: 【ロンドン発】.)
DATELINE_BYLINE = re.compile(
    r"^\s*[【［\[]\s*[^＝=】］\]]{1,15}[＝=](?P<names>[^＝=】］\]]{2,40})[】］\]]"
)
# A short element that is only a name and a Japanese role: "松岡大地記者",
# "ワシントン＝望月洋嗣特派員", "山田 太郎 編集委員". ROLE_ENDS is its cheap first test.
ROLE_BYLINE = re.compile(
    r"^\s*[\u3040-\u30ff\u4e00-\u9fff々＝=・、\s　]{2,24}?"
    r"(?:記者|特派員|編集委員|論説委員|解説委員)\s*$"
)
ROLE_ENDS = ("記者", "派員", "委員")
MAX_ROLE_BYLINE = 30
# A class or id that names the element a byline (not just "author", which also marks
# author boxes, comment authors and quoted sources).
BYLINE_CLASS = re.compile(r"byline", re.I)
# The nodes of a tree that are no elements (their tag is no string).
NOT_ELEMENTS = (etree._Comment, etree._ProcessingInstruction, etree._Entity)
# Tags whose aria-label may name them breadcrumbs.
BREADCRUMB_TAGS = ("nav", "ol", "ul", "div")
# Bylines are never inside a form ("Name (required)" in a comment form).
FORM_TAGS = frozenset({"form", "label", "button"})
# Elements whose text the reader never sees (a JSON-LD author is no visible byline).
HIDDEN_TEXT_TAGS = ("script", "style", "noscript", "template")
DATE_LABEL_TEXT = re.compile(r"公開|更新|配信|掲載|published|updated|posted", re.I)
# Cheap first test for both (most texts have none of these letters).
TEXT_HINT = re.compile(
    r"[公更配掲文著筆執取写構作訳翻]|[Bb][Yy]\s|[Pp]ublished|[Uu]pdated|[Pp]osted"
)
TEXT_HINT_CHARS = 40
# What the first test of the scan looks for in a text (_Rings._maybe): TEXT_HINT, a
# dateline's bracket or the end of a role, in the first TEXT_HINT_CHARS.
DATELINE_OPEN = ("【", "［", "[")
TEXT_MAY = re.compile("|".join((*map(re.escape, DATELINE_OPEN), *ROLE_ENDS, TEXT_HINT.pattern)))
# Kinds a text or a tag may give (the others come from class and id only).
TEXT_KINDS = frozenset({"author", "date"})
SUBTITLE_CLASS = re.compile(
    r"sub-?title|subhead|dek\b|deck\b|standfirst|strapline|summary|excerpt|lede|sub-?heading",
    re.I,
)
# Containers whose dates and names belong to other articles or to the site.
# Matched at the start of a class-name part ("related-posts", "c-ranking", "sideMenu").
EXCLUDED_CLASS = re.compile(
    r"(?:^|[\s_-])(?:related|ranking|rank-|recommend|popular|pickup|sidebar|side-?bar|"
    r"widget|trend|most-?read|read-?more|also-|teaser|newsletter|comments?(?:[\s_-]|$)|"
    r"footer|navigation|menu|osusume|kanren|ninki)",
    re.I,
)
# The walk up for exclusion stops here: these hold the whole page.
PAGE_TAGS = frozenset({"body", "html"})
EXCLUDED_TAGS = frozenset({"nav", "aside", "footer", "script", "style", "noscript", "select"})
# Words that label a date as the publication or the update time.
UPDATED_LABEL = re.compile(r"更新|updated?|modified|revised|last edited", re.I)
PUBLISHED_LABEL = re.compile(r"公開|配信|掲載|投稿|published|posted|released|first", re.I)


def from_dom(
    tree: HtmlElement,
    ctx: PageContext,
    title_hint: str | None,
    need: frozenset[str],
    tags: PageTags | None = None,
) -> Found:
    """Visible metadata; only the fields in ``need`` are searched for (plus headlines)."""
    tags = tags if tags is not None else PageTags(tree)
    headings = [h for h in tags("h1") if not _excluded(h)]
    texts = [t for t in (clean_text(h.text_content()) for h in headings) if t]
    anchor = _anchor(headings, title_hint)
    rings = _Rings(list(_circles(tree, tags, anchor)), _kinds_needed(need))
    published = updated = None
    if "published" in need or "updated" in need:
        published, updated = _dates(rings.candidates("date"), ctx.tz)
        if published is None and "published" in need:
            published = _opening_date(tree, tags, anchor, ctx.tz)
    authors: tuple[RawAuthor, ...] = ()
    byline = False
    if "authors" in need or "byline" in need:
        authors, byline = _authors(rings.candidates("author"), "authors" not in need)
    return Found(
        DOM,
        title=clean_text(tags.title()),
        headlines=tuple(texts),
        subtitle=_subtitle(anchor) if anchor is not None and "subtitle" in need else None,
        authors=authors,
        byline=byline,
        published=published,
        updated=updated,
        section=_section(rings, title_hint) if "section" in need else None,
        column=_first(rings.candidates("column", LABEL_LEVELS), _label)
        if "column" in need
        else None,
    )


def _kinds_needed(need: frozenset[str]) -> frozenset[str]:
    """The kinds of element the fields in ``need`` are read from."""
    kinds = set()
    if "published" in need or "updated" in need:
        kinds.add("date")
    if "authors" in need or "byline" in need:
        kinds.add("author")
    if "section" in need:
        kinds |= {"breadcrumb", "category"}
    if "column" in need:
        kinds.add("column")
    return frozenset(kinds)


def _anchor(headings: list[HtmlElement], hint: str | None) -> HtmlElement | None:
    """The headline element: the h1 that matches the known title, else the longest h1."""
    best = None
    for h in headings:
        text = clean_text(h.text_content()) or ""
        if hint and same_title(text, hint):
            return h
        if best is None or len(text) > len(clean_text(best.text_content()) or ""):
            best = h
    return best


def _circles(
    tree: HtmlElement, tags: PageTags, anchor: HtmlElement | None
) -> Iterator[HtmlElement]:
    """Widening search areas around the headline; the article or body without one."""
    if anchor is None:
        article = tags.first("article", "main")
        if article is not None:
            yield article
        body = tree.find("body")
        yield body if body is not None else tree
        return
    node = anchor.getparent()
    for _ in range(MAX_LEVELS):
        if node is None or node.tag in ("body", "html"):
            break
        yield node
        node = node.getparent()


class _Rings:
    """The search areas around the headline, each scanned once and only when asked for.

    Ring ``i`` is circle ``i`` minus circle ``i - 1``, so nothing is scanned twice and a
    search that succeeds near the headline never reads the rest of the page. Only the
    ``kinds`` asked for at the start are looked for, labels (LABEL_KINDS) only in the
    first LABEL_LEVELS rings.
    """

    def __init__(self, circles: list[HtmlElement], kinds: frozenset[str]) -> None:
        self._circles = circles
        self._kinds = kinds
        self._scanned: dict[int, dict[str, list[HtmlElement]]] = {}
        # Whether a "class id" string may give one of the kinds looked for: class names
        # repeat within a page (list items, cards), the regex is the first test's main cost.
        self._marks: dict[frozenset[str], dict[str, bool]] = {}

    def candidates(self, kind: str, levels: int = MAX_LEVELS) -> Iterator[tuple[int, HtmlElement]]:
        """(ring, element) pairs of ``kind``, nearest ring first, in document order."""
        if kind not in self._kinds or (kind in LABEL_KINDS and levels > LABEL_LEVELS):
            raise ValueError(f"kind {kind!r} was not asked for ({levels} levels)")
        for i in range(min(levels, len(self._circles))):
            if i not in self._scanned:
                self._scanned[i] = self._scan(i)
            for el in self._scanned[i].get(kind, ()):
                yield i, el

    def _scan(self, i: int) -> dict[str, list[HtmlElement]]:
        inner = self._circles[i - 1] if i else None
        hits: dict[str, list[HtmlElement]] = {}
        circle = self._circles[i]
        parts = [circle] if inner is None else [c for c in circle if c is not inner]
        # Speed: the outer rings are the largest, and labels are not looked for there.
        wanted = self._kinds if i < LABEL_LEVELS else self._kinds - LABEL_KINDS
        for part in parts:
            for el in self._maybe(part, wanted) if isinstance(part.tag, str) else ():
                for kind in _kinds(el):
                    if kind in wanted:
                        hits.setdefault(kind, []).append(el)
        return hits

    def _maybe(self, part: HtmlElement, kinds: frozenset[str]) -> Iterator[HtmlElement]:
        """The elements of ``part``, in document order, that may be of one of ``kinds``
        (:func:`_kinds` decides). Speed: ~95% of elements are of none, and the full test
        on every element (its calls, ``len(el)``, ``el[0]``) cost most of this stage."""
        seen = self._marks.setdefault(kinds, {})
        checked: HtmlElement | None
        marks_rx = _kind_words(kinds)
        texts, dates = not TEXT_KINDS.isdisjoint(kinds), "date" in kinds
        links, crumbs = "author" in kinds, "breadcrumb" in kinds
        by_tag = dates or links or crumbs
        previous, checked = part, None  # the last element seen, the last one yielded
        for el in part.iter():
            if isinstance(el, NOT_ELEMENTS):  # Speed: cheaper than reading el.tag
                # A comment first in its parent comes right after the parent in document
                # order, and the parent's text may be the comment's tail (see _kinds).
                if texts and checked is not previous and el.getprevious() is None:
                    checked = previous
                    yield previous
                continue
            previous = el
            get = el.get
            cls, ident = get("class"), get("id")
            if cls or ident:
                marks = f"{cls or ''} {ident or ''}"
                hit = seen.get(marks)
                if hit is None:
                    hit = seen[marks] = marks_rx.search(marks.lower()) is not None
                if hit:
                    checked = el
                    yield el
                    continue
            if texts:
                text = el.text
                # Might it open a dateline, a role byline, a byline or a date label?
                if (
                    text
                    and not text.isspace()
                    and (
                        TEXT_MAY.search(text, 0, TEXT_HINT_CHARS)
                        or (text[0].isspace() and text.lstrip().startswith(DATELINE_OPEN))
                    )
                ):
                    checked = el
                    yield el
                    continue
            if by_tag:
                tag = el.tag
                if (
                    (dates and (tag == "time" or get("datetime")))
                    or (links and tag == "a" and get("rel"))
                    or (crumbs and tag in BREADCRUMB_TAGS and get("aria-label"))
                ):
                    checked = el
                    yield el


def _kinds(el: HtmlElement) -> list[str]:
    """What ``el`` may hold, from its class, id, tag, attributes and first text."""
    tag = el.tag
    if not isinstance(tag, str) or tag in EXCLUDED_TAGS:
        return []
    kinds = []
    get = el.get
    cls, ident = get("class"), get("id")
    if cls or ident:
        marks = f"{cls or ''} {ident or ''}".lower()
        if ANY_KIND.search(marks):
            kinds = [k for k, rx in KIND_CLASS.items() if rx.search(marks)]
    if tag == "time" or (tag != "div" and get("datetime")):
        kinds.append("date")
    if tag == "a" and "author" in (get("rel") or "").split():
        kinds.append("author")
    if tag in BREADCRUMB_TAGS and (get("aria-label") or "").lower() == "breadcrumb":
        kinds.append("breadcrumb")
    text = el.text
    if (not text or text.isspace()) and len(el) and not isinstance(el[0].tag, str):
        text = el[0].tail  # "<div> <!-- -->Written by <a>…</a></div>"
    if _dateline_byline(text) or _role_byline(text):
        kinds.append("author")
    if text and len(text) < MAX_CANDIDATE_TEXT and TEXT_HINT.search(text, 0, TEXT_HINT_CHARS):
        if BYLINE_START.match(text):
            kinds += ["author", "date"]  # bylines often carry the date too
        elif DATE_LABEL_TEXT.search(text):
            kinds.append("date")
    return kinds


def _excluded(el: HtmlElement) -> bool:
    """Inside navigation, a sidebar, a related-articles or ranking block?"""
    node: HtmlElement | None = el
    while node is not None and node.tag not in PAGE_TAGS:
        if node.tag in EXCLUDED_TAGS:
            return True
        marks = f"{node.get('class') or ''} {node.get('id') or ''}"
        if marks != " " and EXCLUDED_CLASS.search(marks):
            return True
        node = node.getparent()
    return False


def _first(
    elements: Iterable[tuple[int, HtmlElement]], read: Callable[[HtmlElement], str | None]
) -> str | None:
    for _, el in elements:
        value = read(el)
        if value and not _excluded(el):
            return value
    return None


def _label(el: HtmlElement) -> str | None:
    if el.find(".//li") is not None:
        return None
    text = clean_text(el.text_content())
    return text if text and len(text) <= MAX_LABEL else None


def _dates(
    elements: Iterable[tuple[int, HtmlElement]], tz: tzinfo
) -> tuple[str | None, str | None]:
    """The published and updated dates shown nearest the headline, as their text."""
    published = updated = None
    found_at = None
    for level, el in elements:
        if found_at is not None and level > found_at:
            break
        if _excluded(el):
            continue
        for kind, text in _labelled_dates(el, tz):
            if kind == "updated":
                updated = updated or text
            else:
                published = published or text
            found_at = level
    return published, updated


def _labelled_dates(el: HtmlElement, tz: tzinfo) -> Iterator[tuple[str, str]]:
    """("published" or "updated", date text) for each date ``el`` shows."""
    attr = el.get("datetime")
    cls = f"{el.get('class') or ''} {el.get('id') or ''}"
    text = normalised((el.text_content() or "")[:MAX_CANDIDATE_TEXT])
    before = _preceding_text(el)
    if attr and find_dates(attr, tz):
        kind = "updated" if UPDATED_LABEL.search(f"{cls} {before} {text}") else "published"
        yield kind, attr
        return
    previous_end = 0
    for match in find_dates(text, tz):
        label = text[max(previous_end, match.start - 20) : match.start]
        if previous_end == 0:
            label = f"{cls} {before} {label}"
        published = PUBLISHED_LABEL.search(text[previous_end : match.start])
        yield (
            ("updated" if UPDATED_LABEL.search(label) and not published else "published"),
            match.text,
        )
        previous_end = match.end


# How many paragraphs after the headline are read to find the first one outside
# navigation and sidebars, and how far into it the date may start
# ("<p><strong>01.02.2022</strong> Text…", "(01.02.2022)").
OPENING_PARAGRAPHS = 3
OPENING_DATE_START = 2


def _opening_date(
    tree: HtmlElement, tags: PageTags, anchor: HtmlElement | None, tz: tzinfo
) -> str | None:
    """A date that opens the first paragraph of text after the headline (the article's
    dateline written into its first line), when no element is marked as a date."""
    if anchor is not None:
        paragraphs = anchor.xpath(
            f"following::p[normalize-space()][position() <= {OPENING_PARAGRAPHS}]"
        )
    else:
        area = tags.first("article", "main")
        area = area if area is not None else tree
        paragraphs = list(
            itertools.islice(
                (p for p in area.iter("p") if (p.text_content() or "").strip()), OPENING_PARAGRAPHS
            )
        )
    for p in paragraphs:
        if _excluded(p):
            continue
        text = normalised((p.text_content() or "").lstrip()[:MAX_CANDIDATE_TEXT])
        found = find_dates(text[:40], tz)
        return found[0].text if found and found[0].start <= OPENING_DATE_START else None
    return None


def _preceding_text(el: HtmlElement) -> str:
    previous = el.getprevious()
    if previous is not None and isinstance(previous.tag, str):
        return (previous.text_content() or "")[-20:]
    parent = el.getparent()
    return (parent.text or "")[-20:] if parent is not None else ""


def _authors(
    elements: Iterable[tuple[int, HtmlElement]], explicit_only: bool
) -> tuple[tuple[RawAuthor, ...], bool]:
    """Names from the byline nearest the headline, and whether it is an explicit byline.

    With ``explicit_only``, only a byline that says so ("By …", class byline) counts.
    """
    long_byline: tuple[RawAuthor, ...] = ()
    for _, el in elements:
        if _excluded(el) or _in_form(el):
            continue
        dateline = DATELINE_BYLINE.match(el.text or "")
        if dateline:
            return (RawAuthor(dateline.group("names")),), True
        explicit = _explicit_byline(el)
        if explicit_only and not explicit:
            continue
        names = el.xpath(".//*[@rel='author' or contains(@class, 'name')]") or [el]
        found, long_found = [], []
        for name_el in names:
            text = clean_text(" ".join(name_el.itertext()))  # "Meg James<br>Staff Writer"
            if text and len(text) <= MAX_NAME:
                found.append(RawAuthor(text, None, name_el.get("href")))
            elif text and explicit and len(text) <= MAX_BYLINE:
                long_found.append(RawAuthor(text, None, name_el.get("href")))
        if found:
            return tuple(found), explicit
        long_byline = long_byline or tuple(long_found)
    # A byline that also carries the date and desk, when no shorter one names anyone.
    return long_byline, bool(long_byline)


def _explicit_byline(el: HtmlElement) -> bool:
    if BYLINE_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
        return True
    text = clean_text(el.text_content()[:MAX_CANDIDATE_TEXT]) or ""
    return bool(BYLINE_START.match(text)) or _role_byline(text)


def _dateline_byline(text: str | None) -> bool:
    """Does ``text`` open with a dateline naming the writer (【ソウル＝小池和樹】)?"""
    return bool(text and text.lstrip()[:1] in "【［[" and DATELINE_BYLINE.match(text))


def _role_byline(text: str | None) -> bool:
    """Is ``text`` only a name and a Japanese role ("松岡大地記者")?"""
    if not text or len(text) > MAX_ROLE_BYLINE or not text.rstrip().endswith(ROLE_ENDS):
        return False
    return bool(ROLE_BYLINE.match(text))


def _in_form(el: HtmlElement) -> bool:
    return any(a.tag in FORM_TAGS for a in el.iterancestors())


def shown_on_page(tree: HtmlElement, names: Iterable[str], tags: PageTags | None = None) -> bool:
    """Does the page's visible text (not its scripts) show one of ``names``?

    Compared as written first, then without case, width and white space ("大渡 美咲"
    is shown as "大渡美咲"; the NFKC pass costs ~1 ms a page, so it runs only if needed).
    """
    body = tree.find("body")
    wanted = [n for n in names if n.strip()]
    if body is None or not wanted:
        return False
    text = body.text_content()
    hidden = " ".join(e.text_content() for e in _hidden(body, tags))
    if any(text.count(name) > hidden.count(name) for name in wanted):
        return True
    text, hidden = _squeezed(text), _squeezed(hidden)
    return any(text.count(k) > hidden.count(k) for k in map(_squeezed, wanted) if k)


def _hidden(body: HtmlElement, tags: PageTags | None) -> Iterable[HtmlElement]:
    """The elements of HIDDEN_TEXT_TAGS in ``body``, as ``body.iter(…)`` gives them.

    Speed: taken from the page's tags (found in one walk) and kept when ``body`` is
    their ancestor; another walk over the whole body cost ~0.25 ms.
    """
    if tags is None:
        return body.iter(*HIDDEN_TEXT_TAGS)
    return [
        el for el in tags(*HIDDEN_TEXT_TAGS) if any(parent is body for parent in el.iterancestors())
    ]


def _squeezed(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _section(rings: _Rings, hint: str | None) -> str | None:
    """The first level under home in the breadcrumbs, else a category label."""
    for _, crumbs in rings.candidates("breadcrumb"):
        items = crumbs.xpath(".//li") or crumbs.xpath(".//a")
        names = [t for t in (clean_text(i.text_content()) for i in items) if t]
        names = [n for n in names if len(n) <= MAX_LABEL and not (hint and same_title(n, hint))]
        if len(names) >= 2:
            return names[1]
    return _first(rings.candidates("category", LABEL_LEVELS), _label)


def _subtitle(anchor: HtmlElement) -> str | None:
    """A dek right under the headline: the next element, if it is marked as one."""
    nxt = anchor.getnext()
    parent = anchor.getparent()
    if nxt is None and parent is not None and parent.tag in ("hgroup", "header"):
        nxt = parent.getnext()
    if nxt is None or not isinstance(nxt.tag, str):
        return None
    marked = SUBTITLE_CLASS.search(f"{nxt.get('class') or ''} {nxt.get('id') or ''}")
    in_hgroup = parent is not None and parent.tag == "hgroup" and nxt.tag in ("h2", "p")
    if nxt.tag in ("h2", "h3", "p", "div") and (marked or in_hgroup):
        text = clean_text(nxt.text_content())
        if text and len(text) <= 300:
            return text
    return None
