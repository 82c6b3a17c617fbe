"""Text written between <br>s: paragraphs at <br><br>, a line break at a single <br>,
both as Python-Markdown (MkDocs) renders them; the dek at the top of the body; a
profile whose role and bio are separated by <br>."""

from __future__ import annotations

import copy

import lxml.html
import markdown as pymd
import pytest

from converter.extract.breaks import split_at_breaks
from converter.extract.lead import take_dek
from converter.extract.profile import take_profile
from converter.markdown import to_markdown
from converter.model import Source
from converter.pipeline import extract_article, markdown_to_text, render_page
from converter.sanitize import sanitize_markdown

# As the site renders article bodies (mkdocs.yml; tests/test_markdown.py).
EXTENSIONS = ["tables", "fenced_code", "md_in_html", "attr_list"]

LINES = ["一行目の文です。", "二行目の文です。", "三行目の文です。", "四行目の文です。"]


def body_markdown(html: str) -> str:
    node = lxml.html.fragment_fromstring(html)
    split_at_breaks(node)
    return sanitize_markdown(to_markdown(node))


def rendered(markdown: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(
        pymd.markdown(markdown, extensions=EXTENSIONS), create_parent="div"
    )


@pytest.mark.parametrize(
    "html",
    [
        # text straight in the container, line breaks in the source between <br>s
        "<div>{0}<br>\n{1}<br>\n<br>\n{2}<br><br>{3}</div>",
        # the same in one <p>, with an ideographic space on the "blank" line
        "<div><p>{0}<br>{1}<br />\n\u3000<br />\n{2}<br><br><br>{3}</p></div>",
        # <br> runs at the edges and around a removed element's place
        "<div><br><br>{0}<br>{1}<br><br><span></span>{2}<br><br>{3}<br><br></div>",
    ],
)
def test_br_runs_are_paragraphs_and_a_single_br_a_line_break(html: str) -> None:
    markdown = body_markdown(html.format(*LINES))
    assert "\\" not in markdown
    page = rendered(markdown)
    assert "\\" not in page.text_content()
    paragraphs = page.xpath("./p")
    assert [p.text_content().split() for p in paragraphs] == [
        [LINES[0], LINES[1]],
        [LINES[2]],
        [LINES[3]],
    ]
    first = paragraphs[0]
    assert [el.tag for el in first] == ["br"] and (first.text or "").strip() == LINES[0]
    assert not paragraphs[1].xpath(".//br") and not paragraphs[2].xpath(".//br")


def test_blocks_between_br_text_keep_their_place() -> None:
    html = f"<div>{LINES[0]}<br><br><ul><li>項目</li></ul>{LINES[1]}<br><br>{LINES[2]}</div>"
    page = rendered(body_markdown(html))
    assert [el.tag for el in page] == ["p", "ul", "p", "p"]
    assert page[2].text_content() == LINES[1]


def test_text_after_a_removed_element_stays() -> None:
    """The text that followed a dropped ad box is the next paragraph, not lost."""
    node = lxml.html.fragment_fromstring(
        f'<div>{LINES[0]}<br><br><div class="ad">広告</div>{LINES[1]}<br><br>{LINES[2]}</div>'
    )
    node.find("div").drop_tree()
    split_at_breaks(node)
    assert [p.text_content() for p in node.iter("p")] == LINES[:3]


def test_table_cell_br_is_a_space_and_inline_br_survives_the_sanitiser() -> None:
    markdown = body_markdown(
        "<div><table><tr><th>a</th><th>b</th></tr><tr><td>x<br>y</td><td>z</td></tr></table>"
        "<p>line<br>next</p></div>"
    )
    assert "| x y | z |" in markdown
    assert "line<br>\nnext" in markdown
    assert rendered(markdown).xpath("count(./p/br)") == 1


def test_plain_text_has_lines_not_tags() -> None:
    text = markdown_to_text(body_markdown(f"<div>{LINES[0]}<br>{LINES[1]}</div>"))
    assert text == f"{LINES[0]}\n{LINES[1]}\n"


# --- The dek -------------------------------------------------------------------------


PHOTO = '<figure><img src="https://example.jp/a.jpg" alt=""></figure>'
BODY = "<p>本文の最初の段落です。ここから記事が始まります。</p>"


@pytest.mark.parametrize(
    ("top", "subtitle", "dek"),
    [
        ('<h2 class="subtitle">副題です</h2>' + PHOTO, None, "副題です"),
        ('<p class="strapline">A dek line</p>', None, "A dek line"),
        ("<h2>写真の上の見出し</h2>" + PHOTO, None, "写真の上の見出し"),
        ("<h3>メタデータと同じ副題</h3>", "メタデータと同じ副題", "メタデータと同じ副題"),
        # a dek written over two lines reads as two lines, not glued
        ('<h2 class="sub-title">一行目<br>二行目</h2>', None, "一行目 二行目"),
    ],
)
def test_dek_at_the_top_of_the_body_is_taken(top: str, subtitle: str | None, dek: str) -> None:
    node = lxml.html.fragment_fromstring(f"<div>{top}{BODY}</div>")
    assert take_dek(node, subtitle) == dek
    assert dek.split()[0] not in node.text_content()
    assert "本文の最初の段落" in node.text_content()


@pytest.mark.parametrize(
    "top",
    [
        "<h2>最初の節の見出し</h2>",  # a section heading: body text follows, no photo
        BODY + '<h2 class="subtitle">本文の後</h2>',  # not at the top
        '<h2 class="subtitle">Analyse:</h2>' + PHOTO,  # a kicker
        '<div class="lead"><h2 class="subtitle">リードでもある</h2></div>',  # the lead wins
    ],
)
def test_no_dek(top: str) -> None:
    node = lxml.html.fragment_fromstring(f"<div>{top}{BODY}</div>")
    before = lxml.html.tostring(node)
    assert take_dek(node, None) is None
    assert lxml.html.tostring(node) == before


def test_dek_holding_the_headline_is_removed_without_being_the_subtitle() -> None:
    node = lxml.html.fragment_fromstring(f"<div><h2>Kicker : The headline</h2>{PHOTO}{BODY}</div>")
    assert take_dek(node, None, "The headline") is None
    assert "headline" not in node.text_content()


PAGE = """<html lang="ja"><head><meta charset="utf-8"><title>見出し</title></head><body>
<article><h1>見出し</h1><h2 class="subtitle">副題の一行</h2>
<figure><img src="https://example.jp/a.jpg" alt="写真"><figcaption>写真の説明</figcaption></figure>
<p class="lead">&lt;リードの段落です。本文の前に一度だけ表示されます。&gt;</p>
<div class="body">{}<br><br>
{}</div>
<div class="profile"><p class="name">山田 花子</p>
<p>在ロンドン国際ジャーナリスト<br>元新聞社ロンドン支局長。欧州の政治を取材している。</p></div>
</article></body></html>""".format(
    "本文の一段落目です。" + "港町の朝市は四年ぶりに再開し、多くの人が訪れた。" * 4,
    "本文の二段落目です。" + "漁協は来月から臨時の駐車場を設けるという。" * 4,
)


def test_dek_subtitle_lead_once_and_profile_apart_through_the_pipeline() -> None:
    article = extract_article([Source(path="p.html", data=PAGE.encode())])
    assert article.subtitle == "副題の一行"
    assert article.lead == "リードの段落です。本文の前に一度だけ表示されます。"
    page = render_page(article)
    assert page.count("リードの段落です") == 2  # front matter and the lead line, no more
    assert "副題の一行" not in article.markdown and "##" not in article.markdown
    (author,) = article.authors
    assert author.role == "在ロンドン国際ジャーナリスト"
    assert author.bio == "元新聞社ロンドン支局長。欧州の政治を取材している。"


def test_profile_role_and_bio_split_at_br_in_the_box_reader() -> None:
    tree = lxml.html.fromstring(PAGE)
    node = copy.deepcopy(tree.find(".//article"))
    (author,) = take_profile(tree, node, None)
    assert (author.role, author.bio) == (
        "在ロンドン国際ジャーナリスト",
        "元新聞社ロンドン支局長。欧州の政治を取材している。",
    )
