"""Incremental builds (issue 20): `digest build` renders and indexes only what a change
affects, and the result is the same site a full build makes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from converter.cli import main
from converter.site.incremental import STATE_FILE
from converter.site.search import DELTA_DIR, HIDDEN_FILE
from tests.conftest import copy_sample, copy_site_project

# Three articles of one column (economy), so that adding one changes a neighbour.
SOURCES = (
    "newseye/economy/2025-03-wages.html",
    "newseye/economy/2025-04-rice.html",
    "newseye/economy/2025-05-quantum.html",
)
WAGES_TITLE = "春闘の「満額回答」は町工場に届くのか"
NEW_TITLE = "町工場の夏のボーナスは届いたか"
NEW_WORD = "夏季賞与検証"  # only in the added article


def _build(root: Path, *extra: str, capsys=None) -> str:
    code = main(
        ["build", "--sources", str(root / "sources"), "--config", str(root / "mkdocs.yml"),
         "-q", "-j", "1", *extra]
    )  # fmt: skip
    assert code == 0
    return capsys.readouterr().err if capsys else ""


def _add_article(root: Path) -> Path:
    """A new article in the same column, dated after the others (the newest)."""
    page = (root / "sources" / SOURCES[0]).read_text(encoding="utf-8")
    page = page.replace("post-1179", "post-4242").replace(WAGES_TITLE, NEW_TITLE)
    page = page.replace("2025-03-", "2025-07-").replace("2025年3月", "2025年7月")
    page = page.replace("</p>", f"{NEW_WORD}。</p>", 1)
    path = root / "sources" / "newseye" / "economy" / "2025-07-bonus.html"
    path.write_text(page, encoding="utf-8")
    return path


def _article_rows(root: Path) -> dict[str, object]:
    """Each article's row of the template data (neighbours, reading time)."""
    text = (root / "docs" / ".digest-site.yml").read_text(encoding="utf-8")
    return json.loads(text.split("\n", 1)[1])["extra"]["digest"]["articles"]


def _html_pages(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*.html"))
        if not p.relative_to(site).as_posix().startswith(("pagefind", DELTA_DIR))
    }


def _mtimes(site: Path) -> dict[str, int]:
    """When each page was written (the theme's 404 page is written on every build)."""
    pages = (p for p in site.rglob("*.html") if p.name != "404.html")
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in pages}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy_site_project(tmp_path)
    for rel in SOURCES:
        copy_sample(rel, tmp_path / "sources")
    return tmp_path


