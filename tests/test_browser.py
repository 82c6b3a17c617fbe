"""The built site in a real browser: Debian's Chromium driven by Playwright.

The site is served by a local ``http.server`` on a random port. Every request to another
host is intercepted: none may come from the theme (scripts, styles, fonts, search).
Photos whose bytes came with a capture are served by the site itself: the demo built
from the bundled samples makes no request to any other host at all. Photos of "HTML
only" saves (the hand-made fixture pages) stay links to their hosts; the tests answer
those with a local placeholder (so they never leave the machine either) and check that
each one is an image URL written in an article.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import feedparser
import lxml.html
import pytest
import yaml

from converter import frontmatter
from converter.site.catalog import Entry, read_catalog
from converter.site.names import previous_name_slug
from tests.conftest import (
    MOVED_TITLE,
    PROJECT,
    BuiltSite,
    MovedSite,
    copy_sample,
    copy_site_project,
)

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
PLACEHOLDER = b'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="9"/>'
# The Japanese queries of the brief. 新幹線 is the known weak spot (Pagefind issue 1237:
# the browser's Intl.Segmenter may split it unlike the indexer).
QUERIES = ("抹茶ラテ", "量子コンピューター", "新幹線", "経済")
TIMEOUT_MS = 15_000


# Fixtures ---------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Served:
    site: BuiltSite
    base: str
    entries: list[Entry]
    content_urls: set[str]


def _serve(site: BuiltSite) -> Iterator[Served]:
    handler = functools.partial(_QuietHandler, directory=str(site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    articles = site.docs / "articles"
    text = "\n".join(p.read_text(encoding="utf-8") for p in articles.glob("*.md"))
    urls = {w.strip("()<>\"'") for w in text.replace("(", " ").replace(")", " ").split()}
    try:
        yield Served(
            site,
            f"http://127.0.0.1:{server.server_address[1]}/",
            read_catalog(articles, site.docs),
            {u for u in urls if u.startswith("http")},
        )
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def fixture_served(fixture_site: BuiltSite) -> Iterator[Served]:
    yield from _serve(fixture_site)


@pytest.fixture(scope="module")
def sample_served(sample_site: BuiltSite) -> Iterator[Served]:
    yield from _serve(sample_site)


@pytest.fixture(scope="module")
def moved_served(moved_site: MovedSite) -> Iterator[Served]:
    yield from _serve(moved_site.site)


@pytest.fixture(scope="module")
def delta_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A site built in full, then again incrementally after one article was added and
    one edited: its search has a delta bundle."""
    from tests.test_incremental import SOURCES, _add_article, _build

    root = tmp_path_factory.mktemp("delta-site")
    copy_site_project(root)
    for rel in SOURCES:
        copy_sample(rel, root / "sources")
    _build(root)
    _add_article(root)
    wages = root / "sources" / SOURCES[0]
    text = wages.read_text(encoding="utf-8")
    wages.write_text(text.replace("町工場", "町工場（改訂版検証）", 1), encoding="utf-8")
    _build(root)
    assert (root / "site" / "pagefind-delta" / "pagefind.js").is_file()
    site = BuiltSite(root, root / "mkdocs.yml", root / "docs", root / "site")
    yield from _serve(site)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Watch:
    """What one page did: console errors, requests to other hosts, bytes per URL."""

    errors: list[str] = field(default_factory=list)
    foreign: list[tuple[str, str]] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watch = Watch()

    def guard(route) -> None:
        request = route.request
        if urlsplit(request.url).hostname in LOCAL_HOSTS:
            route.continue_()
            return
        watch.foreign.append((request.resource_type, request.url))
        if request.resource_type == "image":
            route.fulfill(status=200, content_type="image/svg+xml", body=PLACEHOLDER)
        else:
            route.abort()

    def on_response(response) -> None:
        if response.status >= 400:
            watch.errors.append(f"HTTP {response.status} {response.url}")
        if urlsplit(response.url).hostname in LOCAL_HOSTS:
            try:
                watch.sizes[response.url] = len(response.body())
            except Exception:  # redirects and aborted loads have no body
                watch.sizes[response.url] = 0

    context.route("**/*", guard)
    pg = context.new_page()
    pg.on("console", lambda m: m.type == "error" and watch.errors.append(m.text))
    pg.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    pg.on("dialog", lambda d: (watch.errors.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("response", on_response)
    pg.watch = watch
    yield pg
    context.close()


def _check_clean(pg, served: Served) -> None:
    watch: Watch = pg.watch
    assert watch.errors == [], f"console errors: {watch.errors}"
    theme = [(kind, url) for kind, url in watch.foreign
             if kind != "image" or url not in served.content_urls]  # fmt: skip
    assert theme == [], f"requests to other hosts: {theme}"


# Tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["fixture_served", "sample_served"])
def test_home_lists_the_articles(page, request, which: str) -> None:
    served: Served = request.getfixturevalue(which)
    page.goto(served.base)
    titles = page.locator(".digest-cards a.digest-item__title").all_inner_texts()
    expected = [e.title for e in served.entries[:30]]
    assert [t.strip() for t in titles] == expected
    _check_clean(page, served)


@pytest.mark.parametrize("which", ["fixture_served", "sample_served"])
def test_article_page_shows_header_and_figure(page, request, which: str) -> None:
    served: Served = request.getfixturevalue(which)
    entry, caption = _article_with_caption(served)
    page.goto(served.base + entry.url)
    header = page.locator(".digest-article__header")
    assert header.locator("h1").inner_text().strip() == entry.title
    if entry.published:
        assert header.locator("time").inner_text().strip()
    for author in entry.authors:
        link = header.locator(".digest-article__author a", has_text=author.name)
        assert link.count() == 1
    assert caption in page.locator(".digest-article__body figcaption").first.inner_text()
    _check_clean(page, served)


def _article_with_caption(served: Served) -> tuple[Entry, str]:
    for entry in served.entries:
        root = lxml.html.parse(str(served.site.site / entry.url / "index.html")).getroot()
        captions = root.cssselect(".digest-article__body figcaption")
        if captions and captions[0].text_content().strip():
            return entry, captions[0].text_content().strip()[:10]
    pytest.fail("no article of this site has a figure with a caption")


def test_demo_pages_load_every_image_from_the_site_itself(page, sample_served: Served) -> None:
    """The README's first command builds this demo: the home page cards and every
    article page show their photos, each loaded from the site, none from another host."""
    served = sample_served
    urls = ["", *(e.url for e in served.entries)]
    for url in urls:
        page.goto(served.base + url)
        page.wait_for_load_state("load")
        images = page.evaluate(  # lazy images (the cards) are brought into view first
            """async () => {
                 const out = [];
                 for (const i of document.querySelectorAll('.md-content img')) {
                   i.scrollIntoView();
                   try { await i.decode(); } catch (e) {}
                   out.push([i.currentSrc || i.src, i.complete && i.naturalWidth > 0]);
                 }
                 return out;
               }"""
        )
        assert images, f"no image on {url or 'the home page'}"
        for src, loaded in images:
            assert urlsplit(src).hostname in LOCAL_HOSTS, (url, src)
            assert loaded, f"{src} did not load on {url}"
    assert page.watch.foreign == [], f"requests to other hosts: {page.watch.foreign}"
    assert page.watch.errors == []


@pytest.mark.parametrize("which", ["fixture_served", "sample_served"])
def test_columnist_page_lists_their_articles(page, request, which: str) -> None:
    served: Served = request.getfixturevalue(which)
    author = max((a for e in served.entries for a in e.authors),
                 key=lambda a: sum(a in e.authors for e in served.entries))  # fmt: skip
    page.goto(served.base + f"authors/{author.slug}/")
    listed = {t.strip() for t in page.locator("a.digest-item__title").all_inner_texts()}
    mine = {e.title for e in served.entries if any(a.slug == author.slug for a in e.authors)}
    assert listed == mine
    assert author.name in page.locator(".digest-profile").inner_text()
    _check_clean(page, served)


def test_feed_parses(page, sample_served: Served) -> None:
    response = page.request.get(sample_served.base + "feed.xml")
    assert response.ok
    feed = feedparser.parse(response.body())
    assert feed.bozo == 0
    assert len(feed.entries) == min(50, len(sample_served.entries))


def _indexed_texts(served: Served) -> dict[str, str]:
    """Title → text Pagefind indexes for each article (body minus ignored parts)."""
    out = {}
    for entry in served.entries:
        root = lxml.html.parse(str(served.site.site / entry.url / "index.html")).getroot()
        body = root.cssselect("[data-pagefind-body]")[0]
        for ignored in body.cssselect("[data-pagefind-ignore]"):
            ignored.drop_tree()
        out[entry.title] = body.text_content()
    return out


def _search_titles(page, served: Served, query: str) -> list[str]:
    """Titles the site's search page lists for ``query`` (every page of results)."""
    page.goto(served.base + "search/?q=" + quote(query))
    done = f"#digest-search[data-state=done][data-query='{query}']"
    page.locator(done).wait_for(state="attached", timeout=TIMEOUT_MS)
    more = page.locator(".digest-search__more")
    while more.is_visible():
        count = page.locator(".digest-result").count()
        more.click()
        page.wait_for_function(
            f"document.querySelectorAll('.digest-result').length > {count}", timeout=TIMEOUT_MS
        )
    return [t.strip() for t in page.locator(".digest-result__title").all_inner_texts()]


@pytest.mark.parametrize("query", QUERIES)
def test_japanese_search_finds_every_article_with_the_word(
    page, fixture_served: Served, query: str
) -> None:
    expected = {t for t, text in _indexed_texts(fixture_served).items() if query in text}
    assert expected, f"no fixture article contains {query}"
    found = set(_search_titles(page, fixture_served, query))
    assert expected <= found, f"{query}: missing {expected - found}"
    _check_clean(page, fixture_served)


def _sample_search_words() -> list[tuple[str, str]]:
    truth = yaml.safe_load((PROJECT / "tests" / "data" / "samples.yaml").read_text("utf-8"))
    return [(item["files"][0], w) for item in truth for w in item.get("search_words") or []]


@pytest.mark.parametrize(("source", "word"), _sample_search_words())
def test_sample_search_words_find_their_article(
    page, sample_served: Served, source: str, word: str
) -> None:
    title = _title_of_source(sample_served, source)
    assert title in _search_titles(page, sample_served, word)


def _title_of_source(served: Served, source: str) -> str:
    for path in sorted((served.site.docs / "articles").glob("*.md")):
        meta, _ = frontmatter.loads(path.read_text(encoding="utf-8"))
        if str(meta.get("source", "")).endswith(source.removeprefix("sources/")):
            return meta["title"]
    pytest.fail(f"no converted article from {source}")


def test_search_ui_from_the_header(page, fixture_served: Served) -> None:
    """Type in the header box, land on the search page, see the result; count the bytes."""
    page.goto(fixture_served.base)
    page.fill("#digest-q", "抹茶ラテ")
    page.press("#digest-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    result = page.locator(".digest-result__title").first
    result.wait_for(timeout=TIMEOUT_MS)
    assert "抹茶ラテ" in result.inner_text()
    assert page.locator(".digest-result mark").count() >= 1
    first = sum(n for u, n in page.watch.sizes.items() if "/pagefind/" in u)
    before = dict(page.watch.sizes)
    page.fill(".digest-search__input", "量子コンピューター")
    page.locator(".digest-result__title", has_text="量子").first.wait_for(timeout=TIMEOUT_MS)
    second = sum(n for u, n in page.watch.sizes.items() if "/pagefind/" in u and u not in before)
    print(f"\npagefind bytes: first query (wasm + index) {first}, next query {second}")
    assert first < 500_000 and second < 500_000
    _check_clean(page, fixture_served)


def test_search_filters_are_text_not_markup(page, fixture_served: Served) -> None:
    """Column and columnist names are scraped text: the filter menus must show them as
    text (Pagefind's own UI would insert them as HTML)."""
    page.goto(fixture_served.base + "search/")
    page.locator(".digest-search__filter select").first.wait_for(timeout=TIMEOUT_MS)
    options = page.locator(".digest-search__filter option").all_inner_texts()
    assert any("<img src=x" in o for o in options)
    page.select_option("select[name=column]", "<img src=x onerror=alert(1)>")
    page.locator(".digest-result__title").first.wait_for(timeout=TIMEOUT_MS)
    assert page.locator("#digest-search img, #digest-search b, #digest-search script").count() == 0
    _check_clean(page, fixture_served)


def test_digest_issue_page(page, sample_served: Served) -> None:
    """From the nav to the latest issue, then to a pick's article, whose note leads it."""
    page.goto(sample_served.base)
    page.locator(".md-tabs a", has_text="ダイジェスト").click()
    page.wait_for_url("**/digests/")
    page.locator(".md-content a", has_text="第1号").click()
    page.wait_for_url("**/digests/2025-W14/")
    assert page.locator("h1").inner_text().startswith("第1号 2025年第14週")
    pick = page.locator(".digest-pick").first
    assert pick.locator(".digest-note").is_visible()
    assert "観光地の「名物」" in pick.locator(".digest-note").inner_text()
    assert pick.locator("blockquote").is_visible()
    assert pick.locator("a.digest-pick__source").get_attribute("href").startswith("https://")
    feed = page.locator('link[rel=alternate][type="application/atom+xml"][href="../feed.xml"]')
    assert feed.count() == 1
    pick.locator("h2 a").first.click()
    page.wait_for_url("**/articles/the-tram-*/")
    first = page.locator(".digest-article__body > *").first
    assert "digest-note" in (first.get_attribute("class") or "")
    assert first.is_visible()
    _check_clean(page, sample_served)


def test_old_address_lands_on_the_article(
    page, moved_served: Served, moved_site: MovedSite
) -> None:
    """A page published under its old (transliterated) slug: its address still works."""
    old = moved_site.old_name.removesuffix(".md")
    new = moved_site.new_name.removesuffix(".md")
    page.goto(moved_served.base + f"articles/{old}/")
    page.wait_for_url(f"**/articles/{new}/", timeout=TIMEOUT_MS)
    title = page.locator(".digest-article__header h1")
    assert title.inner_text().strip() == MOVED_TITLE
    reading = page.locator(".digest-article__reading").inner_text().strip()
    assert reading.startswith("約") and reading.endswith("分で読めます")
    _check_clean(page, moved_served)


def test_old_columnist_address_lands_on_the_columnist_page(page, moved_served: Served) -> None:
    """A columnist page published at its hash-only address (releases before the romaji
    name slugs): the address still works, and lands on the page at the romaji one."""
    author = moved_served.entries[0].authors[0]
    old = previous_name_slug(author.name)
    assert old != author.slug and author.slug.endswith(f"-{old}")
    page.goto(moved_served.base + f"authors/{old}/")
    page.wait_for_url(f"**/authors/{author.slug}/", timeout=TIMEOUT_MS)
    assert author.name in page.locator(".digest-profile").inner_text()
    listed = {t.strip() for t in page.locator("a.digest-item__title").all_inner_texts()}
    assert listed == {e.title for e in moved_served.entries if author in e.authors}
    _check_clean(page, moved_served)


def _suggest(page, query: str):
    """Type ``query`` key by key into the header box; the panel once it shows it."""
    page.locator("#digest-q").press_sequentially(query, delay=30)
    done = f"#digest-suggest[data-state=done][data-query='{query}']"
    panel = page.locator(done)
    panel.wait_for(state="visible", timeout=TIMEOUT_MS)
    return panel


def test_header_search_as_you_type(page, fixture_served: Served) -> None:
    """Results appear under the header box while typing a Japanese query (no Enter, no
    new page); arrow keys choose one, Enter opens it."""
    page.goto(fixture_served.base + "archive/")
    start = page.url
    panel = _suggest(page, "抹茶ラテ")
    assert page.url == start  # no page load
    titles = [t.strip() for t in panel.locator(".digest-suggest__title").all_inner_texts()]
    expected = {t for t, text in _indexed_texts(fixture_served).items() if "抹茶ラテ" in text}
    assert expected and expected <= set(titles)
    assert panel.locator("mark").count() >= 1
    assert (
        panel.locator(".digest-suggest__all")
        .get_attribute("href")
        .endswith("search/?q=" + quote("抹茶ラテ"))
    )
    box = page.locator("#digest-q")
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    box.press("ArrowDown")
    second = panel.locator("[role=option]").nth(1 if len(titles) > 1 else 0)
    assert second.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == second.get_attribute("id")
    box.press("ArrowUp")
    first = panel.locator("[role=option]").first
    assert first.get_attribute("aria-selected") == "true"
    box.press("Escape")
    assert panel.is_hidden() and box.get_attribute("aria-expanded") == "false"
    box.press("End")
    box.press("Backspace")  # 抹茶ラ: a new query reopens the panel
    page.locator("#digest-suggest[data-state=done][data-query='抹茶ラ']").wait_for(
        state="visible", timeout=TIMEOUT_MS
    )
    box.press("ArrowDown")
    target = page.locator("#digest-suggest [role=option] a").first.get_attribute("href")
    box.press("Enter")
    page.wait_for_url("**" + target, timeout=TIMEOUT_MS)
    assert page.locator(".digest-article__header h1").inner_text().strip() == titles[0]
    _check_clean(page, fixture_served)


def test_header_search_inserts_text_not_markup(page, fixture_served: Served) -> None:
    """A hostile title and excerpt in the panel are text; Enter with nothing chosen still
    opens the search page."""
    page.goto(fixture_served.base)
    panel = _suggest(page, "hostile")
    title = panel.locator(".digest-suggest__title", has_text="alert")
    assert title.inner_text().startswith('<script>alert("title")</script>')
    assert panel.locator("script, img, svg, b, i").count() == 0
    page.locator("#digest-q").press("Enter")
    page.wait_for_url("**/search/?q=hostile", timeout=TIMEOUT_MS)
    _check_clean(page, fixture_served)


def test_search_after_an_incremental_build(page, delta_served: Served) -> None:
    """The delta bundle is merged: the added article is found, and no article is listed
    twice (the main index's stale copies of re-rendered pages are hidden)."""
    from tests.test_incremental import NEW_TITLE, NEW_WORD

    assert NEW_TITLE in _search_titles(page, delta_served, NEW_WORD)
    titles = _search_titles(page, delta_served, "町工場")
    assert NEW_TITLE in titles and len(titles) == len(set(titles)), titles
    page.goto(delta_served.base)
    panel = _suggest(page, NEW_WORD)
    assert NEW_TITLE in panel.locator(".digest-suggest__title").all_inner_texts()[0]
    _check_clean(page, delta_served)
