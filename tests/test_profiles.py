"""Site profiles: the validating loader, matching by host, user folders, and the
newsweekjapan.jp column layout end to end through the CLI (tests/cases/profile-newsweekjapan)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from converter import frontmatter
from converter.cli import main
from converter.errors import ProfileError
from converter.profiles import SHIPPED_DIR, SiteProfile, find_profile, load_profiles
from converter.profiles.loader import load_profile

CASE = Path(__file__).parent / "cases" / "profile-newsweekjapan"
NWJ = "https://www.newsweekjapan.jp/morimoto/2024/01/post-88.php"


def write_profile(folder: Path, name: str, data: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


# -- the loader ------------------------------------------------------------------------


def test_shipped_profiles_load_and_validate():
    profiles = load_profiles(SHIPPED_DIR)
    assert profiles and all(isinstance(p, SiteProfile) for p in profiles)
    assert all(p.name and p.domains for p in profiles)


def test_full_profile_is_read_into_tuples(tmp_path: Path):
    path = write_profile(
        tmp_path,
        "site.yaml",
        {
            "name": "Example",
            "domains": ["example.jp"],
            "title": "h1.headline",
            "date": [".date", "time"],
            "date_format": "%Y年%m月%d日 %H:%M",
            "timezone": "Asia/Tokyo",
            "remove": [".ad", "div[id^=gpt-]"],
        },
    )
    profile = load_profile(path)
    assert profile.title == ("h1.headline",)
    assert profile.date == (".date", "time")
    assert profile.remove == (".ad", "div[id^=gpt-]")
    assert profile.timezone == "Asia/Tokyo"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"name": "X", "domains": ["x.jp"], "titel": "h1"}, ["'titel'", "did you mean 'title'"]),
        ({"name": "X", "domains": ["x.jp"], "title": 3}, ["'title'", "int 3"]),
        ({"name": "X", "domains": ["x.jp"], "body": "div[[x"}, ["'body'", "div[[x"]),
        ({"name": "X", "domains": ["x.jp"], "timezone": "Asia/Tokio"}, ["'timezone'", "Tokio"]),
        ({"name": "X", "domains": ["x.jp"], "date_format": "%Y年%Q"}, ["'date_format'", "%Q"]),
        ({"name": "X", "domains": ["https://x.jp/"]}, ["'domains'", "host name"]),
        ({"domains": ["x.jp"]}, ["'name'", "required"]),
        ({"name": "X"}, ["'domains'", "required"]),
        (["not", "a", "mapping"], ["mapping"]),
    ],
)
def test_invalid_profile_names_file_and_key(tmp_path: Path, data: object, words: list[str]):
    path = write_profile(tmp_path, "bad.yaml", data)
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    message = str(info.value)
    assert "bad.yaml" in message
    for word in words:
        assert word in message


def test_invalid_yaml_is_reported(tmp_path: Path):
    path = tmp_path / "broken.yaml"
    path.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="not valid YAML"):
        load_profile(path)


def test_two_files_claiming_one_domain(tmp_path: Path):
    write_profile(tmp_path, "a.yaml", {"name": "A", "domains": ["x.jp"]})
    write_profile(tmp_path, "b.yaml", {"name": "B", "domains": ["x.jp"]})
    with pytest.raises(ProfileError, match=r"already claimed by a\.yaml"):
        load_profiles(tmp_path)


# -- matching --------------------------------------------------------------------------


def test_match_by_url_host_suffix():
    assert find_profile(NWJ, "").name == "Newsweek Japan columns"
    assert find_profile("https://newsweekjapan.jp/a", "") is not None
    assert find_profile("https://notnewsweekjapan.jp/a", "") is None
    assert find_profile("https://www.example.com/a", "") is None
    assert find_profile(None, "<html><body>no url</body></html>") is None


def test_match_by_canonical_in_the_head():
    html = f'<html><head><link href="{NWJ}" rel="canonical"></head><body></body></html>'
    assert find_profile(None, html) is not None
    og = f'<html><head><meta content="{NWJ}" property="og:url"></head></html>'
    assert find_profile(None, og) is not None


def test_user_profile_beats_shipped_and_longest_suffix_wins(tmp_path: Path):
    write_profile(tmp_path, "mine.yaml", {"name": "Mine", "domains": ["newsweekjapan.jp"]})
    write_profile(tmp_path, "sub.yaml", {"name": "Sub", "domains": ["blog.example.jp"]})
    write_profile(tmp_path, "top.yaml", {"name": "Top", "domains": ["example.jp"]})
    assert find_profile(NWJ, "", tmp_path).name == "Mine"
    assert find_profile("https://blog.example.jp/p/1", "", tmp_path).name == "Sub"
    assert find_profile("https://www.example.jp/p/1", "", tmp_path).name == "Top"


# -- newsweekjapan.jp through the CLI ------------------------------------------------------


def _extract_json(capsys: pytest.CaptureFixture[str], *pages: Path) -> dict:
    assert main(["extract", "--format", "json", *map(str, pages)]) == 0
    return json.loads(capsys.readouterr().out)


def test_newsweekjapan_metadata(capsys: pytest.CaptureFixture[str]):
    data = _extract_json(capsys, CASE / "page1.html", CASE / "page2.html")
    assert data["title"] == "湖畔の町が試した「週4日」の一年"
    assert data["published"] == "2024-01-31T15:00:00+09:00"
    assert [a["name"] for a in data["authors"]] == ["森本 遥"]  # without span.blogName
    assert data["column"] == "ロンドン通信　欧州の現在地"
    assert data["url"] == NWJ
    assert data["source_pages"] == [str(CASE / "page1.html"), str(CASE / "page2.html")]
    assert "incomplete" not in data or data["incomplete"] is False


def test_newsweekjapan_body_removals_and_pagination(capsys: pytest.CaptureFixture[str]):
    body = _extract_json(capsys, CASE / "page1.html", CASE / "page2.html")["markdown"]
    assert "## 窓口の待ち時間は短くなった" in body
    assert "## 図書館が「もう一つの職場」になった" in body
    assert body.index("人口8000人") < body.index("窓口の平均待ち時間") < body.index("町は今年も")
    for gone in (
        "関連記事",
        "スポンサーリンク",
        "広告",
        "本誌最新号",
        "次のページ",
        "$i",
        "アクセスランキング",
        "Copyright",
        "gptSlots",
    ):
        assert gone not in body, gone
    assert "\n\n\n" not in body and "&nbsp;" not in body


def test_newsweekjapan_lead_caption_and_profile(capsys: pytest.CaptureFixture[str]):
    data = _extract_json(capsys, CASE / "page1.html", CASE / "page2.html")
    assert data["lead"] and "町役場の職員が週4日だけ働いた一年で" in data["lead"]
    assert "町役場の職員が週4日だけ" not in data["markdown"]  # the lead is not repeated
    image = data["image"]
    assert image["src"].endswith("/morimoto/assets_c/2024/01/lakeside-thumb-720xauto.jpg")
    assert image["credit"] == "Lena Example/Shutterstock"
    assert image["caption"] == "午後3時に閉まる町役場の窓口（写真はイメージです）"
    (author,) = data["authors"]
    assert author["bio"] and author["bio"].startswith("ジャーナリスト。ロンドン在住。")
    assert data["markdown"].count("lakeside-thumb") <= 1  # the photo is not repeated
    assert "ロンドン在住" not in data["markdown"]


def test_newsweekjapan_convert_merges_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    sources = tmp_path / "sources"
    sources.mkdir()
    # File names that sort the wrong way round: the order comes from the pager.
    shutil.copy(CASE / "page2.html", sources / "a.html")
    shutil.copy(CASE / "page1.html", sources / "b.html")
    out = tmp_path / "out"
    assert main(["convert", str(sources), "-o", str(out), "-q"]) == 0
    (page,) = sorted(out.glob("*.md"))
    meta, body = frontmatter.loads(page.read_text(encoding="utf-8"))
    assert meta["source_pages"] == [str(sources / "b.html"), str(sources / "a.html")]
    assert "incomplete" not in meta
    assert body.index("人口8000人") < body.index("町は今年も")


def test_newsweekjapan_missing_page_gives_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(CASE / "page1.html", sources / "post-88.html")
    out = tmp_path / "out"
    assert main(["convert", str(sources), "-o", str(out), "-q"]) == 0
    assert "post-88_2.php" in capsys.readouterr().err
    (page,) = sorted(out.glob("*.md"))
    meta, _ = frontmatter.loads(page.read_text(encoding="utf-8"))
    assert meta["incomplete"] is True


def test_cli_profiles_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    mine = tmp_path / "profiles"
    write_profile(
        mine,
        "nwj.yaml",
        {"name": "Mine", "domains": ["newsweekjapan.jp"], "title": ".entryDetailData .date"},
    )
    assert (
        main(["extract", "--format", "json", "--profiles", str(mine), str(CASE / "page1.html")])
        == 0
    )
    assert json.loads(capsys.readouterr().out)["title"] == "2024年01月31日（水）15時00分"
    bad = tmp_path / "bad"
    write_profile(bad, "nwj.yaml", {"name": "Mine", "domains": ["x.jp"], "titel": "h1"})
    assert (
        main(
            ["convert", "--profiles", str(bad), "-o", str(tmp_path / "o"), str(CASE / "page1.html")]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "nwj.yaml" in err and "did you mean 'title'" in err
    assert main(["convert", "--profiles", str(tmp_path / "nope"), str(CASE)]) == 2
