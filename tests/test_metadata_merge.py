"""The precedence table of converter.metadata.merge, through extract_metadata."""

from __future__ import annotations

from datetime import datetime, timedelta

import lxml.html
import pytest

from converter.metadata import extract_metadata, metadata_provenance
from converter.model import Page, Source
from converter.pipeline import load_page
from converter.profiles import SiteProfile


def page(head: str = "", body: str = "", lang: str | None = None) -> Page:
    attr = f' lang="{lang}"' if lang else ""
    html = f"<html{attr}><head>{head}</head><body>{body}</body></html>"
    return load_page(Source(path="t.html", data=html.encode()))


def ld(data: str) -> str:
    return f'<script type="application/ld+json">{data}</script>'


# Every source offers a description; removing the best one must reveal the next.
SOURCES = [
    ("jsonld", ld('{"@type": "Article", "description": "from jsonld"}')),
    (
        "microdata",
        '<div itemscope itemtype="https://schema.org/Article">'
        '<meta itemprop="description" content="from microdata"></div>',
    ),
    ("opengraph", '<meta property="og:description" content="from opengraph">'),
    ("twitter", '<meta name="twitter:description" content="from twitter">'),
    ("meta", '<meta name="description" content="from meta">'),
]


@pytest.mark.parametrize("start", range(len(SOURCES)))
def test_default_order(start: int) -> None:
    p = page("".join(markup for _, markup in SOURCES[start:]))
    name = SOURCES[start][0]
    assert extract_metadata(p).description == f"from {name}"
    assert metadata_provenance(p)["description"] == name


def test_profile_beats_everything() -> None:
    head = ld('{"@type": "Article", "headline": "JSON-LD title", "datePublished": "2025-01-01"}')
    body = '<h1 class="t">Profile title</h1><span class="d">2025年4月11日 17時33分</span>'
    profile = SiteProfile(name="x", title=("h1.t",), date=(".d",), timezone="Asia/Tokyo")
    meta = extract_metadata(page(head, body), profile)
    assert meta.title == "Profile title"
    assert meta.published == datetime.fromisoformat("2025-04-11T17:33:00+09:00")


def test_visible_headline_wins_over_decorated_title() -> None:
    head = (
        "<title>Real headline | Example Site</title>"
        '<meta property="og:title" content="Real headline - Example Site">'
        '<meta property="og:site_name" content="Example Site">'
    )
    body = "<header><h1>Logo</h1></header><article><h1>Real headline</h1></article>"
    p = page(head, body)
    assert extract_metadata(p).title == "Real headline"
    assert metadata_provenance(p)["title"].startswith("dom")


def test_unrelated_h1_loses_to_metadata_title() -> None:
    head = '<meta property="og:title" content="The story of the day">'
    assert extract_metadata(page(head, "<h1>Weather warning</h1>")).title == "The story of the day"


def test_title_from_title_tag_loses_site_suffix_and_page_marker() -> None:
    head = (
        "<title>見出しの本文（2/3ページ）｜コラム｜サイト</title>"
        '<meta property="og:site_name" content="サイト">'
    )
    assert extract_metadata(page(head)).title == "見出しの本文"


def test_organisation_author_goes_apart_and_lower_person_wins() -> None:
    head = (
        ld(
            '{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Daily Example"},'
            ' "publisher": {"@type": "Organization", "name": "Daily Example"}}'
        )
        + '<meta name="author" content="Jane Doe">'
    )
    meta = extract_metadata(page(head))
    assert [a.name for a in meta.authors] == ["Jane Doe"]
    assert meta.organization == "Daily Example"


def test_person_named_like_the_publisher_is_an_organisation() -> None:
    head = ld(
        '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "日刊例"},'
        ' "publisher": {"@type": "Organization", "name": "日刊例"}}'
    )
    meta = extract_metadata(page(head))
    assert meta.authors == ()
    assert meta.organization == "日刊例"


CMS_ACCOUNT = ld('{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Kenji Sato"}}')
BYLINE = '<article><h1>Headline</h1><p class="byline">By Jane Roe and John Poe / Staff Writers</p>'


def test_explicit_byline_beats_a_metadata_person_the_page_never_shows() -> None:
    p = page(CMS_ACCOUNT, BYLINE + "<p>Body text.</p>")
    meta = extract_metadata(p)
    assert [a.name for a in meta.authors] == ["Jane Roe", "John Poe"]
    assert [a.role for a in meta.authors] == ["Staff Writers", "Staff Writers"]
    assert metadata_provenance(p)["authors"] == "dom (byline)"


def test_a_metadata_person_the_page_shows_keeps_precedence() -> None:
    body = BYLINE + '<p>Body text.</p><div class="profile">Kenji Sato</div>'
    meta = extract_metadata(page(CMS_ACCOUNT, body))
    assert [a.name for a in meta.authors] == ["Kenji Sato"]


def test_a_name_only_in_a_script_is_not_shown() -> None:
    body = BYLINE + '<script>var author = "Kenji Sato";</script>'
    meta = extract_metadata(page(CMS_ACCOUNT, body))
    assert [a.name for a in meta.authors] == ["Jane Roe", "John Poe"]


