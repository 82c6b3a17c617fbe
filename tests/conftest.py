"""Shared fixtures. Site fixtures: a built digest site in a temporary copy of the project.

- ``fixture_site``: the site stage alone (``build_site``) on the small hand-made article
  pages in tests/data/site_pages/ (known columns, columnists, months, hostile values).
- ``sample_site``: the real ``digest build`` on the bundled samples in sources/, with
  the bundled curator's notes in notes/ (full text).
Both are session-scoped: each is built once per test run.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SITE_PAGES = Path(__file__).parent / "data" / "site_pages"
# What a site build needs from the project, besides docs/articles and sources.
_SITE_FILES = ("mkdocs.yml", "overrides")


@dataclass(frozen=True)
class BuiltSite:
    root: Path  # the project copy
    config: Path
    docs: Path
    site: Path
    exit_code: int = 0
    seconds: float = 0.0
    summary: object = None


def copy_site_project(dest: Path, articles: Path | None = None, notes: bool = False) -> Path:
    """Copy what the site stage reads (config, theme overrides, hand-written docs) into
    ``dest``; optionally the article pages from ``articles`` and the bundled notes.
    Returns the config path."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in _SITE_FILES:
        src = PROJECT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        else:
            shutil.copy2(src, dest / name)
    shutil.copytree(PROJECT / "docs", dest / "docs", ignore=shutil.ignore_patterns("articles"))
    if articles is not None:
        shutil.copytree(articles, dest / "docs" / "articles")
    if notes:
        shutil.copytree(PROJECT / "notes", dest / "notes")
    return dest / "mkdocs.yml"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    from converter.site import build_site

    root = tmp_path_factory.mktemp("fixture-site")
    config = copy_site_project(root, SITE_PAGES)
    start = time.perf_counter()
    summary = build_site(config)
    return BuiltSite(
        root, config, root / "docs", root / "site", 0, time.perf_counter() - start, summary
    )


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    from converter.cli import main

    sources = PROJECT / "sources"
    if not any(sources.rglob("*.htm*")):
        pytest.skip("no bundled sample pages in sources/ yet")
    root = tmp_path_factory.mktemp("sample-site")
    config = copy_site_project(root, notes=True)
    shutil.copytree(sources, root / "sources")
    start = time.perf_counter()
    code = main(["build", "--sources", str(root / "sources"), "--config", str(config), "-q"])
    seconds = time.perf_counter() - start
    site = root / "site"
    if not (site / "index.html").is_file():
        pytest.fail(f"digest build made no site (exit code {code})")
    return BuiltSite(root, config, root / "docs", site, code, seconds)
