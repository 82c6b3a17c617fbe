"""Shared fixtures. Site fixtures: a built digest site in a temporary copy of the project.

- ``fixture_site``: the site stage alone (``build_site``) on the small hand-made article
  pages in tests/data/site_pages/ (known columns, columnists, months, hostile values).
- ``sample_site``: the real ``digest build`` on the bundled samples in sources/, with
  the bundled curator's notes in notes/ (full text).
Both are session-scoped: each is built once per test run.
"""

from __future__ import annotations

import json
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


def copy_sample(rel: str, sources: Path) -> Path:
    """Copy the bundled sample page ``rel`` (``newseye/economy/2025-03-wages.html``) under
    ``sources`` as a plain HTML save: the file with its ``NAME_files/`` folder, or, for a
    sample bundled as a web archive (``NAME.warc.gz``), its page taken out of it."""
    from converter.capture import warc
    from converter.model import Source

    src, dest = PROJECT / "sources" / rel, sources / rel
    dest.parent.mkdir(parents=True, exist_ok=True)
    if src.is_file():
        shutil.copy2(src, dest)
        folder = src.with_name(src.stem + "_files")
        if folder.is_dir():
            shutil.copytree(folder, dest.with_name(folder.name), dirs_exist_ok=True)
    else:
        archive = src.with_name(src.stem + ".warc.gz")
        page = warc.read(Source(f"{archive}::1", archive.read_bytes()))
        dest.write_bytes(page.html)
    return dest


def _generated_docs(folder: str, names: list[str]) -> set[str]:
    if Path(folder).resolve() != (PROJECT / "docs").resolve():
        return set()
    generated = {"articles", "columns", "authors", "archive", "tags", "digests"}
    return {n for n in names if n in generated or n in ("index.md", "feed.xml", ".digest-site.yml")}


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
    # Only the hand-written docs: what a build generates there (git-ignored) stays out,
    # so a test sees the same project on a fresh clone and after a local build.
    shutil.copytree(PROJECT / "docs", dest / "docs", ignore=_generated_docs)
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


# An article of the bundled samples (UTF-8) and its title, for the moved-page tests.
MOVED_SOURCE = "newseye/economy/2025-03-wages.html"
MOVED_TITLE = "春闘の「満額回答」は町工場に届くのか"
# The name the article had under slug scheme 1 (python-slugify's Chinese readings).
OLD_NAME = "chun-dou-no-man-e-hui-da-hating-gong-chang-nijie-kunoka-2c56fad7.md"


@dataclass(frozen=True)
class MovedSite:
    site: BuiltSite
    old_name: str  # the article's file name in the earlier build
    new_name: str  # and now


def build_cli(config: Path, sources: Path) -> int:
    from converter.cli import main

    return main(["build", "--sources", str(sources), "--config", str(config), "-q"])


def downgrade_to_scheme_1(articles: Path, old_name: str, source_suffix: str) -> str:
    """Put the project back in the state the previous release left: the manifest without
    a slug scheme, the article of ``source_suffix`` under ``old_name``. Returns the name
    it had."""
    manifest = articles / ".digest-manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    del data["slugs"]
    entry = next(e for k, e in data["articles"].items() if k.endswith(source_suffix))
    current = entry["output"]
    (articles / current).rename(articles / old_name)
    entry["output"] = old_name
    manifest.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return current


@pytest.fixture(scope="session")
def moved_site(tmp_path_factory: pytest.TempPathFactory) -> MovedSite:
    """Two sample articles built by the previous release (one under its old
    transliterated name), then built again by this one: the page moves to its romaji
    name and a redirect stays at the old address."""
    root = tmp_path_factory.mktemp("moved-site")
    config = copy_site_project(root)
    sources = root / "sources"
    for rel in (MOVED_SOURCE, "newseye/economy/2025-05-quantum.html"):
        copy_sample(rel, sources)
    assert build_cli(config, sources) == 0
    articles = root / "docs" / "articles"
    new_name = downgrade_to_scheme_1(articles, OLD_NAME, MOVED_SOURCE)
    start = time.perf_counter()
    code = build_cli(config, sources)
    site = BuiltSite(root, config, root / "docs", root / "site", code, time.perf_counter() - start)
    return MovedSite(site, OLD_NAME, new_name)
