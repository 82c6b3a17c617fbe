# ruff: noqa: E501  (the page template keeps its markup lines whole)
"""Synthetic Japanese column pages for bench/site_scale.py (word lists written for it).

``column_page(i)`` returns ``(relative path, html)`` of article ``i``: deterministic,
~3,000 characters of body text assembled from the lists below, one of 20 columnists,
10 columns, 24 months, three of 50 tags, inside the chrome of a news site (header,
menus, ticker, ads, share buttons, related links, profile box, sidebar, footer).
"""

from __future__ import annotations

import html
import random

HOST = "https://www.digest-bench.example"

COLUMNS = [  # (slug, name)
    ("economy", "経済の現場"), ("london", "ロンドン通信"), ("tech", "テクノロジー最前線"),
    ("food", "食卓の向こう側"), ("local", "地方からの手紙"), ("sports", "スポーツの余白"),
    ("school", "教室の風景"), ("climate", "気候と暮らし"), ("culture", "文化のゆくえ"),
    ("health", "からだの時間"),
]  # fmt: skip
FAMILY = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
          "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水"]  # fmt: skip
GIVEN = ["健", "美咲", "大輔", "由美", "翔太", "恵子", "拓也", "真理子", "誠", "彩",
         "浩二", "直子", "亮", "久美子", "悠人", "裕子", "剛", "千尋", "修", "陽子"]  # fmt: skip
ROLES = ["経済ジャーナリスト", "在英ジャーナリスト", "科学ライター", "料理研究家", "ノンフィクション作家",
         "スポーツライター", "教育ジャーナリスト", "環境ジャーナリスト", "文化部記者", "医療ライター"]  # fmt: skip
TAGS = ["賃上げ", "物価", "円安", "金利", "中小企業", "雇用", "年金", "住宅", "観光", "農業",
        "漁業", "エネルギー", "電気料金", "脱炭素", "人工知能", "半導体", "量子技術", "宇宙開発",
        "スマートフォン", "通信", "医療", "介護", "子育て", "少子化", "高齢化", "教育", "大学",
        "部活動", "サッカー", "野球", "五輪", "鉄道", "新幹線", "地方創生", "移住", "祭り",
        "伝統工芸", "映画", "音楽", "美術館", "書店", "食文化", "抹茶", "和菓子", "ワイン",
        "気候変動", "防災", "地震", "選挙", "外交"]  # fmt: skip

PLACES = ["東京", "大阪", "名古屋", "札幌", "福岡", "仙台", "広島", "金沢", "那覇", "新潟",
          "京都", "神戸", "横浜", "長崎", "松山", "高知", "盛岡", "秋田", "鹿児島", "富山",
          "ロンドン", "パリ", "ベルリン", "ニューヨーク", "ソウル", "台北", "シンガポール",
          "バンコク", "シドニー", "トロント"]  # fmt: skip
NOUNS = ["賃金", "物価", "価格", "消費", "投資", "市場", "企業", "工場", "店舗", "商店街",
         "農家", "漁港", "港町", "駅前", "住宅地", "団地", "学校", "教室", "図書館", "病院",
         "診療所", "介護施設", "保育園", "役所", "議会", "政府", "自治体", "地域", "住民", "若者",
         "高齢者", "家族", "子ども", "親", "先生", "学生", "研究者", "技術者", "職人", "経営者",
         "社長", "従業員", "店主", "料理人", "選手", "監督", "観客", "旅行者", "移住者", "留学生",
         "制度", "仕組み", "予算", "税金", "補助金", "規制", "指針", "計画", "戦略", "課題",
         "問題", "背景", "現場", "現実", "変化", "流れ", "兆し", "影響", "効果", "負担",
         "需要", "供給", "人手", "人材", "技術", "設備", "機械", "部品", "素材", "資源",
         "電力", "燃料", "気温", "雨量", "森林", "河川", "海岸", "畑", "田んぼ", "果樹園",
         "伝統", "文化", "祭り", "歴史", "記憶", "言葉", "物語", "風景", "季節", "暮らし",
         "通勤", "働き方", "休日", "給料", "貯金", "家計", "食卓", "献立", "味噌汁", "お茶",
         "データ", "統計", "調査", "報告書", "研究", "実験", "試算", "見通し", "目標", "成果"]  # fmt: skip
ADJS = ["新しい", "古い", "小さな", "大きな", "静かな", "にぎやかな", "厳しい", "やさしい",
        "確かな", "あいまいな", "身近な", "遠い", "深刻な", "意外な", "地道な", "長い", "短い",
        "重い", "軽い", "細かな"]  # fmt: skip
