"""The shortcuts that make locate.py cheap must not change what it finds.

- trafilatura's raw-tree prunes, compiled to Python (filters.py), delete what its
  XPath deletes.
- The oracle's set lookup for blocks shorter than a shingle answers as a search of the
  oracle text would; its shortcuts for longer blocks (no word in common, every shingle
  found) answer and use up the oracle text as testing every shingle does.
- The walk over the page: comment and script tails still belong to their block, text
  inside skipped elements does not.
"""

from __future__ import annotations

import copy
import gzip
import importlib
import itertools
import random
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.settings import Extractor
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

from converter.extract.filters import GatedFilter, python_filters
from converter.extract.locate import (
    CONSUME_SHARE,
    KEPT_SHARE,
    SHINGLE,
    _Oracle,
    _scan,
)
from converter.parse import parse

# the module itself (converter.extract re-exports its function under the same name)
locate_module = importlib.import_module("converter.extract.locate")

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
# id/class values around the tokens trafilatura's prune expressions look for
VALUE_PARTS = [
    "comment", "Comment", "comments", "commentary", "Commentary", "comol", "post-comments",
    "article-comments", "disqus_thread", "dsq-comments", "infinite-scroll", "infinitescroll",
    "mvp-post-add-box", "mvp-post-add-wrap", "elementor-share-buttons", "share", "x",
    "main", "\n", " ", "-",
]  # fmt: skip
TAGS = ["div", "section", "aside", "ul", "ol", "details", "p", "span"]


def _random_page(rng: random.Random) -> lxml.html.HtmlElement:
    parts = []
    for _ in range(rng.randint(1, 6)):
        attrs = ""
        for attr in ("id", "class"):
            if rng.random() < 0.6:
                value = "".join(rng.choice(VALUE_PARTS) for _ in range(rng.randint(1, 3)))
                attrs += f' {attr}="{value}"'
        tag = rng.choice(TAGS)
        inner = "<h1>T</h1>" if rng.random() < 0.3 else "text"
        parts.append(f"<{tag}{attrs}>{inner}</{tag}>")
    return lxml.html.document_fromstring(f"<html><body>{''.join(parts)}</body></html>")


@pytest.mark.parametrize("seed", range(5))
def test_short_blocks_are_kept_when_their_words_follow_one_another(seed: int) -> None:
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(12)]
    tokens = [rng.choice(vocabulary) for _ in range(80)]
    oracle = _Oracle(" ".join(tokens))
    joined = f" {' '.join(tokens)} "
    for _ in range(200):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(1, 2))]
        assert oracle.keeps(words) == (f" {' '.join(words)} " in joined)


def _plain_keeps(counts: Counter[tuple[str, ...]], words: list[str]) -> bool:
    """What ``_Oracle.keeps`` answers for a block of at least a shingle, written plainly:
    every shingle tested, and a block matching CONSUME_SHARE of its words uses its
    shingles up."""
    shingles = [tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
    hits = [i for i, shingle in enumerate(shingles) if counts[shingle] > 0]
    covered = {j for i in hits for j in range(i, i + SHINGLE)}
    share = len(covered) / len(words)
    if share >= CONSUME_SHARE:
        for i in hits:
            counts[shingles[i]] -= 1
    return share >= KEPT_SHARE


@pytest.mark.parametrize("seed", range(5))
def test_oracle_shortcuts_answer_and_consume_as_the_plain_test(seed: int) -> None:
    # a small vocabulary, so that blocks match fully, partly, twice or not at all
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(10)] + ["x", "y"]
    tokens = [rng.choice(vocabulary[:10]) for _ in range(120)]
    oracle = _Oracle(" ".join(tokens))
    counts = Counter(zip(tokens, tokens[1:], tokens[2:], strict=False))
    for _ in range(300):
        start = rng.randrange(len(tokens))
        words = tokens[start : start + rng.randint(SHINGLE, 12)]
        if len(words) < SHINGLE or rng.random() < 0.3:
            words = [rng.choice(vocabulary) for _ in range(rng.randint(SHINGLE, 8))]
        assert oracle.keeps(list(words)) == _plain_keeps(counts, list(words))
        assert +oracle.shingles == +counts  # the same oracle text is left


def test_walk_gives_comment_and_script_tails_to_their_block() -> None:
    page = (
        "<html><body><div><p>alpha beta<!-- note -->gamma delta<script>var hidden</script>"
        "epsilon <svg><text>drawn words</text></svg>zeta <b>eta</b> theta</p></div>"
        "</body></html>"
    )
    tree = lxml.html.document_fromstring(page)  # keeps the comment
    body = tree.find("body")
    p = tree.find(".//p")
    text = "alpha beta gamma delta epsilon zeta eta theta"
    scan = _scan(body, _Oracle(text))
    assert scan.verdicts[p] is True
    assert scan.chars[p] == len("alpha beta gamma delta epsilon  zeta  eta  theta")
    assert scan.weight[body] == scan.weight[p] == len(text.split())


