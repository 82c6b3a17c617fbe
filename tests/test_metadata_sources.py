"""One metadata source at a time, on small hand-written pages."""

from __future__ import annotations

import lxml.html
import pytest

from converter.metadata.authors import normalise_authors
from converter.metadata.dates import zone
from converter.metadata.dom import from_dom
from converter.metadata.found import ORGANIZATION, PERSON, PageContext, RawAuthor
from converter.metadata.jsonld import from_jsonld, parse_json
from converter.metadata.meta import from_meta
from converter.metadata.microdata import from_microdata
from converter.metadata.profile import from_profile
from converter.metadata.titles import clean_title, same_title
from converter.profiles import SiteProfile

ALL = frozenset({"published", "updated", "authors", "section", "column", "subtitle"})
JST_CTX = PageContext(base_url=None, tz=zone("Asia/Tokyo"), japanese=True)


def tree(body: str, head: str = "") -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


def ld(data: str) -> str:
    return f'<script type="application/ld+json">{data}</script>'


# JSON-LD ------------------------------------------------------------------------------


def test_jsonld_graph_with_id_references() -> None:
    found = from_jsonld(
        tree(
            "",
            ld(
                """{"@context": "https://schema.org", "@graph": [
                {"@type": "WebSite", "@id": "#site", "name": "Example Site"},
                {"@type": "Person", "@id": "#jane", "name": "Jane Doe"},
                {"@type": ["Article", "NewsArticle"], "headline": "The headline",
                 "author": {"@id": "#jane"}, "datePublished": "2025-04-11T17:33:00Z",
                 "publisher": {"@type": "Organization", "name": "Example Media"},
                 "keywords": "one, two", "articleSection": ["News", "Politics"],
                 "image": [{"@type": "ImageObject", "url": "https://x.test/a.jpg"}],
                 "inLanguage": "en"}]}"""
            ),
        )
    )
    assert found.title == "The headline"
    assert found.authors == (RawAuthor("Jane Doe", PERSON, None),)
    assert found.site_name == "Example Site"
    assert found.publisher == "Example Media"
    assert found.tags == ("one", "two")
    assert found.section == "Politics"  # "News" is a generic label
    assert found.image == "https://x.test/a.jpg"
    assert found.published == "2025-04-11T17:33:00Z"
    assert found.lang == "en"


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ('"Jane Doe"', (RawAuthor("Jane Doe"),)),
        ('{"@type": "Person", "name": "Jane Doe"}', (RawAuthor("Jane Doe", PERSON),)),
        ('{"@type": "Organization", "name": "Example"}', (RawAuthor("Example", ORGANIZATION),)),
        (
            '[{"@type": "Person", "name": "A B"}, {"@type": "Person", "name": "C D"}]',
            (RawAuthor("A B", PERSON), RawAuthor("C D", PERSON)),
        ),
    ],
)
def test_jsonld_author_shapes(author: str, expected: tuple[RawAuthor, ...]) -> None:
    found = from_jsonld(tree("", ld(f'{{"@type": "BlogPosting", "author": {author}}}')))
    assert found.authors == expected


def test_jsonld_article_beats_webpage_and_other_nodes() -> None:
    head = ld('{"@type": "WebPage", "name": "Page name"}') + ld(
        '[{"@type": "BreadcrumbList"}, {"@type": "OpinionNewsArticle", "headline": "Opinion"}]'
    )
    assert from_jsonld(tree("", head)).title == "Opinion"
    assert from_jsonld(tree("", ld('{"@type": "WebPage", "name": "Page"}'))).title == "Page"


@pytest.mark.parametrize(
    "text",
    [
        '{"@type": "Article", "headline": "T", }',  # trailing comma
        '{"@type": "Article", // a comment\n "headline": "T"}',
        '{"@type": "Article", /* c */ "headline": "T"}',
        '{"@type": "Article", "headline": "T\twith\ttabs"}',  # control characters
        "<!-- {&quot;@type&quot;: &quot;Article&quot;, &quot;headline&quot;: &quot;T&quot;} -->",
        '{"@type": "Article", "headline": "T", "description": \'single\'}',  # salvage
    ],
)
def test_jsonld_broken_json_is_read(text: str) -> None:
    data = parse_json(text)
    assert isinstance(data, dict)
    assert data["headline"].startswith("T")


def test_jsonld_garbage_never_raises() -> None:
    assert parse_json("{{{ not json") is None
    assert from_jsonld(tree("", ld("]]]"))).title is None


