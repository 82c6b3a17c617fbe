"""Find the article node on a page never seen before, and keep its structure.

Method (generic, no per-site rules):

1. A site profile's ``body`` selector wins when it matches.
2. Otherwise trafilatura's main-content extraction runs on the page we already parsed
   (it copies the tree itself; no second parse, no metadata extraction). Its output is
   plain text, so it serves as an *oracle*: every text block of our own DOM is marked
   as kept or not by trafilatura (token shingles, so whitespace and markup differences
   don't matter).
3. The article node is the deepest element that holds almost all of the kept text.
   Its private deep copy is returned, each block carrying the oracle's verdict in a
   ``data-digest-oracle`` attribute ("1" kept, "0" not) that :mod:`.clean` reads and
   removes.
4. Without an oracle (trafilatura found nothing), the largest ``<article>``/``<main>``
   is used, then ``<body>``.
"""

from __future__ import annotations

import copy
import itertools
import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes, tree_cleaning
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

from ..model import Metadata
from ..profiles import SiteProfile
from ..profiles.select import body_node
from . import filters
from .filters import python_filters

log = logging.getLogger(__name__)
# trafilatura's main extractor selects elements with compiled Python in the oracle (filters.py)
filters.install()

ORACLE_ATTR = "data-digest-oracle"


def names(words: str) -> frozenset[str]:
    """A set of names written as one space-separated string."""
    return frozenset(words.split())


# Inline elements: their text belongs to the nearest non-inline ancestor (the "block").
INLINE = names(
    "a abbr b bdi bdo big br cite code data del dfn em font i img ins kbd label mark q rp "
    "rt ruby s samp small span strike strong sub sup time tt u var wbr"
)
# Elements whose text never counts (they are dropped later anyway).
SKIP = names("script style noscript template head title svg math")

WORD = re.compile(r"\w+")
SHINGLE = 3  # tokens per shingle when matching our blocks against the oracle text
# A block counts as kept when this share of its tokens is covered by oracle shingles.
KEPT_SHARE = 0.5
# A kept block uses up the oracle text it matched (a second copy is not matched again)
# only when it matched this much of its words: a dek or a "key points" line rewording
# a paragraph below must not take that paragraph's text from it.
CONSUME_SHARE = 0.9
# The article node holds at least this share of all kept tokens (calibrated on the
# scrapinghub pages: 0.9 leaves out stray kept blocks far from the article).
NODE_SHARE = 0.9
LINK_HEAVY = 0.5
# A shorter oracle text than this (trafilatura's own minimum output size) sends the page
# to trafilatura's full cascade.
ORACLE_MIN_CHARS = 250
# A fast oracle text shorter than this, on a page whose paragraphs (those longer than
# PROSE_PARAGRAPH_CHARS: <p>s, and <div>s holding only text and inline markup, as bodies
# written without <p> have) hold PAGE_TEXT_RATIO times as much text, missed the article
# (it took a teaser or a summary box): the full cascade runs. Calibrated on the corpora:
# besides pages with no oracle text at all, it fires on 8 pages (4 fundus, 4
# scrapinghub), among them a body written in <div>s that the fast mode reduced to a teaser.
ORACLE_SHORT_CHARS = 1200
PROSE_PARAGRAPH_CHARS = 80
PAGE_TEXT_RATIO = 5
# Split bodies: how far up to look for repeated chunk containers, which blocks in them
# count as article text, and how long one paragraph must be to prove a chunk is text.
CHUNK_LEVELS = 3
CHUNK_BLOCKS = ("p", "h2", "h3", "h4", "blockquote", "li")
CHUNK_MIN_WORDS = 15


@dataclass(frozen=True)
class Located:
    """The article node's private copy, and the blocks of the page (not copies: read
    only) the oracle kept between the headline and the node, in document order: where a
    standfirst set in the page header sits (see :func:`.lead.find_standfirst`)."""

    node: HtmlElement
    above: tuple[HtmlElement, ...] = ()


