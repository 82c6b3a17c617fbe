"""The speed shortcuts of parse, the profile-box search and the lead-image search give
the same answers as the plain computations they skip (each compared with it here)."""

from __future__ import annotations

import gzip
import itertools
import re
from pathlib import Path

import lxml.html
import pytest

from converter.capture import complete
from converter.errors import InputError
from converter.extract.hero import _candidates
from converter.extract.images import image_url
from converter.extract.profile import _may_be_label, find_boxes
from converter.extract.profile_box import is_profile_label
from converter.model import Figure, Metadata
from converter.parse import (
    _XML_INCOMPATIBLE,
    MAX_DEPTH,
    _depth,
    _may_hold_incompatible,
    _utf8,
    parse,
)

# parse ---------------------------------------------------------------------------------

ODD_CHARS = ["\x00", "\x08", "\x0b", "\x0c", "\x1f", "\ud800", "\udfff", "\ufffe", "\uffff"]
FINE_CHARS = ["\t", "\n", "\r", " ", "\x7f", "é", "あ", "\U0001f600", "\ufffd", "\ue000"]


@pytest.mark.parametrize("char", ODD_CHARS + FINE_CHARS)
@pytest.mark.parametrize("base", ["plain ascii", "日本語のテキスト", "emoji \U0001f600 text"])
def test_incompatible_check_agrees_with_the_regex(char: str, base: str) -> None:
    for text in (base + char, char + base, base[:3] + char + base[3:]):
        assert _may_hold_incompatible(text, _utf8(text)) == bool(_XML_INCOMPATIBLE.search(text))


def test_parse_removes_incompatible_characters() -> None:
    tree = parse("<p>a\x01b\ud800c\ufffed</p>")
    assert tree.findtext(".//p") == "abcd"


@pytest.mark.parametrize("levels", [MAX_DEPTH - 2, MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 5])
def test_depth_limit_matches_the_exact_depth(levels: int) -> None:
    html = "<div>" * levels + "x"
    exact = _depth(lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True)))
    if exact > MAX_DEPTH:
        with pytest.raises(InputError, match=f"nested {exact} levels"):
            parse(html)
    else:
        assert parse(html) is not None


# profile boxes ------------------------------------------------------------------------

LABEL_TEXTS = [
    "プロフィール",
    " 　著者プロフィール：",
    "筆者紹介",
    "About the author",
    "ABOUT THE AUTHOR:",
    "a b o u t t h e a u t h o r s",
    "\u00a0About\u2003the writer",
    "About the authorſ",  # long s case-folds to "s"
    "Profile",
    "プロフィールを見る",
    "著者",
    "",
    "   ",
    "This paragraph is far too long to be a label of an author box at all.",
]


def _elements() -> list[lxml.html.HtmlElement]:
    els = []
    for text, tag in itertools.product(LABEL_TEXTS, ["h3", "p", "div", "strong"]):
        els.append(lxml.html.fragment_fromstring(f"<{tag}>{text}</{tag}>"))
        half = len(text) // 2
        els.append(
            lxml.html.fragment_fromstring(f"<{tag}>{text[:half]}<span>{text[half:]}</span></{tag}>")
        )
        els.append(lxml.html.fragment_fromstring(f"<{tag}> <b>{text}</b> </{tag}>"))
    return els


def test_label_shortcut_agrees_with_the_label_rule() -> None:
    for el in _elements():
        expected = is_profile_label(el.text_content())
        assert _may_be_label(el) == expected, el.text_content()


def test_boxes_found_with_odd_markup_cases() -> None:
    page = lxml.html.document_fromstring(
        "<html><body><article><p>Text.</p>"
        '<div class="AUTHOR-BOX"><p class="name">Jane Doe</p><p>Writes about tea.</p></div>'
        '<div itemtype="https://schema.org/Person"><p>Someone</p></div>'
        '<div class="nothing-here"><p>Other text.</p></div>'
        "<h3>About\u3000the author</h3><p>John Roe</p><p>Columnist since 2001.</p>"
        "</article></body></html>"
    )
    found = [[el.tag for el in box] for box in find_boxes(page)]
    assert found == [["div"], ["div"], ["h3", "p", "p"]]


# lead image ---------------------------------------------------------------------------

BASE = "https://news.example/col/2025/post.html"
RAW_URLS = [
    "/img/lead.jpg",
    "lead.jpg",
    "../img/lead.jpg",
    "https://cdn.example/img/lead.jpg?w=800",
    "//cdn.example/img/lead.jpg",
    "?v=2",
    "#top",
    ";params",
    "img/lead.jpg/..",
    "/img/le\nad.jpg",
    "/img/lead.jpg#frag",
]


def test_lead_candidates_agree_with_resolving_every_image() -> None:
    imgs = "".join(f'<img src="{u}">' for u in RAW_URLS)
    imgs += '<img data-src="/img/lazy.jpg" src="/img/blank.gif">'
    imgs += '<img srcset="/img/small.jpg 300w, /img/big.jpg 1200w">'
    imgs += '<picture><source srcset="/img/pic.webp"><img src="/img/pic.jpg"></picture>'
    tree = lxml.html.document_fromstring(f"<html><body>{imgs}</body></html>")
    urls = {image_url(img, base) for img in tree.iter("img") for base in (BASE, None)}
    urls |= {BASE, "https://news.example/img/lead.jpg;x"}
    for src, base in itertools.product(sorted(u for u in urls if u), (BASE, None)):
        meta = Metadata(image=Figure(src=src, alt=""))
        expected = [img for img in tree.iter("img") if image_url(img, base) == src]
        assert [img for img, _ in _candidates(tree, meta, base, None)] == expected, (src, base)


def test_urls_used_above_cover_the_cases() -> None:
    resolved = [
        image_url(lxml.html.fragment_fromstring(f'<img src="{u}">'), BASE) for u in RAW_URLS
    ]
    assert BASE + "?v=2" in resolved  # a path-less URL takes the page's file name
    assert any(u and re.search(r"/img/$", u) for u in resolved)  # a trailing ".."


# The attribute pattern the "complete" reader used before folder_refs: tried at every
# position of the page (the plain computation folder_refs must agree with).
_PLAIN_FOLDER_REF = re.compile(
    rb"""(?:src|href|srcset)\s*=\s*["']?(?:\./)?([^"'<>/\s]+?[_.]files)/""", re.I
)


def _plain_folder_refs(data: bytes) -> list[bytes]:
    return [m.group(1) for m in _PLAIN_FOLDER_REF.finditer(data)]


@pytest.mark.parametrize(
    "html",
    [
        b'<img src="./My%20Page_files/a.jpg"><img src=My_files/b.png>',
        b'<a href="x/y_files/z"> <img srcset="a_files/x.jpg 1x, b_files/y.jpg 2x">',
        b"<img SRC = 'old.files/p.gif'> profiles/ _files/ src=_files/x",
        "<img src='記事_files/写真.jpg'>".encode(),
        b'<img src="data:image/png;base64,AAAA_files/">',
    ],
)
def test_folder_refs_match_the_plain_pattern(html: bytes) -> None:
    assert list(complete.folder_refs(html)) == _plain_folder_refs(html)


def test_folder_refs_match_the_plain_pattern_on_the_corpus(corpus_dir: Path) -> None:
    for path in sorted(corpus_dir.glob("**/*.html.gz")):
        data = gzip.decompress(path.read_bytes())[: complete._BODY]
        assert list(complete.folder_refs(data)) == _plain_folder_refs(data), path.name
