"""Remove site chrome inside the article node, with generic rules only.

Before figures, :func:`drop_hidden` removes what the page hides from the reader
(``hidden``, ``display: none``, a ``hidden`` class). Then :func:`clean`, in order:

1. structural chrome (scripts, forms, navigation, asides...) and the H1 title;
2. a site profile's ``remove`` selectors; embedded social posts are marked as kept;
3. elements whose class/id tokens name chrome (``related``, ``share``, ``newsletter``,
   ``ad``...), unless what they hold is the article's text the oracle kept (see
   :func:`_holds_article_text`);
4. short lines naming chrome (``Related``, ``Most read``, ``関連記事``, ``次のページ``) with the
   link lists or unkept boxes after them;
5. short boxes whose whole text is a chrome phrase (``Advertisement``, ``シェア``, a
   copyright line, a byline word or a date-only line repeating the metadata), promo
   boxes (newsletter, paywall and subscription offers, "follow us on"), "Related:
   <link>" lines, a line that is one link in capitals (another story's headline), a
   box of ``rel=tag`` links;
6. link-heavy boxes the oracle did not keep, and pure link lists even when it did;
7. the blocks the text oracle (see :mod:`.locate`) did not keep;
8. elements left empty, and the oracle's marks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from ..model import Metadata
from ..profiles import SiteProfile
from ..profiles.select import remove_matches
from .captions import fold_like_re_i, text_content
from .locate import INLINE, ORACLE_ATTR, names

# Never article text, whatever the oracle says.
STRUCTURAL = names(
    "script style noscript template nav aside form button input select textarea iframe "
    "object svg canvas dialog menu"
)
# Empty elements the HTML parser wrongly nests the rest of the page into: unwrapped, so
# the article text after them survives (sanitising removes what is left of them).
UNWRAPPED = names("embed param source track")

# class/id tokens (split on non-letters and camelCase) that name chrome.
CHROME_TOKENS = names(
    "related recommend recommended recommendation recommendations share shares sharing "
    "social sns newsletter subscribe subscription signup promo promotion advert adverts "
    "advertisement advertising ad ads adsense adslot dfp gpt sponsor sponsored banner "
    "comment comments disqus ranking rankings popular trending mostread ticker "
    "breadcrumb breadcrumbs pagination pager paging nextpage prevnext outbrain taboola "
    "toolbar tools print modal popup cookie cookies widget sidebar footer copyright "
    "readmore readnext teaser teasers notification paywall upsell"
)
_CLASS_SPLIT = re.compile(r"[^a-zA-Z]+|(?<=[a-z])(?=[A-Z])")

# A chrome-named element holding more than this share of the node's text is a wrapper.
CHROME_CLASS_SHARE = 0.3
# ... and so is one that, with its siblings of the same tag and class, holds this share
# of the text the oracle kept, when that text is prose (under LINK_DENSITY in links):
# the article cut into "paywall" paragraphs or "container-widget" / "sidebar-grid"
# chunks. A box of related links the oracle kept is link text, and stays chrome.
CHROME_GROUP_KEPT_SHARE = 0.3
# A chrome-named element holding more than this share of the kept text wraps the
# article ("group widget"), whatever else it holds (the other rules take that).
CHROME_WRAPPER_KEPT_SHARE = 0.5
# A kept paragraph this long (characters), mostly outside links, is prose whatever its
# class says ("paywall": the text the page would hide from non-subscribers).
PROSE_MIN_CHARS = 200
# A chrome-named heading the oracle kept is the article's section heading when the
# first kept block after it is text (see _Measures.opens_kept_text), this many unkept
# blocks stepped over at most: a list of links has more items.
HEADING_SKIPS = 2

# "Read also" / "related" in other languages a curator meets (it, fr, de, es, pt, nl,
# zh, ko): headings and lead-ins of links to other stories.
READ_ALSO = (
    r"leggi anche|potrebbe interessarti|ti potrebbe interessare|articoli correlati"
    r"|(?:à )?lire aussi|voir aussi|sur le même sujet|articles liés"
    r"|lesen sie auch|mehr zum thema|das könnte sie auch interessieren|weitere artikel"
    r"|le[ea]r? también|ver también|te puede interesar|(?:noticias|artículos) relacionad[oa]s"
    r"|leia (?:também|mais)|veja também|notícias relacionadas"
    r"|lees ook|相关阅读|延伸阅读|相关新闻|관련\s?기사"
)
# Headings that introduce a list of links or other chrome, English and Japanese.
# The Latin-script labels are whole words ("Share", not "Shared prosperity"), and
# "Comments" stands alone (not French "Comment réagissent…"); the Japanese ones are
# prefixes (関連記事, 人気記事).
CHROME_HEADING = re.compile(
    r"^\W*((?:related|more (from|on|in|stories|news|to read)|more\W*$|most (read|popular|viewed)"
    r"|read (more|next|also)|also (read|on|see)|see also|recommended|popular|trending"
    r"|you (may|might) (also )?(like|enjoy|be interested)|don'?t miss|what to read next"
    r"|top stories|latest( news)?|newsletters?|sign up|share|advertisements?|sponsored)\b"
    r"|comments?\W*(\(\d+\))?\W*$"
    r"|関連|あわせて読みたい|合わせて読みたい|おすすめ|人気|ランキング|ニュース速報|最新|注目"
    r"|こちらも|この記事を読んだ人|次のページ|シェア|コメント|広告|PR\b"
    rf"|{READ_ALSO})",
    re.I,
)
CHROME_HEADING_MAX = 50  # characters: a longer line is text, not a box title
LEAD_IN_TAGS = names("h2 h3 h4 h5 h6 p div strong b span")

# A short box whose whole text is one of these phrases is chrome.
CHROME_TEXT = re.compile(
    r"^\W*(advertisement|advertising|sponsored( content)?|share( this( article| story)?)?"
    r"|tweet|email|print|subscribe|sign up|read more|continue reading|next page|previous page"
    r"|all rights reserved|(copyright|©)\s.*|.*\ball rights reserved\b.*"
    r"|広告|スポンサーリンク|シェア(する)?|ツイート|印刷|次のページ|前のページ|続きを読む"
    r"|記事を読む|無断転載.*|.*無断転載(を)?禁(じます|止).*"
    r"|comments?|tell us what you think.*|thanks for signing up.*|like this story\?.*"
    r"|click here to (get|download|subscribe).*|get .{0,40} on the go.*"
    r"|by|published|updated|posted|source:?|video|photos?"
    # a line holding only a date (and time): the dateline repeats the metadata
    r"|(published|updated|posted)?:?\s*(\w+\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}(st|nd|rd|th)?\s+\w+\.?\s+\d{4}"
    r"|\d{4}[-./年]\s*\d{1,2}[-./月]\s*\d{1,2}日?)"
    r"([\s,|·@]*(at\s*)?\d{1,2}[:：時]\d{2}分?(\s*[ap]\.?m\.?)?(\s*[A-Z]{2,4})?)?"
    # … and when it was updated: "(1月14日 01時40分更新)", "(updated 14:05)"
    r"(\s*[（(](updated:?\s*)?[\d年月日時分:：/.\s-]+(更新)?[)）])?"
    r"|[（(]?\d{1,2}[:：]\d{2}[)）]?)\W*$",
    re.I | re.S,
)
# A line that opens with one of these and is mostly links points elsewhere.
CHROME_LEAD_IN = re.compile(
    r"^\W*(related( articles?| stories| coverage)?|read more|read also|also read|see also|more"
    rf"|also|don'?t miss|関連記事|関連|あわせて読みたい|合わせて読みたい|{READ_ALSO})\s*[:：]",
    re.I,
)
# A short box that asks the reader to subscribe is a newsletter/promo box.
CHROME_PROMO = re.compile(
    r"\b(subscribe|sign up|signing up|newsletters?)\b.*\b(inbox|newsletters?|subscription"
    r"|delivered|free|magazine)\b|メール(マガジン|配信)|ニュースレター|会員登録"
    r"|\bfollow\b.{0,80}\bon (facebook|twitter|instagram|youtube|linkedin)\b"
    # paywall offers: "有料会員になると…", "already a subscriber?"
    r"|有料(?:会員|プラン)|会員限定(?:の)?(?:有料)?記事|読み放題|続きは(?:会員|有料)"
    r"|\balready a subscriber\b|\bsubscribers? only\b|\bsubscribe (?:now )?to (?:continue|read)\b"
    r"|\bto continue reading,? (?:please )?(?:subscribe|log ?in|sign in)\b"
    # magazine and subscription offers: "… delivered through your door every month"
    r"|\bdelivered (?:to|through) your (?:door|letterbox|inbox)\b|\b\d+ issues for\b"
    r"|\bfor as little as\b.{0,80}\b(?:a |per |first )?(?:year|month)\b",
    re.I | re.S,
)
CHROME_PROMO_MAX = 250  # characters
# Speed: every match of CHROME_PROMO holds one of these words (same flags), and most
# boxes hold none: looking for them rules CHROME_PROMO's slow search out (~4x).
PROMO_HINT_WORDS = (
    "subscri", "sign", "newsletter", "follow", "to continue reading", "delivered",
    "issues for", "for as little as", "メール", "ニュースレター", "会員", "有料", "読み放題",
    "続きは",
)  # fmt: skip
CHROME_PROMO_HINT = re.compile("|".join(PROMO_HINT_WORDS), re.I)
CHROME_TEXT_MAX = 80  # characters: longer boxes are never judged by their phrase

# Share of a box's text inside links above which a box (list, div...) is navigation.
LINK_DENSITY = 0.5
LINK_BOX_TAGS = names("div section ul ol dl table p span")

# A list of at least this many items with this share of link text is a link list.
LINK_LIST_MIN_ITEMS = 2
LINK_LIST_DENSITY = 0.9

HEADINGS = names("h2 h3 h4 h5 h6")
KEEP_EMPTY = names("img figure picture source br hr td th tr video audio")


# Marks of an element the reader never sees: the ``hidden`` attribute, an inline style
# hiding it, or a class token that frameworks use for it (exact tokens only: "hidden-xs"
# hides on small screens alone).
HIDDEN_CLASS_TOKENS = names("hidden is-hidden d-none hide")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def drop_hidden(node: HtmlElement) -> None:
    """Remove what the page hides from the reader (a gallery's thumbnail strip, a
    second copy of a caption). Runs before figures: a hidden image has no text for the
    oracle to judge, so only its markup tells."""
    # Speed: lxml leaves out comments and PIs in C.
    _drop_all(el for el in node.iterdescendants(etree.Element) if _is_hidden(el))


def _is_hidden(el: HtmlElement) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    cls = el.get("class")
    return bool(cls) and any(t in HIDDEN_CLASS_TOKENS for t in cls.lower().split())


def clean(node: HtmlElement, meta: Metadata, profile: SiteProfile | None) -> None:
    """Remove chrome from ``node`` in place (the caller's copy)."""
    for el in [el for el in node.iter(*UNWRAPPED) if el is not node]:
        el.drop_tag()
    _drop_all(el for el in node.iter() if not isinstance(el.tag, str) or el.tag in STRUCTURAL)
    _drop_all(node.iter("h1"))
    if profile and profile.remove:
        remove_matches(node, profile)
    drop_repeats(node, meta.title)
    _keep_embedded_posts(node)
    _unwrap_layout_tables(node)
    m = _Measures(node)
    chrome_marks: dict[str, bool] = {}  # speed: pages repeat their class names
    _drop_all(
        el
        for el in m.order
        if _has_chrome_class(el, chrome_marks) and not _holds_article_text(el, node, m)
    )
    _drop_chrome_headings(node, m)
    # Speed: most nodes hold no tag links, and then no box in them is a tag box (what
    # the rules find in boxes dropped above, outside the node now, changes nothing).
    tag_links = any(_is_tag_link(a) for a in node.iter("a"))
    _drop_all(
        el
        for el in m.order
        if _is_chrome_text(el, m) or _is_caps_link_line(el, m) or (tag_links and _is_tag_box(el, m))
    )
    _drop_all(el for el in m.order if _is_link_box(el, m) and not m.mostly_kept(el))
    _drop_all(el for el in m.order if _is_link_list(el, m) or _is_teaser_list(el, m))
    _drop_unkept(node)
    _drop_empty(node)
    for el in node.iter():
        if el.get(ORACLE_ATTR) is not None:  # speed: no attribute mapping per element
            del el.attrib[ORACLE_ATTR]


class _Measures:
    """Text length, link-text length and oracle verdict counts of every element of the
    node, measured once (bottom-up) before any rule drops anything."""

    def __init__(self, node: HtmlElement) -> None:
        self.order = list(node.iter())
        # Speed: the four tables as local names in the loop (no attribute look-ups).
        self.chars: dict[HtmlElement, int] = {}
        self.linked: dict[HtmlElement, int] = {}
        self.kept: dict[HtmlElement, int] = {}
        self.dropped: dict[HtmlElement, int] = {}
        self.kept_chars: dict[HtmlElement, int] = {}  # text of the kept blocks below
        self.dropped_chars: dict[HtmlElement, int] = {}  # ... and of the unkept ones
        self._index: dict[HtmlElement, int] | None = None
        self._groups: dict[tuple[Any, str | None], tuple[int, int]] | None = None
        chars_of, linked_of, kept_of, dropped_of = self.chars, self.linked, self.kept, self.dropped
        kept_chars_of, dropped_chars_of = self.kept_chars, self.dropped_chars
        for el in reversed(self.order):
            text = el.text
            chars = len(text.strip()) if text else 0
            linked = kept = dropped = kept_chars = dropped_chars = 0
            for child in el:
                tail = child.tail
                chars += chars_of[child] + (len(tail.strip()) if tail else 0)
                linked += linked_of[child]
                kept += kept_of[child]
                dropped += dropped_of[child]
                kept_chars += kept_chars_of[child]
                dropped_chars += dropped_chars_of[child]
            verdict = el.get(ORACLE_ATTR)
            chars_of[el] = chars
            linked_of[el] = chars if el.tag == "a" else linked
            kept_of[el] = kept + (verdict == "1")
            dropped_of[el] = dropped + (verdict == "0")
            kept_chars_of[el] = chars if verdict == "1" else kept_chars
            dropped_chars_of[el] = chars - kept_chars if verdict == "0" else dropped_chars

    def group_text(self, tag: str, cls: str) -> tuple[int, int]:
        """Kept and link text of the elements of ``tag`` and class ``cls``, together.
        Speed: summed for every (tag, class) in one pass, the first time one is asked."""
        if self._groups is None:
            self._groups = {}
            for el in self.order:
                key = (el.tag, el.get("class"))
                kept, linked = self._groups.get(key, (0, 0))
                self._groups[key] = (kept + self.kept_chars[el], linked + self.linked[el])
        return self._groups.get((tag, cls), (0, 0))

    def kept_by_chars(self, el: HtmlElement) -> bool:
        """More of the judged text below ``el`` kept than not (by characters: a box of
        three kept paragraphs and three unkept one-line captions is mostly kept)."""
        return self.kept_chars[el] > self.dropped_chars[el]

    def opens_kept_text(self, heading: HtmlElement) -> bool:
        """Whether the first kept block after ``heading`` (in document order, outside
        it; at most HEADING_SKIPS unkept blocks stepped over, such as a product name and
        its price link) is text, not a heading and mostly outside links: the heading of
        a section of the article, not the title of a box of links (nor of a banner
        that is one link)."""
        if any(a.tag == "a" for a in heading.iterancestors()):
            return False
        if self._index is None:
            self._index = {el: i for i, el in enumerate(self.order)}
        skipped = 0
        for el in self.order[self._index[heading] + 1 :]:
            verdict = el.get(ORACLE_ATTR)
            if verdict is None or heading in el.iterancestors():
                continue
            if el.tag in HEADINGS:
                return False
            if verdict != "1":
                skipped += 1
                if skipped > HEADING_SKIPS:
                    return False
                continue
            return self.linked[el] < LINK_DENSITY * self.chars[el]
        return False

    def mostly_kept(self, el: HtmlElement) -> bool:
        """More kept blocks than unkept ones below ``el``. A wrapper of one link and
        nothing else, inside a judged block (``and <span><a>the results</a></span>.``),
        shares that block's verdict: it is a phrase of the sentence around it."""
        kept, dropped = self.kept.get(el, 0), self.dropped.get(el, 0)
        if kept or dropped or not _wraps_one_link(el):
            return kept > dropped
        for parent in el.iterancestors():
            verdict = parent.get(ORACLE_ATTR)
            if verdict is not None:
                return verdict == "1"
        return False


def _wraps_one_link(el: HtmlElement) -> bool:
    return (
        len(el) == 1
        and el[0].tag == "a"
        and not (el.text or "").strip()
        and not (el[0].tail or "").strip()
    )


def _drop_all(elements: Iterable[HtmlElement]) -> None:
    for el in list(elements):
        if el.getparent() is not None:
            el.drop_tree()


def _holds_article_text(el: HtmlElement, node: HtmlElement, m: _Measures) -> bool:
    """Whether a chrome-named ``el`` is article text all the same: the oracle kept most
    of it (by blocks or by characters), and it is a section heading opening kept text
    (HEADING_SKIPS), or it holds much of the node's text, or it is a paragraph of prose, or the
    elements of its tag and class hold much of the kept prose (CHROME_GROUP_KEPT_SHARE);
    or, whatever else it holds, it holds most of the text the oracle kept."""
    if m.kept_chars[el] > CHROME_WRAPPER_KEPT_SHARE * m.kept_chars[node]:
        return True
    if _quotes_kept_text(el, m):
        return True
    if not (m.mostly_kept(el) or m.kept_by_chars(el)):
        return False
    if el.tag in HEADINGS and el.get(ORACLE_ATTR) == "1" and m.opens_kept_text(el):
        return True
    if m.chars[el] > CHROME_CLASS_SHARE * m.chars[node]:
        return True
    if el.tag == "p" and m.chars[el] >= PROSE_MIN_CHARS:
        return m.linked[el] < LINK_DENSITY * m.chars[el]
    cls = el.get("class")
    if cls is None:
        return False
    kept, linked = m.group_text(el.tag, cls)
    return kept > CHROME_GROUP_KEPT_SHARE * m.kept_chars[node] and linked < LINK_DENSITY * kept


def _quotes_kept_text(el: HtmlElement, m: _Measures) -> bool:
    """Whether most of the text the oracle kept in ``el`` is a quotation: kept
    ``<blockquote>`` prose (a quote box the page calls a "widget"), or ``el`` holds,
    unjudged, most of the text of the kept blockquote it sits in (the quote's text)."""
    if not (m.kept[el] or m.dropped[el]):
        for parent in el.iterancestors():
            if parent.get(ORACLE_ATTR) is not None:
                return (
                    parent.tag == "blockquote"
                    and parent.get(ORACLE_ATTR) == "1"
                    and m.chars[el] > m.chars[parent] / 2
                    and m.linked[el] < LINK_DENSITY * m.chars[el]
                )
        return False
    if not (m.mostly_kept(el) or m.kept_by_chars(el)):
        return False
    quoted = linked = 0
    for q in el.iter("blockquote"):
        if q.get(ORACLE_ATTR) == "1":
            quoted += m.chars[q]
            linked += m.linked[q]
    return quoted > m.kept_chars[el] / 2 and linked < LINK_DENSITY * quoted


def _has_chrome_class(el: HtmlElement, known: dict[str, bool]) -> bool:
    """Whether ``el``'s class/id tokens name chrome; ``known`` holds the answers for
    the class/id strings seen before (in this node). A class with a variant prefix
    (``print:hidden``, ``dark:text-white``, ``print:article-dropcap-print``: utility
    CSS) styles the element in that state only and names nothing: it is not read."""
    raw = f"{el.get('class', '')} {el.get('id', '')}"
    found = known.get(raw)
    if found is None:
        words = raw if ":" not in raw else " ".join(w for w in raw.split() if ":" not in w)
        found = bool(words.strip()) and any(
            t.lower() in CHROME_TOKENS for t in _CLASS_SPLIT.split(words) if t
        )
        known[raw] = found
    return found


def _text(el: HtmlElement) -> str:
    return " ".join(text_content(el).split())


# Elements that repeat the headline when their whole text is the title.
TITLE_REPEATS = ("h2", "h3", "h4", "h5", "h6", "p", "div", "span", "strong", "a")
# A table cell longer than this (characters) holds prose: the table is page layout.
LAYOUT_CELL_CHARS = 400


def drop_repeats(node: HtmlElement, text: str | None) -> None:
    """Elements of the body whose whole text is ``text``: a second copy of the headline
    (the page's h1 is gone already), or of a standfirst shown above the body."""
    if not text:
        return
    wanted = " ".join(text.split()).casefold()
    # Speed: an element's text is a stretch of the node's text, so each word of an
    # element's text is in the node's text (case-folded: case-folding neither makes nor
    # takes a space): when a word of ``wanted`` is not, no element's text is ``wanted``.
    # (Without squashing the node's text: splitting a long text into words costs more.)
    whole = text_content(node).casefold()
    if not all(word in whole for word in wanted.split(" ")):
        return
    _drop_all(
        el for el in node.iter(*TITLE_REPEATS) if el is not node and _text(el).casefold() == wanted
    )


# Class of a social post embedded as a block quote (X/Twitter, Instagram, TikTok,
# Bluesky, Threads, Facebook): the article quotes it, the reader sees its text.
EMBEDDED_POST = re.compile(
    r"(?:^|\s)(?:twitter-tweet|instagram-media|tiktok-embed|bluesky-embed|text-post-media"
    r"|fb-xfbml-parse-ignore)(?:$|\s)"
)


def _keep_embedded_posts(node: HtmlElement) -> None:
    """An embedded post is kept, whatever the oracle said, as the block quote it is
    written as; a wrapper holding only it ("social-embed", a chrome name) is unwrapped
    so the chrome rules don't take it."""
    for quote in list(node.iter("blockquote")):
        if not EMBEDDED_POST.search(quote.get("class", "")):
            continue
        for el in quote.iter():
            if el.get(ORACLE_ATTR) is not None:
                el.set(ORACLE_ATTR, "1")
        quote.set(ORACLE_ATTR, "1")
        text = _text(quote)
        wrapper = quote.getparent()
        while wrapper is not None and wrapper is not node and _text(wrapper) == text:
            outer = wrapper.getparent()
            wrapper.drop_tag()
            wrapper = outer


def _unwrap_layout_tables(node: HtmlElement) -> None:
    """Tables used for layout (one column, or a cell of prose) become their cells'
    content, so paragraphs stay paragraphs instead of one giant table cell."""
    for table in reversed(list(node.iter("table"))):  # innermost first
        rows = list(table.iter("tr"))
        cells = [c for row in rows for c in row if c.tag in ("td", "th")]
        one_column = all(sum(1 for c in row if c.tag in ("td", "th")) <= 1 for row in rows)
        prose = any(len(_text(c)) > LAYOUT_CELL_CHARS for c in cells)
        if not (one_column or prose) or table is node:
            continue
        for cell in cells:
            cell.tag = "div"
            cell.attrib.clear()
        for el in [*table.iter("thead", "tbody", "tfoot", "tr", "caption"), table]:
            if el.getparent() is not None:
                el.drop_tag()


def _drop_chrome_headings(node: HtmlElement, m: _Measures) -> None:
    """A short line naming chrome ("Related", "関連記事") goes, with the link lists or
    unkept boxes after it, up to the next heading or kept paragraph."""
    for heading in [el for el in m.order if el.tag in LEAD_IN_TAGS]:
        if heading.getparent() is None or not 0 < m.chars[heading] <= CHROME_HEADING_MAX:
            continue
        if not CHROME_HEADING.match(_text(heading)):
            continue
        if heading.tag not in HEADINGS and heading.find(".//p") is not None:
            continue
        doomed = [heading]
        for sib in heading.itersiblings():
            if sib.tag in HEADINGS or not (_is_link_box(sib, m) or not m.mostly_kept(sib)):
                break
            doomed.append(sib)
        _drop_all(doomed)


def _is_chrome_text(el: HtmlElement, m: _Measures) -> bool:
    if el.tag in {"html", "body"} or not 0 < m.chars[el] <= CHROME_PROMO_MAX:
        return False
    if el.tag in INLINE and _text_follows(el):
        return False  # a phrase of the sentence it opens ("<b>Oct. 6, 1923:</b> First…")
    text = _text(el)
    if len(text) <= CHROME_TEXT_MAX and CHROME_TEXT.match(text):
        return True
    # Speed: the link share first, a number at hand, before the regex.
    if m.linked[el] > LINK_DENSITY * (m.chars[el] - 20) and CHROME_LEAD_IN.match(text):
        return True
    return has_promo_hint(text) and bool(CHROME_PROMO.search(text))


def _text_follows(el: HtmlElement) -> bool:
    """Whether text follows ``el`` in its line: its tail, or the text or tail of an
    inline sibling after it (``<b>July 15, 1960: </b> <b></b>“In honored memory…``),
    up to the next block."""
    if el.tail and not el.tail.isspace():
        return True
    for sib in el.itersiblings():
        if sib.tag not in INLINE or sib.tag == "br":
            return False
        if (sib.tail and not sib.tail.isspace()) or _text(sib):
            return True
    return False


def has_promo_hint(text: str) -> bool:
    """True when ``CHROME_PROMO_HINT`` finds a word in ``text`` (and perhaps for a few
    more texts). Speed: plain substring searches of the case-folded text, ~30x faster
    than the case-insensitive regex."""
    low = fold_like_re_i(text)
    for word in PROMO_HINT_WORDS:
        if word in low:
            break
    else:
        return False
    return True


# A paragraph that is one link written in capitals ("'DANCING WITH THE STARS' HOST
# OPENS UP ABOUT …") is a headline of another story set into the text.
CAPS_LINK_MIN_WORDS = 3


def _is_caps_link_line(el: HtmlElement, m: _Measures) -> bool:
    if el.tag not in ("p", "h2", "h3", "h4") or not 0 < m.chars[el] <= CHROME_PROMO_MAX:
        return False
    if m.linked[el] < m.chars[el] or len(list(el.iter("a"))) != 1:
        return False
    text = _text(el)
    letters = [c for c in text if c.isalpha()]
    return (
        len(text.split()) >= CAPS_LINK_MIN_WORDS
        and bool(letters)
        and all(c.isupper() for c in letters)
    )


# A box of tag links (``<a rel="tag">``, the HTML way to mark them): the article's
# tags, which the front matter carries; at least this many, this share of the text.
TAG_LINKS_MIN = 2
TAG_LINK_SHARE = 0.5
_TAG_BOX_TAGS = LINK_BOX_TAGS | names("strong b em small")


def _is_tag_link(a: HtmlElement) -> bool:
    return "tag" in (a.get("rel") or "").lower().split()


def _is_tag_box(el: HtmlElement, m: _Measures) -> bool:
    if el.tag not in _TAG_BOX_TAGS or not m.chars[el]:
        return False
    tags = [a for a in el.iter("a") if _is_tag_link(a)]
    if len(tags) < TAG_LINKS_MIN:
        return False
    return sum(len(_text(a)) for a in tags) >= TAG_LINK_SHARE * m.chars[el]


def _is_link_box(el: HtmlElement, m: _Measures) -> bool:
    chars = m.chars.get(el, 0)
    return el.tag in LINK_BOX_TAGS and chars > 0 and m.linked[el] > LINK_DENSITY * chars


def _is_link_list(el: HtmlElement, m: _Measures) -> bool:
    """A list whose items are nothing but links (teasers, "more stories"), even when
    the oracle kept it."""
    if el.tag not in ("ul", "ol") or len(el) < LINK_LIST_MIN_ITEMS:
        return False
    return m.linked[el] >= LINK_LIST_DENSITY * m.chars[el] > 0


# A list of story teasers: most items hold their own heading, and items are short.
TEASER_MIN_ITEMS = 3
TEASER_HEADED_SHARE = 0.6
TEASER_MAX_ITEM_CHARS = 300


def _is_teaser_list(el: HtmlElement, m: _Measures) -> bool:
    """A list whose items are headed cards ("<li><h3>Title</h3><p>dek</p></li>"): other
    stories, even when the oracle kept their text. Article lists don't head items."""
    if el.tag not in ("ul", "ol"):
        return False  # speed: before reading the children
    items = [li for li in el if li.tag == "li"]
    if len(items) < 2:
        return False
    headed = sum(1 for li in items if any(True for _ in li.iter(*HEADINGS)))
    # A short row of cards (grids are often split into rows of 2-3) must be all cards.
    share = TEASER_HEADED_SHARE if len(items) >= TEASER_MIN_ITEMS else 1.0
    short = m.chars[el] <= TEASER_MAX_ITEM_CHARS * len(items)
    return headed >= share * len(items) and short


def _drop_unkept(node: HtmlElement) -> None:
    """Blocks the oracle did not keep go when it kept anything at all."""
    if not any(el.get(ORACLE_ATTR) == "1" for el in node.iter()):
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
        if el.tag in KEEP_EMPTY:
            continue
        if len(el) == 0 and not (el.text or "").strip():
            el.drop_tree()
