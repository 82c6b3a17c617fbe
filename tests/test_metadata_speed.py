"""The speed shortcuts of the metadata stage give the same answers as the plain
computations they skip (each compared with it here)."""

from __future__ import annotations

import itertools
import random
import re
import unicodedata
from datetime import UTC

import lxml.html
import pytest

from converter.metadata import _mostly_japanese
from converter.metadata import dom as D
from converter.metadata.dates import DATE_PATTERNS, _build, find_dates, normalised, zone
from converter.metadata.found import PageTags, clean_text
from converter.metadata.jsonld import _unwrapped
from converter.metadata.microdata import LOOSE_PROPS, _props
from converter.metadata.titles import PAGE_MARKER, _without_page_marker, norm
from converter.parse import parse

# visible-page scan ---------------------------------------------------------------------

PAGE = f"""<html><head><title>T</title></head><body>
<nav aria-label="Breadcrumb"><ol><li>Home</li><li>World</li></ol></nav>
<div class="wrap"><header><h1>Headline of the day</h1>
<p class="dek">A dek</p></header>
<div class="PubDate"><time datetime="2025-04-11">Apr 11</time></div>
<span datetime="2025-04-12T10:00">x</span><div datetime="2025-04-13">div date</div>
<p>By Jane Doe</p><p>by the afternoon it rained</p><p>Published 2025-04-11</p>
<div> <!-- a comment -->Written by <a href="/a">John Roe</a></div>
<div><!-- first --> 公開 2025年4月11日</div>
<p>{" " * 60}【ワシントン＝山田太郎】本文</p>
<p>松岡大地記者</p><a rel="author nofollow" href="/b">Ann Lee</a>
<div id="column-title">Rensai label</div><span class="blogName">My blog</span>
<div class="category-label">Sports</div><ul class="topicpath"><li>a</li></ul>
<aside class="related"><span class="author">Other Writer</span></aside>
<footer><time>2020-01-01</time></footer><script>var byline = 1;</script>
<p class="ＤＡＴＥ \u212aicker">odd letters</p><p>\u3000【北京＝佐藤花子】</p>
</div></body></html>"""

ALL_KINDS = ["date", "author", "column", "category", "breadcrumb"]


def _plain_scan(rings: D._Rings, i: int, kinds: frozenset[str]) -> dict[str, list[object]]:
    circles = rings._circles
    inner = circles[i - 1] if i else None
    parts = [circles[i]] if inner is None else [c for c in circles[i] if c is not inner]
    if i >= D.LABEL_LEVELS:
        kinds = kinds - D.LABEL_KINDS
    hits: dict[str, list[object]] = {}
    for part in parts:
        for el in part.iter() if isinstance(part.tag, str) else ():
            for kind in D._kinds(el):
                if kind in kinds:
                    hits.setdefault(kind, []).append(el)
    return hits


@pytest.mark.parametrize(
    "kinds",
    [frozenset(c) for n in (1, 2, 5) for c in itertools.combinations(ALL_KINDS, n)],
)
@pytest.mark.parametrize("remove_comments", [True, False])
def test_scan_shortcut_finds_what_the_plain_scan_finds(
    kinds: frozenset[str], remove_comments: bool
) -> None:
    parser = lxml.html.HTMLParser(remove_comments=remove_comments)
    tree = lxml.html.document_fromstring(PAGE, parser=parser)
    anchors = [None, *tree.iter("h1", "time", "a")]
    for anchor in anchors:
        circles = list(D._circles(tree, PageTags(tree), anchor))
        rings = D._Rings(circles, kinds)
        for i in range(len(circles)):
            assert rings._scan(i) == _plain_scan(rings, i, kinds)


def test_rings_refuse_kinds_not_asked_for() -> None:
    tree = parse(PAGE)
    rings = D._Rings(list(D._circles(tree, PageTags(tree), None)), frozenset({"column"}))
    with pytest.raises(ValueError):
        list(rings.candidates("date"))
    with pytest.raises(ValueError):
        list(rings.candidates("column", D.MAX_LEVELS))


def test_page_tags_agree_with_lxml_lookups() -> None:
    for html in (PAGE, "<main><article><p>x</p></article></main>", "<p>no title</p>"):
        tree = parse(html)
        tags = PageTags(tree)
        assert tags.title() == tree.findtext(".//title")
        assert tags.first("article", "main") is next(iter(tree.xpath("//article | //main")), None)
        for names in (("meta",), ("script", "style"), ("h1",)):
            assert tags(*names) == list(tree.iter(*names))
        body = tree.find("body")
        if body is not None:
            assert list(D._hidden(body, tags)) == list(body.iter(*D.HIDDEN_TEXT_TAGS))


