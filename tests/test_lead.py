"""The lead (＜…＞, <…>, .lead/.standfirst) is taken out of the body; datelines stay."""

from __future__ import annotations

import lxml.html
import markdown
import pytest

from converter.extract.lead import take_lead
from converter.model import Source
from converter.pipeline import extract_article, render_page


def _take(body: str) -> tuple[str | None, str]:
    node = lxml.html.fragment_fromstring(f"<div>{body}</div>")
    lead = take_lead(node)
    return lead, lxml.html.tostring(node, encoding="unicode")


@pytest.mark.parametrize(
    ("body", "lead", "rest"),
    [
        (
            "<p><strong>＜米国の分断は続く＞</strong></p><p>本文。</p>",
            "米国の分断は続く",
            "<div><p>本文。</p></div>",
        ),
        (
            "<p><b>&lt;An English lead&gt;</b></p><p>Body.</p>",
            "An English lead",
            "<div><p>Body.</p></div>",
        ),
        (
            "<p>〈山間の町を訪ねた〉</p><p>本文。</p>",
            "山間の町を訪ねた",
            "<div><p>本文。</p></div>",
        ),
        (
            '<div class="lead"><p>＜要旨＞</p></div><p>本文。</p>',
            "要旨",
            "<div><p>本文。</p></div>",
        ),
        (
            '<p class="article-lead">Why it matters.</p><p>Body.</p>',
            "Why it matters.",
            "<div><p>Body.</p></div>",
        ),
        (
            '<p class="story__standfirst">A standfirst.</p><p>Body.</p>',
            "A standfirst.",
            "<div><p>Body.</p></div>",
        ),
        (
            '<div class="summary">In short.</div><p>Body.</p>',
            "In short.",
            "<div><p>Body.</p></div>",
        ),
        # a figure and a short date line before the lead are passed over
        (
            '<figure><img src="a.jpg"></figure><p>2025年4月11日</p>'
            "<p><strong>＜リード＞</strong></p>"
            "<p>本文。</p>",
            "リード",
            '<div><figure><img src="a.jpg"></figure><p>2025年4月11日</p><p>本文。</p></div>',
        ),
        # nested wrappers
        (
            "<div><div><p>＜深いリード＞</p><p>本文。</p></div></div>",
            "深いリード",
            "<div><div><div><p>本文。</p></div></div></div>",
        ),
        # a lead over two paragraphs
        ("<p>＜前半</p><p>後半＞</p><p>本文。</p>", "前半\n後半", "<div><p>本文。</p></div>"),
    ],
)
def test_lead_found_and_removed(body: str, lead: str, rest: str) -> None:
    assert _take(body) == (lead, rest)


@pytest.mark.parametrize(
    "body",
    [
        "<p>[ロンドン発] 英国の首相は辞任した。</p><p>本文。</p>",
        "<p>［ワシントン発］米国では。</p>",
        "<p>【ニューヨーク＝共同】株価が下がった。</p>",
        "<p>LONDON — The prime minister resigned.</p>",
        "<p>＜A＞と＜B＞を比べる。</p>",  # two bracketed phrases, not one lead
        "<p>＜文中＞で始まるが続きがある本文。</p>",
        "<h2>見出し</h2><p>＜after a heading＞</p>",
        "<p>First body paragraph, a real one.</p><p>＜later＞</p>",
        "<p>a</p><p>b</p><p>c</p><p>＜too far down＞</p>",
        '<figure class="lead-image"><img src="a.jpg"></figure><p>Body.</p>',
    ],
)
def test_no_lead(body: str) -> None:
    lead, rest = _take(body)
    assert lead is None
    assert rest == f"<div>{body}</div>"


@pytest.mark.parametrize("dateline", ["[ロンドン発]", "［ワシントン発］", "【ニューヨーク＝共同】"])
def test_dateline_renders_as_text_in_python_markdown(dateline: str) -> None:
    html = markdown.markdown(f"{dateline}朝8時のロンドン。駅は混んでいた。")
    assert html == f"<p>{dateline}朝8時のロンドン。駅は混んでいた。</p>"


PAGE = """<!doctype html><html lang="ja"><head><meta charset="utf-8">
<title>鉄道の行方</title></head>
<body><article><h1>鉄道の行方</h1>
<p><strong>＜民営化から30年、鉄道は国の手に戻るのか＞</strong></p>
<p>[ロンドン発] 朝8時のウォータールー駅。発車案内板に「遅延」の文字が並ぶ。</p>
<p>労働党政権は旅客鉄道を順に公営へ移す方針を打ち出した。</p>
<p>民営化の狙いは、競争によってサービスを改善し、国の負担を減らすことだった。実際、利用者数は民営化後に大きく伸び、新しい車両も導入された。</p>
<p>ただ、線路を管理する組織と列車を走らせる会社が分かれたことで、トラブルが起きたときの責任の所在があいまいになった。運賃の高さも不満の種だ。</p>
<p>再国有化は、公共サービスを誰がどう担うべきかという古くて新しい問いを突きつけている。その答えが出るのは数年後かもしれない。</p>
</article></body></html>"""


def test_lead_once_and_dateline_kept_through_pipeline() -> None:
    article = extract_article([Source(path="page.html", data=PAGE.encode())])
    assert article.lead == "民営化から30年、鉄道は国の手に戻るのか"
    assert "民営化から30年" not in article.markdown
    first = article.markdown.split("\n\n")[0]
    assert first.startswith("[ロンドン発] 朝8時"), first
    page = render_page(article)
    assert page.count("民営化から30年、鉄道は国の手に戻るのか") == 2  # front matter + top
    rendered = markdown.markdown(article.markdown)
    assert rendered.startswith("<p>[ロンドン発] 朝8時")


def test_standfirst_after_a_lead_photo_and_share_bar_is_the_lead_shown_once() -> None:
    """A standfirst further down than a few elements (after the date, a lead photo with
    its <picture> sources, share buttons) is still the lead; a copy of it inside the
    body as a subheading is not written a second time."""
    dek = "Three towns voted to share one bus network after a year of talks and a storm."
    photo = (
        '<div class="article__cover"><div class="media"><picture>'
        + "".join(f'<source srcset="https://example.org/p{i}.jpg">' for i in range(6))
        + '<img src="https://example.org/p.jpg" alt=""></picture>'
        "<div class='media__title'><span>The depot at dawn.</span></div></div></div>"
    )
    share = "<div class='share'>" + "".join(f"<a href='/s{i}'>S{i}</a>" for i in range(6))
    para = "The new timetable starts in May and the fares stay as they are for a year. " * 3
    html = (
        "<html><head><title>Buses</title></head><body><article>"
        f"<h1>Buses</h1><div class='article__date'><span>20 Nov 2019</span></div>{photo}"
        f"{share}</div><div class='article__summary'>{dek}</div>"
        f"<div class='article__text'><h2>{dek}</h2><p>{para}</p><p>Second. {para}</p></div>"
        "</article></body></html>"
    )
    article = extract_article([Source("bus.html", html.encode())])
    assert article.lead == dek
    assert dek not in article.markdown
    assert "Second. The new timetable" in article.markdown