VERBS = ["広がっている", "変わりつつある", "問われている", "見直されている", "続いている",
         "注目されている", "揺れている", "試されている", "支えられている", "求められている",
         "残されている", "生まれている", "失われつつある", "取り戻されている", "議論されている",
         "期待されている", "懸念されている", "進んでいる", "遅れている", "動き出している"]  # fmt: skip
ADVS = ["少しずつ", "ゆっくりと", "確実に", "静かに", "急速に", "思いのほか", "いまだに",
        "ようやく", "あらためて", "ますます"]  # fmt: skip
LINKS = ["しかし", "一方で", "それでも", "たとえば", "さらに", "つまり", "だからこそ", "ところが",
         "実際", "もっとも"]  # fmt: skip
SAYS = ["と話す", "と語る", "と振り返る", "と首をかしげる", "と笑う", "と言い切る", "と打ち明ける"]
QUOTES = ["ここで踏ん張らなければ次はない", "数字だけでは分からないことがある",
          "若い人が戻ってくる町にしたい", "昔のやり方が通用しなくなった",
          "誰かが続けなければ途絶えてしまう", "変わるなら今しかない", "お客さんの顔が見えるのが一番だ",
          "正直に言えば、先のことは分からない", "小さな工夫の積み重ねしかない"]  # fmt: skip


def _sentence(rnd: random.Random) -> str:
    n = rnd.choice
    kind = rnd.randrange(6)
    if kind == 0:
        return f"{n(PLACES)}の{n(NOUNS)}では、{n(ADJS)}{n(NOUNS)}が{n(ADVS)}{n(VERBS)}。"
    if kind == 1:
        return f"{n(LINKS)}、{n(NOUNS)}と{n(NOUNS)}の関係は{n(ADVS)}{n(VERBS)}。"
    if kind == 2:
        return f"「{n(QUOTES)}」。{n(PLACES)}で{n(NOUNS)}を営む{n(FAMILY)}さんはそう{n(SAYS)[1:]}。"
    if kind == 3:
        pct = rnd.randrange(2, 95)
        return (
            f"{n(NOUNS)}の{n(NOUNS)}は前年より{pct}%{n(['増えた', '減った'])}という"
            f"{n(['調査', '試算', '統計'])}もある。"
        )
    if kind == 4:
        return f"{n(ADJS)}{n(NOUNS)}をどう{n(['守る', '変える', '支える', '育てる'])}のか、{n(NOUNS)}の{n(NOUNS)}が{n(VERBS)}。"
    return f"{rnd.randrange(1990, 2025)}年から続く{n(NOUNS)}は、{n(PLACES)}の{n(NOUNS)}にとって{n(ADJS)}存在だ。"


def _paragraph(rnd: random.Random) -> str:
    return "".join(_sentence(rnd) for _ in range(rnd.randrange(3, 6)))


def _body(rnd: random.Random, target: int = 3000) -> list[str]:
    blocks: list[str] = []
    size = 0
    while size < target:
        if blocks and len(blocks) % 5 == 0:
            blocks.append(f"<h3>{rnd.choice(ADJS)}{rnd.choice(NOUNS)}と{rnd.choice(NOUNS)}</h3>")
        text = _paragraph(rnd)
        blocks.append(f"<p>{html.escape(text)}</p>")
        size += len(text)
    return blocks


