"""Multi-page articles: grouping and ordering the pages found among the sources,
missing pages, and merging the pages' bodies (pipeline section 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from converter.model import Body, Figure, Metadata
from converter.pages import SourceGroup, group_sources, strip_page_marker
from converter.pipeline import _join_bodies, _merge_metadata

SITE = "https://news.example.jp"


def write(
    folder: Path,
    name: str,
    *,
    url: str | None = None,
    title: str = "記事の見出し",
    links: str = "",
    head: str = "",
    text: str = "本文です。",
    encoding: str = "utf-8",
) -> Path:
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    html = (
        f'<!DOCTYPE html><html lang="ja"><head><meta charset="{encoding}">'
        f"<title>{title}</title>{canonical}{head}</head><body><article><h1>{title}</h1>"
        f"<p>{text}</p></article><nav>{links}</nav></body></html>"
    )
    path = folder / name
    path.write_bytes(html.encode(encoding))
    return path


def names(groups: list[SourceGroup]) -> list[list[str]]:
    return [[p.name for p in g.paths] for g in groups]


def test_php_pages_with_pager_links_in_order_whatever_the_file_names(tmp_path: Path):
    base = f"{SITE}/column/2024/01/post-88"
    p2 = write(
        tmp_path,
        "a.html",
        url=f"{base}_2.php",
        links=f'<a href="{base}.php">前のページ</a><a href="{base}_3.php">次のページ</a>',
    )
    p3 = write(tmp_path, "b.html", url=f"{base}_3.php", links=f'<a href="{base}_2.php">前へ</a>')
    p1 = write(
        tmp_path, "c.html", url=f"{base}.php", links=f'<a href="{base}_2.php">次のページ</a>'
    )
    groups = group_sources([p2, p3, p1])
    assert names(groups) == [["c.html", "a.html", "b.html"]]
    assert groups[0].missing == ()


def test_query_page_and_rel_next_in_head(tmp_path: Path):
    url = f"{SITE}/articles/-/12345"
    p1 = write(tmp_path, "z.html", url=url, head=f'<link rel="next" href="{url}?page=2">')
    p2 = write(tmp_path, "y.html", url=f"{url}?page=2", head=f'<link rel="prev" href="{url}">')
    assert names(group_sources([p2, p1])) == [["z.html", "y.html"]]


def test_trailing_number_segment_with_next_page_label(tmp_path: Path):
    url = f"{SITE}/article/lakeside-town"
    p1 = write(tmp_path, "2.html", url=f"{url}/", links=f'<a href="{url}/2/">次のページ ›</a>')
    p2 = write(tmp_path, "1.html", url=f"{url}/2/")
    assert names(group_sources([p2, p1])) == [["2.html", "1.html"]]


def test_relative_links_between_saved_files_without_urls(tmp_path: Path):
    p1 = write(tmp_path, "story.html", links='<a href="story_2.html">Next page</a>')
    p2 = write(tmp_path, "story_2.html", links='<a href="story.html">Previous page</a>')
    assert names(group_sources([p2, p1])) == [["story.html", "story_2.html"]]


def test_title_markers_alone_group_and_order(tmp_path: Path):
    a = write(tmp_path, "a.html", title="町の実験（2/2ページ）")
    b = write(tmp_path, "b.html", title="町の実験（1/2ページ）")
    c = write(tmp_path, "c.html", title="別の記事")
    assert names(group_sources([a, b, c])) == [["b.html", "a.html"], ["c.html"]]


def test_page_of_marker_with_missing_last_page(tmp_path: Path):
    a = write(tmp_path, "a.html", title="Lake town (Page 2 of 3)")
    b = write(tmp_path, "b.html", title="Lake town (Page 1 of 3)")
    (group,) = group_sources([a, b])
    assert [p.name for p in group.paths] == ["b.html", "a.html"]
    assert len(group.missing) == 1 and "page 3" in group.missing[0]


def test_second_page_alone_reports_the_first_missing(tmp_path: Path):
    base = f"{SITE}/column/post-9"
    p2 = write(
        tmp_path, "p2.html", url=f"{base}_2.php", links=f'<a href="{base}.php">前のページ</a>'
    )
    (group,) = group_sources([p2])
    assert group.missing == (f"{base}.php",)


def test_next_page_absent_from_sources_is_missing(tmp_path: Path):
    base = f"{SITE}/column/post-9"
    p1 = write(
        tmp_path,
        "p1.html",
        url=f"{base}.php",
        links=f'<a href="{base}_2.php">次のページ</a><a href="{base}_3.php">3</a>',
    )
    (group,) = group_sources([p1])
    assert group.missing == (f"{base}_2.php", f"{base}_3.php")


def test_template_links_with_dollar_i_are_ignored(tmp_path: Path):
    base = f"{SITE}/column/post-9"
    p1 = write(
        tmp_path,
        "p1.html",
        url=f"{base}.php",
        links=f'<ul class="indexNavi"><li><a href="{base}_$i.php">2</a></li></ul>',
    )
    (group,) = group_sources([p1])
    assert group.missing == ()


def test_next_post_links_are_not_pages(tmp_path: Path):
    # Blogs: "次へ"/"Next" and WordPress's titled rel=next point to the next *post*.
    p1 = write(
        tmp_path,
        "one.html",
        url=f"{SITE}/blog/spring-walk",
        title="春の散歩",
        head=f'<link rel="next" title="夏の海" href="{SITE}/blog/summer-sea">',
        links=f'<a href="{SITE}/blog/summer-sea">次へ</a>'
        f'<a rel="next" href="{SITE}/blog/x">Next</a>',
    )
    p2 = write(tmp_path, "two.html", url=f"{SITE}/blog/summer-sea", title="夏の海")
    groups = group_sources([p1, p2])
    assert names(groups) == [["one.html"], ["two.html"]]
    assert all(g.missing == () for g in groups)


def test_same_title_without_any_page_signal_stays_apart(tmp_path: Path):
    a = write(tmp_path, "a.html", url=f"{SITE}/news/1001", title="きょうの天気")
    b = write(tmp_path, "b.html", url=f"{SITE}/news/1002", title="きょうの天気")
    assert names(group_sources([a, b])) == [["a.html"], ["b.html"]]


def test_pages_in_shift_jis_are_read(tmp_path: Path):
    base = f"{SITE}/column/post-5"
    p1 = write(
        tmp_path,
        "p1.html",
        url=f"{base}.php",
        encoding="shift_jis",
        links=f'<a href="{base}_2.php">次のページ</a>',
    )
    p2 = write(tmp_path, "p2.html", url=f"{base}_2.php", encoding="shift_jis")
    assert names(group_sources([p2, p1])) == [["p1.html", "p2.html"]]


def test_unreadable_file_is_its_own_group(tmp_path: Path):
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    ok = write(tmp_path, "ok.html")
    assert names(group_sources([bad, ok])) == [["bad.html"], ["ok.html"]]


def test_profile_next_page_selector(tmp_path: Path):
    base = "https://www.newsweekjapan.jp/someone/2024/02/post-7"
    pager = f'<p class="nextPageTitle">続き<a href="{base}_2.php">町の図書館</a></p>'
    p1 = write(tmp_path, "x.html", url=f"{base}.php", links=pager)
    (group,) = group_sources([p1])
    assert group.missing == (f"{base}_2.php",)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("町の実験（1/2ページ）", "町の実験"),
        ("町の実験 (２/３ページ)", "町の実験"),
        ("Lake town - Page 2 of 3", "Lake town"),
        ("町の実験 2ページ目", "町の実験"),
        ("町の実験［2/3］", "町の実験"),
        ("1/2時点のコメ価格", "1/2時点のコメ価格"),
        ("町の実験", "町の実験"),
    ],
)
def test_strip_page_marker(title: str, expected: str):
    assert strip_page_marker(title) == expected


# -- merging (pipeline section 2) ----------------------------------------------------


def test_join_drops_a_figure_and_lead_repeated_on_a_later_page():
    photo = Figure(src="https://x.example/a.jpg", caption="湖")
    page1 = Body(
        markdown="![湖](https://x.example/a.jpg)\n\n第一段落。\n", lead="＜要旨＞", figures=(photo,)
    )
    page2 = Body(
        markdown="![湖](https://x.example/a.jpg)\n\n＜要旨＞\n\n第二段落。\n", figures=(photo,)
    )
    joined = _join_bodies([page1, page2])
    assert joined.count("a.jpg") == 1
    assert "＜要旨＞" not in joined
    assert joined.index("第一段落") < joined.index("第二段落")


def test_merge_metadata_fills_gaps_from_later_pages_and_strips_marker():
    first = Metadata(title="町の実験（1/2ページ）", url="https://x.example/a")
    later = Metadata(title="町の実験（2/2ページ）", section="コラム", url="https://x.example/a_2")
    merged = _merge_metadata([first, later])
    assert merged.title == "町の実験"
    assert merged.section == "コラム"
    assert merged.url == "https://x.example/a"
