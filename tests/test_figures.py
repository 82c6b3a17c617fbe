"""The figure stage: image URLs as the reader saw them, captions found and split into
caption and credit, and every figure rewritten into the one canonical form."""

from __future__ import annotations

import lxml.html
import pytest

from converter.extract.credits import split_credit
from converter.extract.figures import normalise_figures
from converter.model import Figure

BASE = "https://news.example/column/2025/04/post-1.php"

# (caption text, expected caption, expected credit): one row per credit pattern.
CREDIT_CASES = [
    # ideographic space before a slash credit
    (
        "ウクライナの首都キーウ　Tero Vesalainen/Shutterstock",
        "ウクライナの首都キーウ",
        "Tero Vesalainen/Shutterstock",
    ),
    (
        "トランプ前大統領（2024年7月）　Brian Snyder/REUTERS",
        "トランプ前大統領（2024年7月）",
        "Brian Snyder/REUTERS",
    ),
    # "via"
    (
        "Protesters gather in Paris on Monday. Benoit Tessier via Reuters",
        "Protesters gather in Paris on Monday.",
        "Benoit Tessier via Reuters",
    ),
    (
        "駅の案内板を見上げる通勤客、ロンドンで（2025年3月）Oliver Brandt via Reuters",
        "駅の案内板を見上げる通勤客、ロンドンで（2025年3月）",
        "Oliver Brandt via Reuters",
    ),
    # ＝ wire service
    (
        "尹大統領の発言をテレビで見る国民（ソウルで、３日）＝ＡＰ",
        "尹大統領の発言をテレビで見る国民（ソウルで、３日）",
        "ＡＰ",
    ),
    ("記者会見する首相＝共同", "記者会見する首相", "共同"),
    ("記者会見する首相＝AFP時事", "記者会見する首相", "AFP時事"),
    ("Crowds in Seoul =Reuters", "Crowds in Seoul", "Reuters"),
    ("Crowds in Seoul =Taro Yamada", "Crowds in Seoul", "Taro Yamada"),
    # ＝ followed by a date and a place is caption, not credit
    ("イスラエルの国旗＝同国で2019年5月", "イスラエルの国旗＝同国で2019年5月", None),
    # （…撮影）
    (
        "移送のため警視庁を出る容疑者＝13日、東京・霞ケ関で（潟沼義樹撮影）",
        "移送のため警視庁を出る容疑者＝13日、東京・霞ケ関で",
        "潟沼義樹",
    ),
    (
        "評価検討会＝１３日午後１０時３１分（代表撮影）",
        "評価検討会＝１３日午後１０時３１分",
        "代表",
    ),
    ("会見する社長（東京・大手町で、山田太郎撮影）", "会見する社長（東京・大手町で）", "山田太郎"),
    (
        "アプリ画面=2024年12月4日、英ロンドン、杉山歩撮影",
        "アプリ画面=2024年12月4日、英ロンドン",
        "杉山歩",
    ),
    # copyright marks
    (
        "日本代表の（左から）西田、石川（Ｃ）共同通信社",
        "日本代表の（左から）西田、石川",
        "共同通信社",
    ),
    ("Mount Fuji at dawn. © Jane Doe", "Mount Fuji at dawn.", "Jane Doe"),
    ("Mount Fuji at dawn (c) Kyodo", "Mount Fuji at dawn", "Kyodo"),
    # labels
    (
        "A yellow tram in the old town. Photo: Miguel Sousa / Southlight Agency",
        "A yellow tram in the old town.",
        "Miguel Sousa / Southlight Agency",
    ),
    (
        "A view of Tokyo. Photograph: Jane Doe/The Guardian",
        "A view of Tokyo.",
        "Jane Doe/The Guardian",
    ),
    ("Credit: AP", None, "AP"),
    ("Photo by Jane Doe", None, "Jane Doe"),
    ("首相官邸（写真：山田太郎）", "首相官邸", "山田太郎"),
    ("記者会見する首相。写真提供：内閣広報室", "記者会見する首相。", "内閣広報室"),
    ("写真：ロイター", None, "ロイター"),
    # bare agencies
    ("Shinzo Abe speaks in Tokyo. Getty Images", "Shinzo Abe speaks in Tokyo.", "Getty Images"),
    ("Shinzo Abe speaks in Tokyo. AFP/Getty", "Shinzo Abe speaks in Tokyo.", "AFP/Getty"),
    ("Protesters in Paris, France, on Monday/AP", "Protesters in Paris, France, on Monday", "AP"),
    ("Shinzo Abe speaks in Tokyo (AP)", "Shinzo Abe speaks in Tokyo", "AP"),
    # no credit
    ("The 2024/25 budget was passed", "The 2024/25 budget was passed", None),
    ("Men walk by a sign reading Reuters", "Men walk by a sign reading Reuters", None),
    ("He came via Paris and London", "He came via Paris and London", None),
    (
        "パトカーで通話試験を行う技官（警視庁提供）",
        "パトカーで通話試験を行う技官（警視庁提供）",
        None,
    ),
]


