"""The site stage: listing pages from article front matter, idempotence, pagination."""

from __future__ import annotations

import hashlib
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from converter import frontmatter
from converter.site import generate_docs
from converter.site.catalog import Entry, Person, read_catalog
from converter.site.listings import HOME_LATEST, PAGE_SIZE, plan_listings
from converter.site.names import name_slug
from tests.conftest import PROJECT, SITE_PAGES, BuiltSite, copy_site_project


def _meta(path: Path) -> dict:
    return frontmatter.loads(path.read_text(encoding="utf-8"))[0]


def _fixture_articles() -> list[dict]:
    return [_meta(p) for p in sorted(SITE_PAGES.glob("*.md"))]


def _snapshot(docs: Path) -> dict[str, str]:
    return {
        p.relative_to(docs).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(docs.rglob("*"))
        if p.is_file()
    }


def test_home_lists_latest_articles_newest_first(fixture_site: BuiltSite) -> None:
    text = (fixture_site.docs / "index.md").read_text(encoding="utf-8")
    articles = sorted(_fixture_articles(), key=lambda m: datetime.fromisoformat(m["published"]))
    positions = []
    for meta in reversed(articles):
        slug = next(p.stem for p in SITE_PAGES.glob("*.md") if _meta(p) == meta)
        assert f'href="articles/{slug}/"' in text
        positions.append(text.index(f'href="articles/{slug}/"'))
    assert positions == sorted(positions), "home page is not newest first"
    assert 'class="grid cards' in text


def test_every_column_and_columnist_has_a_page(fixture_site: BuiltSite) -> None:
    metas = _fixture_articles()
    for meta in metas:
        column_page = fixture_site.docs / "columns" / f"{name_slug(meta['column'])}.md"
        assert column_page.is_file(), meta["column"]
        for author in meta["authors"]:
            page = fixture_site.docs / "authors" / f"{name_slug(author['name'])}.md"
            assert page.is_file(), author["name"]
            body = page.read_text(encoding="utf-8")
            count = sum(a["name"] == author["name"] for m in metas for a in m["authors"])
            assert body.count('class="digest-item__title"') == count
            assert "digest-profile" in body


def test_columnist_page_uses_the_richest_profile(fixture_site: BuiltSite) -> None:
    # 高橋 美咲 has a bio and links on her newest article only; her page must show them.
    page = fixture_site.docs / "authors" / f"{name_slug('高橋 美咲')}.md"
    text = page.read_text(encoding="utf-8")
    assert "ロンドン在住" in text
    assert "mailto:misaki@example.jp" in text


def test_archive_has_one_page_per_month(fixture_site: BuiltSite) -> None:
    months = {m["published"][:7] for m in _fixture_articles()}
    pages = {p.stem for p in (fixture_site.docs / "archive").glob("*.md")} - {"index"}
    assert pages == months
    index = (fixture_site.docs / "archive" / "index.md").read_text(encoding="utf-8")
    for month in months:
        assert f"({month}.md)" in index


def test_tags_pages(fixture_site: BuiltSite) -> None:
    tags = {t for m in _fixture_articles() for t in m["tags"]}
    pages = {p.stem for p in (fixture_site.docs / "tags").glob("*.md")} - {"index"}
    assert pages == {name_slug(t) for t in tags}


def test_second_run_changes_no_byte(fixture_site: BuiltSite) -> None:
    before = _snapshot(fixture_site.docs)
    count, report = generate_docs(fixture_site.config)
    assert count == len(list(SITE_PAGES.glob("*.md")))
    assert report.written == [] and report.removed == []
    assert _snapshot(fixture_site.docs) == before


def test_stale_pages_are_removed_and_hand_pages_kept(tmp_path: Path) -> None:
    config = copy_site_project(tmp_path, SITE_PAGES)
    docs = tmp_path / "docs"
    generate_docs(config)
    hand_made = docs / "columns" / "notes.md"
    hand_made.write_text("# My own notes\n", encoding="utf-8")
    hostile = docs / "articles" / "hostile-0badc0de.md"
    author = name_slug(_meta(hostile)["authors"][0]["name"])
    assert (docs / "authors" / f"{author}.md").is_file()
    hostile.unlink()
    _, report = generate_docs(config)
    assert f"authors/{author}.md" in report.removed
    assert not (docs / "authors" / f"{author}.md").exists()
    assert hand_made.is_file(), "a page without the generator marker was deleted"


