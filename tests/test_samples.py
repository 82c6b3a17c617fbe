"""The bundled sample sources, driven through the real CLI as a user would.

Ground truth lives in tests/data/samples.yaml (one entry per article).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from converter import frontmatter

ROOT = Path(__file__).resolve().parent.parent
TRUTH_FILE = ROOT / "tests" / "data" / "samples.yaml"
TRUTH: list[dict[str, Any]] = (
    yaml.safe_load(TRUTH_FILE.read_text(encoding="utf-8")) if TRUTH_FILE.exists() else []
)


def digest(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "converter", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """`digest convert sources -o OUT` once; every written page by its front matter source."""
    out = tmp_path_factory.mktemp("articles")
    result = digest("convert", "sources", "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    pages: dict[str, str] = {}
    for md in out.glob("*.md"):
        text = md.read_text(encoding="utf-8")
        meta, _ = frontmatter.loads(text)
        pages[meta["source"]] = text
    return pages


def test_truth_covers_the_brief() -> None:
    assert len(TRUTH) >= 10, "samples.yaml lists the sample articles"
    files = [f for item in TRUTH for f in item["files"]]
    assert len(files) >= 12
    assert {"shift_jis", "euc-jp"} <= {item["encoding"] for item in TRUTH}
    assert any(len(item["files"]) >= 2 for item in TRUTH), "one multi-page article"


@pytest.mark.parametrize("item", TRUTH, ids=lambda item: item["id"])
def test_extract_json(item: dict[str, Any]) -> None:
    result = digest("extract", "--format", "json", *item["files"])
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["title"] == item["title"]
    assert got["published"] == item["published"]
    assert [a["name"] for a in got["authors"]] == item["authors"]
    if item.get("lead"):
        assert got["lead"] == item["lead"]
        assert item["lead"] not in got["markdown"], "the lead is shown once, not in the body"
    for snippet in item["body_contains"]:
        assert snippet in got["text"], snippet
    if item.get("figure"):
        assert got["image"]["caption"] == item["figure"]["caption"]
        assert got["image"]["credit"] == item["figure"]["credit"]


@pytest.mark.parametrize("item", TRUTH, ids=lambda item: item["id"])
def test_convert_leaves_no_chrome(item: dict[str, Any], converted: dict[str, str]) -> None:
    page = converted.get(item["files"][0])
    assert page is not None, f"no page written for {item['files'][0]}"
    _, body = frontmatter.loads(page)
    for snippet in item["chrome"]:
        assert snippet not in page, f"chrome left in the page: {snippet!r}"
    for snippet in item["body_contains"]:
        assert snippet in body, snippet
    assert "<script" not in page.lower()


def test_convert_merges_multi_page_articles(converted: dict[str, str]) -> None:
    multi = [item for item in TRUTH if len(item["files"]) > 1]
    assert multi
    for item in multi:
        for later in item["files"][1:]:
            assert later not in converted, f"{later} must merge into {item['files'][0]}"


@pytest.mark.parametrize("item", TRUTH, ids=lambda item: item["id"])
def test_extract_column_and_section(item: dict[str, Any]) -> None:
    got = json.loads(digest("extract", "--format", "json", *item["files"]).stdout)
    assert got["column"] == item["column"]
    assert got["section"] == item.get("section")


@pytest.mark.parametrize("item", TRUTH, ids=lambda item: item["id"])
def test_generic_extraction_without_profiles(item: dict[str, Any]) -> None:
    """The shipped profiles are a convenience: generic rules alone get the samples right
    (all but the column's name, which only a profile knows where to find)."""
    result = digest("extract", "--no-profiles", "--format", "markdown", *item["files"])
    assert result.returncode == 0, result.stderr
    meta, body = frontmatter.loads(result.stdout)
    assert meta["title"] == item["title"]
    assert meta["published"] == item["published"]
    assert [a["name"] for a in meta["authors"]] == item["authors"]
    assert meta["lead"] == item.get("lead")
    for snippet in item["body_contains"]:
        assert snippet in body, snippet
    for snippet in item["chrome"]:
        assert snippet not in result.stdout, f"chrome left: {snippet!r}"