# microdata -----------------------------------------------------------------------------

MICRODATA = [
    '<div itemscope itemtype="https://schema.org/NewsArticle"><h1 itemprop="headline">H</h1>'
    '<div itemprop="author" itemscope itemtype="https://schema.org/Person">'
    '<span itemprop="name">Jane</span></div></div>',
    '<span itemprop="headline">Loose</span><time itemprop="datePublished" datetime="2025-01-02">',
    '<div itemscope itemtype="https://schema.org/Event"><span itemprop="name">E</span></div>'
    '<div itemscope itemtype="BlogPosting"></div><span itemprop="headline">Loose too</span>',
    "<p>no microdata at all</p>",
]


def _plain_microdata_props(tree: lxml.html.HtmlElement) -> list[object]:
    scopes = tree.xpath(
        "//*[@itemscope][contains(@itemtype, 'Article') or contains(@itemtype, 'BlogPosting')]"
    )
    if scopes:
        own = []
        for el in scopes[0].iterdescendants():
            if not isinstance(el.tag, str) or el.get("itemprop") is None:
                continue
            parent = el.getparent()
            while parent is not scopes[0] and parent.get("itemscope") is None:
                parent = parent.getparent()
            if parent is scopes[0]:
                own.append(el)
        return own
    return [el for el in tree.xpath("//*[@itemprop]") if el.get("itemprop") in LOOSE_PROPS]


@pytest.mark.parametrize("body", MICRODATA)
def test_microdata_reads_the_same_properties(body: str) -> None:
    tree = parse(f"<html><body>{body}</body></html>")
    assert _props(tree) == _plain_microdata_props(tree)


# text shortcuts ------------------------------------------------------------------------

_OLD_SPACES = re.compile(r"[ \t\r\n\f\v\xa0\u200b]+")


def _random_texts(alphabet: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9))) for _ in range(count)]


def test_clean_text_collapses_runs_as_before() -> None:
    alphabet = list(" \t\r\n\f\v\xa0\u200b\u3000ab")
    for text in _random_texts(alphabet, 20000, 1):
        assert clean_text(text) == (_OLD_SPACES.sub(" ", text).strip() or None)


def test_page_marker_shortcut() -> None:
    alphabet = [*"ab ()（）[]［］目/1２page of\n\t¹", "ページ", "頁", "ページ目", " 2"]
    for text in _random_texts(alphabet, 20000, 2):
        assert _without_page_marker(text) == PAGE_MARKER.sub("", text)


def test_norm_keeps_letters_and_digits() -> None:
    for text in _random_texts(["a", "Ｂ", "1", "_", "-", " ", "あ", "ß", "²", "\u0301"], 5000, 3):
        folded = unicodedata.normalize("NFKC", text).casefold()
        assert norm(text) == "".join(c for c in folded if c.isalnum())


def test_japanese_share_shortcut() -> None:
    for text in _random_texts(list("ab 1・ー゛あア漢字。Z\u3040\u30a0"), 20000, 4):
        letters = [c for c in text if c.isalpha()]
        kana = re.search(r"[\u3040-\u30ff]", text)
        cjk = len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", text))
        plain = bool(letters and kana) and cjk >= 0.3 * len(letters)
        assert _mostly_japanese(text) == plain


def test_jsonld_wrapper_shortcut() -> None:
    wrapper = re.compile(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$")
    for text in _random_texts(["<!--", "-->", "<![CDATA[", "]]>", " ", "\n", "{}", "1"], 5000, 5):
        assert _unwrapped(text) == wrapper.sub("", text.strip()).strip()


def _plain_find_dates(text: str, tz: object) -> list[tuple[object, ...]]:
    norm_text = normalised(text)
    found, taken = [], []
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(norm_text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            value = _build(m, tz)  # type: ignore[arg-type]
            if value is not None:
                found.append((m.start(), value, m.group("hour") is not None, m.end()))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d[0])


def test_date_pattern_shortcut() -> None:
    pieces = ["2025", "-", "04", "11", ":", "17", "33", "年", "月", "日", "令和", "元", ".", "/"]
    pieces += ["April", "Apr", "pm", " ", "T", "+09:00", "Z", "JST", "午後", "時", "分", "Fri,"]
    rng = random.Random(6)
    for tz in (UTC, zone("Asia/Tokyo")):
        for _ in range(5000):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 9)))
            got = [(d.start, d.value, d.has_time, d.end) for d in find_dates(text, tz)]
            assert got == _plain_find_dates(text, tz)