def test_jsonld_entities_are_decoded() -> None:
    found = from_jsonld(tree("", ld('{"@type": "Article", "headline": "A &amp; B &quot;C&quot;"}')))
    assert found.title == 'A & B "C"'


# meta ---------------------------------------------------------------------------------


def test_meta_sources_are_kept_apart() -> None:
    head = """
    <meta property="og:title" content="OG title">
    <meta property="og:site_name" content="Site">
    <meta property="article:published_time" content="2025-04-11T10:00:00+09:00">
    <meta property="article:author" content="https://www.facebook.com/site">
    <meta property="article:tag" content="a"><meta property="article:tag" content="b">
    <meta name="twitter:title" content="Twitter title">
    <meta name="author" content="Jane Doe">
    <meta name="DC.date" content="2025-04-10">
    <meta name="keywords" content="x, y">
    <link rel="canonical" href="https://site.test/a/1">"""
    root = lxml.html.document_fromstring(f'<html lang="ja"><head>{head}</head><body></body></html>')
    og, tw, meta = from_meta(root)
    assert (og.title, og.site_name, og.tags) == ("OG title", "Site", ("a", "b"))
    assert og.published == "2025-04-11T10:00:00+09:00"
    assert tw.title == "Twitter title"
    assert meta.authors == (RawAuthor("Jane Doe"),)
    assert meta.published == "2025-04-10"
    assert meta.url == "https://site.test/a/1"
    assert meta.lang == "ja"
    assert meta.tags == ("x", "y")


# microdata ----------------------------------------------------------------------------


def test_microdata_article_item() -> None:
    body = """
    <div itemscope itemtype="https://schema.org/NewsArticle">
      <h1 itemprop="headline">Micro headline</h1>
      <span itemprop="author" itemscope itemtype="https://schema.org/Person">
        <span itemprop="name">Jane Doe</span></span>
      <time itemprop="datePublished" datetime="2025-04-11T08:00:00Z">Apr 11</time>
      <div itemprop="publisher" itemscope itemtype="https://schema.org/Organization">
        <meta itemprop="name" content="Example Media"></div>
    </div>"""
    found = from_microdata(tree(body))
    assert found.title == "Micro headline"
    assert found.authors == (RawAuthor("Jane Doe", PERSON),)
    assert found.published == "2025-04-11T08:00:00Z"
    assert found.publisher == "Example Media"


# dom ----------------------------------------------------------------------------------


def test_dom_reads_near_the_headline_not_the_ranking() -> None:
    body = """
    <div class="ranking"><ul><li><a href="/x">Other</a><span class="date">2020/01/01</span></li>
    </ul></div>
    <div class="article">
      <div class="head"><h1>本当の見出し</h1><h2 class="subtitle">副題です</h2>
        <p class="date">公開 2025年4月11日(金)17時33分　更新 2025年4月12日 9:00</p>
        <p class="author"><span class="blogName">コラムの名前</span> 山田太郎</p>
      </div>
      <p>本文</p>
    </div>"""
    found = from_dom(tree(body, "<title>見出し｜サイト</title>"), JST_CTX, "本当の見出し", ALL)
    assert found.headlines == ("本当の見出し",)
    assert found.title == "見出し｜サイト"
    assert found.published == "2025年4月11日(金)17時33分"
    assert found.updated == "2025年4月12日 9:00"
    assert found.subtitle == "副題です"
    assert found.column == "コラムの名前"
    assert "山田太郎" in found.authors[0].name


def test_dom_byline_text() -> None:
    body = "<article><h1>Title</h1><p>By Jane Doe and John Roe</p><p>Body.</p></article>"
    found = from_dom(tree(body), JST_CTX, "Title", ALL)
    people = normalise_authors(found.authors)
    assert [a.name for a in people.persons] == ["Jane Doe", "John Roe"]


def test_dom_breadcrumb_section() -> None:
    body = """<div><ol class="breadcrumb"><li>Home</li><li>World</li><li>Asia</li></ol>
    <h1>Title</h1></div>"""
    assert from_dom(tree(body), JST_CTX, "Title", ALL).section == "World"


def test_dom_skips_what_is_not_needed() -> None:
    body = '<div><h1>T</h1><span class="date">2025/4/11</span></div>'
    assert from_dom(tree(body), JST_CTX, "T", frozenset()).published is None


# profile ------------------------------------------------------------------------------


