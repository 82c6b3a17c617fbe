"""pykakasi's kanji dictionary from the on-disk index (converter/kanwa.py): the same
romaji as pykakasi's own load, an index built once, damage and an unwritable cache folder
survived without a word on stderr.

pykakasi keeps its table in process-wide state, so every comparison runs each side in a
fresh process, with ``XDG_CACHE_HOME`` in ``tmp_path``.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from converter import kanwa

PROJECT = Path(__file__).resolve().parents[1]
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")

# Run in a fresh process: romaji and slugs of the titles on stdin, and what pykakasi's
# table turned out to be. ``pykakasi`` as argument: the index is not installed.
_SCRIPT = """
import json, sys
from converter import kanwa, slugs
if sys.argv[1] == "pykakasi":
    kanwa.install = lambda: False
titles = json.load(sys.stdin)
out = {
    "romaji": [slugs._romaji(t) for t in titles],
    "slugs": [slugs.article_slug(t, "key", "ja") for t in titles],
}
from pykakasi import kanji
table = kanji.Kanwa._shared_state["_jisyo_table"]
out["table"] = type(table).__name__
out["fallback"] = getattr(table, "_fallback", None) is not None
json.dump(out, sys.stdout)
"""

VARIED_TITLES = [
    "抹茶ラテが英国で人気に",
    "日本の経済見通し",
    "東京都議会議員選挙の投票率",
    "国際連合安全保障理事会",
    "株式会社日立製作所が新社長を発表",
    "少子高齢化と社会保障制度改革",
    "新型コロナウイルス感染症対策本部",
    "今日は雨が降っています",
    "一昨日、明日、明後日、今朝",
    "大人と子供の境目",
    "生ビールと生麦生米生卵",
    "上手な下手の横好き",
    "々の繰り返し：人々、時々、日々",
    "ひらがなだけのタイトルです",
    "カタカナダケノタイトル",
    "ｶﾀｶﾅ半角のﾀｲﾄﾙ",
    "ＡＢＣ全角英字と１２３数字",
    "iPhone 16を買うべきか",
    "AIと著作権、どこまでが許されるのか",
    "G7サミット、広島で開幕",
    "2025年の春闘、賃上げ率5%超え",
    "NHK紅白歌合戦の視聴率",
    "髙島屋と﨑陽軒の物語",
    "山﨑さんと髙橋さん",
    "葛\U000e0100城市と葛\U000e0101飾区",
    "辻\U000e0100堂の海",
    "邉見さんと渡邊さん",
    "齋藤と斎藤と斉藤",
    "檜原村の桧",
    "𠮷野家の牛丼",
    "ヴァイオリンとヴィオラ",
    "ウィーン・フィルのニューイヤーコンサート",
    "ディズニーランドでファストパス",
    "ー長音から始まる",
    "「かぎ括弧」と『二重かぎ括弧』",
    "コメの値段はなぜ下がらないのか――備蓄米放出の効果と限界",
    "終わるのか、終わらないのか",
    "食べられる、食べさせられる",
    "北海道から沖縄まで、日本縦断の旅",
    "京都・奈良の世界遺産",
    "大阪府堺市の古墳群",
    "鹿児島県の桜島が噴火",
    "富士山の山開き",
    "羽田空港と成田空港",
    "明治、大正、昭和、平成、令和",
    "源氏物語と紫式部",
    "徳川家康と関ヶ原の戦い",
    "量子コンピューターへの投資",
    "電気自動車の充電インフラ",
    "🎉祝！創刊100号🎉",
    "漢",
    "あ",
    "中国语的标题",
]


def _repo_titles() -> list[str]:
    """Japanese titles in the bundled samples and the test cases."""
    titles: set[str] = set()
    for page in sorted((PROJECT / "sources").rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        titles.update(m.group(1) for m in re.finditer(r"<title>([^<]*)</title>", text))
    for page in [
        *sorted((PROJECT / "tests" / "cases").glob("*/expected.md")),
        *sorted((PROJECT / "tests" / "data" / "site_pages").glob("*.md")),
    ]:
        head = page.read_text(encoding="utf-8").split("---")[1]
        title = (yaml.safe_load(head) or {}).get("title")
        if isinstance(title, str):
            titles.add(title)
    return sorted(t for t in titles if _JAPANESE.search(t))


def _random_titles(count: int = 200) -> list[str]:
    """Strings of ideographs, kana and Latin, many of them rare: more rows of the table."""
    rnd = random.Random(20261207)
    kanji = [chr(c) for c in range(0x4E00, 0x9FA0)]
    kana = [chr(c) for c in range(0x3041, 0x3097)] + [chr(c) for c in range(0x30A1, 0x30FB)]
    pool = kanji * 3 + kana + list("ー々 ABCxyz019")
    return ["".join(rnd.choices(pool, k=rnd.randint(1, 12))) for _ in range(count)]


TITLES = [*_repo_titles(), *VARIED_TITLES, *_random_titles()]


def _run(cache: Path, mode: str = "index", titles: list[str] = TITLES) -> dict[str, Any]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, mode],
        input=json.dumps(titles),
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # falling back is silent
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _index(cache: Path) -> Path:
    (path,) = (cache / kanwa.CACHE_FOLDER).glob("kanwa-*.sqlite3")
    return path


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """pykakasi's own romaji and slugs of TITLES."""
    result = _run(tmp_path_factory.mktemp("xdg-none"), "pykakasi")
    assert result["table"] == "dict"
    return result


