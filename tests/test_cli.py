"""The CLI's contract: help everywhere, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PAGE = """<html lang="en"><head><title>A column | Site</title>
<meta property="og:title" content="A column"></head><body><nav>Home News</nav>
<article><h1>A column</h1><p>{text}</p><p>{text}</p></article></body></html>"""
TEXT = "This is a perfectly ordinary paragraph of a column about trains and tea. " * 4


def digest(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "converter", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.parametrize("args", [[], ["convert"], ["extract"], ["convert", "--bogus", "x"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = digest(*args)
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [[], ["convert"], ["extract"], ["build"]])
def test_help_everywhere(command: list[str]) -> None:
    result = digest(*command, "--help")
    assert result.returncode == 0
    assert "usage: digest" in result.stdout


def test_extract_formats(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(PAGE.format(text=TEXT), encoding="utf-8")
    as_json = json.loads(digest("extract", "-f", "json", str(page)).stdout)
    assert list(as_json)[:4] == ["title", "subtitle", "lead", "authors"]
    assert as_json["title"] == "A column"
    text = digest("extract", "-f", "text", str(page)).stdout
    assert text.startswith("This is a perfectly ordinary paragraph")
    md = digest("extract", str(page)).stdout
    assert md.startswith("---\ntitle: A column\n")
    assert "Home News" not in md


def test_convert_some_failed_exit_1(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.html").write_text(PAGE.format(text=TEXT), encoding="utf-8")
    (src / "empty.html").write_bytes(b"")
    out = tmp_path / "out"
    result = digest("convert", str(src), "-o", str(out), "-q")
    assert result.returncode == 1
    assert "empty.html" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(list(out.glob("*.md"))) == 1


def test_convert_missing_source_is_usage_error(tmp_path: Path) -> None:
    result = digest("convert", str(tmp_path / "nope"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "nope" in result.stderr