def locate(tree: HtmlElement, meta: Metadata, profile: SiteProfile | None) -> HtmlElement:
    """Return a private deep copy of the article node (safe for later stages to edit)."""
    return locate_article(tree, meta, profile).node


def locate_article(tree: HtmlElement, meta: Metadata, profile: SiteProfile | None) -> Located:
    """The article node's copy and the kept blocks above it (see :class:`Located`)."""
    if profile and profile.body:
        node = body_node(tree, profile)
        if node is not None:
            return Located(node)
    for fast in (True, False):
        oracle = oracle_text(tree, meta, fast)
        found = _locate_by_oracle(tree, oracle) if oracle else None
        usable = found is not None and not found.menu and len(oracle) >= ORACLE_MIN_CHARS
        if usable and not (fast and _short_of_page(tree, oracle)):
            return found.located
    return found.located if found is not None else Located(_fallback(tree))


def _short_of_page(tree: HtmlElement, oracle: str) -> bool:
    """Whether the oracle text is a small part of the page's prose (see
    :data:`ORACLE_SHORT_CHARS`)."""
    if len(oracle) >= ORACLE_SHORT_CHARS:
        return False
    prose = 0
    for p in tree.iter("p", "div"):
        if p.tag == "div" and any(not isinstance(c.tag, str) or c.tag not in INLINE for c in p):
            continue  # a div is a paragraph when it holds text and inline markup only
        chars = len(p.text_content().strip())
        if chars > PROSE_PARAGRAPH_CHARS:
            prose += chars
    return prose >= PAGE_TEXT_RATIO * len(oracle)


def _oracle_light(tree: HtmlElement, url: str | None) -> str:
    """trafilatura's main extractor alone (its stage 1), on one copy of the tree.

    ``bare_extraction`` copies the whole page three times and runs a page-wide
    escalation check; the oracle needs neither, and this is most of its cost. Its
    element selections run as compiled Python (filters.py)."""
    options = _options(url)
    with python_filters():
        pruned = prune_unwanted_nodes(copy.copy(tree), _RAW_PRUNES)
        cleaned = convert_tags(tree_cleaning(pruned, options), options, url)
        _body, text = extract_content(cleaned, options)
    return text


def _options(url: str | None) -> Extractor:
    """The oracle's trafilatura options for a page at ``url``.

    Speed: building an Extractor reads seven settings out of a ConfigParser (~0.3 ms); a
    copy of one built once, given the page's URL as the constructor sets it, is the same
    object (its empty blacklists shared). The stages the oracle runs change no option."""
    options = copy.copy(_BASE_OPTIONS)
    options.url = url
    options.source = url.encode("utf-8", "replace").decode("utf-8") if url else None
    return options


_BASE_OPTIONS = Extractor(fast=True, comments=False, tables=True, images=False)
# trafilatura's raw-tree prunes as its fast mode runs them with comments off, in order.
_RAW_PRUNES = filters.gate([*RAW_TREE_PRUNE_XPATH, *REMOVE_COMMENTS_AND_LISTS_XPATH])


def oracle_text(tree: HtmlElement, meta: Metadata, fast: bool) -> str:
    """trafilatura's main text for the page (no metadata, no comments). The fast mode
    is tried first; its full mode (which compares with other algorithms) only when the
    fast result is a list of links."""
    try:
        if fast:
            return _oracle_light(tree, meta.url)
        with python_filters():
            doc = trafilatura.bare_extraction(
                tree,
                url=meta.url,
                fast=fast,
                favor_precision=False,
                include_comments=False,
                include_tables=True,
                include_images=False,
                include_formatting=False,
                include_links=False,
                with_metadata=False,
            )
    except Exception as exc:  # the oracle is optional: never let it break a page
        log.debug("trafilatura failed: %r", exc)
        return ""
    return (doc.text or "") if doc is not None else ""