def test_explicit_byline_beats_an_organisation_only_metadata_author() -> None:
    head = ld('{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Example"}}')
    meta = extract_metadata(page(head, BYLINE))
    assert [a.name for a in meta.authors] == ["Jane Roe", "John Poe"]
    assert meta.organization == "Example"


def test_a_name_near_the_headline_without_byline_marks_does_not_beat_an_organisation() -> None:
    head = ld('{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Example"}}')
    body = '<article><h1>Headline</h1><p class="author">Washington</p></article>'
    meta = extract_metadata(page(head, body))
    assert meta.authors == ()
    assert meta.organization == "Example"


@pytest.mark.parametrize(
    ("byline", "name"),
    [
        ("<p>松岡大地記者</p>", "松岡大地"),
        ("<p>【ソウル＝小池和樹】韓国の政府は発表した。</p>", "小池和樹"),
    ],
)
def test_a_japanese_byline_beats_an_organisation_only_metadata_author(
    byline: str, name: str
) -> None:
    head = ld('{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "例新聞"}}')
    meta = extract_metadata(page(head, f"<article><h1>見出し</h1>{byline}</article>"))
    assert [a.name for a in meta.authors] == [name]
    assert meta.organization == "例新聞"


def test_page_furniture_named_as_author_does_not_replace_the_publisher() -> None:
    head = (
        ld('{"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "Example"}}')
        + '<meta name="author" content="Share this article">'
    )
    meta = extract_metadata(page(head))
    assert meta.authors == ()
    assert meta.organization == "Example"


def test_an_agency_dateline_leaves_the_metadata_person() -> None:
    head = '<meta name="author" content="佐藤花子">'
    body = "<article><h1>見出し</h1><p>【北京＝共同】中国政府は発表した。佐藤花子</p></article>"
    meta = extract_metadata(page(head, body))
    assert [a.name for a in meta.authors] == ["佐藤花子"]


def test_day_only_date_takes_time_from_lower_source() -> None:
    head = ld('{"@type": "Article", "datePublished": "2025-04-11"}') + (
        '<meta property="article:published_time" content="2025-04-11T17:33:00+09:00">'
    )
    p = page(head, lang="ja")
    assert extract_metadata(p).published == datetime.fromisoformat("2025-04-11T17:33:00+09:00")
    assert "opengraph" in metadata_provenance(p)["published"]


@pytest.mark.parametrize(
    ("lang", "text", "profile_tz", "offset"),
    [
        ("ja", "Title", None, 9),
        (None, "日本語のタイトルです", None, 9),
        ("en", "Title", None, 0),
        ("en", "Title", "America/New_York", -4),
    ],
)
def test_site_zone(lang: str | None, text: str, profile_tz: str | None, offset: int) -> None:
    head = f'<meta name="date" content="2025-04-11 17:33"><title>{text}</title>'
    profile = SiteProfile(name="x", timezone=profile_tz) if profile_tz else None
    meta = extract_metadata(page(head, lang=lang), profile)
    assert meta.published.utcoffset() == timedelta(hours=offset)
    assert meta.published.hour == 17


def test_visible_date_only_when_metadata_has_none() -> None:
    body = '<div><h1>T</h1><p class="date">2025年4月11日 17:33</p></div>'
    with_meta = page(
        '<meta property="article:published_time" content="2024-01-01T00:00:00Z">', body
    )
    assert extract_metadata(with_meta).published.year == 2024
    without = page("", body, lang="ja")
    assert extract_metadata(without).published == datetime.fromisoformat("2025-04-11T17:33+09:00")


def test_url_is_absolute_and_prefers_article_url() -> None:
    head = (
        '<link rel="canonical" href="https://site.test/">'
        '<meta property="og:url" content="https://site.test/news/1">'
        '<meta property="og:image" content="/img/a.jpg">'
        '<meta property="og:image:alt" content="Alt">'
    )
    meta = extract_metadata(page(head))
    assert meta.url == "https://site.test/news/1"
    assert meta.image.src == "https://site.test/img/a.jpg"
    assert meta.image.alt == "Alt"


def test_site_name_lang_tags_section() -> None:
    head = (
        '<meta property="og:site_name" content="Example">'
        '<meta property="og:locale" content="en_US">'
        '<meta property="article:section" content="World">'
        + ld('{"@type": "Article", "keywords": ["Example", "news", "Asia", "Asia"]}')
    )
    meta = extract_metadata(page(head))
    assert meta.site_name == "Example"
    assert meta.lang == "en-US"
    assert meta.section == "World"
    assert meta.tags == ("Asia",)


def test_shared_tree_is_not_changed() -> None:
    body = '<div class="a"><h1>T</h1><p class="author"><span class="x">C</span> N</p></div>'
    p = page(ld('{"@type": "Article", "headline": "T"}'), body)
    before = lxml.html.tostring(p.tree)
    profile = SiteProfile(name="x", author=("p.author",), author_exclude=("span.x",))
    extract_metadata(p, profile)
    assert lxml.html.tostring(p.tree) == before
