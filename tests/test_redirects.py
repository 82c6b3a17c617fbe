"""Readable slugs for Japanese titles, and redirects from the addresses pages had before
(issue 20): through the CLI on real sample pages, and the redirect page's safety."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import lxml.html
import pytest

from converter.site.catalog import Entry, Person, page_url
from converter.site.feed import listing_feeds
from converter.site.listings import PAGE_SIZE, plan_listings
from converter.site.names import name_slug, previous_name_slug
from converter.site.redirects import (
    REDIRECT_MARKER,
    plan_listing_redirects,
    plan_redirects,
    redirect_page,
)
from converter.slugs import SLUG_SCHEME, article_slug
from tests.conftest import (
    MOVED_SOURCE,
    MOVED_TITLE,
    SITE_PAGES,
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


# Listing pages: column, columnist and tag names moved from the hash alone to romaji.


def _listing_entry(i: int, column: str = "経済の現場", tags: tuple[str, ...] = ("経済",)) -> Entry:
    when = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=i)
    author = "佐藤 健"
    return Entry(
        src=f"articles/a{i:05d}.md", url=f"articles/a{i:05d}/", title=f"記事 {i}",
        published=when, authors=(Person(author, name_slug(author)),), column=column,
        column_slug=name_slug(column), tags=tuple((t, name_slug(t)) for t in tags),
        summary="要約", image=None, image_alt="", lang="ja",
    )  # fmt: skip


def _planned(entries: list[Entry], directory_urls: bool) -> dict[str, str]:
    files = plan_listings(entries, "Digest")
    files.update(listing_feeds(entries, "https://example.org/", "Digest",
                               lambda src: page_url(src, directory_urls)))  # fmt: skip
    return files


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_page_of_a_moved_listing_redirects(tmp_path: Path, directory_urls: bool) -> None:
    """A column of three pages: page 1 and each following page at the old (hash-only)
    address send the reader to the same page at the new one; the feed is the same."""
    entries = [_listing_entry(i) for i in range(PAGE_SIZE * 2 + 3)][::-1]
    files = _planned(entries, directory_urls)
    out = plan_listing_redirects(tmp_path, entries, files, directory_urls)
    old, new = previous_name_slug("経済の現場"), name_slug("経済の現場")
    assert old == new.rsplit("-", 1)[1]
    if directory_urls:
        pages = {
            f"columns/{old}/index.html": f"../{new}/",
            f"columns/{old}/2/index.html": f"../../{new}/2/",
            f"columns/{old}/3/index.html": f"../../{new}/3/",
        }
    else:
        pages = {
            f"columns/{old}.html": f"{new}.html",
            f"columns/{old}/2.html": f"../{new}/2.html",
            f"columns/{old}/3.html": f"../{new}/3.html",
        }
    for path, href in pages.items():
        root = lxml.html.fromstring(out[path])
        assert root.cssselect("a")[0].get("href") == href, path
        assert f'content="0; url={href}"' in out[path]
        assert root.cssselect("title")[0].text_content() == "経済の現場"
        assert REDIRECT_MARKER in out[path]
    assert out[f"columns/{old}/feed.xml"] == files[f"columns/{new}/feed.xml"]
    assert f'href="https://example.org/columns/{new}/feed.xml"' in out[f"columns/{old}/feed.xml"]
    # The columnist and the tag moved too; no sitemap at the old address (no page links
    # the old feed), and an ASCII name never moves.
    author, tag = previous_name_slug("佐藤 健"), previous_name_slug("経済")
    assert f"authors/{author}/feed.xml" in out and f"tags/{tag}/feed.xml" not in out
    assert not any(p.endswith("sitemap.xml") for p in out)
    ascii_only = [_listing_entry(i, "Opinion", ("work",)) for i in range(3)]
    ascii_only = [replace(e, authors=(Person("Jane Doe", "jane-doe"),)) for e in ascii_only]
    assert plan_listing_redirects(tmp_path, ascii_only, _planned(ascii_only, True), True) == {}


def test_a_listing_redirect_never_takes_a_real_page(tmp_path: Path) -> None:
    """The old address is a page of its own: a listing this build writes (an ASCII tag
    named like the hash) or the curator's page in docs/ (Markdown or HTML). A page an
    earlier build generated there (the old listing, removed by this build) is ours."""
    column, tag = previous_name_slug("経済の現場"), previous_name_slug("経済")
    author = previous_name_slug("佐藤 健")
    entries = [_listing_entry(i, tags=("経済", column)) for i in range(3)][::-1]
    files = _planned(entries, True)
    assert f"tags/{column}.md" in files  # the tag "6c02365d": a real listing
    docs = tmp_path / "docs"
    (docs / "tags").mkdir(parents=True)
    (docs / "tags" / f"{tag}.md").write_text("# 私のページ\n", encoding="utf-8")
    (docs / "authors" / author).mkdir(parents=True)
    (docs / "authors" / author / "feed.xml").write_text("<feed/>\n", encoding="utf-8")
    old = files[f"columns/{name_slug('経済の現場')}.md"]  # as a release before this made it
    (docs / "columns").mkdir()
    (docs / "columns" / f"{column}.md").write_text(old, encoding="utf-8")
    out = plan_listing_redirects(docs, entries, files, True)
    assert f"tags/{tag}/index.html" not in out
    assert f"authors/{author}/feed.xml" not in out and f"authors/{author}/index.html" in out
    assert f"columns/{column}/index.html" in out and f"columns/{column}/feed.xml" in out
    assert not set(out) & set(files)


@pytest.mark.parametrize("directory_urls", [True, False])
def test_listing_redirects_go_with_their_name(tmp_path: Path, directory_urls: bool) -> None:
    """When no article has the name any more, its redirect pages and old feed are
    removed by the next build; the curator's file at an old address stays."""
    from converter.site import generate_docs

    config = copy_site_project(tmp_path, SITE_PAGES)
    if not directory_urls:
        config.write_text(config.read_text("utf-8") + "\nuse_directory_urls: false\n", "utf-8")
    docs = tmp_path / "docs"
    generate_docs(config)
    old = previous_name_slug("ロンドン通信")
    made = (
        [f"columns/{old}/index.html", f"columns/{old}/feed.xml"]
        if directory_urls
        else [f"columns/{old}.html", f"columns/{old}/feed.xml"]
    )
    for rel in made:
        assert (docs / rel).is_file(), rel
    mine = docs / "columns" / old / "mine.html"
    mine.write_bytes("<p>私のページ</p>".encode("shift_jis"))  # not even UTF-8
    for page in (docs / "articles").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("column: ロンドン通信", "column: 欧州便り"), "utf-8")
    _, report = generate_docs(config)
    assert set(made) <= set(report.removed)
    assert not any((docs / rel).exists() for rel in made)
    assert mine.is_file()  # not ours
    new = previous_name_slug("欧州便り")
    page = f"{new}/index.html" if directory_urls else f"{new}.html"
    assert REDIRECT_MARKER in (docs / "columns" / page).read_text(encoding="utf-8")