@pytest.mark.parametrize(("text", "caption", "credit"), CREDIT_CASES, ids=lambda v: str(v)[:24])
def test_split_credit(text: str, caption: str | None, credit: str | None) -> None:
    assert split_credit(text) == (caption, credit)


def test_split_credit_empty() -> None:
    assert split_credit("") == (None, None)
    assert split_credit("　 ") == (None, None)
    assert split_credit(None) == (None, None)


def _run(body: str, base: str | None = BASE) -> tuple[tuple[Figure, ...], lxml.html.HtmlElement]:
    node = lxml.html.fragment_fromstring(f"<div>{body}</div>")
    return normalise_figures(node, base), node


def _html(node: lxml.html.HtmlElement) -> str:
    return lxml.html.tostring(node, encoding="unicode")


# --- image URLs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("img", "expected"),
    [
        ('<img src="/a.jpg" alt="A">', "https://news.example/a.jpg"),
        (
            '<img src="data:image/gif;base64,R0lGOD" data-src="/b.jpg">',
            "https://news.example/b.jpg",
        ),
        (
            '<img src="/spinner.gif" data-original="c.jpg">',
            "https://news.example/column/2025/04/c.jpg",
        ),
        (
            '<img src="/img/blank.gif" data-lazy-src="//cdn.example/d.jpg">',
            "https://cdn.example/d.jpg",
        ),
        (
            '<img data-srcset="/e-400.jpg 400w, /e-1600.jpg 1600w, /e-800.jpg 800w">',
            "https://news.example/e-1600.jpg",
        ),
        ('<img src="/f.jpg" srcset="/f-1x.jpg 1x, /f-2x.jpg 2x">', "https://news.example/f-2x.jpg"),
    ],
)
def test_lazy_image_urls(img: str, expected: str) -> None:
    figures, _ = _run(f"<p>text</p>{img}")
    assert [f.src for f in figures] == [expected]


def test_picture_takes_largest_source() -> None:
    figures, node = _run(
        '<picture><source type="image/webp" srcset="/p-800.webp 800w, /p-1600.webp 1600w">'
        '<img src="/p.jpg" alt="P"></picture>'
    )
    assert figures == (Figure("https://news.example/p-1600.webp", "P"),)
    assert not node.findall(".//picture") and not node.findall(".//source")


def test_noscript_fallback_replaces_placeholder() -> None:
    figures, node = _run(
        '<figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" class="lazy">'
        '<noscript><img src="/real.jpg" alt="Real"></noscript>'
        "<figcaption>A harbour</figcaption></figure>"
    )
    assert figures == (Figure("https://news.example/real.jpg", "Real", "A harbour"),)
    assert node.find(".//noscript") is None


def test_noscript_ignored_when_visible_image_is_real() -> None:
    figures, _ = _run(
        '<img data-src="/lazy.jpg" alt="L"><noscript><img src="/other.jpg"></noscript>'
    )
    assert [f.src for f in figures] == ["https://news.example/lazy.jpg"]


def test_lone_noscript_tracking_pixel_is_not_a_figure() -> None:
    figures, _ = _run('<p>text</p><noscript><img src="https://t.example/p.gif" alt=""></noscript>')
    assert figures == ()


