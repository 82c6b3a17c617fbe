"""Plain-text captures (converter/capture/text.py): the text of a page as a reader's
browser showed it becomes the same article an HTML page would.

The golden cases (tests/cases/text-*/source.txt) cover the layouts; here: detection by
content, the seed page through the CLI (read from ../shared, never bundled), folders
with .txt files, and texts that are no articles.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from converter.capture import open_capture, text
from converter.model import Source
from tests.test_cli import digest

ROOT = Path(__file__).resolve().parent.parent
SEED_NAME = "newsweekjapan-kimura-2025-04-11.txt"
# The repository's sibling ../shared (a worktree under wt/ finds it one level higher).
SEED_CANDIDATES = [b / "shared" / "seed" / SEED_NAME for b in (ROOT.parent, ROOT.parent.parent)]
SEED_EXPECTED = Path(__file__).parent / "data" / "text" / "seed-expected.md"
CASES = Path(__file__).parent / "cases"

NOT_ARTICLES = {
    "links.txt": "Useful links\nhttps://example.org/docs\nhttps://example.org/blog\n"
    "Python documentation - https://docs.python.org/3/\nExample Herald - https://herald.example/\n"
    "MDN Web Docs - https://developer.mozilla.org/\nWeather - https://weather.example/\n",
    "README.txt": "# column-tools\n\nSmall helpers for the column archive.\n\n## Install\n\n"
    "    pip install column-tools\n\n## Usage\n\n```\n$ column-tools fetch --since 2024-01-01\n"
    "$ column-tools list\n```\n\n- [x] fetch\n- [ ] export\n",
    "NOTES.txt": "COLUMN TOOLS\n\nThese are small helpers for the column archive. Run the fetch "
    "command to download new pages, then run the list command to see them.\n\nInstallation: "
    "copy the folder anywhere and add it to your PATH. No other software is needed.\n",
    "server.log": "\n".join(
        f"2025-04-11 17:33:0{i},114 {level} worker: {msg}"
        for i, (level, msg) in enumerate(
            [
                ("INFO", "listening on 0.0.0.0:8080"),
                ("INFO", "request GET /articles/123 200 12ms"),
                ("WARNING", "cache miss for key article:123, fetching it from the database."),
                ("ERROR", "timeout after 30s while converting https://news.example/a.html."),
                ("INFO", "request GET /articles/124 200 9ms"),
            ]
        )
    ),
}


@pytest.fixture
def seed() -> Path:
    found = next((p for p in SEED_CANDIDATES if p.is_file()), None)
    if found is None:
        pytest.skip("../shared/seed not found (the seed test needs the shared folder)")
    return found


@pytest.mark.parametrize(
    ("data", "is_text"),
    [
        ("コラム\n\n見出し\n\n<リード>\n\n本文。\n".encode(), True),
        (b"Title\n\n<A lead in brackets, as some sites write it>\n\nText.\n", True),
        ("見出し\n本文。\n".encode("shift_jis"), True),
        (b"<!doctype html><html><body><p>Hi</p></body></html>", False),
        (b"<p class='x'>Hi", False),
        (b"Title\n\nText</p>\n", False),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", False),
        (b"  \n\n", False),
    ],
)
def test_detected_by_content(data: bytes, is_text: bool) -> None:
    assert text.detect(data) is is_text


def test_html_file_without_markup_is_read_as_text() -> None:
    source = Source("page.html", (CASES / "text-byline-en" / "source.txt").read_bytes())
    capture = open_capture(source)
    assert capture.kind == "text"
    assert b"<h1>Harbour seals return to the old docks after forty years</h1>" in capture.html


def test_seed_through_the_cli(seed: Path, tmp_path: Path) -> None:
    """The page this project started from: every field right, no chrome, written by
    `digest extract` exactly as reviewed in seed-expected.md, and by `digest convert`."""
    shutil.copy(seed, tmp_path / SEED_NAME)
    result = digest("extract", SEED_NAME, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == SEED_EXPECTED.read_text(encoding="utf-8")
    # The same page saved as .html (no markup in it) is the same article.
    (tmp_path / "sources").mkdir()
    shutil.copy(seed, tmp_path / "sources" / "seed.html")
    shutil.copy(seed, tmp_path / "sources" / "seed-copy.txt")
    result = digest("convert", "sources", "-o", "out", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pages = sorted((tmp_path / "out").glob("*.md"))
    assert pages, result.stderr
    for page in pages:
        written = page.read_text(encoding="utf-8")
        assert "published: '2025-04-11T17:33:00+09:00'" in written
        assert "capture: text" in written
        body = written.split("\n---\n", 1)[1]
        assert body.count("アメリカが当てにできない状況") == 1  # the lead, once
        for chrome in ("あわせて読みたい", "人気ランキング", "MAGAZINE", "ニュース速報", "…"):
            assert chrome not in written


@pytest.mark.parametrize("name", sorted(NOT_ARTICLES))
def test_not_an_article_is_refused(name: str, tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / name).write_text(NOT_ARTICLES[name], encoding="utf-8")
    result = digest("extract", f"sources/{name}", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"digest: error: sources/{name}: no article found on the page (no text)"
    ]
    if name.endswith(".txt"):  # found in a folder, refused, nothing written
        result = digest("convert", "sources", "-o", "out", "-q", cwd=tmp_path)
        assert result.returncode == 1
        assert "no article found" in result.stderr
        assert not list((tmp_path / "out").glob("*.md"))


def test_convert_finds_text_files(tmp_path: Path) -> None:
    sources = tmp_path / "sources" / "en"
    sources.mkdir(parents=True)
    shutil.copy(CASES / "text-about-author-en" / "source.txt", sources / "village-shop.txt")
    result = digest("convert", "sources", "-o", "out", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (page,) = (tmp_path / "out").glob("*.md")
    written = page.read_text(encoding="utf-8")
    assert "title: The quiet return of the village shop" in written
    assert "capture: text" in written
    assert "Newsletter" not in written and "Share this" not in written