KANKOU = "観光公害"  # a tag the test's note adds


def test_listings_move_to_romaji_and_their_old_addresses_redirect(tmp_path: Path) -> None:
    """`digest build` on two sample articles (one columnist, one column) and a note that
    adds a tag. The listing pages are at romaji addresses, the hash-only addresses of a
    release before redirect (the page a release before generated there is replaced), the
    curator's own pages at old addresses stay, and a tag's redirect goes with the tag."""
    config = copy_site_project(tmp_path)
    sources = tmp_path / "sources"
    for rel in (MOVED_SOURCE, "newseye/economy/2025-05-quantum.html"):
        copy_sample(rel, sources)
    note = tmp_path / "notes" / "wages.md"
    note.parent.mkdir()
    note.write_text(f"---\narticle: sources/{MOVED_SOURCE}\ntags: [{KANKOU}]\n---\nいい記事。\n",
                    encoding="utf-8")  # fmt: skip
    column, author = previous_name_slug("経済の現場"), previous_name_slug("佐藤 健")
    docs, site = tmp_path / "docs", tmp_path / "site"
    # What a release before left: the column's generated listing at the hash address.
    (docs / "columns").mkdir(exist_ok=True)
    (docs / "columns" / f"{column}.md").write_text(
        "---\ntitle: 経済の現場\ngenerator: column-digest\n---\n# 経済の現場\n", encoding="utf-8"
    )
    # The curator's pages at the old addresses of two tags: a page and a static file.
    (docs / "tags" / author).mkdir(parents=True)
    (docs / "tags" / f"{column}.md").write_text("# 私のページ\n\n自分で書いた。\n", "utf-8")
    (docs / "tags" / author / "index.html").write_text("<p>mine</p>\n", encoding="utf-8")
    assert build_cli(config, sources) == 0

    new_column, new_author = name_slug("経済の現場"), name_slug("佐藤 健")
    assert new_column == f"keizai-no-genba-{column}" and new_author.endswith(f"-{author}")
    for folder, new, old, title in (
        ("columns", new_column, column, "経済の現場"),
        ("authors", new_author, author, "佐藤 健"),
        ("tags", name_slug(KANKOU), previous_name_slug(KANKOU), f"タグ: {KANKOU}"),
    ):
        assert new.startswith(("keizai-", "satou-", "kankou-kougai-")), new
        real = site / folder / new / "index.html"
        assert REDIRECT_MARKER not in real.read_text(encoding="utf-8")
        heading = lxml.html.parse(str(real)).getroot().cssselect("h1")[0].text_content()
        assert heading.rstrip("¶") == title
        redirect = site / folder / old / "index.html"
        assert REDIRECT_MARKER in redirect.read_text(encoding="utf-8"), folder
        href = _refresh_target(redirect)
        assert href == f"../{new}/"
        assert (redirect.parent / href / "index.html").resolve() == real.resolve()
    assert not (docs / "columns" / f"{column}.md").exists()  # replaced by the redirect
    # The feed stays at the old address (a feed reader follows no meta refresh).
    for folder, new, old in (("columns", new_column, column), ("authors", new_author, author)):
        assert (site / folder / old / "feed.xml").read_bytes() == (
            site / folder / new / "feed.xml"
        ).read_bytes()
    # The curator's pages at old addresses are theirs, in docs/ and in the site.
    assert (docs / "tags" / f"{column}.md").read_text("utf-8").startswith("# 私のページ")
    assert "自分で書いた" in (site / "tags" / column / "index.html").read_text("utf-8")
    assert (site / "tags" / author / "index.html").read_text("utf-8") == "<p>mine</p>\n"
    # Article pages link the new addresses.
    (article,) = [p for p in (docs / "articles").glob("shuntou-*.md")]
    page = site / "articles" / article.stem / "index.html"
    links = {a.get("href") for a in lxml.html.parse(str(page)).getroot().cssselect("a")}
    assert f"../../columns/{new_column}/" in links and f"../../authors/{new_author}/" in links

    note.unlink()  # the tag is gone: its listing and its redirect go with it
    assert build_cli(config, sources) == 0
    for slug in (name_slug(KANKOU), previous_name_slug(KANKOU)):
        assert not (docs / "tags" / slug).exists() and not (docs / "tags" / f"{slug}.md").exists()
        assert not (site / "tags" / slug).exists()
    assert (site / "columns" / column / "index.html").is_file()
