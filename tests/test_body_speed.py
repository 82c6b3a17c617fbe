"""The speed shortcuts of the body's chrome rules and of the page's Markdown guard give
the same answers as the plain computations they skip (each compared with it here)."""

from __future__ import annotations

import copy
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from converter.extract.captions import _other_content, squash, text_content
from converter.extract.clean import (
    CHROME_PROMO,
    CHROME_PROMO_HINT,
    PROMO_HINT_WORDS,
    drop_repeats,
    has_promo_hint,
)
from converter.extract.images import _PLACEHOLDER_EXTENSION, PLACEHOLDER_NAME
from converter.extract.lead import LEAD_CLASS, _has_lead_word
from converter.extract.profile import _may_be_label
from converter.pipeline import with_lead
from converter.sanitize import sanitize_markdown

# chrome promo boxes ---------------------------------------------------------------------

PROMO_WORDS = [
    "subscribe", "SUBSCRIBE", "ſubſcribe", "Subscribers", "sign up", "signing up", "SıGN up",
    "newsletter", "Newsletters", "inbox", "free", "delivered", "magazine", "subscription",
    "follow", "FOLLOW", "us", "on facebook", "on twitter", "on instagram", "already a",
    "subscriber", "only", "now", "to", "continue", "read", "reading,", "please", "log in",
    "through", "your", "door", "letterbox", "12 issues for", "for as little as", "£1",
    "a year", "per month", "メールマガジン", "メール配信", "ニュースレター", "会員登録",
    "有料会員", "有料プラン", "会員限定の記事", "読み放題", "続きは会員", "続きは有料",
    "the", "news", "story", "記事", "の", "\u212a", "\u0130",
]  # fmt: skip


@given(st.lists(st.sampled_from(PROMO_WORDS), max_size=8).map(" ".join))
def test_promo_hint_is_in_every_promo_match(text: str) -> None:
    if CHROME_PROMO.search(text):
        assert CHROME_PROMO_HINT.search(text)


def test_promo_hint_keeps_every_promo_box() -> None:
    boxes = [
        "Sign up for our newsletter, delivered to your inbox",
        "Already a subscriber? Log in",
        "Follow us on Instagram",
        "有料会員になると続きを読めます",
        "Get 12 issues for £12, delivered through your door",
        "ſubscribe to read the full story",
    ]
    for text in boxes:
        assert CHROME_PROMO.search(text) and CHROME_PROMO_HINT.search(text)


@given(st.lists(st.sampled_from(PROMO_WORDS), max_size=8).map(" ".join))
def test_promo_hint_words_find_what_the_hint_regex_finds(text: str) -> None:
    if CHROME_PROMO_HINT.search(text):
        assert has_promo_hint(text)


@pytest.mark.parametrize("word", PROMO_HINT_WORDS)
def test_promo_hint_words_fold_every_case_the_regex_folds(word: str) -> None:
    odd = ["\u0130", "\u0131", "\u017f", "\u212a", "\u00df", "\u1e9e"]
    for i, letter in enumerate(word):
        for char in {letter.upper(), letter.lower(), *odd}:
            text = f"…{word[:i]}{char}{word[i + 1 :]}…"
            if CHROME_PROMO_HINT.search(text):
                assert has_promo_hint(text), text


# the page's Markdown guard ---------------------------------------------------------------

markdownish = st.text(alphabet=st.sampled_from(list("<>/!?-=\"' :{}[]()#&;.\\ajsvbcriptonl\n")))
leadish = st.text(alphabet=st.sampled_from(list("abc .,:;!?()&#*_-\n\u3000リード")))


@given(lead=st.one_of(leadish, markdownish), body=markdownish, guarded=st.booleans())
def test_lead_and_body_are_guarded_as_one_text(lead: str, body: str, guarded: bool) -> None:
    body = sanitize_markdown(body) if guarded else body
    whole = sanitize_markdown(f"{lead}\n{{ .lead }}\n\n{body}")
    assert with_lead(lead, body) == whole


@given(md=markdownish)
def test_a_guarded_text_handed_back_is_guarded_again_unchanged(md: str) -> None:
    once = sanitize_markdown(md)
    assert sanitize_markdown(once) == once


# an image's surroundings (captions) ------------------------------------------------------

CASES = sorted((Path(__file__).parent / "cases").glob("*/source.html"))
FRAGMENTS = [
    "<div>before <!-- note --> <img src=a.jpg> after<span>x</span>tail</div>",
    "<p><a href=x><img src=a.jpg></a>caption<img src=b.jpg><?pi x?>end</p>",
    "<figure><img src=a.jpg><figcaption>Cap <b>bold</b></figcaption> tail</figure>",
]


