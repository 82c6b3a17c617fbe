"""The lead paragraph (＜…＞, <…>, or an explicit .lead/.standfirst) and the dek (a
subtitle under the headline), taken out of the body.

Only the beginning of the body is searched: the first :data:`LEAD_WINDOW` text blocks
before the first subheading. A lead is either

- an element whose class is a lead class (``lead``, ``article-lead``, ``standfirst``,
  ``summary``…), or
- one or more paragraphs whose whole text is wrapped in ``＜…＞`` / ``<…>`` / ``〈…〉``
  (often inside ``<strong>``); the brackets are not part of the lead.

The dek is the first text of the body when that is a heading (or an element with a
subtitle class) and it is marked as a subtitle (``subtitle``, ``dek``, ``subhead``…),
repeats the metadata's subtitle, or stands right above the lead photo (the line the
page shows as the photo's title).

Datelines (``[ロンドン発]``, ``【ニューヨーク＝共同】``, ``LONDON —``) never match: they
open a paragraph that goes on, and their brackets are not lead brackets, so they stay
where they are.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Sequence

from lxml import etree
from lxml.html import HtmlElement

from .captions import element_text, fold_like_re_i, squash, text_content

# How many text blocks at the top of the body may hold the lead.
LEAD_WINDOW = 3
# Lines up to this many characters (no sentence end) may come before the lead.
SHORT_LINE = 40
# Class/id tokens of an explicit lead element.
LEAD_CLASS = re.compile(
    r"(?:^|[\s_-])(?:lead|articleLead|lede|standfirst|summary|dek|intro|deck)(?:$|[\s_-])",
    re.I,
)
# Class words that make a "lead" something else: a lead *image* or lead *story* list.
NOT_LEAD_CLASS = re.compile(r"figure|image|img|photo|media|story-list|related|headline", re.I)
# A paragraph that is all lead: ＜…＞, <…>, 〈…〉 (the markup's own &lt;…&gt; as text).
BRACKETED = re.compile(r"^[＜<〈](?P<inner>.+)[＞>〉]$", re.S)
# Half a lead split over paragraphs: "＜first part" … "last part＞".
OPENS, CLOSES = re.compile(r"^[＜<〈]"), re.compile(r"[＞>〉]$")
# Blocks that end the search (the body has begun its sections).
HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
# Elements that are one text block of the body.
TEXT_BLOCKS = {"p", "div", "blockquote", "ul", "ol", "table", "pre", "dl", "section"}
# Wrappers searched through: their children are the blocks.
CONTAINERS = {"div", "section", "article", "main", "header", "blockquote"}
# Not text: figures and images are passed over while counting blocks.
SKIPPED = {"figure", "img", "picture", "br", "hr", "h1", "time", "nav", "script", "style"}


# Class/id words of a dek (as the metadata reads a dek under the headline; the lead's
# words, standfirst/summary/lede, are the lead's).
DEK_CLASS = re.compile(r"sub-?title|subhead|sub-?heading|\bdek\b|\bdeck\b|strapline", re.I)
# A dek is a line or two (characters).
DEK_MAX = 300
# Wrappers of the lead photo: a dek stands right above one.
PHOTOS = {"figure", "img", "picture"}


# A line ending so is a kicker ("Premiere in Berlin -", "Analyse:"), not a dek.
KICKER_END = re.compile(r"[:：\-–—|｜]$")


def take_dek(node: HtmlElement, subtitle: str | None, title: str | None = None) -> str | None:
    """The dek at the top of ``node`` (the caller's copy), removed there; its text. A
    heading there holding the headline (with a kicker) is removed too: no dek."""
    dek = _first_text_block(node)
    if dek is None or any(_is_lead_class(el) for el in (dek, *dek.iterancestors())):
        return None  # also the lead: the lead rules take it (the lead wins, as ever)
    text = _lines(dek)
    if KICKER_END.search(text):
        return None
    if title and squash(title).casefold() in text.casefold():
        _remove(dek)
        return None
    marked = bool(DEK_CLASS.search(f"{dek.get('class', '')} {dek.get('id', '')}"))
    repeated = subtitle is not None and text.casefold() == squash(subtitle).casefold()
    if not (0 < len(text) <= DEK_MAX) or not (
        marked or repeated or (dek.tag in HEADINGS and _above_photo(dek))
    ):
        return None
    _remove(dek)
    return text


def _lines(el: HtmlElement) -> str:
    """``el``'s text, its ``<br>``-separated lines joined by a space (not glued)."""
    if next(el.iter("br"), None) is None:
        return element_text(el)
    clone = copy.deepcopy(el)
    for br in clone.iter("br"):
        br.tail = "\n\n" + (br.tail or "")
    lines = (squash(line) for line in text_content(clone).split("\n\n"))
    return " ".join(line for line in lines if line)


def _first_text_block(node: HtmlElement) -> HtmlElement | None:
    """The first element of the body holding text, when it is a heading or has a dek
    class (figures, whose captions are not body text, are stepped over); else None."""
    walk = node.iterdescendants()
    for el in walk:
        if not isinstance(el.tag, str):
            continue
        if el.tag in PHOTOS:
            for _ in range(sum(1 for _ in el.iterdescendants())):
                next(walk, None)
            if (el.tail or "").strip():
                return None
            continue
        if el.tag in HEADINGS or DEK_CLASS.search(f"{el.get('class', '')} {el.get('id', '')}"):
            return el if element_text(el) else None
        if (el.text or "").strip() or (el.tail or "").strip():
            return None
    return None


def _above_photo(el: HtmlElement) -> bool:
    """The next thing after ``el`` with content is a photo."""
    for sib in el.itersiblings():
        if not isinstance(sib.tag, str):
            continue
        if sib.tag in PHOTOS or next(sib.iter(*PHOTOS), None) is not None:
            return not element_text(sib) or sib.tag == "figure" or _photo_first(sib)
        if element_text(sib):
            return False
    return False


def _photo_first(el: HtmlElement) -> bool:
    """``el`` shows a photo before any text."""
    for sub in el.iter():
        if isinstance(sub.tag, str) and sub.tag in PHOTOS:
            return True
        if (sub.text or "").strip() or (sub is not el and (sub.tail or "").strip()):
            return False
    return False


def take_lead(node: HtmlElement) -> str | None:
    """Find the lead in ``node`` (the caller's copy), remove it there, return its text."""
    blocks = _first_blocks(node)
    for i, block in enumerate(blocks):
        if _is_lead_class(block):
            text = element_text(block)
            m = BRACKETED.match(text)
            _remove(block)
            return (m.group("inner").strip() if m else text) or None
        found = _bracketed_run(blocks[i:])
        if found:
            lead, used = found
            for el in used:
                _remove(el)
            return lead
        if not _is_short_line(block):
            return None  # the body has begun: a later ＜…＞ is body text
    return None


def _is_short_line(block: HtmlElement) -> bool:
    """A byline, date or kicker line that may precede the lead."""
    text = element_text(block)
    return len(text) <= SHORT_LINE and not re.search(r"[。.!?！？]$", text)


def _first_blocks(node: HtmlElement) -> list[HtmlElement]:
    """The first text blocks of the body, in order, down to the innermost block that
    holds text directly; stops at the first heading."""
    out: list[HtmlElement] = []

    def walk(el: HtmlElement) -> bool:  # False: stop everything
        for child in el:
            if len(out) >= LEAD_WINDOW:
                return False
            if not isinstance(child.tag, str) or child.tag in SKIPPED:
                continue
            if child.tag in HEADINGS:
                return False
            if not element_text(child):
                continue
            if _is_container(child):
                if not walk(child):
                    return False
                continue
            out.append(child)
        return True

    walk(node)
    return out


def _is_lead_class(el: HtmlElement) -> bool:
    marks = f"{el.get('class', '')} {el.get('id', '')}"
    if not _has_lead_word(marks):
        return False  # speed: most class names hold none of LEAD_WORDS
    return (
        bool(LEAD_CLASS.search(marks)) and not NOT_LEAD_CLASS.search(marks) and el.tag != "figure"
    )


# Every match of LEAD_CLASS holds one of these (same flags; "articleLead" holds "lead").
LEAD_WORDS = ("lead", "lede", "standfirst", "summary", "dek", "intro", "deck")


def _has_lead_word(marks: str) -> bool:
    """Speed: plain substring searches, a fraction of LEAD_CLASS's case-insensitive
    search (and a loop, not any(): no generator per call)."""
    low = fold_like_re_i(marks)
    for word in LEAD_WORDS:
        if word in low:
            break
    else:
        return False
    return True


def _is_container(el: HtmlElement) -> bool:
    """A wrapper of blocks (no text of its own), not a block itself."""
    if el.tag not in CONTAINERS or _is_lead_class(el):
        return False
    if (el.text or "").strip() or any((c.tail or "").strip() for c in el):
        return False
    return any(isinstance(c.tag, str) and (c.tag in TEXT_BLOCKS or c.tag in HEADINGS) for c in el)


def _bracketed_run(blocks: list[HtmlElement]) -> tuple[str, list[HtmlElement]] | None:
    """A lead in one bracketed block, or opened in one and closed in a later one."""
    text = element_text(blocks[0])
    m = BRACKETED.match(text)
    if m and not _has_inner_close(m.group("inner")):
        return m.group("inner").strip(), [blocks[0]]
    if OPENS.match(text) and not CLOSES.search(text):
        for j in range(1, len(blocks)):
            if CLOSES.search(element_text(blocks[j])):
                parts = [element_text(b) for b in blocks[: j + 1]]
                parts[0], parts[-1] = parts[0][1:], parts[-1][:-1]
                return "\n".join(p.strip() for p in parts if p.strip()), blocks[: j + 1]
    return None


def _has_inner_close(inner: str) -> bool:
    """``＜A＞と＜B＞``: two bracketed phrases, not one bracketed paragraph."""
    depth = 0
    for ch in inner:
        if ch in "＜<〈":
            depth += 1
        elif ch in "＞>〉":
            depth -= 1
            if depth < 0:
                return True
    return False


def _remove(el: HtmlElement) -> None:
    """Remove a block; empty wrappers left behind go too."""
    parent = el.getparent()
    el.drop_tree()
    while (
        parent is not None
        and parent.getparent() is not None
        and not element_text(parent)
        and not any(True for _ in parent.iter("img"))
    ):
        grand = parent.getparent()
        parent.drop_tree()
        parent = grand


# A standfirst outside the body comes soon after the headline: before this much other
# text (a date, a photo caption, share buttons), within this many elements, and before
# the first paragraph of body text.
STANDFIRST_TEXT_BEFORE = 600  # characters
STANDFIRST_WINDOW = 80  # elements
BODY_PARAGRAPH_CHARS = 150
NOT_COUNTED = frozenset({"script", "style", "noscript", "template"})
# A standfirst is a sentence or two, not a block of links or a whole section.
STANDFIRST_CHARS = (20, 500)


# The brackets a lead may be shown in (see BRACKETED).
LEAD_BRACKETS = (("＜", "＞"), ("<", ">"), ("〈", "〉"))


def shown_forms(lead: str) -> tuple[str, ...]:
    """The texts a block showing ``lead`` may have: bare, or in lead brackets."""
    return (lead, *(f"{left}{lead}{right}" for left, right in LEAD_BRACKETS))


def find_standfirst(
    tree: HtmlElement,
    selectors: tuple[str, ...] = (),
    above: Sequence[HtmlElement] = (),
    shown: Sequence[str | None] = (),
) -> str | None:
    """The lead when it sits outside the body node: a site profile's ``lead`` selector,
    else an element with a lead class (``standfirst``, ``dek``…) just after the page's
    ``<h1>``, else the block nearest the body among ``above`` (the blocks the oracle
    kept between the headline and the body) that reads as a standfirst (see
    :func:`_kept_standfirst`). Read-only on the shared page ``tree``."""
    return _marked_standfirst(tree, selectors) or _kept_standfirst(above, shown)


def _marked_standfirst(tree: HtmlElement, selectors: tuple[str, ...]) -> str | None:
    candidates: list[HtmlElement] = []
    for selector in selectors:
        try:
            candidates.extend(tree.cssselect(selector))
        except (ValueError, SyntaxError):
            continue
    for h1 in tree.iter("h1"):
        candidates.extend(_after_headline(h1))
        break
    for el in candidates:
        if any(a.tag in ("nav", "aside", "footer", "a") for a in el.iterancestors()):
            continue
        text = element_text(el)
        links = "".join(text_content(a) for a in el.iter("a"))
        if STANDFIRST_CHARS[0] <= len(text) <= STANDFIRST_CHARS[1] and len(links) < len(text) / 3:
            m = BRACKETED.match(text)
            return m.group("inner").strip() if m else text
    return None


# A standfirst the page does not mark (no lead class) is told by its text: one or two
# whole sentences, outside links, not a photo's caption or credit, not a byline or
# dateline, not the headline. Class/id words of what it is not:
NOT_STANDFIRST_CLASS = re.compile(
    r"caption|credit|image|img|photo|figure|media|byline|author|date|time|meta|(?<![a-z])title"
    r"|kicker|label|hidden|displaynone|teaser|related|share",
    re.I,
)
STANDFIRST_MIN_CHARS = 60
SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’»」』)）]*$")
# ... nor inside these (a list item is one point of a summary list, not a standfirst).
NOT_STANDFIRST_INSIDE = frozenset({"figure", "figcaption", "nav", "aside", "footer", "a", "li"})