@pytest.mark.parametrize(
    "img",
    [
        '<img src="data:image/gif;base64,R0lGODlhAQABAIAAAP">',
        '<img src="/images/spacer.gif">',
        '<img src="/common/loading.gif">',
        '<img src="https://t.example/track?id=1" width="1" height="1">',
        '<img src="/px.png" width="2" height="2">',
        '<img src="/static/icons/zoom.svg" alt="拡大">',
        "<img>",
    ],
)
def test_placeholders_dropped(img: str) -> None:
    figures, node = _run(f"<p>text</p>{img}")
    assert figures == () and node.find(".//img") is None


def test_placeholder_figure_dropped_with_its_caption() -> None:
    figures, node = _run(
        '<figure><img src="/blank.gif"><figcaption>Lost</figcaption></figure><p>x</p>'
    )
    assert figures == () and "Lost" not in node.text_content()


def test_no_base_url_keeps_scheme_relative_as_https() -> None:
    figures, _ = _run('<img src="//cdn.example/a.jpg">', base=None)
    assert figures[0].src == "https://cdn.example/a.jpg"


# --- captions: where they are ----------------------------------------------------------

CANONICAL = (
    '<figure><img src="https://news.example/n.jpg" alt="港">'
    '<figcaption><span class="caption">英南西部の港に停泊する漁船</span> '
    '<small class="credit">Tero Example/SHUTTERSTOCK</small></figcaption></figure>'
)


@pytest.mark.parametrize(
    "markup",
    [
        # the sample pages' layout: a photo block with p.cap after the image
        '<div class="photo"><img src="/n.jpg" alt="港"><p class="cap">英南西部の港に停泊する漁船'
        "　Tero Example/SHUTTERSTOCK</p></div>",
        # figure + figcaption, image inside a link
        '<figure class="wp-caption"><a href="/photo/1"><img src="/n.jpg" alt="港"></a>'
        "<figcaption>英南西部の港に停泊する漁船　Tero Example/SHUTTERSTOCK</figcaption></figure>",
        # a caption sibling with a class containing "caption", after the image's block
        '<div class="wrap"><div class="image"><a href="/p"><img src="/n.jpg" alt="港"></a></div>'
        '<p class="thumb-caption">英南西部の港に停泊する漁船　Tero Example/SHUTTERSTOCK</p></div>',
        # a credit element inside the caption wins over text patterns
        '<figure><img src="/n.jpg" alt="港"><figcaption>英南西部の港に停泊する漁船'
        '<span class="credit">Tero Example/SHUTTERSTOCK</span></figcaption></figure>',
        '<figure><img src="/n.jpg" alt="港"><figcaption>英南西部の港に停泊する漁船 '
        "<small>Photo: Tero Example/SHUTTERSTOCK</small></figcaption></figure>",
        # a photo block whose own text line is the caption
        '<div class="image"><img src="/n.jpg" alt="港"><span>英南西部の港に停泊する漁船</span>'
        '<span class="copyright">Tero Example/SHUTTERSTOCK</span></div>',
        # .wp-caption-text, the caption in a wrapper after the picture block
        '<figure><div><div><img src="/n.jpg" alt="港"></div></div><div class="footer">'
        '<p class="wp-caption-text">英南西部の港に停泊する漁船　Tero Example/SHUTTERSTOCK</p>'
        "</div></figure>",
        # image and caption inside a gallery link that adds its own label
        '<div class="photo-box"><figure><a href="/gallery/1"><picture><img src="/n.jpg" alt="港">'
        "</picture><figcaption>英南西部の港に停泊する漁船　Tero Example/SHUTTERSTOCK</figcaption>"
        '<span class="expansion">この記事の画像を見る(2枚)</span></a></figure></div>',
    ],
)
def test_caption_layouts_become_canonical(markup: str) -> None:
    figures, node = _run(f"<p>前の段落。</p>{markup}<p>次の段落。</p>")
    assert figures == (
        Figure(
            "https://news.example/n.jpg",
            "港",
            "英南西部の港に停泊する漁船",
            "Tero Example/SHUTTERSTOCK",
        ),
    )
    assert _html(node) == f"<div><p>前の段落。</p>{CANONICAL}<p>次の段落。</p></div>"


