"""The built site: --strict build, article template, escaping, feed, search index, hermeticity."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pytest

from converter import frontmatter
from converter.site.names import name_slug
from tests.conftest import SITE_PAGES, BuiltSite


def _html(site: Path, url: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(site / url / "index.html")).getroot()


def _meta(slug: str) -> dict:
    return frontmatter.loads((SITE_PAGES / f"{slug}.md").read_text(encoding="utf-8"))[0]


def test_strict_build_passes(fixture_site: BuiltSite, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
         "-f", str(fixture_site.config), "-d", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "index.html").is_file()


def test_article_page_header_profile_source_and_neighbours(fixture_site: BuiltSite) -> None:
    meta = _meta("shinkansen-5e6f7a8b")
    page = _html(fixture_site.site, "articles/shinkansen-5e6f7a8b")
    article = page.cssselect("[data-pagefind-body]")[0]
    assert article.cssselect("h1")[0].text_content() == meta["title"]
    assert article.cssselect("time")[0].text_content().startswith("2025年4月11日")
    author = article.cssselect(".digest-article__author a")[0]
    assert author.text_content() == "高橋 美咲"
    assert author.get("href").endswith(f"authors/{name_slug('高橋 美咲')}/")
    column = article.cssselect(".digest-article__kicker a")[0]
    assert column.get("href").endswith(f"columns/{name_slug(meta['column'])}/")
    assert "ロンドン在住" in article.cssselect(".digest-profile")[0].text_content()
    assert article.cssselect(".digest-article__source a")[0].get("href") == meta["url"]
    assert "写真の説明" in article.cssselect("figcaption")[0].text_content()
    # Same column (ロンドン通信): older = 冬の光熱費 (2025-03-20), newer = 抹茶ラテ (2025-05-09).
    prev = article.cssselect("a[rel=prev]")[0]
    nxt = article.cssselect("a[rel=next]")[0]
    assert "energy-bills-9c0d1e2f" in prev.get("href")
    assert "matcha-latte-1a2b3c4d" in nxt.get("href")


def test_neighbours_stay_within_the_column(fixture_site: BuiltSite) -> None:
    # 量子 (経済の現場, newest of its column): only an older neighbour, from its own column.
    page = _html(fixture_site.site, "articles/quantum-3f4a5b6c")
    assert not page.cssselect("a[rel=next]")
    assert "rice-prices-7d8e9f0a" in page.cssselect("a[rel=prev]")[0].get("href")


def test_english_article_dates_are_not_japanese(fixture_site: BuiltSite) -> None:
    page = _html(fixture_site.site, "articles/four-day-week-3dc07ae4")
    assert page.cssselect("time")[0].text_content().startswith("2025-04-16")


def test_japanese_headings_get_readable_anchors(fixture_site: BuiltSite) -> None:
    page = _html(fixture_site.site, "articles/quantum-3f4a5b6c")
    assert page.cssselect("h2")[0].get("id") == "投資の規模"


def test_templates_escape_front_matter(fixture_site: BuiltSite) -> None:
    """Hostile titles, names, roles, bios, tags and URLs appear as text, never as markup."""
    offenders = []
    for path in fixture_site.site.rglob("*.html"):
        root = lxml.html.parse(str(path)).getroot()
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            if el.tag == "script" and "alert" in (el.text or "") + el.get("src", ""):
                offenders.append((path, "script"))
            for name, value in el.attrib.items():
                if name.startswith("on"):
                    offenders.append((path, f"{el.tag}[{name}]"))
                if name in ("href", "src") and value.strip().lower().startswith("javascript:"):
                    offenders.append((path, f"{el.tag}[{name}]={value}"))
            if el.tag in ("svg", "b", "i") and "alert" in " ".join(el.attrib.values()):
                offenders.append((path, el.tag))
    assert offenders == []
    page = _html(fixture_site.site, "articles/hostile-0badc0de")
    assert page.cssselect("h1")[0].text_content() == _meta("hostile-0badc0de")["title"]
    assert not page.cssselect(".digest-article__source a")  # javascript: source URL dropped


def test_listing_pages_are_not_indexed_and_articles_are(fixture_site: BuiltSite) -> None:
    site = fixture_site.site
    for listing in ("", "columns", "authors", "archive", "tags", "search"):
        assert not _html(site, listing).cssselect("[data-pagefind-body]"), listing
    for page in SITE_PAGES.glob("*.md"):
        html = _html(site, f"articles/{page.stem}")
        body = html.cssselect("[data-pagefind-body]")
        assert len(body) == 1
        assert body[0].cssselect("[data-pagefind-filter^=columnist]")
        assert body[0].cssselect("[data-pagefind-filter^=column]")
        assert body[0].cssselect("[data-pagefind-filter^='month:']")


def test_search_index_is_built(fixture_site: BuiltSite) -> None:
    bundle = fixture_site.site / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert (bundle / "pagefind-ui.js").is_file()
    assert list(bundle.glob("index/*.pf_index"))
    fragments = list(bundle.glob("fragment/*.pf_fragment"))
    assert len(fragments) == len(list(SITE_PAGES.glob("*.md")))  # articles only


def test_feed_is_valid_atom(fixture_site: BuiltSite) -> None:
    feed = feedparser.parse((fixture_site.site / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    metas = [_meta(p.stem) for p in SITE_PAGES.glob("*.md")]
    assert len(feed.entries) == len(metas)
    newest = max(metas, key=lambda m: m["published"])
    first = feed.entries[0]
    assert first.title == newest["title"]
    assert first.link.startswith("https://example.github.io/column-digest/articles/")
    assert first.author == newest["authors"][0]["name"]
    assert first.published.startswith(newest["published"][:10])
    assert first.summary == newest["lead"]


def test_feed_is_linked_from_every_page(fixture_site: BuiltSite) -> None:
    for url in ("", "articles/quantum-3f4a5b6c", "columns"):
        links = _html(fixture_site.site, url).cssselect('link[rel=alternate][href$="feed.xml"]')
        assert links and links[0].get("type") == "application/atom+xml"


_FETCHED_RELS = {"stylesheet", "icon", "preload", "preconnect", "modulepreload", "manifest"}


@pytest.mark.parametrize("url", ["", "articles/quantum-3f4a5b6c", "search", "authors"])
def test_theme_loads_nothing_from_another_host(fixture_site: BuiltSite, url: str) -> None:
    root = _html(fixture_site.site, url)
    # Links a browser fetches (canonical/alternate/prev/next are only references).
    fetched = [el for el in root.cssselect("link[href]") if el.get("rel") in _FETCHED_RELS]
    refs = [el.get("href") for el in fetched]
    refs += [el.get("src") for el in root.cssselect("script[src], iframe[src]")]
    foreign = [r for r in refs if urlsplit(r).netloc]
    assert foreign == []
    assert "fonts.googleapis" not in lxml.html.tostring(root, encoding="unicode")