def _kept_standfirst(above: Sequence[HtmlElement], shown: Sequence[str | None]) -> str | None:
    """The kept block nearest the body that reads as a standfirst; None when that block
    repeats what the page shows already (``shown``: the headline, the subtitle)."""
    repeats = [r for r in (squash(s or "").casefold() for s in shown) if r]
    for el in reversed(above):
        if not _reads_as_standfirst(el):
            continue
        text = element_text(el)
        low = text.casefold()
        return None if any(r in low or low in r for r in repeats) else text
    return None


# The body's opening set above the article node: a summary list ("key points") or a
# run of paragraphs (a live page's lead entry). This many blocks at least, each of
# OPENING_BLOCK_CHARS, mostly outside links, most of them sentences (list items all).
OPENING_MIN_BLOCKS = 2
OPENING_BLOCK_CHARS = (40, 1000)
OPENING_SENTENCES = 0.75  # the share of its blocks that end a sentence


def opening_above(above: Sequence[HtmlElement]) -> tuple[HtmlElement | None, int]:
    """Copies of the body's opening set above the body node, in a ``<div>`` (list items
    in a ``<ul>``), and how many of the last blocks of ``above`` it takes: the kept
    blocks nearest the body are two or more ``<li>`` or ``<p>`` of one parent
    (``above``: see :class:`.locate.Located`). Read-only on the page tree."""
    blocks: list[HtmlElement] = []
    for el in reversed(above):
        if el.tag not in ("li", "p") or (blocks and el.getparent() is not blocks[0].getparent()):
            break
        blocks.insert(0, el)
    if len(blocks) < OPENING_MIN_BLOCKS or not all(_reads_as_opening(b) for b in blocks):
        return None, 0
    sentences = sum(bool(SENTENCE_END.search(element_text(b))) for b in blocks)
    if sentences < OPENING_SENTENCES * len(blocks):
        return None, 0  # a caption and its credit line, not text
    box = blocks[0].makeelement("div", {})
    into = box if blocks[0].tag == "p" else etree.SubElement(box, "ul")
    for block in blocks:
        item = copy.deepcopy(block)
        item.tail = None
        into.append(item)
    return box, len(blocks)


