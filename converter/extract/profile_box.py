"""Read one author box: name, reading, role, bio, links -> :class:`Author`.

One public function, :func:`parse_box`. The box is a list of sibling elements (a
container, or a ``プロフィール`` heading and what follows it); it is only read.
"""

from __future__ import annotations

import copy
import re
from urllib.parse import urljoin

import lxml.html
from lxml.html import HtmlElement

from ..model import Author
from .breaks import split_at_breaks
from .captions import element_text, squash, text_content

# The headings that announce an author box (compared without spaces, case-folded).
PROFILE_LABELS = (
    "プロフィール",
    "著者プロフィール",
    "筆者プロフィール",
    "執筆者プロフィール",
    "筆者紹介",
    "著者紹介",
    "執筆者紹介",
    "筆者略歴",
    "著者略歴",
    "abouttheauthor",
    "abouttheauthors",
    "aboutthecolumnist",
    "aboutthewriter",
    "abouttheauthor:",
)
# Markup naming the parts of a box (class, id or itemprop).
NAME_MARK = re.compile(r"(?:^|[-_\s])(?:name|author-?name|authorName|fn)(?:$|[-_\s])", re.I)
READING_MARK = re.compile(r"reading|kana|furigana|yomi|ruby", re.I)
ROLE_MARK = re.compile(
    r"(?:^|[-_\s])(?:role|job|jobTitle|position|title|post|affiliation)(?:$|[-_\s])", re.I
)
# A kana reading in parentheses after a name: 冷泉彰彦（れいぜい・あきひこ）.
KANA = r"[\u3040-\u30ff・･\s\u3000ー]+"
NAME_WITH_PAREN = re.compile(r"^(?P<name>[^（(]+?)\s*[（(](?P<paren>[^）)]+)[）)]\s*(?P<rest>.*)$")
# A name is a short line: longer "names" are sentences (characters).
NAME_MAX = 40
# A role is a short line without a sentence end (characters).
ROLE_MAX = 40
_SENTENCE_END = re.compile(r"[。.!?！？]$")
# A link text up to this long is a label ("X", "HP", "@name"), not bio (characters).
LINK_LABEL_MAX = 40
# A paragraph with links and at most this much other text is a links line (characters).
LINK_LINE_MAX = 40
# Links that are not the author's: scripts, anchors, share buttons.
_SKIP_LINK = re.compile(r"^(?:javascript:|#)|/(?:share|intent/tweet|sharer)", re.I)


_LABEL_KEYS = frozenset(label.replace(":", "") for label in PROFILE_LABELS)


def is_profile_label(text: str) -> bool:
    key = re.sub(r"[\s\u3000:：]+", "", text).casefold()
    return key in _LABEL_KEYS  # a set built once (this runs on most page elements)


def _marks(el: HtmlElement) -> str:
    return " ".join(el.get(a, "") for a in ("class", "id", "itemprop"))


def parse_box(parts: list[HtmlElement], base_url: str | None) -> Author | None:
    """The author described by ``parts`` (read only), or None without a name."""
    box = lxml.html.Element("div")
    for part in parts:
        clone = copy.deepcopy(part)
        clone.tail = None
        box.append(clone)
    split_at_breaks(box, min_run=1)  # "role<br>bio": a line each, not glued together
    for el in list(box.iter()):
        if isinstance(el.tag, str) and el is not box and is_profile_label(element_text(el)):
            el.drop_tree()  # the "プロフィール" label itself
    links = _links(box, base_url)
    reading = _take_reading(box)
    name_el = _name_element(box)
    if name_el is None:
        return None
    name, paren_reading, role = _split_name(element_text(name_el))
    name_el.drop_tree()
    if not name or len(name) > NAME_MAX:
        return None
    role = role or _take_role(box)
    bio = _bio(box)
    if not (reading or paren_reading or role or bio):
        return None  # a name (and links) is a byline or a menu, not a profile box
    return Author(
        name=name, reading=reading or paren_reading, role=role, bio=bio or None, links=links
    )