def test_add_edit_remove_render_only_what_changed(project: Path, capsys) -> None:
    site = project / "site"
    err = _build(project, capsys=capsys)
    assert "full build (no earlier build)" in err
    assert json.loads((site / DELTA_DIR / HIDDEN_FILE).read_text()) == {
        "bundle": None,
        "hidden": [],
    }
    before = _mtimes(site)

    # Unchanged: nothing to do, nothing rendered.
    err = _build(project, capsys=capsys)
    assert "(nothing changed)" in err
    assert _mtimes(site) == before
    # A hand-written page of docs/ or a note is an input too.
    about = project / "docs" / "about.md"
    about.write_text("# このサイトについて\n\n手で書いた頁。\n", encoding="utf-8")
    err = _build(project, capsys=capsys)
    assert "0 articles rendered" in err
    assert "手で書いた頁" in (site / "about" / "index.html").read_text(encoding="utf-8")
    assert "(nothing changed)" in _build(project, capsys=capsys)
    notes = project / "notes"
    notes.mkdir(exist_ok=True)
    (notes / "pick.md").write_text(
        f"---\narticle: {SOURCES[0]}\nfeatured: true\n---\n町工場の現場を読む。\n", encoding="utf-8"
    )
    err = _build(project, capsys=capsys)
    assert "(nothing changed)" not in err and "1 picks" in err
    before = _mtimes(site)

    # Add one: it and its neighbours in the column are rendered, no other article.
    rows = _article_rows(project)
    _add_article(project)
    err = _build(project, capsys=capsys)
    now = _article_rows(project)
    expected = {src for src in now if now[src] != rows.get(src)}
    assert len(expected) >= 2  # the new article and at least one neighbour
    assert f"{len(expected)} articles rendered" in err, err
    after = _mtimes(site)
    changed = {p for p in after if after[p] != before.get(p)}
    articles = {p.split("/")[1] for p in changed if p.startswith("articles/")}
    assert articles == {src.split("/")[1].removesuffix(".md") for src in expected}
    new = next(a for a in articles if a.startswith("machikoujou-no-natsu-no-boonasu-ha-todoitaka"))
    assert NEW_TITLE in (site / "articles" / new / "index.html").read_text(encoding="utf-8")
    assert NEW_TITLE in (site / "index.html").read_text(encoding="utf-8")
    hidden = json.loads((site / DELTA_DIR / HIDDEN_FILE).read_text())
    # The neighbours' old copies in the main index are hidden.
    assert hidden["bundle"] == f"{DELTA_DIR}/" and len(hidden["hidden"]) == len(expected) - 1

    # The incremental site is the site a full build makes (search bundles aside).
    full = project / "full-site"
    _build(project, "--full", "--site-dir", str(full))
    assert _html_pages(site) == _html_pages(full)

    # Edit one article's text: only it is rendered, and shows the new text.
    source = project / "sources" / SOURCES[1]
    text = source.read_bytes().decode("euc-jp")
    edited = text.replace("道のりは長い", "道のりは長い。追記しました")
    assert edited != text
    source.write_bytes(edited.encode("euc-jp"))
    err = _build(project, capsys=capsys)
    assert "1 articles rendered" in err, err
    rice = [p for p in (site / "articles").glob("kome-*/index.html")]
    assert "追記しました" in rice[0].read_text(encoding="utf-8")

    # Remove one (--prune): its page is gone, the others are as a full build makes them.
    (project / "sources" / SOURCES[2]).unlink()
    _build(project, "--prune", capsys=capsys)
    assert not list((site / "articles").glob("ryoushi-*"))
    shutil.rmtree(full)
    _build(project, "--full", "--site-dir", str(full))
    assert _html_pages(site) == _html_pages(full)


def test_a_theme_change_rebuilds_everything(project: Path, capsys) -> None:
    _build(project, capsys=capsys)
    css = project / "overrides" / "assets" / "digest" / "digest.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    err = _build(project, capsys=capsys)
    assert "full build (configuration, theme or versions changed)" in err
    assert "/* changed */" in (project / "site" / "assets" / "digest" / "digest.css").read_text()


def test_a_build_that_stopped_half_way_is_followed_by_a_full_one(project: Path, capsys) -> None:
    _build(project, capsys=capsys)
    (project / "site" / STATE_FILE).unlink()  # what a build killed mid-way leaves
    err = _build(project, capsys=capsys)
    assert "full build (no earlier build)" in err


def test_template_data_is_what_inherit_gives(fixture_site) -> None:
    """The build hands MkDocs the template data it just wrote instead of letting MkDocs
    parse docs/.digest-site.yml again: the configuration is the same."""
    from mkdocs.config import load_config

    from converter.site import _load_config, prepare_docs

    data = prepare_docs(fixture_site.config).data
    fast = _load_config(fixture_site.config, data, {})
    slow = load_config(str(fixture_site.config))
    assert fast["extra"] == slow["extra"] and fast["extra"]["digest"]["articles"]
    others = [k for k in slow if k != "extra"]
    assert [repr(fast[k]) for k in others] == [repr(slow[k]) for k in others]  # partial()s


def test_each_page_input_is_its_part_of_the_template_data(fixture_site) -> None:
    """The string an incremental build compares per article holds exactly what its page
    shows from the template data: its row, its column's URL, its columnists' URLs."""
    from converter.site import prepare_docs

    prepared = prepare_docs(fixture_site.config)
    digest = json.loads(prepared.data.split("\n", 1)[1])["extra"]["digest"]
    assert prepared.inputs
    for src, text in prepared.inputs.items():
        row, column, authors = json.loads(text)
        assert row == digest["articles"].get(src)
        meta = (fixture_site.docs / src).read_text(encoding="utf-8")
        name = meta.split("\ncolumn: ", 1)[1].split("\n", 1)[0] if "\ncolumn: " in meta else ""
        assert column == digest["columns"].get(name.strip("'\""))
        assert authors and set(authors) <= set(digest["authors"].values())
