"""Remove site chrome inside the article node, with generic rules only.

In order: structural chrome (scripts, forms, navigation...), the H1 title, elements
whose class/id tokens name chrome, headings that introduce chrome lists (with the list),
short boxes whose whole text is a chrome phrase, link-heavy boxes, the blocks the text
oracle (see :mod:`.locate`) did not keep, byline/date lines that repeat the metadata,
and finally elements left empty. Every rule spares what the oracle says is article text,
except the structural ones.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..model import Metadata
from ..profiles import SiteProfile
from .locate import ORACLE_ATTR

# Never article text, whatever the oracle says.
STRUCTURAL = frozenset(
    "script style noscript template nav aside form button input select textarea iframe"
    " object embed svg canvas dialog menu".split()
)

# class/id tokens (split on non-letters and camelCase) that name chrome.
CHROME_TOKENS = frozenset(
    """related recommend recommended recommendation recommendations share shares sharing
    social sns newsletter subscribe subscription signup promo promotion advert adverts
    advertisement advertising ad ads adsense adslot dfp gpt sponsor sponsored banner
    comment comments disqus ranking rankings ranking popular trending mostread ticker
    breadcrumb breadcrumbs pagination pager paging nextpage prevnext outbrain taboola
    toolbar tools print modal popup cookie cookies widget sidebar footer copyright
    readmore readnext more-stories teaser teasers""".split()
)
_CLASS_SPLIT = re.compile(r"[^a-zA-Z]+|(?<=[a-z])(?=[A-Z])")

# A chrome-named element holding more than this share of the node's text is a wrapper.
CHROME_CLASS_SHARE = 0.3

# Headings that introduce a list of links or other chrome, English and Japanese.
CHROME_HEADING = re.compile(
    r"^\W*(related|more (from|on|in|stories|news|to read)|more\W*$|most (read|popular|viewed)"
    r"|read (more|next|also)|also (read|on|see)|see also|recommended|popular|trending"
    r"|you (may|might) (also )?(like|enjoy|be interested)|don'?t miss|what to read next"
    r"|top stories|latest( news)?|newsletter|sign up|share|comments?|advertisement|sponsored"
    r"|関連|あわせて読みたい|合わせて読みたい|おすすめ|人気|ランキング|ニュース速報|最新|注目"
    r"|こちらも|この記事を読んだ人|次のページ|シェア|コメント|広告|PR\b)",
    re.I,
)
CHROME_HEADING_MAX = 50  # characters: a longer line is text, not a box title
LEAD_IN_TAGS = frozenset("h2 h3 h4 h5 h6 p div strong b span".split())

# A short box whose whole text is one of these phrases is chrome.
CHROME_TEXT = re.compile(
    r"^\W*(advertisement|advertising|sponsored( content)?|share( this( article| story)?)?"
    r"|tweet|email|print|subscribe|sign up|read more|continue reading|next page|previous page"
    r"|all rights reserved|(copyright|©)\s.*|.*\ball rights reserved\b.*"
    r"|広告|スポンサーリンク|シェア(する)?|ツイート|印刷|次のページ|前のページ|続きを読む"
    r"|記事を読む|無断転載.*|.*無断転載(を)?禁(じます|止).*"
    r"|comments?|tell us what you think.*|thanks for signing up.*|like this story\?.*"
    r"|click here to (get|download|subscribe).*|get .{0,40} on the go.*)\W*$",
    re.I | re.S,
)
# A short box that asks the reader to subscribe is a newsletter/promo box.
CHROME_PROMO = re.compile(
    r"\b(subscribe|sign up|signing up|newsletters?)\b.*\b(inbox|newsletters?|subscription"
    r"|delivered|free)\b|メール(マガジン|配信)|ニュースレター|会員登録",
    re.I | re.S,
)
CHROME_PROMO_MAX = 250  # characters
CHROME_TEXT_MAX = 80  # characters: longer boxes are never judged by their phrase

# Share of a box's text inside links above which a box (list, div...) is navigation.
LINK_DENSITY = 0.5
LINK_BOX_TAGS = frozenset("div section ul ol dl table p span".split())

HEADINGS = frozenset("h2 h3 h4 h5 h6".split())
KEEP_EMPTY = frozenset("img figure picture source br hr td th tr video audio".split())


def clean(node: HtmlElement, meta: Metadata, profile: SiteProfile | None) -> None:
    """Remove chrome from ``node`` in place (the caller's copy)."""
    _drop_all(el for el in node.iter() if el.tag in STRUCTURAL or not isinstance(el.tag, str))
    _drop_all(node.iter("h1"))
    if profile and profile.remove:
        for selector in profile.remove:
            _drop_all(node.cssselect(selector))
    total = len(_text(node))
    _drop_all(el for el in node.iter() if _has_chrome_class(el) and not _holds_article(el, total))
    _drop_chrome_headings(node)
    _drop_all(el for el in node.iter() if _is_chrome_text(el))
    _drop_all(el for el in node.iter() if _is_link_box(el) and not _mostly_kept(el))
    _drop_unkept(node)
    _drop_empty(node)
    for el in node.iter():
        if isinstance(el.tag, str):
            el.attrib.pop(ORACLE_ATTR, None)


def _drop_all(elements: object) -> None:
    for el in list(elements):  # type: ignore[call-overload]
        if el.getparent() is not None:
            el.drop_tree()


def _class_tokens(el: HtmlElement) -> set[str]:
    raw = f"{el.get('class', '')} {el.get('id', '')}"
    return {t.lower() for t in _CLASS_SPLIT.split(raw) if t}


def _has_chrome_class(el: HtmlElement) -> bool:
    return isinstance(el.tag, str) and bool(_class_tokens(el) & CHROME_TOKENS)


def _holds_article(el: HtmlElement, total: int) -> bool:
    """A chrome-named element is spared when it holds much of the node's text (a
    wrapper misnamed ``content-share``) and the oracle kept most of it."""
    return len(_text(el)) > CHROME_CLASS_SHARE * total and _mostly_kept(el)


def _oracle_counts(el: HtmlElement) -> tuple[int, int]:
    kept = dropped = 0
    for sub in el.iter():
        if not isinstance(sub.tag, str):
            continue
        verdict = sub.get(ORACLE_ATTR)
        if verdict == "1":
            kept += 1
        elif verdict == "0":
            dropped += 1
    return kept, dropped


def _mostly_kept(el: HtmlElement) -> bool:
    kept, dropped = _oracle_counts(el)
    return kept > dropped


def _text(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _drop_chrome_headings(node: HtmlElement) -> None:
    """A short line naming chrome ("Related", "関連記事") goes, with the link lists or
    unkept boxes after it, up to the next heading or kept paragraph."""
    for heading in list(node.iter(*LEAD_IN_TAGS)):
        if heading.getparent() is None:
            continue
        text = _text(heading)
        if not text or len(text) > CHROME_HEADING_MAX or not CHROME_HEADING.match(text):
            continue
        if heading.tag not in HEADINGS and heading.find(".//p") is not None:
            continue
        doomed = [heading]
        for sib in heading.itersiblings():
            if sib.tag in HEADINGS or not (_is_link_box(sib) or not _mostly_kept(sib)):
                break
            doomed.append(sib)
        _drop_all(doomed)


def _is_chrome_text(el: HtmlElement) -> bool:
    if not isinstance(el.tag, str) or el.tag in {"html", "body"}:
        return False
    text = _text(el)
    if 0 < len(text) <= CHROME_TEXT_MAX and CHROME_TEXT.match(text):
        return True
    return 0 < len(text) <= CHROME_PROMO_MAX and bool(CHROME_PROMO.search(text))


def _is_link_box(el: HtmlElement) -> bool:
    if el.tag not in LINK_BOX_TAGS:
        return False
    text = _text(el)
    if not text:
        return False
    linked = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
    return linked > LINK_DENSITY * len(text)


def _drop_unkept(node: HtmlElement) -> None:
    """Blocks the oracle did not keep go when it kept anything at all."""
    if not any(el.get(ORACLE_ATTR) == "1" for el in node.iter() if isinstance(el.tag, str)):
        return
    for el in list(node.iter()):
        if el.get(ORACLE_ATTR) != "0" or el.getparent() is None:
            continue
        if any(sub.get(ORACLE_ATTR) == "1" for sub in el.iterdescendants()):
            _strip_own_text(el)
        else:
            el.drop_tree()


def _strip_own_text(el: HtmlElement) -> None:
    """Remove the text ``el`` holds itself (and through inline children), keep blocks."""
    el.text = None
    for child in el:
        child.tail = None


def _drop_empty(node: HtmlElement) -> None:
    for el in reversed(list(node.iterdescendants())):
        if not isinstance(el.tag, str) or el.tag in KEEP_EMPTY:
            continue
        if len(el) == 0 and not (el.text or "").strip():
            el.drop_tree()