def _links(box: HtmlElement, base_url: str | None) -> tuple[str, ...]:
    out: list[str] = []
    for a in box.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or _SKIP_LINK.search(href):
            continue
        if not href.startswith("mailto:"):
            href = urljoin(base_url, href) if base_url else href
            if not href.startswith(("http://", "https://")):
                continue
        if href not in out:
            out.append(href)
    return tuple(out)


def _take_reading(box: HtmlElement) -> str | None:
    for el in box.iter():
        if isinstance(el.tag, str) and el.tag != "ruby" and READING_MARK.search(_marks(el)):
            text = element_text(el).strip("（）() ")
            el.drop_tree()
            return text or None
    ruby = next(box.iter("ruby"), None)
    if ruby is not None:
        reading = "".join(squash(text_content(rt)) for rt in ruby.iter("rt"))
        for rt in list(ruby.iter("rt", "rp")):
            rt.drop_tree()
        return reading or None
    return None


def _name_element(box: HtmlElement) -> HtmlElement | None:
    marked = [
        el
        for el in box.iter()
        if isinstance(el.tag, str)
        and el is not box
        and NAME_MARK.search(_marks(el))
        and element_text(el)
    ]
    heads = [
        el for el in box.iter("h2", "h3", "h4", "h5", "h6", "dt", "strong", "b") if element_text(el)
    ]
    rubies = [el for el in box.iter("ruby") if element_text(el)]
    for el in marked + heads[:1] + rubies + heads[1:]:
        if len(element_text(el)) <= NAME_MAX + 30:
            return el
    first = next(
        (el for el in box.iter("p", "div", "span") if element_text(el) and len(el) == 0), None
    )
    return first if first is not None and len(element_text(first)) <= NAME_MAX else None


def _split_name(text: str) -> tuple[str, str | None, str | None]:
    """``冷泉彰彦（れいぜい・あきひこ）`` → name, reading; ``山田太郎（経済評論家）`` → name,
    role; ``Jane Doe, Columnist`` / ``山田太郎／ジャーナリスト`` → name, role."""
    m = NAME_WITH_PAREN.match(text)
    if m:
        paren = m.group("paren").strip()
        if re.fullmatch(KANA, paren):
            return m.group("name").strip(), paren, m.group("rest").strip(" /／|｜、,") or None
        return m.group("name").strip(), None, paren
    for sep in ("／", " / ", "|", "｜", ", "):
        if sep in text:
            name, role = text.split(sep, 1)
            if name.strip() and len(role) <= ROLE_MAX:
                return name.strip(), None, role.strip() or None
    return text, None, None


def _take_role(box: HtmlElement) -> str | None:
    for el in box.iter():
        if isinstance(el.tag, str) and el is not box and ROLE_MARK.search(_marks(el)):
            text = element_text(el)
            if text and len(text) <= ROLE_MAX:
                el.drop_tree()
                return text
    for el in box.iter("p", "div", "span", "dd", "em", "small"):
        if len(el) or el is box:
            continue
        text = element_text(el)
        if text:
            if len(text) <= ROLE_MAX and not _SENTENCE_END.search(text):
                el.drop_tree()
                return text
            return None
    return None


def _bio(box: HtmlElement) -> str:
    """The box's remaining paragraphs; a paragraph of links and their labels
    ("E-mail：…", "X：@…") is not bio."""
    with_links = {el for el in box.iter("p", "dd", "div") if next(el.iter("a"), None) is not None}
    for el in list(box.iter("a")):  # link labels ("Twitter", "HP") are not bio text
        if len(element_text(el)) <= LINK_LABEL_MAX and el.getparent() is not None:
            el.drop_tree()
    paragraphs = [
        element_text(p)
        for p in box.iter("p", "dd")
        if element_text(p) and not (p in with_links and len(element_text(p)) <= LINK_LINE_MAX)
    ]
    if paragraphs:
        return "\n\n".join(paragraphs)
    return element_text(box) if len(element_text(box)) > LINK_LINE_MAX else ""