def _entry(i: int, column: str = "経済の現場", author: str = "佐藤 健") -> Entry:
    when = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=i)
    return Entry(
        src=f"articles/a{i:05d}.md", url=f"articles/a{i:05d}/", title=f"記事 {i}",
        published=when, authors=(Person(author, name_slug(author)),), column=column,
        column_slug=name_slug(column), tags=(("経済", name_slug("経済")),), summary="要約",
        image=None, image_alt="", lang="ja",
    )  # fmt: skip


def test_listings_are_paginated() -> None:
    entries = sorted((_entry(i) for i in range(PAGE_SIZE * 2 + 3)), key=lambda e: e.src)[::-1]
    pages = plan_listings(entries, "Digest")
    column = name_slug("経済の現場")
    assert {f"columns/{column}.md", f"columns/{column}/2.md", f"columns/{column}/3.md"} <= set(
        pages
    )
    assert f"columns/{column}/4.md" not in pages
    assert pages[f"columns/{column}.md"].count('class="digest-item__title"') == PAGE_SIZE
    assert pages[f"columns/{column}/3.md"].count('class="digest-item__title"') == 3
    assert f"({column}/2.md)" in pages[f"columns/{column}.md"]  # link to the older page
    assert pages["index.md"].count('class="digest-item__title"') == HOME_LATEST
    assert "(archive/index.md)" in pages["index.md"]


def test_listing_sizes_stay_bounded_at_scale(tmp_path: Path) -> None:
    """3,000 articles: catalogue + listings are quick and no listing page grows with
    the archive (home and paginated pages are bounded)."""
    articles = tmp_path / "docs" / "articles"
    articles.mkdir(parents=True)
    template = (SITE_PAGES / "quantum-3f4a5b6c.md").read_text(encoding="utf-8")
    meta, body = frontmatter.loads(template)
    for i in range(3000):
        m = dict(meta, title=f"記事 {i}", column=f"コラム{i % 10}", tags=[f"タグ{i % 50}"])
        m["published"] = (datetime(2023, 1, 1, tzinfo=UTC) + timedelta(hours=6 * i)).isoformat()
        m["authors"] = [dict(meta["authors"][0], name=f"筆者{i % 20}")]
        (articles / f"a{i:05d}.md").write_text(frontmatter.dumps(m, body), encoding="utf-8")
    start = time.perf_counter()
    entries = read_catalog(articles, tmp_path / "docs")
    pages = plan_listings(entries, "Digest")
    elapsed = time.perf_counter() - start
    assert len(entries) == 3000
    assert elapsed < 30, f"catalogue + listings took {elapsed:.1f}s for 3,000 articles"
    biggest = max(len(t.encode("utf-8")) for t in pages.values())
    assert biggest < 80_000, f"a listing page is {biggest} bytes"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Jane Doe", "jane-doe"), ("Marcus  Webb", "marcus-webb")],
)
def test_ascii_names_get_plain_slugs(name: str, expected: str) -> None:
    assert name_slug(name) == expected


def test_japanese_names_get_distinct_ascii_slugs() -> None:
    slugs = {name_slug(n) for n in ("佐藤 健", "佐藤 健二", "高橋 美咲", "ロンドン通信")}
    assert len(slugs) == 4
    assert all(s.isascii() and s for s in slugs)
    assert name_slug("佐藤 健") == name_slug("佐藤\u3000健")  # NFKC: full-width space


def test_fixture_pages_are_untouched(fixture_site: BuiltSite) -> None:
    """The site stage never rewrites the curator's article files."""
    for page in SITE_PAGES.glob("*.md"):
        copy = fixture_site.docs / "articles" / page.name
        assert copy.read_bytes() == page.read_bytes()


def test_copy_helper_keeps_repo_articles_out(tmp_path: Path) -> None:
    copy_site_project(tmp_path)
    assert not (tmp_path / "docs" / "articles").exists()
    shutil.rmtree(tmp_path)


_SEGMENTS = ["articles", "columns", "authors", "archive", "tags", "a", "index.md", "2.md"]


@pytest.mark.parametrize("seed", range(20))
def test_fast_relative_links_equal_relpath(seed: int) -> None:
    """mdtext.rel (folder pairs cached) gives posixpath.relpath's answer."""
    import posixpath
    import random

    from converter.site import mdtext

    rnd = random.Random(seed)
    for _ in range(500):
        target = "/".join([*rnd.choices(_SEGMENTS, k=rnd.randint(0, 3)), "x.md"])
        source = "/".join([*rnd.choices(_SEGMENTS, k=rnd.randint(0, 3)), "y.md"])
        expected = posixpath.relpath(target, posixpath.dirname(source) or ".")
        assert mdtext.rel(target, source) == expected, (target, source)


