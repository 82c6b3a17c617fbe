"""trafilatura's element filters compiled to Python select what the XPath selects.

Compared element by element with lxml's own evaluation: on hand-made edge cases, on
random elements (hypothesis), on every corpus page, and through the oracle's text.
"""

from __future__ import annotations

import contextlib
import gzip
import importlib
from pathlib import Path

import lxml.html
import pytest
import trafilatura.main_extractor
import trafilatura.xpaths
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from converter.extract import filters
from converter.extract.filters import (
    GatedFilter,
    Unsupported,
    compile_path,
)
from converter.parse import parse

locate_module = importlib.import_module("converter.extract.locate")
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
REGEXP_NS = {"re": "http://exslt.org/regular-expressions"}


def _trafilatura_expressions() -> list[etree.XPath]:
    """Every XPath of trafilatura's expression lists that the compiler takes."""
    found = []
    for name in sorted(dir(trafilatura.xpaths)):
        value = getattr(trafilatura.xpaths, name)
        if name.isupper() and isinstance(value, list):
            for expression in value:
                try:
                    compile_path(expression.path)
                except Unsupported:
                    continue
                found.append(expression)
    return found


EXPRESSIONS = _trafilatura_expressions()
# Our own expressions around each construct the compiler covers.
OWN = [
    ".//*[@id|@class='x']",
    ".//*[re:test(@id|@class, '^a')]",
    ".//*[re:test(@class, 'B', 'i')]",
    ".//*[re:test(@class, 'B', 'g')]",
    ".//*[starts-with(@class|@id, 'a')]",
    ".//*[@class != 'x']",
    ".//*[@id|@class != 'x']",
    ".//*[not(@id)]",
    ".//*[not(contains(@class, 'a')) and (@id or @style)]",
    ".//*[contains(translate(@class, 'ABA', 'ab'), 'ab')]",
    ".//*[self::div or self::p][@class]",
    ".//*[self::div][@id][re:test(@class, 'b$')]",
    ".//*[@class='' or @id='']",
    ".//*['x' = @class]",
    './/*[@class = "a b"]',
    ".//p",
    ".//*[.//span]",
    ".//*[not(.//p) or @id]",
    ".//p|.//span",
    "(.//*[@class])[1]",
    ".//*[@class][1]",
    ".//*[self::div or self::p][@id or @class][ 1 ]",
    "(.//p)[1]|(.//span)[1]",
    "(.//*[self::div][@id])[1] | (.//main)[1]",
]


def test_the_compiler_takes_the_expressions_it_stands_in_for() -> None:
    taken = {e.path for e in EXPRESSIONS}
    for name in filters.GATED:
        for expression in getattr(trafilatura.xpaths, name):
            assert expression.path in taken, name


@pytest.mark.parametrize(
    "path",
    [
        ".//header/p",  # a second step
        ".//*[.//h1 = 'x']",  # the text of what is below
        ".//*[contains(.//h1, 'x')]",
        ".//*[..]",  # looks above the element
        ".//*[position() = 1]",
        ".//*[text()]",
        ".//*[re:test(@id, 'a', @class)]",
        ".//*[re:test(@id, @class)]",
        ".//*[@id = @class]",
        ".//*[contains(@id, 'a') = 'b']",
        ".//*[self::div]//p",
        "(.//*[@id])[2]",
        ".//*[@id][2]",
        "(.//p)[last()]",
        ".//p[@id]",
        "//p",
        ".//*[@id or]",
        ".//*[string-length(@id) > 2]",
    ],
)
def test_other_xpath_is_refused(path: str) -> None:
    with pytest.raises(Unsupported):
        compile_path(path)


EDGE_PAGE = """<html><body><div class="w"><p><span>s</span></p></div>
<div id="y" class="reply-x">a</div><div class="reply-x" id="y">b</div>
<div class="x">c</div><div class="">d</div><div id="">e</div><p class="a b">f</p>
<span class="ABAB">g</span><div style="display:none">h</div><p id="a1" class="zb">i</p>
<section class="hidden-thing"><div class="comments-title">j</div></section>
<div aria-hidden="true" role="Navigation">k</div><!-- a comment --><div>l</div>
</body></html>"""


