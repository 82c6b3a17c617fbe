"""Rules of the body stage (locate the article node, clean chrome inside it) on small
hand-written pages."""

from __future__ import annotations

import lxml.html
import pytest

from converter.extract.clean import clean
from converter.extract.locate import ORACLE_ATTR, locate
from converter.model import Metadata
from converter.parse import parse

PARAS = [
    "The river rose three metres overnight and the old bridge closed before dawn, "
    "leaving the market town cut in two for the first time in forty years.",
    "Engineers who inspected the piers at first light said the stone had held, but the "
    "council kept the crossing shut while divers checked the foundations below.",
    "Shopkeepers on the east bank opened late; most of their customers live on the "
    "other side and the detour through the valley adds half an hour each way.",
    "By the afternoon a ferry service run by volunteers was taking passengers across, "
    "ten at a time, in boats borrowed from the rowing club upstream.",
]
JA_PARAS = [
    "川の水位は一晩で三メートル上がり、古い橋は夜明け前に通行止めとなった。町が二つに分かれるのは四十年ぶりだという。",
    "朝一番に橋脚を点検した技術者は石組みに異常はないと話したが、町は潜水調査が終わるまで通行止めを続けた。",
    "東岸の商店は開店を遅らせた。客の多くは対岸に住んでおり、谷を回る迂回路は片道三十分余計にかかる。",
]


def page(article: str, outside: str = "") -> str:
    nav = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(12))
    return (
        "<html><head><title>T</title></head><body>"
        f'<header><ul class="menu">{nav}</ul></header>'
        f'<div id="main"><article class="post">{article}</article></div>'
        f'<aside class="sidebar">{outside}</aside><footer><p>Site footer</p></footer>'
        "</body></html>"
    )


def paragraphs(texts: list[str] = PARAS) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def body_of(html: str, meta: Metadata | None = None) -> lxml.html.HtmlElement:
    meta = meta or Metadata()
    node = locate(parse(html), meta, None)
    clean(node, meta, None)
    return node