def test_profile_selectors_and_author_exclude() -> None:
    body = """<div class="entryDetailHeadline"><h1>見出し</h1></div>
    <div class="entryDetailData"><span class="date">2024年01月31日（水）15時00分</span></div>
    <div class="entryAuthor"><p><span class="blogName">プリンストン発　日本／アメリカ 新時代</span>
    冷泉彰彦</p></div>"""
    root = tree(body)
    before = lxml.html.tostring(root)
    profile = SiteProfile(
        name="test",
        title=(".entryDetailHeadline h1",),
        date=(".entryDetailData .date",),
        author=(".entryAuthor > p",),
        author_exclude=("span.blogName",),
        column=(".entryAuthor span.blogName",),
    )
    found = from_profile(root, profile)
    assert found.title == "見出し"
    assert found.published == "2024年01月31日（水）15時00分"
    assert found.authors == (RawAuthor("冷泉彰彦"),)
    assert found.column == "プリンストン発　日本／アメリカ 新時代"
    assert lxml.html.tostring(root) == before  # the shared tree is untouched


# titles -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "names", "expected"),
    [
        ("見出し｜コラム｜サイト名", ["サイト名"], "見出し"),
        ("Headline - Example News", ["Example News"], "Headline"),
        ("Headline | Example", ["Example"], "Headline"),
        ("見出し（1/2ページ）", [], "見出し"),
        ("見出し(2/3ページ) - サイト", ["サイト"], "見出し"),
        (
            "見出し | 冷泉彰彦 | コラム | ニューズウィーク日本版",
            ["ニューズウィーク日本版", "冷泉彰彦"],
            "見出し",
        ),
        ("見出し：中日新聞Web", ["中日新聞Web"], "見出し"),
        ("A - B: a real title", [], "A - B: a real title"),
    ],
)
def test_clean_title(raw: str, names: list[str], expected: str) -> None:
    assert clean_title(raw, names) == expected


def test_clean_title_aggressive_drops_unknown_suffix() -> None:
    assert (
        clean_title("A long headline here | Unknown", [], aggressive=True) == "A long headline here"
    )


def test_same_title() -> None:
    assert same_title(
        "イオン銀行社長解任　持ち株社長も引責", "イオン銀行社長解任、持ち株社長も引責"
    )
    assert not same_title("津波注意報", "宮崎県で震度5弱、高知と宮崎に1メートルの津波注意報")


# authors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "persons", "organization"),
    [
        ([RawAuthor("By Jane Doe")], ["Jane Doe"], None),
        ([RawAuthor("文＝山田太郎")], ["山田太郎"], None),
        ([RawAuthor("文・山田太郎")], ["山田太郎"], None),
        ([RawAuthor("著者：山田太郎")], ["山田太郎"], None),
        ([RawAuthor("松岡大地記者")], ["松岡大地"], None),
        ([RawAuthor("Jane Doe, Staff Writer")], ["Jane Doe"], None),
        ([RawAuthor("Jane Doe and John Roe")], ["Jane Doe", "John Roe"], None),
        ([RawAuthor("Jane Doe, John Roe")], ["Jane Doe", "John Roe"], None),
        ([RawAuthor("山田太郎・鈴木花子")], ["山田太郎", "鈴木花子"], None),
        ([RawAuthor("ドナルド・トランプ")], ["ドナルド・トランプ"], None),
        ([RawAuthor("https://www.facebook.com/site")], [], None),
        ([RawAuthor("Example News", ORGANIZATION)], [], "Example News"),
        ([RawAuthor("Reuters", PERSON)], [], "Reuters"),
        ([RawAuthor("朝日新聞デジタル")], [], "朝日新聞デジタル"),
        ([RawAuthor("Site Name", PERSON)], [], "Site Name"),  # the site itself
        ([RawAuthor("Jane Doe"), RawAuthor("By JANE DOE")], ["Jane Doe"], None),
        ([RawAuthor("TOM KRISHER, AP Auto Writer")], ["Tom Krisher"], None),
        ([RawAuthor("admin")], [], None),
        # an affiliation after the writer's name is the organisation, not a co-author
        ([RawAuthor("Victor Tangermann, Futurism")], ["Victor Tangermann"], "Futurism"),
        ([RawAuthor("Jill Disis, CNN Business")], ["Jill Disis"], "CNN Business"),
        (
            [RawAuthor("Finian Cunningham. Sputnik International")],
            ["Finian Cunningham"],
            "Sputnik International",
        ),
        ([RawAuthor("Troy L. Smith")], ["Troy L. Smith"], None),  # an initial, no stop
        ([RawAuthor("Smith, John")], ["Smith", "John"], None),  # no multi-word name first
        ([RawAuthor("Ilana Muhlstein, MS, RDN")], ["Ilana Muhlstein"], None),
        # "Analysis by", "Commentary by": the kind of piece goes with the prefix
        ([RawAuthor("Analysis by Chris Cillizza, CNN Editor-at-large")], ["Chris Cillizza"], None),
        ([RawAuthor("Commentary by Jane Roe")], ["Jane Roe"], None),
        # a phrase or a brand is no person's name
        ([RawAuthor("The Water Coolest", PERSON)], [], "The Water Coolest"),
        (
            [RawAuthor("The Russian and Syrian defense ministries")],
            [],
            "The Russian and Syrian defense ministries",
        ),
        ([RawAuthor("Ludwig van Beethoven")], ["Ludwig van Beethoven"], None),
        ([RawAuthor("by ライトハウス国際特許事務所 ／")], [], "ライトハウス国際特許事務所"),
        ([RawAuthor("日刊現代", PERSON)], [], "日刊現代"),
    ],
)
def test_authors(raw: list[RawAuthor], persons: list[str], organization: str | None) -> None:
    people = normalise_authors(raw, ["Site Name"])
    assert [a.name for a in people.persons] == persons
    assert people.organization == organization