def _agree(path: str, root: etree._Element) -> None:
    expected = etree.XPath(path, namespaces=REGEXP_NS)(root)
    assert compile_path(path)(root) == expected, path


@pytest.mark.parametrize("path", OWN + [e.path for e in EXPRESSIONS])
def test_agrees_with_lxml_on_edge_cases(path: str) -> None:
    _agree(path, lxml.html.document_fromstring(EDGE_PAGE))


def test_a_union_reads_the_first_attribute_in_the_elements_order() -> None:
    root = lxml.html.document_fromstring(EDGE_PAGE)
    select = compile_path(".//*[starts-with(@id|@class, 'reply-')]")
    assert [el.text for el in select(root)] == ["b"]


VALUES = st.sampled_from(
    ["", "x", "a b", "reply-x", "comment", "Comments", "share", "nav", "Nav", "menu",
     "teaser", "Teaser", "caption", "hidden", "display:none", "display: none", "true",
     "author", "sidebar", "ad-slot", " ad ", "cookie", "byline", "bottom link", "respond"]
)  # fmt: skip
ATTRS = st.sampled_from(
    ["id", "class", "style", "role", "aria-hidden", "data-component", "itemprop", "href"]
)
ELEMENT = st.tuples(
    st.sampled_from(["div", "p", "span", "section", "list", "item", "aside", "a", "main"]),
    st.lists(st.tuples(ATTRS, VALUES), max_size=4, unique_by=lambda kv: kv[0]),
    st.integers(min_value=0),  # which element already made is its parent
)


@settings(max_examples=150, deadline=None)
@given(st.lists(ELEMENT, min_size=1, max_size=10))
def test_agrees_with_lxml_on_random_elements(elements: list) -> None:
    root = etree.Element("body")
    made = [root]
    for tag, attrs, parent in elements:
        made.append(etree.SubElement(made[parent % len(made)], tag, dict(attrs)))
    for path in OWN + [e.path for e in EXPRESSIONS]:
        _agree(path, root)


def test_stand_ins_run_the_compiled_path_only_inside_the_gate() -> None:
    expression = next(e for e in EXPRESSIONS if "caption" in e.path)
    stand_in = GatedFilter(expression)
    root = lxml.html.document_fromstring('<div class="caption">x</div><p>y</p>')
    calls = []
    stand_in.selector = lambda tree: calls.append(tree) or []
    assert [el.get("class") for el in stand_in(root)] == ["caption"]  # lxml's XPath
    assert not calls
    with filters.python_filters():
        assert stand_in(root) == []  # the (stubbed) compiled path
    assert calls


def test_install_puts_stand_ins_into_the_main_extractor_once() -> None:
    filters.install()
    filters.install()
    for name in filters.GATED:
        current = getattr(trafilatura.main_extractor, name)
        assert not any(
            isinstance(e, GatedFilter) and isinstance(e.xpath, GatedFilter) for e in current
        )
        originals = getattr(trafilatura.xpaths, name)
        assert [e.path for e in current] == [e.path for e in originals]
        assert any(isinstance(e, GatedFilter) for e in current) == any(
            e.path.strip().startswith(".//*[") for e in originals
        )


def _corpus_pages() -> list[Path]:
    return sorted(CORPUS.rglob("*.html.gz"))


def test_agrees_with_lxml_on_every_corpus_page() -> None:
    pages = _corpus_pages()
    if not pages:
        pytest.skip("../shared/corpus not found")
    for page in pages:
        tree = parse(gzip.decompress(page.read_bytes()).decode("utf-8", "replace"))
        for expression in EXPRESSIONS:
            assert compile_path(expression.path)(tree) == expression(tree), (page.name, expression)


def test_the_oracle_text_is_the_same_without_the_stand_ins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pages = _corpus_pages()[::4]
    if not pages:
        pytest.skip("../shared/corpus not found")
    trees = [parse(gzip.decompress(p.read_bytes()).decode("utf-8", "replace")) for p in pages]
    with_predicates = [locate_module._oracle_light(tree, None) for tree in trees]
    monkeypatch.setattr(locate_module, "python_filters", contextlib.nullcontext)
    assert [locate_module._oracle_light(tree, None) for tree in trees] == with_predicates
