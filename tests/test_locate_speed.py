"""The shortcuts that make locate.py cheap must not change what it finds.

- The id/class guards in front of trafilatura's prune expressions: an expression is only
  skipped when no element of the page could match it.
- The oracle's set lookup for blocks shorter than a shingle answers as a search of the
  oracle text would.
- The walk over the page: comment and script tails still belong to their block, text
  inside skipped elements does not.
"""

from __future__ import annotations

import gzip
import importlib
import random
import re
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from converter.extract.locate import _guard, _Oracle, _oracle_light, _scan
from converter.parse import parse

# the module itself (converter.extract re-exports its function under the same name)
locate_module = importlib.import_module("converter.extract.locate")

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
REGEXP_NS = {"re": "http://exslt.org/regular-expressions"}
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


def _passes(guard: list[tuple[str, re.Pattern[str]]], tree: lxml.html.HtmlElement) -> bool:
    values = {attr: set(tree.xpath(f".//@{attr}")) for attr in ("id", "class")}
    return any(pattern.search(v) for attr, pattern in guard for v in values[attr])


def test_trafilatura_prunes_all_have_a_guard() -> None:
    # when this fails, trafilatura changed its expressions: still correct, but slower
    assert all(guard is not None for _, guard in locate_module._PRUNE_STEPS)


@pytest.mark.parametrize("seed", range(40))
def test_a_guard_never_skips_an_expression_that_matches(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(25):
        tree = _random_page(rng)
        for expression, guard in locate_module._PRUNE_STEPS:
            if guard is not None and expression(tree):
                assert _passes(guard, tree), etree.tostring(tree)


def test_guards_follow_lxml_regex_semantics() -> None:
    # re:test searches (not anchored), case-sensitively
    tree = lxml.html.fromstring('<div><div id="x-infinite-scroll">a</div></div>')
    expression = etree.XPath(".//*[re:test(@id, 'infinite')]", namespaces=REGEXP_NS)
    guard = _guard(expression)
    assert guard is not None and expression(tree) and _passes(guard, tree)
    upper = lxml.html.fromstring('<div><div id="INFINITE">a</div></div>')
    assert not expression(upper) and not _passes(guard, upper)


@pytest.mark.parametrize(
    "path",
    [
        ".//*[re:test(@id, 'a?')]",  # passes for elements without an id: no guard
        ".//*[contains(@class, '')]",
        ".//div[re:test(@id, 'x')]",  # not the single .//* step the guard reads
        ".//*[re:test(@id, 'x')]/p",
        ".//*[re:test(@id, 'x')] | .//p",
        ".//*[re:test(@id, 'x') and @class]",
        ".//*[re:test(@id, 'x', 'i')]",  # flags: not read
        ".//*[@id='x']",
    ],
)
def test_unknown_expression_forms_get_no_guard(path: str) -> None:
    assert _guard(etree.XPath(path, namespaces=REGEXP_NS)) is None


def test_guard_reads_the_first_attribute_filter_of_several() -> None:
    path = ".//*[self::div][contains(@class, 'a]b') or re:test(@id, '^c[0-9]')][not(p)]"
    guard = _guard(etree.XPath(path, namespaces=REGEXP_NS))
    assert guard is not None
    assert [(attr, p.pattern) for attr, p in guard] == [("class", "a\\]b"), ("id", "^c[0-9]")]


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


def test_guards_leave_the_oracle_text_unchanged_on_corpus_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sample = _corpus_sample()
    if not sample:
        pytest.skip("../shared/corpus not found")
    trees = [
        parse(gzip.decompress(path.read_bytes()).decode("utf-8", "replace")) for path in sample
    ]
    guarded = [_oracle_light(tree, None) for tree in trees]
    unguarded_steps = [(expression, None) for expression, _ in locate_module._PRUNE_STEPS]
    monkeypatch.setattr(locate_module, "_PRUNE_STEPS", unguarded_steps)
    assert [_oracle_light(tree, None) for tree in trees] == guarded
