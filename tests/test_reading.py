"""Reading time (issue 20): characters per minute for Japanese, words for the rest; shown
on article pages and in listings."""

from __future__ import annotations

import math

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from converter.site.catalog import read_catalog
from converter.site.reading import CJK_CHARS_PER_MINUTE, WORDS_PER_MINUTE, reading_minutes
from tests.conftest import BuiltSite


def test_japanese_counts_characters_not_words() -> None:
    sentence = "英国の鉄道はなぜ再国有化に向かうのか。"  # 18 characters and a full stop
    body = "\n\n".join([sentence] * 100)  # 1,800 characters: one "word" per sentence
    assert reading_minutes(body, "ja") == math.ceil(1800 / CJK_CHARS_PER_MINUTE) == 4
    assert reading_minutes(body, None) == 4  # no language: the script decides


def test_other_languages_count_words() -> None:
    body = " ".join(["word"] * (WORDS_PER_MINUTE * 3 + 1))
    assert reading_minutes(body, "en") == 4
    assert reading_minutes(body, None) == 4
    assert reading_minutes("Short.", "en") == 1  # never 0 minutes


def test_markup_and_urls_are_not_read() -> None:
    text = "あ" * CJK_CHARS_PER_MINUTE
    url = "https://example.com/" + "x" * 2000
    body = f"[{text}]({url})\n\n![photo]({url}){{ .lead }}\n\n<figure>{'<b></b>' * 300}</figure>"
    assert reading_minutes(body, "ja") == 1


def _body_units(root: lxml.html.HtmlElement, japanese: bool) -> int:
    text = root.cssselect(".digest-article__body")[0].text_content()
    if japanese:
        return sum(ch.isalnum() for ch in text)
    return len(text.split())


@pytest.mark.parametrize("which", ["fixture_site", "sample_site"])
def test_article_pages_and_listings_show_reading_time(request, which: str) -> None:
    """What the reader sees, checked against the text the page shows."""
    fixture_site: BuiltSite = request.getfixturevalue(which)
    entries = read_catalog(fixture_site.docs / "articles", fixture_site.docs)
    assert entries
    for e in entries:
        root = lxml.html.parse(str(fixture_site.site / e.url / "index.html")).getroot()
        shown = root.cssselect(".digest-article__reading")[0].text_content().strip()
        japanese = (e.lang or "ja").startswith("ja")
        units = _body_units(root, japanese)
        rate = CJK_CHARS_PER_MINUTE if japanese else WORDS_PER_MINUTE
        # The page text includes rendered extras (heading anchors ¶), so allow a little.
        expected = {max(1, math.ceil(units * f / rate)) for f in (0.9, 1.0)}
        assert shown == f"約{e.minutes}分で読めます" and e.minutes in expected, e.src
    home = lxml.html.parse(str(fixture_site.site / "index.html")).getroot()
    for item in home.cssselect(".digest-cards li"):
        title = item.cssselect("a.digest-item__title")[0].text_content().strip()
        entry = next(e for e in entries if e.title == title)
        assert f"約{entry.minutes}分" in item.cssselect(".digest-item__meta")[0].text_content()
    if which == "sample_site":  # real columns take minutes, not one
        assert max(e.minutes for e in entries) >= 4


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_long_articles_take_longer(lang: str) -> None:
    unit = "経済" if lang == "ja" else "economy "
    assert reading_minutes(unit * 5000, lang) > reading_minutes(unit * 500, lang)


@given(st.text(max_size=300))
def test_character_count_is_isalnum(text: str) -> None:
    """The regex count (speed) is the plain count of str.isalnum() characters."""
    from converter.site.reading import _NOT_ALNUM

    assert len(_NOT_ALNUM.sub("", text)) == sum(ch.isalnum() for ch in text)
