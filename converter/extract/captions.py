"""Where an image's caption is, and what it says: the markup side of figures.

One public function, :func:`find_block`: for an ``<img>`` it returns the element to
replace by the canonical figure (the image's own wrapper: ``<figure>``, a photo
``<div>``, a link around the image…), the caption text and the credit. The text side
(splitting ``…＝ＡＰ``) is :mod:`.credits`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from .credits import split_credit

# Class names of caption elements: "cap", "caption", "wp-caption-text", "thumb-caption",
# "photo_cap", "legend"; credit-only elements: "credit", "copyright".
CAPTION_CLASS = re.compile(r"caption|(?:^|[-_\s])(?:cap|legend|credit|copyright)(?:$|[-_\s])", re.I)
# Class names of credit elements inside a caption (they win over text patterns).
CREDIT_CLASS = re.compile(
    r"credit|copyright|photographer|byline|(?:^|[-_\s])source(?:$|[-_\s])", re.I
)
# Tags that are a credit when they sit inside a caption.
CREDIT_TAGS = ("small", "cite")
# Class names of a photo block whose text line is the caption: div.photo, div.image…
PHOTO_CLASS = re.compile(
    r"(?:^|[-_\s])(?:photo|image|img|pic|picture|figure|thumb)s?(?:$|[-_\s])", re.I
)
# A caption is a line, not an article: longer "captions" are body text (characters).
CAPTION_MAX = 400
# A credit standing alone before/after a <br> in a caption: at most this many
# characters and words ("The Yomiuri Shimbun").
BR_CREDIT_MAX_CHARS, BR_CREDIT_MAX_WORDS = 40, 6
# Containers the search never climbs out of.
STOP_TAGS = {"body", "html", "article", "main", "section", "td", "th", "li", "blockquote"}
_SPACE = re.compile(r"[ \t\r\n\u00a0]+")
_CJK = "\u3000-\u30ff\u3400-\u9fff\uff00-\uffef"
_CJK_LINE_BREAK = re.compile(rf"(?<=[{_CJK}])\s*\n\s*(?=[{_CJK}])")


@dataclass
class Block:
    """What :func:`find_block` found for one image."""

    wrapper: HtmlElement  # replace this by the canonical figure
    caption_el: HtmlElement | None  # remove this too (None, or inside ``wrapper``)
    caption: str | None
    credit: str | None


def squash(text: str) -> str:
    """Collapse whitespace; a line break between two CJK characters disappears."""
    if "\n" in text and not text.isascii():  # speed: the rule needs a line break, and CJK
        text = _CJK_LINE_BREAK.sub("", text)
    return _SPACE.sub(" ", text).strip(" \u3000")


def fold_like_re_i(text: str) -> str:
    """``text`` lower-cased so that a plain substring search of an ASCII word finds
    at least what a case-insensitive (re.I) regex of it finds. Lower-casing folds what
    re.I folds, but for three characters it matches to ASCII letters: "ı" and "İ"
    (lower-cased to "i" and a combining dot) to "i", "ſ" to "s"."""
    low = text.lower()
    if "ı" in low or "ſ" in low or "\u0307" in low:
        low = low.replace("ı", "i").replace("ſ", "s").replace("i\u0307", "i")
    return low


def text_content(el: HtmlElement) -> str:
    """``el.text_content()``, at a fraction of the cost. Speed: a childless element's
    text is its ``.text``; else lxml's text-only serialisation of the element is the
    same string (both are libxml2's content of the node) without text_content()'s XPath
    evaluation."""
    if not len(el):
        return el.text or ""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def _classes(el: HtmlElement) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def element_text(el: HtmlElement) -> str:
    """The text of ``el`` as the reader sees it, whitespace squashed."""
    return squash(text_content(el))


def _is_empty(el: HtmlElement) -> bool:
    return not element_text(el) and not any(True for _ in el.iter("img"))


def _is_caption(el: HtmlElement) -> bool:
    if el.tag == "figcaption" or (
        el.tag in ("p", "div", "span", "small") and CAPTION_CLASS.search(_classes(el))
    ):
        text = element_text(el)
        return 0 < len(text) <= CAPTION_MAX and not any(True for _ in el.iter("img"))
    return False


def _caption_in(el: HtmlElement) -> HtmlElement | None:
    """``el`` if it is a caption, or the one caption inside it that is all its text."""
    if _is_caption(el):
        return el
    if any(True for _ in el.iter("img")):
        return None
    inner = [d for d in el.iterdescendants() if isinstance(d.tag, str) and _is_caption(d)]
    if len(inner) == 1 and element_text(inner[0]) == element_text(el):
        return inner[0]
    return None


def _next_sibling(el: HtmlElement) -> HtmlElement | None:
    sib = el.getnext()
    while sib is not None and (not isinstance(sib.tag, str) or sib.tag == "br" or _is_empty(sib)):
        if (el.tail or "").strip() or (isinstance(sib.tag, str) and (sib.tail or "").strip()):
            return None
        sib = sib.getnext()
    return None if (el.tail or "").strip() else sib


def _other_content(
    parent: HtmlElement, keep: tuple[HtmlElement, ...], img: HtmlElement
) -> tuple[str, bool]:
    """Text of ``parent`` outside ``keep``, and whether it holds another image.

    Speed: read from ``parent`` child by child instead of from a copy with ``keep``
    dropped (which left their tails in place): the same text, without the copy."""
    pieces = [parent.text or ""]
    other_img = parent.tag == "img"
    for child in parent:
        if isinstance(child.tag, str) and not any(child is k for k in keep):
            pieces.append(text_content(child))
            other_img = other_img or any(True for _ in child.iter("img"))
        pieces.append(child.tail or "")
    return squash("".join(pieces)), other_img


def _split_element(el: HtmlElement, credit_only: bool) -> tuple[str | None, str | None]:
    """Caption and credit from a caption element (credit markup first, then text)."""
    clone = copy.deepcopy(el)
    _drop_repeats(clone)
    for node in clone.iterdescendants():
        if isinstance(node.tag, str) and (
            node.tag in CREDIT_TAGS or CREDIT_CLASS.search(_classes(node))
        ):
            credit = element_text(node)
            node.drop_tree()
            label_free = split_credit(credit)
            credit = label_free[1] if label_free[0] is None and label_free[1] else credit
            return squash(text_content(clone)) or None, credit or None
    br_split = _split_at_br(clone)
    if br_split:
        return br_split
    text = element_text(clone)
    if credit_only or CREDIT_CLASS.search(_classes(el)):
        return None, split_credit(text)[1] or text or None
    return split_credit(text)


def _drop_repeats(el: HtmlElement) -> None:
    """Of two blocks saying the same (a full and a truncated copy of the caption, shown
    by turns with CSS), the shorter goes."""
    seen: list[tuple[str, HtmlElement]] = []
    for block in list(el.iterdescendants(*_CAPTION_BLOCKS)):
        if next(block.iterdescendants(*_CAPTION_BLOCKS), None) is not None:
            continue  # only innermost blocks: an outer one holds the inner's text
        text = element_text(block)
        if not text:
            continue
        twin = next((pair for pair in seen if _same_caption(pair[0], text)), None)
        if twin is None:
            seen.append((text, block))
        elif len(text) > len(twin[0]):
            twin[1].drop_tree()
            seen[seen.index(twin)] = (text, block)
        else:
            block.drop_tree()


def _same_caption(a: str, b: str) -> bool:
    """``a`` and ``b`` are one caption, one of them perhaps cut short (``…``)."""
    short, long = sorted((a.rstrip(".…"), b.rstrip(".…")), key=len)
    return short == long or (len(short) >= REPEAT_MIN_CHARS and long.startswith(short))


REPEAT_MIN_CHARS = 20  # a shorter line may start a caption without repeating it
# Elements of a caption that may repeat one another.
_CAPTION_BLOCKS = ("p", "div")


def _split_at_br(el: HtmlElement) -> tuple[str | None, str | None] | None:
    """``<span>The Yomiuri Shimbun</span><br>Caption…``: a short element on its own
    line, before or after the caption, is the credit."""
    if len(el.findall("br")) != 1:
        return None
    children = [c for c in el if isinstance(c.tag, str)]
    br = el.find("br")
    for cand in (children[0], children[-1]):
        if cand.tag not in ("span", "em", "i", "b", "strong"):
            continue
        at_start = cand is children[0] and not (el.text or "").strip() and cand.getnext() is br
        at_end = cand is children[-1] and cand.getprevious() is br and not (cand.tail or "").strip()
        credit = element_text(cand)
        if not (at_start or at_end) or not credit:
            continue
        if len(credit) > BR_CREDIT_MAX_CHARS or len(credit.split()) > BR_CREDIT_MAX_WORDS:
            continue
        if re.search(r"[.。!?！？]$", credit):
            continue
        clone = copy.deepcopy(el)
        clone[children.index(cand)].drop_tree()
        rest = element_text(clone)
        if len(rest) > len(credit):
            return rest, credit
    return None


def find_block(img: HtmlElement, root: HtmlElement) -> Block:
    """The wrapper, caption element, caption and credit of ``img`` inside ``root``."""
    cur, caption_el, photo_block = img, None, None
    while cur is not root and cur.getparent() is not None and cur.tag not in STOP_TAGS:
        sib = _next_sibling(cur)
        found = _caption_in(sib) if sib is not None else None
        if found is not None:
            caption_el = found
            break
        if cur.tag == "figure":  # its own text (outside the image) is the caption
            photo_block = cur if _other_content(cur, (img,), img)[0] else None
            break
        parent = cur.getparent()
        if parent is root or parent.tag in STOP_TAGS:
            break
        text, other_img = _other_content(parent, (cur,), img)
        if other_img:
            break
        if text:
            inner = [
                d for d in parent.iterdescendants() if isinstance(d.tag, str) and _is_caption(d)
            ]
            inner = [d for d in inner if cur not in d.iterancestors() and d is not cur]
            is_photo_block = (
                PHOTO_CLASS.search(_classes(parent))
                and len(text) <= CAPTION_MAX
                and not parent.xpath(".//p[2]|.//h2|.//h3|.//h4|.//ul|.//ol|.//table")
            )
            if inner and (element_text(inner[0]) == text or not is_photo_block):
                caption_el, cur = inner[0], parent
            elif is_photo_block:  # its text line (credit markup inside it wins)
                photo_block, cur = parent, parent
            break
        cur = parent
    wrapper = _widen(cur, caption_el, root)
    caption, credit = None, None
    if caption_el is not None:
        caption, credit = _split_element(caption_el, credit_only=False)
    elif photo_block is not None:
        clone = copy.deepcopy(photo_block)
        for i in clone.iter("img", "picture"):
            if i.getparent() is not None:
                i.drop_tree()
        caption, credit = _split_element(clone, credit_only=False)
    return Block(wrapper=wrapper, caption_el=caption_el, caption=caption, credit=credit)


def _widen(cur: HtmlElement, caption_el: HtmlElement | None, root: HtmlElement) -> HtmlElement:
    """Grow the wrapper while its parent holds nothing but it and the caption."""
    while True:
        parent = cur.getparent()
        if parent is None or parent is root or parent.tag in STOP_TAGS:
            return cur
        keep: tuple[HtmlElement, ...] = (cur,)
        if caption_el is not None:
            holder = caption_el
            while holder.getparent() is not None and holder.getparent() is not parent:
                holder = holder.getparent()
            if holder.getparent() is parent:
                keep = (cur, holder)
        text, other_img = _other_content(parent, keep, cur)
        # A link around the image is the image's own, whatever label it adds
        # ("この記事の画像を見る(2枚)", "View gallery"): it goes with the image.
        if other_img or (text and parent.tag != "a"):
            return cur
        cur = parent
