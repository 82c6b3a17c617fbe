"""The caches one `digest build` keeps for the next (build/cache/, issue 20): a later
build shows every change made in between, ignores a damaged cache, publishes none of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from converter.site.buildcache import CACHE_DIR, CATALOG_FILE, TEMPLATES_DIR
from converter.site.catalog import read_catalog
from tests.conftest import copy_sample, copy_site_project
from tests.test_incremental import SOURCES, _build


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy_site_project(tmp_path)
    for rel in SOURCES[:2]:
        copy_sample(rel, tmp_path / "sources")
    return tmp_path


def _home(root: Path) -> str:
    return (root / "site" / "index.html").read_text(encoding="utf-8")


def _article(root: Path, prefix: str) -> Path:
    return next((root / "docs" / "articles").glob(f"{prefix}*.md"))


def test_a_hand_edited_article_shows_in_the_listings_next_build(project: Path) -> None:
    _build(project)
    assert (project / CACHE_DIR / CATALOG_FILE).is_file()
    assert any((project / CACHE_DIR / TEMPLATES_DIR).iterdir())  # compiled templates
    page = _article(project, "kome-")
    text = page.read_text(encoding="utf-8")
    title = text.split("\ntitle: ", 1)[1].split("\n", 1)[0]
    page.write_text(text.replace(title, "米の値段、手で直した見出し", 1), encoding="utf-8")
    _build(project)  # the page is the curator's now: the build keeps it, and lists it
    assert "米の値段、手で直した見出し" in _home(project)


def test_a_damaged_cache_is_ignored(project: Path) -> None:
    _build(project)
    before = _home(project)
    (project / CACHE_DIR / CATALOG_FILE).write_text('{"key": 1, "entries": [')
    for compiled in (project / CACHE_DIR / TEMPLATES_DIR).iterdir():
        compiled.write_bytes(b"garbage")
    _build(project, "--full")
    assert _home(project) == before


def test_an_edited_override_is_compiled_again(project: Path) -> None:
    _build(project)
    main_html = project / "overrides" / "main.html"
    text = main_html.read_text(encoding="utf-8")
    edited = text.replace("{% block extrahead %}", "{% block extrahead %}<!-- override edited -->")
    assert edited != text
    main_html.write_text(edited, encoding="utf-8")
    _build(project)
    assert "<!-- override edited -->" in _home(project)


def test_the_cache_is_not_published(project: Path) -> None:
    _build(project)
    published = {p.name for p in (project / "site").rglob("*")}
    assert CATALOG_FILE not in published
    assert not any(name.endswith(".cache") for name in published)


def test_the_catalogue_cache_is_checked_data(project: Path) -> None:
    """The cache holds the entries exactly (a round trip gives equal entries), and an
    entry of the wrong shape makes the whole file ignored, whatever its key says."""
    import json

    from converter.site.buildcache import load_catalog

    _build(project)
    variant = "directory_urls=True"
    cached = load_catalog(project, variant)
    assert len(cached) == 2
    fresh: dict = {}
    docs = (project / "docs").resolve()
    read_catalog(docs / "articles", docs, True, fresh)
    assert cached == fresh  # the same stamps and equal entries
    path = project / CACHE_DIR / CATALOG_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    key = next(iter(data["entries"]))
    data["entries"][key][1][2] = {"__reduce__": "os.system"}  # a title that is no string
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_catalog(project, variant) == {}
    before = _home(project)
    _build(project, "--full")
    assert _home(project) == before
