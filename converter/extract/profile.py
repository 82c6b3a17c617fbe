"""The author profile box (プロフィール, "About the author"): read, and removed from the body.

Boxes are found by markup (``#authorProfile``, ``.profile``, ``.author-box``,
``.author-bio``, ``[itemtype*=Person]``…) or by a heading that announces them
(``プロフィール``, ``筆者紹介``, ``About the author``…). They are read from the page
``tree`` (the box may sit outside the article node) and, when the same box is inside the
article node, removed there: the same rules are run on the node, which is a copy of a
part of the tree, so they find the same elements.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from ..model import Author
from .captions import element_text, text_content
from .profile_box import PROFILE_LABELS, is_profile_label, parse_box

# Class/id words of author boxes. Matched against each class token (and the id),
# lower-cased with "_" as "-", at the token's end: "author-box", "c-author-bio",
# "authorProfile" match; BEM parts such as "profile__name" do not.
BOX_TOKEN = re.compile(
    r"(?:^|-)(?:author-?profile|profile|author-?box|author-?bio|about-?(?:the-?)?author|"
    r"writer-?profile|columnist-?profile|profile-?box|bio-?box|author-?card)$"
)
# More boxes than this on a page are a directory of writers, not this article's authors.
MAX_BOXES = 3
# schema.org Person containers.
PERSON_TYPE = "Person"
# A box is a box, not a page region: at most this many characters of text.
BOX_MAX_CHARS = 2000
# Ancestors in which a "profile" is site chrome (account menus), never an author box.
CHROME_ANCESTORS = {"nav", "form", "button"}
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6", "dt", "p", "div", "span", "strong")


def take_profile(
    tree: HtmlElement,
    node: HtmlElement,
    base_url: str | None,
    selectors: tuple[str, ...] = (),
) -> tuple[Author, ...]:
    """Read author profiles from the page ``tree`` (read-only); remove any profile box
    from ``node`` (the caller's copy of the article node). A site profile's
    ``selectors`` name the boxes; without them, boxes are found generically."""
    authors: list[Author] = []
    boxes = _selected(tree, selectors) if selectors else []
    boxes = boxes or find_boxes(tree)
    if (
        not selectors and len(boxes) > MAX_BOXES
    ):  # a list of columnists somewhere on the page: only the
        boxes = find_boxes(node)  # boxes inside the article are about its authors
    for parts in boxes:
        author = parse_box(parts, base_url)
        if author is not None and all(a.name != author.name for a in authors):
            authors.append(author)
    if authors:
        names = {a.name for a in authors}
        for parts in _selected(node, selectors) + find_boxes(node):
            found = parse_box(parts, base_url)
            if found is not None and found.name in names:
                for el in parts:
                    if el.getparent() is not None:
                        el.drop_tree()
    return tuple(authors)


def _selected(root: HtmlElement, selectors: tuple[str, ...]) -> list[list[HtmlElement]]:
    """The boxes a site profile's CSS selectors name under ``root``."""
    found: list[list[HtmlElement]] = []
    for selector in selectors:
        try:
            found.extend([el] for el in root.cssselect(selector))
        except (ValueError, SyntaxError):
            continue
    return found


def find_boxes(root: HtmlElement) -> list[list[HtmlElement]]:
    """Author boxes under ``root``, each as a list of sibling elements, in page order."""
    candidates: list[list[HtmlElement]] = []
    plain = next(root.iter(etree.Entity), None) is None  # see _may_be_label
    # Speed: lxml filters out comments and PIs in C; the cheap attribute test below is
    # inlined (a function call per element cost more than the test).
    for el in root.iterdescendants(etree.Element):
        cls, ident, itemtype = el.get("class"), el.get("id"), el.get("itemtype")
        if (
            ((cls or ident) and _has_hint(f"{cls or ''} {ident or ''}".lower()))
            or (itemtype and PERSON_TYPE in itemtype)
        ) and _is_marked_box(el):
            candidates.append([el])
        elif len(el) <= 1 and el.tag in _HEADING_TAGS and _may_be_label(el, plain):
            box = _box_of_label(el, root)
            if box:
                candidates.append(box)
    return _outermost(candidates)


# Performance (bench/profile.py: find_boxes was ~20 % of a page's conversion): a label
# is at most LABEL_MAX_KEY characters once spaces and colons are gone, so longer texts
# are rejected before the regex work; and a class/id without any of BOX_HINTS cannot
# match BOX_TOKEN (every alternative contains one of them). Same results, measured on
# the corpus and the samples.
LABEL_MAX_KEY = max(len(label.replace(":", "")) for label in PROFILE_LABELS)
BOX_HINTS = ("profile", "author", "bio")
_HEADING_TAGS = frozenset(_HEADINGS)
# What a label's key drops (str.split() whitespace, as the regex \s of is_profile_label,
# and colons), and the characters a key can start with: a label's text, once these are
# stripped from its start, begins with a character whose case-folding starts so.
_KEY_SKIP = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + ":："  # to U+3000
_LABEL_STARTS = frozenset(label[0].casefold() for label in PROFILE_LABELS)


def _has_hint(marks: str) -> bool:
    """Any of BOX_HINTS in the lower-cased "class id". Speed: plain substring searches
    in a loop (no generator, as any() would need) cost a sixth of one search of a
    regex alternation of the hints."""
    for hint in BOX_HINTS:
        if hint in marks:
            break
    else:
        return False
    return True


def _key_chars(text: str) -> int:
    return len("".join(text.split()).replace(":", "").replace("：", ""))


def _may_be_label(el: HtmlElement, plain: bool = False) -> bool:
    """Whether ``el``'s text (its itertext() pieces joined) is a profile label.
    ``plain``: the tree holds no entity nodes (the HTML parser makes none), whose
    text itertext() reads but text_content() does not; the two texts are then the same,
    and text_content() is read in C (speed: ~2x faster than walking the pieces)."""
    # Speed: most texts fail on their first character, most of them on the element's
    # own first one, looked at before the whole text is read.
    own = el.text
    if own:
        rest = _skip_key_spaces(own)
        if rest and rest[0].casefold()[:1] not in _LABEL_STARTS:
            return False
    text = text_content(el) if plain else "".join(el.itertext())
    rest = _skip_key_spaces(text)
    if not rest or rest[0].casefold()[:1] not in _LABEL_STARTS:
        return False
    # A long text is judged by a prefix first. The raw text is then judged as is: the
    # label test drops all spaces itself, so squashing them first changes nothing.
    if len(text) > LABEL_MAX_KEY and _key_chars(text[:64]) > LABEL_MAX_KEY:
        return False
    return 0 < _key_chars(text) <= LABEL_MAX_KEY and is_profile_label(text)


def _skip_key_spaces(text: str) -> str:
    """``text.lstrip(_KEY_SKIP)``. Speed: lstrip() without arguments drops the same
    spaces (every str.isspace() character is in _KEY_SKIP) ~10x faster than with a set
    of thirty characters; only a text that then starts with a colon needs the set."""
    rest = text.lstrip()
    return rest.lstrip(_KEY_SKIP) if rest[:1] in _COLONS else rest


_COLONS = (":", "：")


def _is_marked_box(el: HtmlElement) -> bool:
    if not (el.get("class") or el.get("id") or el.get("itemtype")):
        return False  # speed: most elements carry none of the marks
    marks = f"{el.get('class', '')} {el.get('id', '')}".lower()
    if not any(h in marks for h in BOX_HINTS) and PERSON_TYPE not in el.get("itemtype", ""):
        return False
    tokens = marks.replace("_", "-").split()
    marked = any(BOX_TOKEN.search(t) for t in tokens) or (
        PERSON_TYPE in el.get("itemtype", "") and el.get("itemprop", "author") == "author"
    )
    if not marked or el.tag in ("body", "html", "a", "img", "span"):
        return False
    if any(a.tag in CHROME_ANCESTORS for a in el.iterancestors()):
        return False
    return 0 < len(element_text(el)) <= BOX_MAX_CHARS


def _box_of_label(label: HtmlElement, root: HtmlElement) -> list[HtmlElement]:
    """The box a ``プロフィール`` heading announces: its parent when that is small, else
    the heading and its following siblings up to the next heading."""
    parent = label.getparent()
    if (
        parent is not None
        and parent is not root
        and parent.tag not in ("body", "article", "main")
        and len(element_text(label)) < len(element_text(parent)) <= BOX_MAX_CHARS
    ):
        return [parent]
    parts = [label]
    for sib in label.itersiblings():
        if not isinstance(sib.tag, str):
            continue
        if sib.tag in ("h1", "h2", "h3", "h4") and sib.tag <= label.tag:
            break
        if sib.tag in ("h1", "h2", "h3", "h4", "h5", "h6") and sib.tag == label.tag:
            break
        parts.append(sib)
        if sum(len(element_text(p)) for p in parts) > BOX_MAX_CHARS:
            parts.pop()
            break
    return parts if len(parts) > 1 else []


def _outermost(candidates: list[list[HtmlElement]]) -> list[list[HtmlElement]]:
    """Nested candidates: the outer box, unless it holds several boxes (a list of
    authors), in which case the inner ones."""
    firsts = [c[0] for c in candidates]

    def inside(inner: HtmlElement, outer: HtmlElement) -> bool:
        return outer in inner.iterancestors()

    kept: list[list[HtmlElement]] = []
    for cand in candidates:
        outer = cand[0]
        inner = [f for f in firsts if inside(f, outer)]
        disjoint = [f for f in inner if not any(inside(f, g) for g in inner if g is not f)]
        if len(cand) == 1 and len(disjoint) >= 2:
            continue  # a wrapper of several boxes
        if any(inside(outer, k[0]) or any(outer is e for e in k) for k in kept):
            continue
        kept.append(cand)
    return kept