def column_page(i: int) -> tuple[str, str]:
    """Article ``i``: ``(path relative to the sources folder, html)``."""
    rnd = random.Random(i)
    person = i % 20
    slug, column = COLUMNS[person % 10]
    author = f"{FAMILY[person]} {GIVEN[person]}"
    month = i % 24
    year, mon = 2023 + month // 12, month % 12 + 1
    day, hour = (i * 7) % 28 + 1, 6 + i % 14
    tags = rnd.sample(TAGS, 3)
    post = 100_000 + i
    url = f"{HOST}/column/{slug}/{year}/{mon:02d}/post-{post}.php"
    title = f"{rnd.choice(PLACES)}の{rnd.choice(NOUNS)}に見る{rnd.choice(ADJS)}{rnd.choice(NOUNS)}（{post}）"
    lead = _paragraph(rnd)[:120]
    body = _body(rnd)
    body.insert(len(body) // 2, _AD.format(n=i))
    writer = f"{HOST}/writer/w{person:02d}/"
    page = _PAGE.format(
        title=html.escape(title), lead=html.escape(lead), url=url, host=HOST, slug=slug,
        column=column, author=author, writer=writer, role=ROLES[person % 10],
        keywords=",".join([*tags, column]), tags_meta="\n".join(
            f'<meta property="article:tag" content="{t}">' for t in tags),
        date_iso=f"{year}-{mon:02d}-{day:02d}T{hour:02d}:00:00+09:00",
        date_ja=f"{year}年{mon:02d}月{day:02d}日 {hour:02d}時00分",
        image=f"{HOST}/images/{slug}/{year}/{mon:02d}/{post}.jpg",
        caption=html.escape(f"{rnd.choice(PLACES)}の{rnd.choice(NOUNS)}（{year}年{mon}月）"),
        body="\n".join(body), related="".join(
            f'<li><a href="{HOST}/column/{slug}/post-{post - k}.php">{rnd.choice(PLACES)}の'
            f"{rnd.choice(NOUNS)}</a></li>" for k in (1, 2, 3)),
        bio=html.escape(_paragraph(random.Random(person))[:150]),
    )  # fmt: skip
    return f"{slug}/{year}-{mon:02d}-post-{post}.html", page


_AD = """<div class="ad ad--inread"><p class="ad__label">スポンサーリンク</p>
<div id="ad-inread-{n}"><script>window.ads = (window.ads || []).concat(['inread']);</script></div></div>"""

_PAGE = """<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | {author} | {column} | ダイジェスト・ベンチ</title>
<meta name="description" content="{lead}">
<meta name="keywords" content="{keywords}">
<link rel="canonical" href="{url}">
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{image}">
<meta property="og:site_name" content="ダイジェスト・ベンチ">
<meta property="article:published_time" content="{date_iso}">
{tags_meta}
<meta name="author" content="{author}">
<link rel="stylesheet" href="{host}/css/style.css">
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{'section': '{slug}'}});</script>
</head>
<body class="column single">
<header class="site-header">
<p class="logo"><a href="{host}/"><img src="{host}/img/logo.svg" alt="ダイジェスト・ベンチ"></a></p>
<form class="search" action="{host}/search/"><input type="search" name="q" placeholder="キーワード"><button>検索</button></form>
<nav class="gnav"><ul>
<li><a href="{host}/">ホーム</a></li><li><a href="{host}/news/">ニュース</a></li>
<li><a href="{host}/world/">国際</a></li><li><a href="{host}/business/">ビジネス</a></li>
<li><a href="{host}/column/">コラム</a></li><li><a href="{host}/video/">動画</a></li>
</ul></nav>
</header>
<div class="ticker"><p>速報</p><ul>
<li><a href="{host}/news/1.php">為替相場、一時大きく変動</a></li>
<li><a href="{host}/news/2.php">夏の電力需給見通しを公表</a></li>
</ul></div>
<div class="ad ad--billboard"><div id="ad-top"><script>window.ads = ['top'];</script></div></div>
<div class="container">
<ol class="breadcrumb"><li><a href="{host}/">ホーム</a></li><li><a href="{host}/column/">コラム</a></li>
<li><a href="{host}/column/{slug}/">{column}</a></li><li>{title}</li></ol>
<main class="main">
<article class="entry">
<div class="entryHeader">
<span class="column-name"><a href="{host}/column/{slug}/">{column}</a></span>
<h1 class="entryTitle">{title}</h1>
<p class="entryDetail"><time datetime="{date_iso}">{date_ja}</time>
<span class="author"><a href="{writer}">{author}</a></span></p>
<ul class="share"><li><a href="https://x.example/share?url={url}">ポスト</a></li>
<li><a href="https://fb.example/share?u={url}">シェア</a></li><li><a href="https://line.example/share?url={url}">LINE</a></li></ul>
</div>
<figure class="photo"><img src="{image}" alt="" width="800" height="533">
<figcaption>{caption}</figcaption></figure>
<div class="entryBody">
<p><strong>＜{lead}＞</strong></p>
{body}
<div class="related"><p>【関連記事】</p><ul>{related}</ul></div>
<div class="profile">
<h3 class="profile__head">プロフィール</h3>
<p class="profile__name"><a href="{writer}">{author}</a></p>
<p class="profile__role">{role}</p>
<p class="profile__text">{bio}</p>
</div>
</div>
</article>
</main>
<aside class="side">
<section class="ranking"><h2>人気ランキング</h2><ol>
<li><a href="{host}/world/1.php">若者に広がる「デジタル断食」</a></li>
<li><a href="{host}/world/2.php">空港ランキングの意外な結果</a></li>
<li><a href="{host}/world/3.php">ドラマのロケ地めぐりが観光を変える</a></li>
</ol></section>
<section class="newsletter"><h2>メールマガジン</h2><p>注目記事を毎週お届けします</p></section>
</aside>
</div>
<footer class="site-footer"><ul><li><a href="{host}/company/">会社概要</a></li>
<li><a href="{host}/privacy/">個人情報保護方針</a></li></ul>
<p><small>&copy; Digest Bench</small></p></footer>
</body>
</html>
"""