def text_of(node: lxml.html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


def test_locate_returns_a_copy_of_the_article_container() -> None:
    tree = parse(page(paragraphs(), outside=paragraphs(["Unrelated sidebar text."])))
    node = locate(tree, Metadata(), None)
    assert node.tag == "article"
    assert node.getparent() is None  # a private copy, not the page's element
    node.clear()
    assert tree.xpath("string(//article/p[1])").startswith("The river rose")


def test_locate_marks_blocks_with_the_oracle_verdict() -> None:
    node = locate(parse(page(paragraphs())), Metadata(), None)
    assert [p.get(ORACLE_ATTR) for p in node.iter("p")] == ["1"] * len(PARAS)


def test_clean_removes_its_marks_and_the_h1() -> None:
    node = body_of(page("<h1>Bridge closed</h1>" + paragraphs()))
    assert not node.xpath("//h1")
    assert not [el for el in node.iter() if el.get(ORACLE_ATTR)]


@pytest.mark.parametrize(
    "chrome",
    [
        '<div class="related-articles"><h3>Also worth your time</h3><ul>'
        '<li><a href="/1">A story about something else entirely</a></li></ul></div>',
        '<div class="c-share-bar"><span>Share</span><a href="/fb">Facebook</a></div>',
        '<div id="newsletterSignup"><p>Get our morning briefing every day.</p></div>',
        '<div class="ad-slot"><p>Advertisement</p></div>',
        "<h2>関連記事</h2><ul><li><a href='/r1'>別の町で橋が再開</a></li>"
        "<li><a href='/r2'>雨の季節に備える</a></li></ul>",
        "<h3>Most read</h3><ol><li><a href='/m1'>Ten things you missed this week</a></li>"
        "<li><a href='/m2'>Why the tram is late again</a></li></ol>",
        "<p>Get the latest updates in your inbox. Subscribe to our newsletters.</p>",
        "<p>Copyright © 2025 Valley Courier. All rights reserved.</p>",
        "<p>無断転載を禁じます。</p>",
        "<p><a href='/next'>次のページ</a></p>",
        "<p>Related: <a href='/x'>Floods across the region in pictures</a></p>",
        "<ul><li><a href='/a'>Council budget vote delayed</a></li>"
        "<li><a href='/b'>New bus timetable from May</a></li></ul>",
        "<p>Nov. 18, 2019 7:04 pm ET</p>",
        "<p>Nov. 18th, 2019 8:54 am PT</p>",
        "<p>2025年04月11日 17時33分</p>",
        "<p>2025年1月14日 01時28分 (1月14日 01時40分更新)</p>",
        "<p><strong>Leggi anche</strong></p>",
        "<p>有料会員になると会員限定の有料記事もお読みいただけます。</p>",
        "<p><strong><a href='/o'>'STARS' HOST OPENS UP ABOUT HER HEALTH</a></strong></p>",
        "<div class='notification-bar'><div>Get the magazine every month</div>"
        "<a href='/m'>Click here</a></div>",
        "<p>Get Cycle Monthly delivered through your door every month: 12 issues for 11.99</p>",
        "<div><p>Already a subscriber? <a href='/login'>Log in</a> to keep reading.</p></div>",
        "<p>À lire aussi : <a href='/l'>Les inondations dans la région</a></p>",
        "<h3>Lesen Sie auch</h3><ul><li><a href='/d1'>Hochwasser im Tal</a></li>"
        "<li><a href='/d2'>Die Brücke ist wieder offen</a></li></ul>",
    ],
)
def test_chrome_inside_the_article_goes(chrome: str) -> None:
    html = page(paragraphs(PARAS[:2]) + chrome + paragraphs(PARAS[2:]))
    node = body_of(html)
    chrome_text = text_of(lxml.html.fragment_fromstring(chrome, create_parent="div"))
    kept = text_of(node)
    for para in PARAS:
        assert para in kept
    assert chrome_text not in kept


def test_japanese_article_kept_and_its_related_box_dropped() -> None:
    related = (
        '<div class="recommend"><p>あわせて読みたい</p><ul>'
        '<li><a href="/x">台風の進路</a></li></ul></div>'
    )
    node = body_of(page(paragraphs(JA_PARAS[:2]) + related + paragraphs(JA_PARAS[2:])))
    kept = text_of(node)
    assert all(p in kept for p in JA_PARAS)
    assert "あわせて読みたい" not in kept and "台風の進路" not in kept


def test_structure_survives_cleaning() -> None:
    html = page(
        paragraphs(PARAS[:2])
        + "<h2>What happens next</h2>"
        + paragraphs(PARAS[2:3])
        + "<blockquote><p>We have never seen the water this high in November.</p></blockquote>"
        + paragraphs(PARAS[3:])
    )
    node = body_of(html)
    assert node.xpath("string(.//h2)") == "What happens next"
    assert node.xpath(".//blockquote/p")


def test_a_body_split_into_repeated_chunks_is_taken_whole() -> None:
    chunks = "".join(
        f'<div class="article-body-chunk">{paragraphs([p])}</div>'
        f'<div class="ad-slot"><p>Advertisement</p></div>'
        for p in PARAS
    )
    node = body_of(page(chunks))
    kept = text_of(node)
    assert all(p in kept for p in PARAS)
    assert "Advertisement" not in kept


def test_a_copy_of_the_text_elsewhere_does_not_widen_the_node() -> None:
    """The oracle's text is matched once, in document order: a teaser repeating the
    first paragraph in the sidebar must not pull the node up to <body>."""
    teaser = f'<div class="teaser"><p>{PARAS[0]}</p></div>'
    node = locate(parse(page(paragraphs(), outside=teaser)), Metadata(), None)
    assert node.tag == "article"


def test_text_after_an_embed_survives(tmp_path) -> None:
    """lxml nests what follows <embed> inside it: cleaning must unwrap, not drop it."""
    from converter.model import Source
    from converter.pipeline import extract_article

    para = "A paragraph long enough to be article text, about trains and tea and rain. "
    html = (
        '<html><head><meta property="og:url" content="http://[x/a"><title>T</title></head>'
        f"<body><article><h1>T</h1><p>{para * 2}</p><embed src='x.swf'>"
        f"<p>After the embed. {para * 2}</p></article></body></html>"
    )
    article = extract_article([Source("e.html", html.encode())])
    assert "After the embed." in article.text
    assert article.url is None  # a broken og:url is ignored, never an exception


def test_a_list_of_headed_story_cards_is_chrome() -> None:
    """Cleaning alone (no oracle verdicts on the node) drops a list of story cards."""
    import lxml.html

    from converter.extract.clean import clean
    from converter.model import Metadata

    para = "The council met on Tuesday to discuss the tram timetable and the new fares. "
    cards = "".join(
        f"<li><h3>Other story {i}</h3><p>A short dek for story {i}.</p></li>" for i in range(5)
    )
    steps = "".join(f"<li>Step {i}: check the timetable</li>" for i in range(5))
    node = lxml.html.fragment_fromstring(
        f"<div><p>{para * 3}</p><ul>{steps}</ul><ul>{cards}</ul></div>"
    )
    clean(node, Metadata(), None)
    text = node.text_content()
    assert "tram timetable" in text
    assert "Step 4" in text, "an ordinary list stays"
    assert "Other story" not in text


def test_layout_table_becomes_paragraphs_and_title_repeat_goes() -> None:
    """A one-column layout table is page structure, not data; a second copy of the
    headline inside the body is dropped."""
    import lxml.html

    from converter.extract.clean import clean
    from converter.markdown import to_markdown
    from converter.model import Metadata

    para = "The harbour reopened on Monday after a week of storms and repairs. " * 3
    node = lxml.html.fragment_fromstring(
        "<div><table><tr><td><h2>Storm over the harbour</h2></td></tr>"
        f"<tr><td><p>{para}</p><p>Second. {para}</p></td></tr></table>"
        "<table><tr><th>Day</th><th>Boats</th></tr><tr><td>Mon</td><td>12</td></tr></table>"
        "</div>"
    )
    clean(node, Metadata(title="Storm over the harbour"), None)
    md = to_markdown(node)
    assert "Storm over the harbour" not in md
    assert md.startswith("The harbour reopened")
    assert "\n\nSecond. The harbour" in md, "paragraphs stay paragraphs"
    assert "| Day | Boats |" in md, "a real data table stays a table"


def _extract(html: str):
    from converter.model import Source
    from converter.pipeline import extract_article

    return extract_article([Source("p.html", html.encode())])


def test_a_link_wrapped_in_a_span_inside_a_sentence_stays() -> None:
    """``and <span><a>the results are in</a></span>.``: the span is part of the
    sentence, not a link box (it once lost the link text mid-sentence)."""
    sentence = (
        'The big teardown is done, and <span><a href="https://example.org/t">the results '
        "are in</a></span>. The new laptop looks a lot like the old one, save a few keys."
    )
    article = _extract(page(f"<h1>T</h1><p>{sentence}</p>{paragraphs()}"))
    assert "is done, and [the results are in](https://example.org/t)." in article.markdown


def test_what_the_page_hides_is_not_in_the_body() -> None:
    """A gallery's hidden thumbnail strip and hidden blocks are not what the reader sees."""
    hidden = (
        '<div class="thumbs hidden"><img src="https://example.org/thumb.jpg" alt="t"></div>'
        '<div style="display: none"><p>Hidden teaser text that nobody sees.</p></div>'
        "<p hidden>An attribute-hidden line.</p>"
    )
    article = _extract(
        page(
            f'<h1>T</h1><figure><img src="https://example.org/big.jpg" alt="b">'
            f"<figcaption>The bridge at dawn.</figcaption></figure>{hidden}{paragraphs()}"
        )
    )
    assert "big.jpg" in article.markdown
    assert "thumb.jpg" not in article.markdown
    assert "Hidden teaser" not in article.text and "attribute-hidden" not in article.text
    assert "The river rose three metres" in article.text


def test_a_caption_shown_twice_by_css_is_written_once() -> None:
    """A gallery caption holding a full and a truncated copy of itself."""
    caption = "A long row of unsold cars sits at a dealership in Littleton, Colorado."
    figure = (
        '<div class="gallery-item"><img src="https://example.org/cars.jpg" alt="">'
        f'<div class="caption"><div class="caption-full"><p>{caption}</p></div>'
        f'<div class="caption-truncated"><p>{caption[:40]}…</p></div>'
        '<span class="credit">Photo: Jane Doe / AP</span></div></div>'
    )
    article = _extract(page(f"<h1>T</h1>{figure}{paragraphs()}"))
    assert article.image is not None and article.image.src.endswith("cars.jpg")
    assert article.image.caption == caption
    assert article.image.credit == "Jane Doe / AP"
    assert article.markdown.count("A long row of unsold cars") == 1


def test_a_japanese_sentence_with_a_link_inside_is_kept() -> None:
    """Inline markup ends no word in Japanese: the sentence is matched against the
    oracle as one run of text (spaced at the link, it once lost to the oracle)."""
    linked = (
        "そんな用途を考慮してか、電子書籍の各社にはデスクトップアプリが用意されています。"
        "今回はそのデスクトップアプリ"
        '<a href="https://example.org/app">Reader for PC</a>に関する話。'
    )
    html = page(f"<h1>T</h1>{paragraphs(JA_PARAS[:2])}<p>{linked}</p>{paragraphs(JA_PARAS[2:])}")
    article = _extract(html)
    assert "そんな用途を考慮してか" in article.text
    assert "[Reader for PC](https://example.org/app)に関する話" in article.markdown


def test_an_embedded_post_is_kept_as_a_quote() -> None:
    """A tweet embedded in the article (in a wrapper whose class names social chrome)
    is quoted text the reader sees, even when the oracle left it out."""
    tweet = (
        '<div class="social-media-embed"><blockquote class="twitter-tweet">'
        '<p lang="en">Yes this is real and the county spent half a million on it: '
        '<a href="https://t.co/x">https://t.co/x</a></p>— A. Reader (@areader) '
        '<a href="https://twitter.com/areader/status/1">November 18, 2019</a></blockquote>'
        '<script async src="https://platform.twitter.com/widgets.js"></script></div>'
    )
    article = _extract(page(f"<h1>T</h1>{paragraphs(PARAS[:2])}{tweet}{paragraphs(PARAS[2:])}"))
    assert "> Yes this is real and the county spent half a million on it" in article.markdown
    assert "widgets.js" not in article.markdown
    assert all(p in article.text for p in PARAS)


def test_a_sentence_link_in_capitals_is_not_a_teaser() -> None:
    """Only a line that is nothing but one link in capitals is another story's headline."""
    line = "<p>The agency <a href='/n'>NASA</a> said the launch moves to May, a week late.</p>"
    node = body_of(page(paragraphs(PARAS[:2]) + line + paragraphs(PARAS[2:])))
    assert "NASA said the launch moves to May" in text_of(node)


def test_a_dek_rewording_a_paragraph_does_not_take_its_text() -> None:
    """The oracle's text is used up block by block, so that a second copy is not matched
    twice; a dek that only rewords a later paragraph ("The suspect confessed and the
    jury…") must not use up that paragraph's text."""
    from converter.extract.locate import WORD, _Oracle

    para = "Webb confessed to the crime and the jury took just fifteen minutes to find him guilty."
    dek = "The suspect confessed and the jury took just fifteen minutes to find him guilty"
    oracle = _Oracle(f"{PARAS[0]} {para} {PARAS[1]}")
    assert oracle.keeps(WORD.findall(dek.lower())), "the dek matches most of its words"
    assert oracle.keeps(WORD.findall(para.lower())), "and the paragraph still matches"
    assert not oracle.keeps(WORD.findall(para.lower())), "a second full copy does not"


def test_a_box_of_tag_links_goes_even_when_the_oracle_kept_it() -> None:
    """Tags (``rel=tag`` links) are front matter, not body text."""
    para = "The council met on Tuesday to discuss the tram timetable and the new fares. "
    node = lxml.html.fragment_fromstring(
        f'<div><p data-digest-oracle="1">{para * 3}</p><p data-digest-oracle="1">Tags: '
        "<a href='/tag/rain' rel='tag'>rain and floods</a>, "
        "<a href='/tag/bridges' rel='tag'>bridges</a></p></div>"
    )
    clean(node, Metadata(), None)
    assert "tram timetable" in node.text_content()
    assert "bridges" not in node.text_content()


def test_a_kept_paragraph_of_prose_stays_whatever_its_class_says() -> None:
    # "paywall" names chrome, but the paragraphs are the article's text behind the wall.
    text = text_of(body_of(page("".join(f'<p class="paywall">{t}</p>' for t in PARAS))))
    assert all(p in text for p in PARAS)


# Other stories' headlines, link text enough to make each half of an article a small
# share of the node's text.
MORE_LINKS = "".join(
    f'<li><a href="/s/{i}">Another story about the valley, number {i}, in the archive</a></li>'
    for i in range(20)
)


def test_chrome_named_chunks_holding_the_kept_text_stay() -> None:
    # The article cut into two "widget" chunks beside a long list of other stories.
    html = page(
        f'<div class="widget">{paragraphs(PARAS[:2])}</div>'
        f'<div class="widget">{paragraphs(PARAS[2:])}</div>'
        f'<ul class="widget more">{MORE_LINKS}</ul>'
    )
    text = text_of(body_of(html))
    assert all(p in text for p in PARAS)
    assert "Another story" not in text


def test_a_utility_class_variant_names_no_chrome() -> None:
    # "print:hidden" hides the text on paper only: "print" names no chrome here.
    chunks = "".join(f'<div class="print:hidden my-6">{paragraphs([t])}</div>' for t in PARAS)
    text = text_of(body_of(page(chunks + f"<ul>{MORE_LINKS}</ul>")))
    assert all(p in text for p in PARAS)


def test_short_oracle_text_on_a_page_of_prose_sends_it_to_the_full_cascade() -> None:
    from converter.extract.locate import _short_of_page

    tree = parse(page(paragraphs(PARAS * 3)))
    assert _short_of_page(tree, PARAS[0])
    assert not _short_of_page(tree, " ".join(PARAS * 3))


def test_prose_written_in_divs_counts_as_the_pages_paragraphs() -> None:
    # A body of <div>s holding text and inline markup only (no <p>) is prose too; a div
    # holding blocks is not counted again on top of them.
    from converter.extract.locate import _short_of_page

    divs = "".join(f"<div>{t} <b>more</b></div>" for t in PARAS * 3)
    assert _short_of_page(parse(page(divs)), PARAS[0])
    nested = "".join(f"<div><div>{t}</div><ul><li>x</li></ul></div>" for t in PARAS[:1])
    assert not _short_of_page(parse(page(nested)), PARAS[0])


@pytest.mark.parametrize(
    ("heading", "chrome"),
    [
        ("Comments", True),
        ("Comments (12)", True),
        ("Share", True),
        ("Related articles", True),
        ("Newsletters", True),
        ("関連記事", True),
        ("人気記事ランキング", True),
        # a Latin-script label is a whole word; "Comments" stands alone
        ("Comment réagissent les pêcheurs ?", False),
        ("Shared prosperity is a slogan", False),
        ("Popularity contest", False),
    ],
)
def test_chrome_headings_are_whole_labels(heading: str, chrome: bool) -> None:
    from converter.extract.clean import CHROME_HEADING

    assert bool(CHROME_HEADING.match(heading)) is chrome


def test_a_summary_list_above_the_body_is_sentences_not_links() -> None:
    from converter.extract.lead import opening_above

    def items(html: str) -> list:
        return list(parse(f"<html><body><ul>{html}</ul></body></html>").iter("li"))

    points = items(
        "<li>The ferry now sails only when the tide is high enough to clear the bar.</li>"
        "<li>Its timetable changes every day and is printed a month ahead.</li>"
    )
    found, taken = opening_above(points)
    assert found is not None and len(found[0]) == 2 and taken == 2
    links = items(
        '<li><a href="/a">The ferry now sails only when the tide is high enough.</a></li>'
        '<li><a href="/b">Its timetable changes every day and is printed ahead.</a></li>'
    )
    assert opening_above(links) == (None, 0)
    assert opening_above(points[:1]) == (None, 0)  # one item is a standfirst's business
