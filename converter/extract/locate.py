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
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

import trafilatura
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes, tree_cleaning
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

from ..model import Metadata
from ..profiles import SiteProfile

log = logging.getLogger(__name__)

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
# The article node holds at least this share of all kept tokens (calibrated on the
# scrapinghub pages: 0.9 leaves out stray kept blocks far from the article).
NODE_SHARE = 0.9
LINK_HEAVY = 0.5
# A shorter oracle text than this (trafilatura's own minimum output size) sends the page
# to trafilatura's full cascade.
ORACLE_MIN_CHARS = 250
# Split bodies: how far up to look for repeated chunk containers, which blocks in them
# count as article text, and how long one paragraph must be to prove a chunk is text.
CHUNK_LEVELS = 3
CHUNK_BLOCKS = ("p", "h2", "h3", "h4", "blockquote", "li")
CHUNK_MIN_WORDS = 15


def locate(tree: HtmlElement, meta: Metadata, profile: SiteProfile | None) -> HtmlElement:
    """Return a private deep copy of the article node (safe for later stages to edit)."""
    if profile and profile.body:
        for selector in profile.body:
            found = tree.cssselect(selector)
            if found:
                return copy.deepcopy(found[0])
    for fast in (True, False):
        oracle = _oracle_text(tree, meta, fast)
        found = _locate_by_oracle(tree, oracle) if oracle else None
        if found is not None and not found[1] and len(oracle) >= ORACLE_MIN_CHARS:
            return found[0]
    return found[0] if found is not None else _fallback(tree)


def _oracle_light(tree: HtmlElement, url: str | None) -> str:
    """trafilatura's main extractor alone (its stage 1), on one copy of the tree.

    ``bare_extraction`` copies the whole page three times and runs a page-wide
    escalation check; the oracle needs neither, and this is most of its cost."""
    options = Extractor(fast=True, comments=False, tables=True, images=False, url=url)
    pruned = prune_unwanted_nodes(copy.copy(tree), RAW_TREE_PRUNE_XPATH)
    pruned = prune_unwanted_nodes(pruned, REMOVE_COMMENTS_AND_LISTS_XPATH)
    cleaned = convert_tags(tree_cleaning(pruned, options), options, url)
    _body, text = extract_content(cleaned, options)
    return text


def _oracle_text(tree: HtmlElement, meta: Metadata, fast: bool) -> str:
    """trafilatura's main text for the page (no metadata, no comments). The fast mode
    is tried first; its full mode (which compares with other algorithms) only when the
    fast result is a list of links."""
    try:
        if fast:
            return _oracle_light(tree, meta.url)
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
    and link-text length, and for each element the kept words below it and its depth."""

    verdicts: dict[HtmlElement, bool] = field(default_factory=dict)
    chars: dict[HtmlElement, int] = field(default_factory=dict)
    linked: dict[HtmlElement, int] = field(default_factory=dict)
    weight: dict[HtmlElement, int] = field(default_factory=dict)
    depth: dict[HtmlElement, int] = field(default_factory=dict)


def _locate_by_oracle(tree: HtmlElement, oracle: str) -> tuple[HtmlElement, bool] | None:
    """The article node's copy with the oracle's verdicts, and whether the text the
    oracle kept in it is mostly link text (a menu, not an article)."""
    body = tree.find("body")
    root = body if body is not None else tree
    scan = _scan(root, _Oracle(oracle))
    total = scan.weight.get(root, 0)
    if not total:
        return None
    node = max(
        (el for el, w in scan.weight.items() if w >= NODE_SHARE * total),
        key=scan.depth.__getitem__,
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
    return clone, linked_chars > LINK_HEAVY * kept_chars


class _Oracle:
    """The oracle text as a multiset of token shingles, consumed in document order so
    that a second copy of the same text (a teaser repeating the article, a hidden
    duplicate) is not matched again."""

    def __init__(self, text: str) -> None:
        tokens = WORD.findall(text.lower())
        self.shingles = Counter(
            tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)
        )
        self.joined = f" {' '.join(tokens)} "

    def keeps(self, words: list[str]) -> bool:
        if len(words) < SHINGLE:
            return f" {' '.join(words)} " in self.joined
        # Speed: shingles by zip, and dict.get (a missing key of a Counter costs a
        # Python-level __missing__ call); most blocks of a page match nothing at all.
        counts = self.shingles
        shingles = list(zip(*(words[i:] for i in range(SHINGLE)), strict=False))
        hits = [i for i, shingle in enumerate(shingles) if counts.get(shingle, 0) > 0]
        if not hits:
            return False
        covered = bytearray(len(words))
        for i in hits:
            covered[i : i + SHINGLE] = b"\x01" * SHINGLE
        kept = sum(covered) >= KEPT_SHARE * len(words)
        if kept:
            counts.subtract(shingles[i] for i in hits)
        return kept


def _scan(root: HtmlElement, oracle: _Oracle) -> _Scan:
    """One walk in document order. Text belongs to the nearest non-inline element (its
    block); a block is judged when its subtree ends, and its kept words are added to
    every element on the path above it (the walk's stack)."""
    scan = _Scan()
    texts: dict[HtmlElement, list[str]] = {root: [root.text or ""]}
    # stack entries: (children iterator, element, its block, inside a link, tail, owner)
    stack: list[tuple] = [(iter(root), root, root, False, "", None)]
    path: list[HtmlElement] = [root]
    while stack:
        children, el, block, in_link, _tail, _owner = stack[-1]
        child = next(children, None)
        if child is not None:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIP:
                if child.tail:
                    _add(texts, scan, block, child.tail, in_link)
                continue
            child_block = block if tag in INLINE else child
            child_link = in_link or tag == "a"
            if child_block is child:
                texts[child] = []
                path.append(child)
            if child.text:
                _add(texts, scan, child_block, child.text, child_link)
            stack.append((iter(child), child, child_block, child_link, child.tail, block))
            continue
        stack.pop()
        if block is el:
            path.pop()
            _judge(el, texts.pop(el), scan, oracle, path)
        if _tail:
            _add(texts, scan, _owner, _tail, stack[-1][3] if stack else False)
    return scan


def _add(texts: dict, scan: _Scan, block: HtmlElement, text: str, in_link: bool) -> None:
    texts[block].append(text)
    if in_link:
        scan.linked[block] = scan.linked.get(block, 0) + len(text.strip())


def _judge(block: HtmlElement, parts: list[str], scan: _Scan, oracle: _Oracle, path: list) -> None:
    scan.depth[block] = len(path)
    text = " ".join(parts)
    words = WORD.findall(text.lower())
    if not words:
        return
    kept = oracle.keeps(words)
    scan.verdicts[block] = kept
    scan.chars[block] = len(text.strip())
    if kept:
        for el in (*path, block):
            scan.weight[el] = scan.weight.get(el, 0) + len(words)


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