def _reads_as_opening(el: HtmlElement) -> bool:
    if NOT_STANDFIRST_CLASS.search(f"{el.get('class', '')} {el.get('id', '')}"):
        return False
    if any(a.tag in NOT_STANDFIRST_INSIDE - {"li"} for a in el.iterancestors()):
        return False
    text = element_text(el)
    links = sum(len(text_content(a)) for a in el.iter("a"))
    short, long = OPENING_BLOCK_CHARS
    if not short <= len(text) <= long or links >= len(text) / 3:
        return False
    if el.tag == "li":
        return bool(SENTENCE_END.search(text)) and el.find(".//li") is None
    return True


def _reads_as_standfirst(el: HtmlElement) -> bool:
    marks = f"{el.get('class', '')} {el.get('id', '')}"
    if NOT_STANDFIRST_CLASS.search(marks):
        return False
    if any(e.tag in NOT_STANDFIRST_INSIDE for e in [el, *el.iterancestors()]):
        return False
    text = element_text(el)
    if not STANDFIRST_MIN_CHARS <= len(text) <= STANDFIRST_CHARS[1]:
        return False
    links = sum(len(text_content(a)) for a in el.iter("a"))
    return links < len(text) / 3 and bool(SENTENCE_END.search(text))


def _after_headline(h1: HtmlElement) -> list[HtmlElement]:
    """Lead-class elements in the window after the headline (see STANDFIRST_WINDOW)."""
    found: list[HtmlElement] = []
    before = 0
    for counted, el in enumerate(_following(h1)):
        if counted >= STANDFIRST_WINDOW or before > STANDFIRST_TEXT_BEFORE:
            break
        if not isinstance(el.tag, str) or el.tag in NOT_COUNTED:
            continue
        if _is_lead_class(el):
            found.append(el)
        elif el.tag == "p" and len(element_text(el)) >= BODY_PARAGRAPH_CHARS:
            break  # the body has begun
        before += len((el.text or "").strip())
    return found


def _following(el: HtmlElement) -> Iterator[HtmlElement]:
    """Elements after ``el`` in document order (not inside it); script and style
    contents are not walked."""
    for start in [el, *el.iterancestors()]:
        for sib in start.itersiblings():
            yield sib
            if sib.tag not in NOT_COUNTED:
                yield from sib.iterdescendants()