@dataclass
class _Scan:
    """What one walk over the page found: each text block's verdict, its text length
    and link-text length, and for each element the kept words below it."""

    verdicts: dict[HtmlElement, bool] = field(default_factory=dict)
    chars: dict[HtmlElement, int] = field(default_factory=dict)
    linked: dict[HtmlElement, int] = field(default_factory=dict)
    weight: dict[HtmlElement, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Found:
    located: Located
    menu: bool  # the text the oracle kept in the node is mostly link text


def _locate_by_oracle(tree: HtmlElement, oracle: str) -> _Found | None:
    """The article node's copy with the oracle's verdicts, the kept blocks above it, and
    whether the text the oracle kept in it is mostly link text (a menu, not an
    article)."""
    body = tree.find("body")
    root = body if body is not None else tree
    scan = _scan(root, _Oracle(oracle))
    total = scan.weight.get(root, 0)
    if not total:
        return None
    # The deepest element holding the share. They all hold over half the kept words, so
    # they are nested in one another: the deepest has the most ancestors.
    node = max(
        (el for el, w in scan.weight.items() if w >= NODE_SHARE * total),
        key=lambda el: sum(1 for _ in el.iterancestors()),
    )
    node = _widen_to_chunks(node, root, scan.verdicts)
    clone = copy.deepcopy(node)
    kept_chars = linked_chars = 0
    for original, copied in zip(node.iter(), clone.iter(), strict=True):
        verdict = scan.verdicts.get(original)
        if verdict is not None:
            copied.set(ORACLE_ATTR, "1" if verdict else "0")
            if verdict:
                kept_chars += scan.chars[original]
                linked_chars += scan.linked.get(original, 0)
    located = Located(clone, _kept_above(root, node, scan.verdicts))
    return _Found(located, linked_chars > LINK_HEAVY * kept_chars)


def _kept_above(
    root: HtmlElement, node: HtmlElement, verdicts: dict[HtmlElement, bool]
) -> tuple[HtmlElement, ...]:
    """The blocks the oracle kept after the page's first ``<h1>`` and before ``node``
    (not its ancestors): the article's header. Empty when no ``<h1>`` comes first."""
    h1 = next(root.iter("h1"), None)
    if h1 is None:
        return ()
    above: list[HtmlElement] = []
    ancestors = set(node.iterancestors())
    # Speed: the walk stops at the node; the header is a small part of the page.
    for el in _following(h1):
        if el is node:
            return tuple(above)
        if verdicts.get(el) and el not in ancestors:
            above.append(el)
    return ()  # the node came before the headline


def _following(el: HtmlElement) -> Iterator[HtmlElement]:
    """The elements after ``el`` in document order, not inside it."""
    for start in [el, *el.iterancestors()]:
        for sib in start.itersiblings():
            yield sib
            yield from sib.iterdescendants()


class _Oracle:
    """The oracle text as a multiset of token shingles, consumed in document order so
    that a second copy of the same text (a teaser repeating the article, a hidden
    duplicate) is not matched again."""

    def __init__(self, text: str) -> None:
        tokens = WORD.findall(text.lower())
        # Speed: shingles by zip (C level), not one slice per token.
        self.shingles = Counter(_ngrams(tokens, SHINGLE))
        # Speed: a block shorter than a shingle is kept when its words follow one another
        # in the oracle text; a set of the shorter runs answers that without searching
        # the whole text for each of the many one- and two-word blocks of a page.
        self.runs = {n: set(_ngrams(tokens, n)) for n in range(2, SHINGLE)}
        self.runs[1] = set(tokens)  # single words as they are: no 1-tuples to build

    def keeps(self, words: list[str]) -> bool:
        if len(words) < SHINGLE:
            return (words[0] if len(words) == 1 else tuple(words)) in self.runs[len(words)]
        # Speed: shingles by zip, and dict.get (a missing key of a Counter costs a
        # Python-level __missing__ call); most blocks of a page match nothing at all,
        # which a C-level set test tells first.
        if self.runs[1].isdisjoint(words):
            return False  # Speed: no word in common, no shingle in common (no tuples built)
        counts = self.shingles
        shingles = list(_ngrams(words, SHINGLE))
        if counts.keys().isdisjoint(shingles):
            return False
        found = list(map(counts.get, shingles, itertools.repeat(0)))
        if min(found) > 0:
            # Speed: the usual kept paragraph, every shingle still in the oracle text:
            # all words covered, all its shingles used up.
            for shingle in shingles:
                counts[shingle] -= 1
            return True
        hits = [i for i, count in enumerate(found) if count > 0]
        if not hits:
            return False
        covered = bytearray(len(words))
        for i in hits:
            covered[i : i + SHINGLE] = b"\x01" * SHINGLE
        share = sum(covered) / len(words)
        kept = share >= KEPT_SHARE
        if share >= CONSUME_SHARE:
            for i in hits:  # Speed: Counter.subtract, without its per-call overhead
                counts[shingles[i]] -= 1
        return kept


def _ngrams(tokens: list[str], n: int) -> zip:
    """Each run of ``n`` consecutive tokens, as a tuple (by zip: C level)."""
    return zip(*(tokens[i:] for i in range(n)), strict=False)


def _scan(root: HtmlElement, oracle: _Oracle) -> _Scan:
    """One walk in document order. Text belongs to the nearest non-inline element (its
    block); a block is judged when its subtree ends, and its kept words are added to
    every element on the path above it (the open blocks)."""
    scan = _Scan()
    # Speed: lxml's C iterator walks the tree in document order; an element's subtree
    # ends when a later element's parent is not it. The open elements are a stack of
    # (element, its block, the block's text pieces, inside a link); tails are read as
    # elements close. Adding text is written out in the loop (a call per element cost
    # more than the work), and a skipped element's subtree is stepped over by its size
    # instead of testing every element against a set of skipped ones.
    stack: list[_Open] = [(root, root, [root.text or ""], False)]
    path: list[_Block] = [[root, 0]]  # the open blocks above the current element
    linked = scan.linked
    elements = root.iter()
    next(elements)
    for el in elements:
        parent = el.getparent()
        if stack[-1][0] is not parent:
            _close_to(parent, stack, scan, oracle, path)
        _, block, parts, in_link = stack[-1]
        tag = el.tag
        if not isinstance(tag, str):
            text = el.tail  # a comment or processing instruction: only its tail counts
        elif tag in SKIP:
            text = el.tail
            if len(el):
                _skip_descendants(elements, el)
        else:
            if tag not in INLINE:
                block, parts = el, []
                path.append([el, 0])
            in_link = in_link or tag == "a"
            stack.append((el, block, parts, in_link))
            text = el.text
        if text:
            parts.append(text)
            if in_link:
                linked[block] = linked.get(block, 0) + len(text.strip())
    _close_to(None, stack, scan, oracle, path)
    return scan


# An open element of the walk: itself, its block, the block's text pieces, in a link.
_Open = tuple[HtmlElement, HtmlElement, list[str], bool]
# An open block and the kept words found below it so far: [element, words].
_Block = list[Any]


def _skip_descendants(elements: Iterator[HtmlElement], el: HtmlElement) -> None:
    """Advance the document-order walk ``elements`` (now at ``el``) past ``el``'s
    descendants, which it yields next."""
    size = sum(1 for _ in el.iterdescendants())
    next(itertools.islice(elements, size, size), None)


def _close_to(
    parent: HtmlElement | None,
    stack: list[_Open],
    scan: _Scan,
    oracle: _Oracle,
    path: list[_Block],
) -> None:
    """End the subtrees of the open elements above ``parent`` (all, for None): judge
    each block, and give each tail to the block around it."""
    while stack and stack[-1][0] is not parent:
        el, block, parts, _in_link = stack.pop()
        if block is el:
            # Speed: a block's kept words go to the block around it as it closes, not
            # to every open block each time a block is kept: each gets the same sum.
            kept = path.pop()[1] + (_judge(el, parts, scan, oracle) if parts else 0)
            if kept:
                scan.weight[el] = kept
                if path:
                    path[-1][1] += kept
        if stack and el.tail:
            _, outer, outer_parts, in_link = stack[-1]
            # A block or a line break ends a word (see _join).
            tail = f" {el.tail}" if block is el or el.tag == "br" else el.tail
            _add(scan, outer, outer_parts, tail, in_link)


def _add(scan: _Scan, block: HtmlElement, parts: list[str], text: str | None, link: bool) -> None:
    if text:
        parts.append(text)
        if link:
            scan.linked[block] = scan.linked.get(block, 0) + len(text.strip())


def _judge(block: HtmlElement, parts: list[str], scan: _Scan, oracle: _Oracle) -> int:
    """Record the block's verdict and text length; its word count when kept, else 0."""
    if len(parts) == 1:
        text = parts[0]
        if text.isspace():
            return 0  # Speed: no regex for a block holding only indentation
    elif "".join(parts).isspace():
        return 0  # Speed: most blocks hold only indentation between their children
    else:
        text = _join(parts)
    words = WORD.findall(text.lower())
    if not words:
        return 0
    kept = oracle.keeps(words)
    scan.verdicts[block] = kept
    scan.chars[block] = len(text.strip())
    return len(words) if kept else 0


def _join(parts: list[str]) -> str:
    """A block's text pieces as one text. Pieces are split at inline markup, which
    ends no word in CJK text ("アプリ<a>Kindle</a>の" reads as one run, as the oracle
    has it); elsewhere the pieces are spaced, as markup between words often is."""
    if len(parts) == 1:
        return parts[0]
    # Speed: without any CJK character every pair of pieces is spaced.
    if not any(map(_CJK_EDGE.search, parts)):
        return " ".join(parts)
    out = [parts[0]]
    for prev, part in itertools.pairwise(parts):
        if not (_CJK_EDGE.match(part) or _CJK_EDGE.match(prev[-1:])):
            out.append(" ")
        out.append(part)
    return "".join(out)


# A CJK character (kana, kanji, full-width forms) at the start of a text.
_CJK_EDGE = re.compile("[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _widen_to_chunks(
    node: HtmlElement, root: HtmlElement, verdicts: dict[HtmlElement, bool]
) -> HtmlElement:
    """Articles split into repeated containers (the body cut by ad slots into several
    ``div.article-body`` chunks): when the node, or an ancestor up to
    :data:`CHUNK_LEVELS` up, has siblings of the same tag and class holding paragraphs,
    take their parent and count the siblings' paragraphs as kept."""
    level = node
    for _ in range(CHUNK_LEVELS):
        parent = level.getparent()
        if parent is None or level is root or not level.get("class"):
            level = parent if parent is not None else level
            continue
        twins = [
            sib
            for sib in parent
            if sib is not level and sib.tag == level.tag and sib.get("class") == level.get("class")
        ]
        paragraphs = [p for twin in twins for p in twin.iter(*CHUNK_BLOCKS) if p in verdicts]
        if any(len(WORD.findall(p.text_content())) >= CHUNK_MIN_WORDS for p in paragraphs):
            for p in paragraphs:
                if not verdicts[p] and not _link_heavy(p):
                    verdicts[p] = True
            return parent
        level = parent
    return node


def _link_heavy(el: HtmlElement) -> bool:
    """More than :data:`LINK_HEAVY` of the text inside links: navigation, not text."""
    text = len(el.text_content().strip())
    linked = sum(len(a.text_content().strip()) for a in el.iter("a"))
    return linked > LINK_HEAVY * text


def _fallback(tree: HtmlElement) -> HtmlElement:
    for path in ("//article", "//main", "//body"):
        found = tree.xpath(path)
        if found:
            return copy.deepcopy(max(found, key=lambda el: len(el.text_content())))
    return copy.deepcopy(tree)
