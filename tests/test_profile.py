"""Author profile boxes: found in the page, parsed into Authors, removed from the body."""

from __future__ import annotations

import copy

import lxml.html
import pytest

from converter.extract.profile import take_profile
from converter.model import Author

BASE = "https://news.example/column/2025/04/post-1.php"


def _run(body: str, article_xpath: str = "//article") -> tuple[tuple[Author, ...], str]:
    tree = lxml.html.document_fromstring(f"<html><body>{body}</body></html>")
    before = lxml.html.tostring(tree)
    node = copy.deepcopy(tree.xpath(article_xpath)[0])
    authors = take_profile(tree, node, BASE)
    assert lxml.html.tostring(tree) == before, "the page tree is read-only"
    return authors, lxml.html.tostring(node, encoding="unicode")


JA_BOX = """<div class="profile">
  <h3 class="profile__head">プロフィール</h3>
  <div class="profile__body">
    <p class="profile__img"><img src="/w/kimura.jpg" width="120" height="120"></p>
    <p class="profile__name"><a href="/writer/kimura/">木村 玲子</a>
      <span class="profile__reading">（きむら れいこ）</span></p>
    <p class="profile__role">在英ジャーナリスト</p>
    <p class="profile__text">東京都生まれ。2012年に渡英。</p>
    <p class="profile__sns">E-mail：<a href="mailto:kimura@news.example">kimura@news.example</a><br>
    X：<a href="https://x.com/kimura_ldn">@kimura_ldn</a> <a href="https://x.com/intent/tweet?text=a">share</a></p>
  </div>
</div>"""

KIMURA = Author(
    name="木村 玲子",
    reading="きむら れいこ",
    role="在英ジャーナリスト",
    bio="東京都生まれ。2012年に渡英。",
    links=(
        "https://news.example/writer/kimura/",
        "mailto:kimura@news.example",
        "https://x.com/kimura_ldn",
    ),
)


def test_box_inside_article_is_read_and_removed() -> None:
    authors, node = _run(f"<article><p>本文。</p>{JA_BOX}</article>")
    assert authors == (KIMURA,)
    assert node == "<article><p>本文。</p></article>"


def test_box_outside_article_is_read_and_article_untouched() -> None:
    authors, node = _run(f"<article><p>本文。</p></article><aside>{JA_BOX}</aside>")
    assert authors == (KIMURA,)
    assert node == "<article><p>本文。</p></article>"


def test_heading_and_following_paragraphs() -> None:
    authors, node = _run(
        "<article><p>Body text.</p><h3>About the author</h3><p><strong>Jane Doe</strong></p>"
        "<p>Columnist</p><p>Jane Doe writes about cities.</p>"
        '<p><a href="https://janedoe.example/">Website</a></p><h3>Comments</h3></article>'
    )
    assert authors == (
        Author(
            "Jane Doe",
            None,
            "Columnist",
            "Jane Doe writes about cities.",
            ("https://janedoe.example/",),
        ),
    )
    assert node == "<article><p>Body text.</p><h3>Comments</h3></article>"


def test_newsweek_style_profile() -> None:
    authors, _ = _run(
        '<article><p>本文。</p></article><div id="authorProfile"><div class="profileTxt">'
        "<h3>冷泉彰彦（れいぜい・あきひこ）</h3><p>作家・ジャーナリスト。1959年東京生まれ。</p>"
        "</div></div>"
    )
    assert authors == (
        Author("冷泉彰彦", "れいぜい・あきひこ", None, "作家・ジャーナリスト。1959年東京生まれ。"),
    )


@pytest.mark.parametrize(
    ("name_line", "name", "reading", "role"),
    [
        ("山田太郎（経済評論家）", "山田太郎", None, "経済評論家"),
        (
            "山田太郎（やまだ・たろう）／ジャーナリスト",
            "山田太郎",
            "やまだ・たろう",
            "ジャーナリスト",
        ),
        ("Jane Doe, Columnist", "Jane Doe", None, "Columnist"),
    ],
)
def test_name_line_variants(
    name_line: str, name: str, reading: str | None, role: str | None
) -> None:
    authors, _ = _run(
        f'<article><p>x</p><div class="author-bio"><h4>{name_line}</h4><p>Bio sentence here.</p>'
        "</div></article>"
    )
    assert (authors[0].name, authors[0].reading, authors[0].role) == (name, reading, role)


def test_ruby_reading_and_person_microdata() -> None:
    authors, _ = _run(
        '<article><p>x</p><div itemprop="author" itemscope itemtype="https://schema.org/Person">'
        "<ruby>鈴木一郎<rp>（</rp><rt>すずきいちろう</rt><rp>）</rp></ruby>"
        '<p class="job">ジャーナリスト</p><p>大阪生まれ。</p></div></article>'
    )
    assert authors == (Author("鈴木一郎", "すずきいちろう", "ジャーナリスト", "大阪生まれ。"),)


def test_several_boxes_several_authors() -> None:
    authors, node = _run(
        '<article><p>x</p><div class="authors"><div class="author-box"><p class="name">山田太郎</p>'
        '<p>経済記者。</p></div><div class="author-box"><p class="name">佐藤花子</p>'
        "<p>政治記者。</p></div></div></article>"
    )
    assert [a.name for a in authors] == ["山田太郎", "佐藤花子"]
    assert "山田" not in node and "佐藤" not in node


@pytest.mark.parametrize(
    "body",
    [
        # an account menu called "profile", a byline with only a name and link
        '<nav><div class="profile"><a href="/login">ログイン</a></div></nav>'
        "<article><p>x</p></article>",
        '<article><div class="author-box"><a href="/writer/x">山田太郎</a></div><p>x</p></article>',
        # BEM parts of some other block are not boxes
        '<article><p class="card__profile-name">x</p><p>Body.</p></article>',
        "<article><p>No profile at all.</p></article>",
    ],
)
def test_no_profile(body: str) -> None:
    authors, _node = _run(body)
    assert authors == ()


def test_directory_of_writers_outside_article_is_ignored() -> None:
    box = '<div class="author-box"><p class="name">{}</p><p>Writer.</p></div>'
    sidebar = "".join(box.format(n) for n in ("A One", "B Two", "C Three", "D Four"))
    authors, _ = _run(f"<article><p>x</p></article><aside>{sidebar}</aside>")
    assert authors == ()


def test_deterministic() -> None:
    body = f"<article><p>本文。</p>{JA_BOX}</article>"
    assert _run(body) == _run(body)


def test_site_profile_selector_names_a_box_generic_rules_miss() -> None:
    import copy

    import lxml.html

    from converter.extract.profile import take_profile

    html = (
        "<html><body><div id='main'><p>Body text of the column.</p>"
        "<div class='wInfo'><h3>山田 花子</h3><p>経済ジャーナリスト。東京在住。</p></div>"
        "</div></body></html>"
    )
    tree = lxml.html.document_fromstring(html)
    node = copy.deepcopy(tree.get_element_by_id("main"))
    assert take_profile(tree, copy.deepcopy(node), None) == ()
    authors = take_profile(tree, node, None, (".wInfo",))
    assert [a.name for a in authors] == ["山田 花子"]
    assert "経済ジャーナリスト" in (authors[0].bio or authors[0].role or "")
    assert not node.cssselect(".wInfo"), "the box is removed from the body"