def _copy_and_drop(parent: lxml.html.HtmlElement, keep: tuple) -> tuple[str, bool]:
    """The plain computation: a copy of ``parent`` with ``keep`` dropped (tails stay)."""
    clone = copy.deepcopy(parent)
    for child, original in reversed(list(zip(clone, parent, strict=True))):
        if any(original is k for k in keep):
            child.drop_tree()
    return squash(clone.text_content()), any(True for _ in clone.iter("img"))


@pytest.mark.parametrize("html", FRAGMENTS + [c.read_text("utf-8") for c in CASES])
def test_other_content_is_the_copy_without_the_kept(html: str) -> None:
    tree = lxml.html.document_fromstring(html)
    for parent in tree.iter(lxml.etree.Element):  # comments and PIs hold no children
        children = [c for c in parent if isinstance(c.tag, str)]
        for keep in [(), *((c,) for c in children), tuple(children[:2])]:
            assert _other_content(parent, keep, parent) == _copy_and_drop(parent, keep)


# text of an element ---------------------------------------------------------------------

TEXT_CASES = [
    "<div>a<p>b<!--x-->y<?pi z?>w<b>q</b></p>c<br>tail<span> </span></div>",
    "<div>\n  <div>\n <p>\u3000：Deep</p> after</div>\n</div>",
    "<p>leaf only</p>",
    "<p></p>",
    "<div>\n <span> About</span> the <b>author</b><!-- x --></div>",
    "<h3>\n<strong>\u3000プロフィール：</strong></h3>",
    "<p>:<span>著者<i>紹介</i></span></p>",
]


@pytest.mark.parametrize("html", TEXT_CASES + [c.read_text("utf-8") for c in CASES])
def test_text_shortcuts_agree_with_lxml(html: str) -> None:
    tree = lxml.html.document_fromstring(html)
    for el in tree.iter(lxml.etree.Element):
        assert text_content(el) == el.text_content()
        assert _may_be_label(el, plain=True) == _may_be_label(el)


def test_label_text_with_an_entity_node_is_read_as_itertext_reads_it() -> None:
    el = lxml.html.fragment_fromstring("<p><b>About the</b> author</p>")
    entity = lxml.etree.Entity("nbsp")
    entity.tail = " "
    el[0].append(entity)  # itertext() reads "&nbsp;", text_content() does not
    assert el.text_content() == "About the  author"
    assert not _may_be_label(el)


@pytest.mark.parametrize(
    "title", ["Breaking News", "BREAKING  news", "Other", "", "   ", "Straße", "速報 ニュース"]
)
def test_repeats_found_without_their_precheck(title: str) -> None:
    html = (
        "<div><h2>breaking news</h2><p>Some <b>Breaking</b>\nNEWS</p><div><span>strasse"
        "</span></div><p>速報　ニュース</p><p></p><div>Breaking news today</div></div>"
    )
    node = lxml.html.fragment_fromstring(html)
    expected = copy.deepcopy(node)
    wanted = " ".join(title.split()).casefold()
    for el in list(expected.iter("h2", "p", "div", "span")):
        text = " ".join(el.text_content().split()).casefold()
        if title and el is not expected and el.getparent() is not None and text == wanted:
            el.drop_tree()
    drop_repeats(node, title)
    assert lxml.html.tostring(node) == lxml.html.tostring(expected)


# placeholder images ----------------------------------------------------------------------

PLACEHOLDER_URLS = [
    "/img/spinner.gif", "/a/LOADING.PNG?x=1", "/b/blank-1.svg#a", "/c/pixel_x.gIf",
    "/d/lazy.jpg", "/e/photo.png", "/f/spacer.ſvg", "/g/gray.G\u0130F", "/h/noimage.webp",
]  # fmt: skip


@pytest.mark.parametrize("url", PLACEHOLDER_URLS)
def test_placeholder_extension_is_in_every_placeholder_match(url: str) -> None:
    if PLACEHOLDER_NAME.search(url):
        assert _PLACEHOLDER_EXTENSION.search(url)


# lead classes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word", ["lead", "articleLead", "lede", "standfirst", "summary", "dek", "intro", "deck"]
)
def test_lead_words_fold_every_case_the_lead_class_regex_folds(word: str) -> None:
    odd = ["\u0130", "\u0131", "\u017f", "\u212a"]
    for i, letter in enumerate(word):
        for char in {letter.upper(), letter.lower(), *odd}:
            marks = f"c-{word[:i]}{char}{word[i + 1 :]} x"
            if LEAD_CLASS.search(marks):
                assert _has_lead_word(marks), marks