def test_walk_counts_link_text_of_its_block() -> None:
    tree = parse('<html><body><ul><li><a href="/a">First link</a> and text</li></ul></body></html>')
    li = tree.find(".//li")
    scan = _scan(tree.find("body"), _Oracle("first link and text"))
    assert scan.linked[li] == len("First link")
    assert scan.chars[li] == len("First link  and text")


def _corpus_sample() -> list[Path]:
    pages = sorted(CORPUS.rglob("*.html.gz"))
    return pages[::12]


def _plain_scan(root: lxml.html.HtmlElement, oracle: _Oracle) -> dict[str, dict]:
    """The walk written plainly: recursion, a block's kept words added to every open
    block above it, pieces joined pair by pair."""
    found: dict[str, dict] = {"verdicts": {}, "chars": {}, "linked": {}, "weight": {}}

    def add(block: object, parts: list[str], text: str | None, link: bool) -> None:
        if text:
            parts.append(text)
            if link:
                found["linked"][block] = found["linked"].get(block, 0) + len(text.strip())

    def join(parts: list[str]) -> str:
        out = [parts[0]]
        for prev, part in itertools.pairwise(parts):
            if not (
                locate_module._CJK_EDGE.match(part) or locate_module._CJK_EDGE.match(prev[-1:])
            ):
                out.append(" ")
            out.append(part)
        return "".join(out)

    def judge(block: object, parts: list[str], above: list) -> None:
        text = join(parts)
        words = locate_module.WORD.findall(text.lower())
        if parts and words:
            kept = oracle.keeps(words)
            found["verdicts"][block] = kept
            found["chars"][block] = len(text.strip())
            for el in [*above, block] if kept else []:
                found["weight"][el] = found["weight"].get(el, 0) + len(words)

    def visit(
        el: lxml.html.HtmlElement, block: object, parts: list[str], link: bool, above: list
    ) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in locate_module.SKIP:
                add(block, parts, child.tail, link)
                continue
            in_link = link or tag == "a"
            if tag in locate_module.INLINE:
                add(block, parts, child.text, in_link)
                visit(child, block, parts, in_link, above)
                add(
                    block,
                    parts,
                    f" {child.tail}" if tag == "br" and child.tail else child.tail,
                    link,
                )
            else:
                inner: list[str] = []
                add(child, inner, child.text, in_link)
                visit(child, child, inner, in_link, [*above, block])
                if inner:
                    judge(child, inner, [*above, block])
                add(block, parts, f" {child.tail}" if child.tail else None, link)

    parts = [root.text or ""]
    visit(root, root, parts, False, [])
    judge(root, parts, [])
    return found


def test_walk_finds_what_the_plain_walk_finds() -> None:
    pages = [
        parse(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
        for path in _corpus_sample()
    ]
    pages.append(parse(
        "<html><body><div>x<p>アプリ<a>Kindle</a>の<br>説明 <b>bold</b> words</p>"
        "<svg><g><text>no</text></g></svg> after<noscript><p>hidden</p></noscript>"
        "<!-- c -->tail <ul><li><a href='/'>link <i>deep</i></a> text</li></ul></div></body></html>"
    ))  # fmt: skip
    for tree in pages:
        body = tree.find("body")
        root = body if body is not None else tree
        text = root.text_content()[::2] + " " + root.text_content()[:2000]  # some kept
        scan = _scan(root, _Oracle(text))
        plain = _plain_scan(root, _Oracle(text))
        assert scan.verdicts == plain["verdicts"]
        assert scan.chars == plain["chars"]
        assert scan.linked == plain["linked"]
        assert scan.weight == plain["weight"]


OPTION_URLS = [None, "", "https://example.com/a?b=1", "https://例え.jp/記事", "\ud800x"]


@pytest.mark.parametrize("url", OPTION_URLS)
def test_oracle_options_are_those_the_constructor_builds(url: str | None) -> None:
    built = Extractor(fast=True, comments=False, tables=True, images=False, url=url)
    shortcut = locate_module._options(url)
    missing = object()
    for name in Extractor.__slots__:
        assert getattr(shortcut, name, missing) == getattr(built, name, missing), name


@pytest.mark.parametrize("seed", range(20))
def test_the_compiled_raw_prunes_delete_what_trafilatura_deletes(seed: int) -> None:
    rng = random.Random(seed)
    originals = [*RAW_TREE_PRUNE_XPATH, *REMOVE_COMMENTS_AND_LISTS_XPATH]
    for _ in range(25):
        inner = etree.tostring(_random_page(rng).find("body"), encoding="unicode")
        tree = lxml.html.document_fromstring(f"<html><body><div>{inner}</div>x</body></html>")
        plain = prune_unwanted_nodes(copy.copy(tree), originals)
        with python_filters():
            compiled = prune_unwanted_nodes(copy.copy(tree), locate_module._RAW_PRUNES)
        assert etree.tostring(compiled) == etree.tostring(plain)


def test_every_raw_prune_is_compiled() -> None:
    # when this fails, trafilatura changed its expressions: still correct, but slower
    assert all(isinstance(e, GatedFilter) for e in locate_module._RAW_PRUNES)
