"""Golden-file tests: every tests/cases/<behaviour>/ holds the source page(s) and the
Markdown page `digest extract` must print for them.

Sources are `source.html` (or `source.txt`, a text copy of a page), or `page1.html`,
`page2.html`, … for a multi-page article, or a `pages.txt` naming bundled samples
(paths from the repository root, one a line). A case with a `profiles/` folder is
converted with it (`--profiles`), and its pages must make one article through page
grouping, which also gives their reading order.
Run `pytest tests/test_golden.py --update-golden` to rewrite the expected files, then
review `git diff tests/cases` before committing.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml

from converter import frontmatter
from converter.members import container
from converter.model import Source
from converter.pages import group_sources
from converter.pipeline import extract_article, render_page
from converter.settings import Settings

CASES = Path(__file__).parent / "cases"
ROOT = CASES.parent.parent


def _case_dirs() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / "expected.md").exists() or _pages(p))


def _pages(case: Path) -> list[Path]:
    listed = case / "pages.txt"
    if listed.exists():
        return [ROOT / line for line in listed.read_text().split() if line]
    singles = [case / "source.html", case / "source.txt"]  # .txt: a copy of the page's text
    return [p for p in singles if p.exists()][:1] or sorted(case.glob("page*.html"))


def _shown(page: Path) -> str:
    """The path recorded in front matter: repository-relative for samples."""
    return str(page.relative_to(ROOT)) if page.is_relative_to(ROOT / "sources") else page.name


def _render(case: Path) -> str:
    pages = _pages(case)
    settings = None
    if (case / "profiles").is_dir():
        settings = Settings(profiles_dir=case / "profiles")
        groups = group_sources(pages[::-1], settings.profiles_dir)  # reversed: order is found
        assert len(groups) == 1, f"{case.name}: pages grouped as {groups}"
        pages = list(groups[0].paths)
    # A page inside a web archive (ARCHIVE::N) is read as its archive (members.py).
    sources = [Source(path=_shown(p), data=container(p).read_bytes()) for p in pages]
    return render_page(extract_article(sources, settings))


@pytest.mark.parametrize("case", _case_dirs(), ids=lambda p: p.name)
def test_golden(case: Path, request: pytest.FixtureRequest) -> None:
    expected_file = case / "expected.md"
    actual = _render(case)
    if request.config.getoption("--update-golden") or not expected_file.exists():
        expected_file.write_text(actual, encoding="utf-8")
        if not request.config.getoption("--update-golden"):
            pytest.fail(f"{expected_file} did not exist: written, review it")
    expected = expected_file.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                "expected.md",
                "actual",
            )
        )
        pytest.fail(f"{case.name}: output differs from expected.md\n{diff}")
    meta, _ = frontmatter.loads(actual)
    assert meta == yaml.safe_load(actual.split("---\n")[1]), "front matter must be plain YAML"