def test_the_memo_gives_the_listings_made_from_scratch() -> None:
    """A caller that builds again (digest serve) hands the memo back: the text is the
    same as made from scratch after each change, and unchanged listings are reused."""
    from dataclasses import replace

    entries = [_entry(i, column=("経済の現場", "欧州便り")[i % 2]) for i in range(120)][::-1]
    memo: dict = {}
    first = plan_listings(entries, "Digest", memo)
    assert first == plan_listings(entries, "Digest")
    economy = f"columns/{name_slug('経済の現場')}.md"
    europe = f"columns/{name_slug('欧州便り')}.md"
    entries[3] = replace(entries[3], title="書き直した見出し")  # one article of one column
    column = economy if entries[3].column == "経済の現場" else europe
    other = europe if column == economy else economy
    reused = memo[(other, entries[3 + 1].column or "", "", True, f"{other[:-3]}/feed.xml", True)]
    second = plan_listings(entries, "Digest", memo)
    assert second == plan_listings(entries, "Digest")
    assert "書き直した見出し" in second[column] and "書き直した見出し" not in first[column]
    assert second[other] is reused[1][other]  # the other column's text was not made again


def test_generated_files_edited_behind_the_writer_are_written_again(tmp_path: Path) -> None:
    from converter.site.writer import write_generated

    docs = tmp_path / "docs"
    known: dict = {}
    files = {"columns/a.md": "---\ngenerator: column-digest\n---\n# A\n"}
    assert write_generated(docs, files, known).written == ["columns/a.md"]
    assert write_generated(docs, files, known).unchanged == 1
    (docs / "columns" / "a.md").write_text("edited behind our back\n", encoding="utf-8")
    assert write_generated(docs, files, known).written == ["columns/a.md"]
    assert (docs / "columns" / "a.md").read_text(encoding="utf-8") == files["columns/a.md"]
    # A page no longer planned is removed (found through the record, not a folder walk).
    assert write_generated(docs, {}, known).removed == ["columns/a.md"]
    assert not (docs / "columns" / "a.md").exists()


def test_every_link_of_a_listing_item_leads_to_a_built_page(fixture_site: BuiltSite) -> None:
    """The items are written as HTML, so MkDocs no longer checks their links: every one
    of them, from every listing page, must lead to a page (or a kept photo) of the site."""
    import posixpath
    import re

    site = fixture_site.site
    checked = 0
    listings = [site / "index.html"] + [
        p for d in ("columns", "authors", "tags", "archive") for p in (site / d).rglob("index.html")
    ]
    for page in listings:
        html = page.read_text(encoding="utf-8")
        if "column-digest redirect" in html:
            continue
        items = re.findall(r"<li>\n<p>.*?</li>", html, re.S)
        here = posixpath.dirname(page.relative_to(site).as_posix())
        for item in items:
            for href in re.findall(r'(?:href|src)="([^"]+)"', item):
                if "://" in href:
                    continue
                target = site / posixpath.normpath(posixpath.join(here, href))
                assert (target / "index.html").is_file() or target.is_file(), (page, href)
                checked += 1
    assert checked >= 20


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_relative_link_of_the_built_site_leads_to_a_file(
    tmp_path: Path, directory_urls: bool
) -> None:
    """`digest build` with or without ``use_directory_urls``: every relative link and
    source of every built page (articles to their column and columnists, listings,
    digests, redirects) names a file of the site, as a browser opening the files, or a
    server without index pages, needs (the 404 page's links are absolute: site_url's)."""
    import posixpath
    import re
    from urllib.parse import unquote

    from tests.test_cli import digest

    config = copy_site_project(tmp_path, notes=True)  # the demo: sample sources, notes
    shutil.copytree(PROJECT / "sources", tmp_path / "sources")
    if not directory_urls:
        config.write_text(config.read_text("utf-8") + "\nuse_directory_urls: false\n", "utf-8")
    result = digest("build", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    broken, checked = [], 0
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if rel.startswith("pagefind/") or rel == "404.html":
            continue
        here = posixpath.dirname(rel)
        for href in re.findall(r'(?:href|src)="([^"]*)"', page.read_text(encoding="utf-8")):
            target = unquote(href.split("#", 1)[0].split("?", 1)[0])
            if not target or re.match(r"[a-z][a-z0-9+.-]*:|/", target):
                continue  # a fragment, another site, or site_url's absolute path
            path = posixpath.normpath(posixpath.join(here, target))
            file = site / path
            if directory_urls and file.is_dir():  # a folder's address: its index page
                file = file / "index.html"
            checked += 1
            if not file.is_file():
                broken.append((rel, href))
    assert checked > 500
    assert not broken, broken[:10]