@pytest.mark.parametrize(
    ("raw", "site", "organization"),
    [
        ("Beachbody", "The Beachbody Blog", "Beachbody"),  # the site without filler words
        ("LinkNaija", "LinkNaija | Nigeria's popular news platform", "LinkNaija"),
        ("Telegraph Sport", "The Telegraph", "Telegraph Sport"),  # a desk of the site
        ("CNN Business", "CNN", "CNN Business"),
    ],
)
def test_the_site_and_its_desks_are_not_persons(raw: str, site: str, organization: str) -> None:
    people = normalise_authors([RawAuthor(raw, PERSON)], [site])
    assert people.persons == ()
    assert people.organization == organization


def test_a_person_whose_first_name_starts_the_site_name_is_kept() -> None:
    people = normalise_authors([RawAuthor("Fox Butterfield")], ["Fox News"])
    assert [a.name for a in people.persons] == ["Fox Butterfield"]


@pytest.mark.parametrize(
    ("raw", "persons", "role", "organization"),
    [
        ("By Takeo Maeda and Tatsuya Tanoue / Yomiuri Shimbun Staff Writers",
         ["Takeo Maeda", "Tatsuya Tanoue"], "Yomiuri Shimbun Staff Writers", None),
        ("Tim Childers - Live Science Contributor", ["Tim Childers"], "Live Science Contributor",
         None),
        ("By Tess Bonn - 11/19/19 06:56 AM EST", ["Tess Bonn"], None, None),
        ("Jane Roe / Example Press", ["Jane Roe"], None, "Example Press"),
        ("Catherine Shu @catherineshu / 2 days", ["Catherine Shu"], None, None),
        ("Rodrigo Campos 5 Min Read", ["Rodrigo Campos"], None, None),
        ("Rachael Link, MS, RD on November 14, 2019", ["Rachael Link"], None, None),
    ],
)  # fmt: skip
def test_byline_tails(
    raw: str, persons: list[str], role: str | None, organization: str | None
) -> None:
    people = normalise_authors([RawAuthor(raw)])
    assert [a.name for a in people.persons] == persons
    assert {a.role for a in people.persons} == {role}
    assert people.organization == organization


