"""Readable slugs for Japanese titles, and redirects from the addresses pages had before
(issue 20): through the CLI on real sample pages, and the redirect page's safety."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import lxml.html
import pytest

from converter.site.redirects import REDIRECT_MARKER, plan_redirects, redirect_page
from converter.slugs import SLUG_SCHEME, article_slug
from tests.conftest import (
    MOVED_SOURCE,
    MOVED_TITLE,
    MovedSite,
    build_cli,
    copy_sample,
    copy_site_project,
)


def _refresh_target(page: Path) -> str:
    root = lxml.html.parse(str(page)).getroot()
    content = root.cssselect('meta[http-equiv="refresh"]')[0].get("content")
    assert content.startswith("0; url=")
    href = content.removeprefix("0; url=")
    assert root.cssselect('link[rel="canonical"]')[0].get("href") == href
    assert root.cssselect("a")[0].get("href") == href
    return href


def test_japanese_titles_become_hepburn_romaji() -> None:
    assert article_slug("抹茶ラテが英国で人気に", "k").startswith(
        "matcha-rate-ga-eikoku-de-ninki-ni-"
    )
    assert article_slug("暖房を我慢する冬は終わるのか", "k").startswith(
        "danbou-wo-gaman-suru-fuyu-ha-owarunoka-"
    )
    # A dash is no long-vowel mark; the Chinese reading is gone.
    assert article_slug("運賃――鉄道", "k").startswith("unchin-tetsudou-")
    assert article_slug("経済", "k").startswith("keizai-")
    # Chinese stays Chinese (python-slugify's pinyin), Latin stays as it was.
    assert article_slug("经济", "k", "zh").startswith("jing-ji-")
    assert article_slug("Ünïcödé Title", "k") == article_slug("Unicode Title", "k")


def test_moved_page_gets_romaji_name_and_redirect(moved_site: MovedSite) -> None:
    built = moved_site.site
    assert built.exit_code == 0
    articles = built.docs / "articles"
    assert moved_site.new_name.startswith("shuntou-no-mangakukaitou-ha-machikoujou-ni-todokunoka-")
    assert (articles / moved_site.new_name).is_file()
    assert not (articles / moved_site.old_name).exists()
    # Every article is under the current scheme, and the manifest knows the old name.
    manifest = json.loads((articles / ".digest-manifest.json").read_text(encoding="utf-8"))
    assert manifest["slugs"] == SLUG_SCHEME
    entry = next(e for k, e in manifest["articles"].items() if k.endswith(MOVED_SOURCE))
    assert entry["output"] == moved_site.new_name
    assert entry["aliases"] == [moved_site.old_name]
    # The built site has a redirect at the old address, pointing at the article.
    old_stem, new_stem = (n.removesuffix(".md") for n in (moved_site.old_name, moved_site.new_name))
    page = built.site / "articles" / old_stem / "index.html"
    assert REDIRECT_MARKER in page.read_text(encoding="utf-8")
    href = _refresh_target(page)
    assert href == f"../{new_stem}/"
    landed = (page.parent / href / "index.html").resolve()
    title = lxml.html.parse(str(landed)).getroot().cssselect(".digest-article h1")[0]
    assert title.text_content() == MOVED_TITLE
    # Redirects are not search results.
    assert "data-pagefind-body" not in page.read_text(encoding="utf-8")


def test_title_change_moves_page_and_redirects(tmp_path: Path) -> None:
    config = copy_site_project(tmp_path)
    source = tmp_path / "sources" / MOVED_SOURCE
    copy_sample(MOVED_SOURCE, tmp_path / "sources")
    assert build_cli(config, tmp_path / "sources") == 0
    articles = tmp_path / "docs" / "articles"
    (first,) = [p.name for p in articles.glob("*.md")]
    new_title = "春闘の回答は町工場に届いたか"
    source.write_text(source.read_text(encoding="utf-8").replace(MOVED_TITLE, new_title), "utf-8")
    assert build_cli(config, tmp_path / "sources") == 0
    (second,) = [p.name for p in articles.glob("*.md")]
    assert second.startswith("shuntou-no-kaitou-ha-machikoujou-ni-todoitaka-") and second != first
    redirect = tmp_path / "site" / "articles" / first.removesuffix(".md") / "index.html"
    assert _refresh_target(redirect) == f"../{second.removesuffix('.md')}/"
    # The title changes back: the page returns to its first name (no redirect there any
    # more, it is the article again) and the second name redirects.
    source.write_text(source.read_text(encoding="utf-8").replace(new_title, MOVED_TITLE), "utf-8")
    assert build_cli(config, tmp_path / "sources") == 0
    assert [p.name for p in articles.glob("*.md")] == [first]
    page = (tmp_path / "site" / "articles" / first.removesuffix(".md") / "index.html").read_text(
        encoding="utf-8"
    )
    assert REDIRECT_MARKER not in page and "data-pagefind-body" in page
    back = tmp_path / "site" / "articles" / second.removesuffix(".md") / "index.html"
    assert _refresh_target(back) == f"../{first.removesuffix('.md')}/"


def test_redirect_page_is_no_script_and_escapes_the_title() -> None:
    hostile = '</title><script>alert(1)</script><a href="javascript:x">"\'&'
    text = redirect_page("articles/old-1a2b3c4d/", "articles/new-1a2b3c4d/", hostile)
    root = lxml.html.fromstring(text)
    assert not root.cssselect("script") and "<script" not in text
    assert root.cssselect("title")[0].text_content() == hostile
    assert [a.get("href") for a in root.cssselect("a")] == ["../new-1a2b3c4d/"]
    flat = redirect_page("articles/old.html", "articles/new.html", "t")
    assert 'url=new.html"' in flat


def test_manifest_names_that_are_no_slugs_are_ignored(
    moved_site: MovedSite, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(moved_site.site.docs, docs)
    manifest = docs / "articles" / ".digest-manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    entry = next(e for k, e in data["articles"].items() if k.endswith(MOVED_SOURCE))
    entry["aliases"] = ["../../evil.md", "a/b-1234.md", "Bad Name.md", "ok-old-1a2b3c4d.md"]
    manifest.write_text(json.dumps(data), encoding="utf-8")
    from converter.site.catalog import read_catalog

    entries = read_catalog(docs / "articles", docs)
    assert list(plan_redirects(docs, entries)) == ["articles/ok-old-1a2b3c4d/index.html"]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_stale_redirects_are_removed(moved_site: MovedSite, tmp_path: Path, directory_urls) -> None:
    """A redirect whose alias left the manifest is deleted by the next build (only files
    with the redirect marker: a file the curator put there stays)."""
    from converter.site import generate_docs

    root = tmp_path / "p"
    shutil.copytree(moved_site.site.root, root, ignore=shutil.ignore_patterns("site"))
    config = root / "mkdocs.yml"
    if not directory_urls:
        config.write_text(config.read_text("utf-8") + "\nuse_directory_urls: false\n", "utf-8")
    generate_docs(config)
    articles = root / "docs" / "articles"
    old = moved_site.old_name.removesuffix(".md")
    made = articles / old / "index.html" if directory_urls else articles / f"{old}.html"
    assert REDIRECT_MARKER in made.read_text(encoding="utf-8")
    (articles / "mine").mkdir()
    (articles / "mine" / "index.html").write_text("<p>mine</p>", encoding="utf-8")
    manifest = articles / ".digest-manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    for entry in data["articles"].values():
        entry.pop("aliases", None)
    manifest.write_text(json.dumps(data), encoding="utf-8")
    _, report = generate_docs(config)
    assert not made.exists() and not (articles / old).exists()
    assert report.removed == [made.relative_to(root / "docs").as_posix()]
    assert (articles / "mine" / "index.html").is_file()