def test_titles_cover_the_repository() -> None:
    assert len(_repo_titles()) >= 10
    assert "紅茶の国の若者たちは、なぜ緑色の一杯に行列するのか" in TITLES


def test_same_romaji_as_pykakasi(tmp_path: Path, reference: dict[str, Any]) -> None:
    first = _run(tmp_path)  # builds the index, uses the dictionary it just loaded
    assert first["table"] == "dict"
    second = _run(tmp_path)  # reads the index
    assert second["table"] == "KanwaIndex" and not second["fallback"]
    for result in (first, second):
        assert result["romaji"] == reference["romaji"]
        assert result["slugs"] == reference["slugs"]
    matcha = second["romaji"][TITLES.index("抹茶ラテが英国で人気に")]
    assert matcha == "matcha rate ga eikoku de ninki ni"


def test_index_is_built_once(tmp_path: Path) -> None:
    titles = ["日本の経済見通し"]
    _run(tmp_path, titles=titles)
    path = _index(tmp_path)
    before = path.stat()
    assert path.parent == tmp_path / "column-digest"
    assert not [p for p in path.parent.iterdir() if p != path]  # no temp file left
    result = _run(tmp_path, titles=titles)
    after = path.stat()
    assert result["table"] == "KanwaIndex"
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def _truncate(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.truncate(path.stat().st_size // 2)


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00garbage" * 1000)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _other_key(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = 'format 0' WHERE name = 'key'")


CORRUPT_AT_OPEN = {"truncated": _truncate, "garbage": _garbage, "empty": _empty, "key": _other_key}


@pytest.mark.parametrize("damage", CORRUPT_AT_OPEN)
def test_damaged_index_is_rebuilt(tmp_path: Path, reference: dict[str, Any], damage: str) -> None:
    _run(tmp_path, titles=["経済"])
    path = _index(tmp_path)
    CORRUPT_AT_OPEN[damage](path)
    damaged = path.stat()
    result = _run(tmp_path)  # notices at once, builds it again
    assert result["table"] == "dict"
    assert result["romaji"] == reference["romaji"]
    assert path.stat().st_mtime_ns != damaged.st_mtime_ns
    result = _run(tmp_path)
    assert result["table"] == "KanwaIndex" and not result["fallback"]
    assert result["romaji"] == reference["romaji"]


def test_damaged_row_falls_back_and_is_rebuilt(tmp_path: Path, reference: dict[str, Any]) -> None:
    _run(tmp_path, titles=["経済"])
    path = _index(tmp_path)
    with sqlite3.connect(path) as db:  # still valid JSON, another reading: bit rot
        (words,) = db.execute("SELECT words FROM kanwa WHERE code = ?", (ord("日"),)).fetchone()
        db.execute(
            "UPDATE kanwa SET words = ? WHERE code = ?",
            (words.replace("にほん".encode(), "がいこく".encode()), ord("日")),
        )
    result = _run(tmp_path)
    assert result["table"] == "KanwaIndex" and result["fallback"]
    assert result["romaji"] == reference["romaji"]
    assert not path.exists()  # for the next process to build again
    assert _run(tmp_path)["romaji"] == reference["romaji"]
    assert _run(tmp_path, titles=["日本"])["table"] == "KanwaIndex"


def _file_as_folder(cache: Path) -> Path:
    cache.write_text("not a folder")  # XDG_CACHE_HOME/column-digest cannot be made
    return cache


def _read_only_folder(cache: Path) -> Path:
    if os.geteuid() == 0:
        pytest.skip("root writes into a read-only folder")
    cache.mkdir()
    cache.chmod(0o500)
    return cache


@pytest.mark.parametrize("make", [_file_as_folder, _read_only_folder])
def test_unwritable_cache_folder_falls_back(
    tmp_path: Path, reference: dict[str, Any], make: Any
) -> None:
    cache = make(tmp_path / "cache")
    try:
        result = _run(cache)
    finally:
        if cache.is_dir():
            cache.chmod(0o700)
    assert result["table"] == "dict"
    assert result["romaji"] == reference["romaji"]
    assert not list(tmp_path.rglob("*.sqlite3"))


def test_unexpected_internals_are_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pykakasi import kanji

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    table: dict[int, Any] = {}
    monkeypatch.setattr(kanji.Kanwa, "_shared_state", {"_jisyo_table": table})
    assert not kanwa.install()  # already loaded
    assert kanji.Kanwa._shared_state["_jisyo_table"] is table
    monkeypatch.setattr(kanji.Kanwa, "_shared_state", {"_table": None})
    assert not kanwa.install()  # renamed
    monkeypatch.delattr(kanji.Kanwa, "_shared_state")
    assert not kanwa.install()
    assert not list(tmp_path.iterdir())


def test_cache_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert kanwa.cache_dir() == tmp_path / "column-digest"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # ignored, as XDG says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert kanwa.cache_dir() == tmp_path / "home" / ".cache" / "column-digest"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert kanwa.cache_dir() == tmp_path / "home" / ".cache" / "column-digest"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[kanwa.KanwaIndex, dict[int, Any]]:
    """An index built in this process, beside pykakasi's dictionary as it unpickles."""
    source = kanwa.dictionary_path()
    path = tmp_path_factory.mktemp("index") / "kanwa.sqlite3"
    table = kanwa._build(path, "test key", source)
    index = kanwa._open(path, "test key", source)
    assert index is not None
    assert kanwa._open(path, "another key", source) is None
    return index, table


def test_every_row_as_pykakasi_has_it(built: tuple[kanwa.KanwaIndex, dict[int, Any]]) -> None:
    index, table = built
    assert len(index) == len(table) == 6823
    assert sorted(index) == sorted(table)
    for code, words in table.items():
        # Same words in the same order (the first of equally long matches wins), each
        # with the same (reading, contexts) pairs as lists.
        expected = [(w, [[reading, con] for reading, con in pairs]) for w, pairs in words.items()]
        assert list(index[code].items()) == expected, chr(code)
    assert index.get(ord("A")) is None and index.get(ord("A"), "x") == "x"
    with pytest.raises(KeyError):
        index[ord("A")]


def _read_in_child(code: int) -> Any:
    return _CHILD_INDEX.get(code)


_CHILD_INDEX: kanwa.KanwaIndex


def test_forked_workers_open_their_own_connection(
    built: tuple[kanwa.KanwaIndex, dict[int, Any]],
) -> None:
    global _CHILD_INDEX
    index, _ = built
    fresh = kanwa._open(index._path, "test key", index._source)
    assert fresh is not None
    assert fresh.get(ord("日"))  # the parent's connection is open before the fork
    _CHILD_INDEX = fresh
    codes = [ord(c) for c in "本語経済"]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        assert pool.map(_read_in_child, codes) == [index.get(c) for c in codes]