@pytest.mark.parametrize(
    ("raw", "persons", "role", "organization"),
    [
        # Japanese agencies and desks, as a dateline credits them, are organisations
        ("共同", [], None, "共同"),
        ("ロイター", [], None, "ロイター"),
        ("ワシントン支局", [], None, "ワシントン支局"),
        # labels (a credit: its role), a role or a place before a Japanese name
        ("文・写真＝山田太郎", ["山田太郎"], "文・写真", None),
        ("聞き手・山田太郎", ["山田太郎"], "聞き手", None),
        ("編集委員・大久保真紀", ["大久保真紀"], "編集委員", None),
        ("ワシントン＝望月洋嗣", ["望月洋嗣"], None, None),
        ("ワシントン支局 山田太郎", ["山田太郎"], None, None),
        ("山田 太郎 記者", ["山田 太郎"], "記者", None),
        ("阿部 太郎", ["阿部 太郎"], None, None),  # a surname ending in 部 is no desk
        ("社会部・山田太郎、鈴木一郎記者", ["山田太郎", "鈴木一郎"], "記者", None),
        ("ライター：山田太郎", ["山田太郎"], None, None),
        ("文／山田太郎（ジャーナリスト）", ["山田太郎"], "ジャーナリスト", None),
        ("山田太郎（45）", ["山田太郎"], None, None),
        # labels and "by" in other languages; editors after the writers
        ("Text: Jane Doe", ["Jane Doe"], None, None),
        ("Von Hans Müller", ["Hans Müller"], None, None),
        ("Von Miller", ["Von Miller"], None, None),
        ("Reporting by Jane Doe; Editing by John Roe", ["Jane Doe"], None, None),
        ("Jane Doe Jane Doe", ["Jane Doe"], None, None),
        ("Jane Doe is a reporter at the Daily Planet.", [], None, None),
        ("Associate Editor", [], None, None),  # a role without a name
        # institutions in other languages are organisations
        ("PMJS - Coordenadoria de TI", [], None, "PMJS"),
        ("Jane Doe, University of Oxford", ["Jane Doe"], None, "University of Oxford"),
        ("Redação", [], None, "Redação"),
        # brackets after a name: an agency, a role; the outlet or place after for/in
        ("Jane Doe (Reuters)", ["Jane Doe"], None, "Reuters"),
        ("Jane Doe (Staff Writer)", ["Jane Doe"], "Staff Writer", None),
        ("Jane Doe and John Roe for The New York Times", ["Jane Doe", "John Roe"], None,
         "The New York Times"),
        ("Mai Le in Hanoi", ["Mai Le"], None, None),
        # page furniture, accounts and phrases are neither persons nor organisations
        ("Share", [], None, None),
        ("Share this article", [], None, None),
        ("Facebook", [], None, None),
        ("Guest Author", [], None, None),
        ("webnata", [], None, None),
        ("kei_eno", [], None, None),
        # an all-capitals word is a call sign or an acronym; a capitalised name an office
        ("KWCHCIK", [], None, "KWCHCIK"),
        ("Ministry of Health", [], None, "Ministry of Health"),
    ],
)  # fmt: skip
def test_author_cleaning(
    raw: str, persons: list[str], role: str | None, organization: str | None
) -> None:
    people = normalise_authors([RawAuthor(raw)])
    assert [a.name for a in people.persons] == persons
    assert all(a.role == role for a in people.persons)
    assert people.organization == organization


def test_kana_reading_in_brackets_is_the_reading() -> None:
    people = normalise_authors([RawAuthor("山田太郎（やまだ・たろう）")])
    assert [(a.name, a.reading) for a in people.persons] == [("山田太郎", "やまだ・たろう")]


def test_dom_japanese_role_byline_without_class() -> None:
    body = "<article><h1>見出し</h1><p>松岡大地記者</p><p>本文です。</p></article>"
    found = from_dom(tree(body), JST_CTX, "見出し", ALL)
    assert found.byline
    people = normalise_authors(found.authors)
    assert [(a.name, a.role) for a in people.persons] == [("松岡大地", "記者")]


def test_dom_rel_author_link_with_several_rel_values() -> None:
    body = (
        '<article><h1>Headline</h1><div><a rel="author noopener" href="/u/jr">Jane Roe</a>'
        "</div><p>Body text.</p></article>"
    )
    found = from_dom(tree(body), JST_CTX, "Headline", ALL)
    assert [a.name for a in normalise_authors(found.authors).persons] == ["Jane Roe"]


def test_dom_dateline_of_an_agency_names_no_person() -> None:
    body = "<article><h1>見出し</h1><p>【ワシントン＝共同】米政府は発表した。</p></article>"
    found = from_dom(tree(body), JST_CTX, "見出し", ALL)
    people = normalise_authors(found.authors)
    assert people.persons == ()
    assert people.organization == "共同"


def test_dom_byline_is_explicit_and_comment_forms_are_not_bylines() -> None:
    body = (
        "<article><h1>Title</h1>"
        '<div> <!-- -->Written by <a href="/team">Rachael Link, MS, RD</a> on Nov 14, 2019</div>'
        '<form><label class="name">Name (required)</label></form></article>'
    )
    found = from_dom(tree(body), JST_CTX, "Title", frozenset({"byline"}))
    assert found.byline
    assert [a.name for a in normalise_authors(found.authors).persons] == ["Rachael Link"]