def test_credit_on_its_own_line_before_caption() -> None:
    figures, _ = _run(
        '<figure><a href="/att"><img src="/d.jpg" alt=""></a><figcaption><span>The Yomiuri Shimbun'
        "</span><br>Party leaders take part in a debate in Tokyo on Saturday.</figcaption></figure>"
    )
    assert (figures[0].caption, figures[0].credit) == (
        "Party leaders take part in a debate in Tokyo on Saturday.",
        "The Yomiuri Shimbun",
    )


def test_caption_only_and_credit_only() -> None:
    figures, node = _run(
        '<figure><img src="/a.jpg"><figcaption>Only a caption</figcaption></figure>'
        '<figure><img src="/b.jpg"><figcaption>Photo: Jane Doe</figcaption></figure>'
        '<figure><img src="/c.jpg" alt="C"></figure>'
    )
    assert [(f.caption, f.credit) for f in figures] == [
        ("Only a caption", None),
        (None, "Jane Doe"),
        (None, None),
    ]
    assert _html(node) == (
        '<div><figure><img src="https://news.example/a.jpg" alt=""><figcaption>'
        '<span class="caption">Only a caption</span></figcaption></figure>'
        '<figure><img src="https://news.example/b.jpg" alt=""><figcaption>'
        '<small class="credit">Jane Doe</small></figcaption></figure>'
        '<figure><img src="https://news.example/c.jpg" alt="C"></figure></div>'
    )


def test_caption_not_left_behind_as_paragraph() -> None:
    _, node = _run('<div class="photo"><img src="/a.jpg"></div><p class="cap">Harbour at dawn</p>')
    assert node.text_content().count("Harbour at dawn") == 1
    assert node.find(".//p") is None


def test_data_caption_attribute() -> None:
    figures, _ = _run('<ul><li><img src="/a.jpg" data-caption="　港の朝＝共同"></li></ul>')
    assert (figures[0].caption, figures[0].credit) == ("港の朝", "共同")


def test_same_picture_twice_kept_once() -> None:
    figures, node = _run(
        '<figure><img src="/a.jpg"><figcaption>Cap</figcaption></figure>'
        '<ul class="gallery"><li><img src="/a.jpg"></li><li><img src="/b.jpg"></li></ul>'
    )
    assert [f.src for f in figures] == ["https://news.example/a.jpg", "https://news.example/b.jpg"]
    assert len(node.findall(".//img")) == 2


def test_inline_image_in_text_stays_inline() -> None:
    figures, node = _run('<p>Rate <img src="/icon-up.png" alt="up" width="40"> rising.</p>')
    assert figures == (Figure("https://news.example/icon-up.png", "up"),)
    assert _html(node) == (
        '<div><p>Rate <img src="https://news.example/icon-up.png" alt="up"> rising.</p></div>'
    )


def test_image_alone_in_paragraph_becomes_figure() -> None:
    _, node = _run('<p><a href="/big.jpg"><img src="/a.jpg" alt="A"></a></p><p>Body.</p>')
    assert _html(node) == (
        '<div><figure><img src="https://news.example/a.jpg" alt="A"></figure><p>Body.</p></div>'
    )


def test_captioned_image_inside_text_paragraph_moves_after_it() -> None:
    _, node = _run(
        '<p>Before.<br><span class="photo"><img src="/a.jpg">'
        '<span class="caption">Cap</span></span></p>'
    )
    assert _html(node) == (
        '<div><p>Before.</p><figure><img src="https://news.example/a.jpg" alt="">'
        '<figcaption><span class="caption">Cap</span></figcaption></figure></div>'
    )


def test_figures_in_reading_order() -> None:
    figures, _ = _run(
        '<figure><img src="/1.jpg"></figure><p>x</p><div class="photo"><img src="/2.jpg">'
        '<p class="cap">two</p></div><p>y</p><img src="/3.jpg">'
    )
    assert [f.src.rsplit("/", 1)[1] for f in figures] == ["1.jpg", "2.jpg", "3.jpg"]


def test_author_photo_in_profile_box_is_not_a_figure() -> None:
    figures, _ = _run(
        '<p>Body.</p><div class="profile"><h3>プロフィール</h3><p><img src="/w.jpg" width="120" '
        'height="120"></p><p class="name">山田 太郎</p><p>東京都生まれ。記者。</p></div>'
    )
    assert figures == ()