@pytest.mark.parametrize(
    ("lead", "names"),
    [
        ("【ワシントン＝山田太郎】米政府は13日、発表した。", ["山田太郎"]),
        ("【北京＝佐藤花子、鈴木一郎】中国政府は発表した。", ["佐藤花子", "鈴木一郎"]),
        ("【ロンドン発】英政府は発表した。", []),  # a place, no writer
    ],
)
def test_japanese_dateline_names_the_writers(lead: str, names: list[str]) -> None:
    body = f"<article><h1>見出し</h1><p>{lead}</p></article>"
    found = from_dom(tree(body), JST_CTX, "見出し", ALL)
    assert [a.name for a in normalise_authors(found.authors).persons] == names


@pytest.mark.parametrize("byline", ["文＝山田太郎", "取材・文：山田太郎", "山田太郎記者"])
def test_japanese_bylines(byline: str) -> None:
    body = f'<article><h1>見出し</h1><p class="author">{byline}</p><p>本文。</p></article>'
    found = from_dom(tree(body), JST_CTX, "見出し", ALL)
    assert [a.name for a in normalise_authors(found.authors).persons] == ["山田太郎"]


@pytest.mark.parametrize(
    "data",
    [
        '{"@type": "WebPage", "mainEntity": {"@type": "NewsArticle", "headline": "H",'
        ' "author": {"@type": "Person", "name": "Jane Roe"}}}',
        '{"@type": "NewsArticle", "author": {"@type": ["Person"], "name": ["Jane Roe"]}}',
        '{"@graph": [{"@type": "Person", "@id": "#p", "name": "Jane Roe"},'
        ' {"@type": "NewsArticle", "author": [{"@id": "#p"}]}]}',
    ],
)
def test_jsonld_nested_author_shapes(data: str) -> None:
    found = from_jsonld(tree("<p>x</p>", ld(data)))
    assert [a.name for a in normalise_authors(found.authors).persons] == ["Jane Roe"]


def test_a_sentence_opening_with_by_is_no_byline() -> None:
    body = (
        "<article><h1>Title</h1><p>By the afternoon a ferry service run by volunteers was"
        " taking passengers across, ten at a time, in boats from the club.</p></article>"
    )
    found = from_dom(tree(body), JST_CTX, "Title", ALL)
    people = normalise_authors(found.authors)
    assert people.persons == ()
    assert people.organization is None


def test_dom_byline_only_reads_explicit_bylines() -> None:
    body = '<article><h1>Title</h1><p class="author">Washington</p></article>'
    found = from_dom(tree(body), JST_CTX, "Title", frozenset({"byline"}))
    assert found.authors == ()
    assert not found.byline


def test_dom_byline_text_parts_are_spaced() -> None:
    byline = '<p class="byline">By <a>Meg James</a><span>Staff Writer</span></p>'
    body = f"<main><h1>Title</h1>{byline}</main>"
    found = from_dom(tree(body), JST_CTX, "Title", ALL)
    people = normalise_authors(found.authors)
    assert [(a.name, a.role) for a in people.persons] == [("Meg James", "Staff Writer")]


def test_author_role_is_kept() -> None:
    people = normalise_authors([RawAuthor("松岡大地記者"), RawAuthor("Jane Doe, Staff Writer")])
    assert [a.role for a in people.persons] == ["記者", "Staff Writer"]


@pytest.mark.parametrize(
    ("byline", "persons", "organization"),
    [
        ("文●オカモト／ASCII編集部", [("オカモト", "文")], "ASCII編集部"),
        ("作者： 山田太郎 翻訳者 鈴木花子", [("山田太郎", "作者"), ("鈴木花子", "翻訳者")], None),
        (
            "山田太郎 著、鈴木花子 監訳、佐藤一郎 訳",
            [("山田太郎", "著"), ("鈴木花子", "監訳"), ("佐藤一郎", "訳")],
            None,
        ),
        ("文＝山田太郎", [("山田太郎", "文")], None),
        ("取材・文：山田太郎", [("山田太郎", "取材・文")], None),
        ("構成／山田太郎", [("山田太郎", "構成")], None),
        ("山田 絵美", [("山田 絵美", None)], None),  # a name, not a credit
    ],
)
def test_japanese_credits_give_each_name_its_role(
    byline: str, persons: list[tuple[str, str | None]], organization: str | None
) -> None:
    people = normalise_authors([RawAuthor(byline)])
    assert [(a.name, a.role) for a in people.persons] == persons
    assert people.organization == organization
