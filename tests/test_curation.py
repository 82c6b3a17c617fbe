"""The curator's digest, built for real: notes on articles, digest issues, feeds, the
excerpt publishing mode, and bad or hostile notes.

``sample_site`` (conftest) is ``digest build`` on the bundled samples with the bundled
notes in notes/ (full text). ``excerpt_site`` is the same project built again with
``extra.curation.publish: excerpt`` in mkdocs.yml, into another site folder.
"""

from __future__ import annotations

import gzip
import logging
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import feedparser
import lxml.html
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from converter import frontmatter
from converter.cli import main
from converter.site.catalog import read_catalog
from converter.site.names import name_slug
from tests.conftest import PROJECT, SITE_PAGES, BuiltSite, copy_site_project

TRAM = "the-tram-that-became-a-postcard-and-the-city-that-has-to-it-a99511d7"
TRAM_NOTE = "観光地の「名物」が、住民の足としての役目を失っていく過程"
TRAM_QUOTE = (
    "They are also a lesson in what happens when a piece of public transport becomes an "
    "attraction in its own right."
)
# Body sentences that are neither lead, quote nor note (one English, one Japanese).
TRAM_BODY = "Residents have a word for it that I will not print."
FISH = "buregujitto-kara-5-nen-eikoku-no-minatomachi-ni-nokoru-tori-51e8f050"
FISH_BODY = "良くなったのは政治家の演説だけだよ"
ENERGY = "danbou-wo-gaman-suru-fuyu-ha-owarunoka-eikoku-no-kounetsuhi-ae1316d6"
QUANTUM = "ryoushi-gijutsu-heno-toushi-buumu-nihonkigyou-ni-shouki-49e7538d"
FOUR_DAY = "the-four-day-week-is-no-longer-an-experiment-3dc07ae4"
ATOM = "application/atom+xml"
# Pagefind separates the words it segments with zero-width spaces.
ZWSP = "\u200b"


def _html(site: Path, url: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(site / url / "index.html")).getroot()


def _text(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _all_site_text(site: Path) -> str:
    """Every file of the built site as text; Pagefind's gzipped files decompressed."""
    parts = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        parts.append(data.decode("utf-8", errors="replace").replace(ZWSP, ""))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def excerpt_site(sample_site: BuiltSite) -> BuiltSite:
    """The sample project again, with ``publish: excerpt`` set in mkdocs.yml."""
    text = sample_site.config.read_text(encoding="utf-8")
    assert "    publish: full\n" in text
    excerpt_config = sample_site.root / "mkdocs-excerpt.yml"
    excerpt_config.write_text(text.replace("publish: full", "publish: excerpt"), "utf-8")
    site = sample_site.root / "site-excerpt"
    code = main(
        ["build", "--sources", str(sample_site.root / "sources"), "--config",
         str(excerpt_config), "--site-dir", str(site), "-q"]
    )  # fmt: skip
    assert code == 0
    return BuiltSite(sample_site.root, excerpt_config, sample_site.docs, site, code)


# Notes on article pages ---------------------------------------------------------------


def test_note_shows_at_the_top_of_its_article(sample_site: BuiltSite) -> None:
    page = _html(sample_site.site, f"articles/{TRAM}")
    body = page.cssselect(".digest-article__body")[0]
    first = next(el for el in body if isinstance(el.tag, str))
    assert "digest-note" in first.get("class", "")
    assert "キュレーターのコメント" in _text(first)
    assert TRAM_NOTE in _text(first)
    assert TRAM_BODY in _text(body)  # full text: the body follows
    # the note's tags are added to the article's
    tags = (sample_site.docs / "tags" / f"{name_slug('観光公害')}.md").read_text("utf-8")
    assert f'href="../../articles/{TRAM}/"' in tags


def test_articles_without_a_note_carry_none(sample_site: BuiltSite) -> None:
    page = _html(sample_site.site, f"articles/{QUANTUM}")
    assert not page.cssselect(".digest-note")


def test_the_archive_is_never_rewritten(sample_site: BuiltSite) -> None:
    text = (sample_site.docs / "articles" / f"{TRAM}.md").read_text(encoding="utf-8")
    assert "digest-note" not in text and "観光公害" not in text
    assert not (PROJECT / "notes" / "digests" / "2025-W14.md").exists()  # nothing written


# Digest issues ------------------------------------------------------------------------


def test_a_note_is_in_its_weeks_issue(sample_site: BuiltSite) -> None:
    page = _html(sample_site.site, "digests/2025-W14")
    assert _text(page.cssselect("h1")[0]).startswith("第1号 2025年第14週（3月31日〜4月6日）")
    pick = page.cssselect(".digest-pick")[0]
    title = pick.cssselect("h2 a")[0]
    assert title.text_content().startswith("The tram that became a postcard")
    assert title.get("href").endswith(f"articles/{TRAM}/")
    meta = _text(pick.cssselect(".digest-pick__meta")[0])
    for shown in ("Jane Holloway", "Letters from Lisbon", "The Meridian Review", "2025年4月4日"):
        assert shown in meta
    assert TRAM_QUOTE in _text(pick.cssselect("blockquote")[0])
    assert TRAM_NOTE in _text(pick.cssselect(".digest-note")[0])
    original = pick.cssselect("a.digest-pick__source")[0]
    assert original.get("href").endswith("/2025/04/tram-28-postcard-city")


def test_issues_are_numbered_in_date_order_with_featured_picks_first(
    sample_site: BuiltSite,
) -> None:
    numbers = {
        week: _text(_html(sample_site.site, f"digests/{week}").cssselect("h1")[0])[:4]
        for week in ("2025-W14", "2025-W15", "2025-W16")
    }
    assert numbers == {"2025-W14": "第1号 ", "2025-W15": "第2号 ", "2025-W16": "第3号 "}
    page = _html(sample_site.site, "digests/2025-W16")
    links = [a.get("href") for a in page.cssselect(".digest-pick h2 a:not(.headerlink)")]
    # Both published on 2025-04-16; the featured one (光熱費) leads.
    assert ENERGY in links[0] and FOUR_DAY in links[1]
    assert "digest-pick--featured" in page.cssselect(".digest-pick")[0].get("class")
    assert "時間」と「熱」" in _text(page.cssselect(".digest-intro")[0])  # the intro


def test_issue_index_is_newest_first_and_in_the_nav(sample_site: BuiltSite) -> None:
    page = _html(sample_site.site, "digests")
    listed = [a.get("href") for a in page.cssselect(".md-content a[href*='2025-W']")]
    assert [h.rstrip("/").rsplit("/", 1)[-1] for h in listed] == [
        "2025-W16", "2025-W15", "2025-W14",
    ]  # fmt: skip
    home = _html(sample_site.site, "")
    tabs = [_text(a) for a in home.cssselect(".md-tabs a, nav.md-nav--primary a")]
    assert "ダイジェスト" in tabs


def test_monthly_issues(tmp_path: Path) -> None:
    notes = {
        "a.md": "---\narticle: quantum-3f4a5b6c\n---\nいい記事。\n",
        "b.md": "---\narticle: rice-prices-7d8e9f0a\n---\n同じく。\n",
    }
    root = _curated_project(tmp_path, notes)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("period: week", "period: month"), "utf-8")
    from converter.site import generate_docs

    generate_docs(config)
    issues = sorted(p.name for p in (root / "docs" / "digests").glob("20*.md"))
    assert issues == ["2025-04.md", "2025-05.md"]


# Feeds --------------------------------------------------------------------------------


def _feed(site: Path, path: str) -> feedparser.FeedParserDict:
    feed = feedparser.parse((site / path).read_bytes())
    assert feed.bozo == 0, (path, feed.get("bozo_exception"))
    assert feed.version == "atom10"
    assert feed.feed.title and feed.feed.id and feed.feed.updated
    assert any(link.rel == "self" for link in feed.feed.links)
    for entry in feed.entries:
        assert entry.id and entry.title and entry.updated and entry.link
    return feed


def test_digest_feed_has_one_entry_per_issue_with_its_content(sample_site: BuiltSite) -> None:
    feed = _feed(sample_site.site, "digests/feed.xml")
    assert [e.title[:3] for e in feed.entries] == ["第3号", "第2号", "第1号"]
    first_issue = feed.entries[-1]
    content = first_issue.content[0].value
    assert TRAM_NOTE in content and TRAM_QUOTE in content
    assert f"https://example.github.io/column-digest/articles/{TRAM}/" in content
    assert first_issue.link == "https://example.github.io/column-digest/digests/2025-W14/"
    # Dates come from the articles: issue 1's only pick was published 2025-04-04 06:30 +01.
    assert first_issue.updated == "2025-04-04T06:30:00+01:00"
    assert feed.feed.updated == feed.entries[0].updated


def test_column_and_columnist_feeds_are_valid_and_linked(sample_site: BuiltSite) -> None:
    entries = read_catalog(sample_site.docs / "articles", sample_site.docs)
    checked = 0
    for kind, groups in (
        ("columns", {e.column_slug: e.column for e in entries if e.column_slug}),
        ("authors", {a.slug: a.name for e in entries for a in e.authors}),
    ):
        for slug, name in groups.items():
            feed = _feed(sample_site.site, f"{kind}/{slug}/feed.xml")
            mine = [
                e for e in entries
                if (e.column_slug == slug if kind == "columns"
                    else any(a.slug == slug for a in e.authors))
            ]  # fmt: skip
            assert [x.title for x in feed.entries] == [e.title for e in mine]
            assert name in feed.feed.title
            newest = max(e.published for e in mine if e.published)
            assert datetime.fromisoformat(feed.feed.updated) == newest
            page = _html(sample_site.site, f"{kind}/{slug}")
            links = page.cssselect(f'link[rel=alternate][type="{ATOM}"][href="feed.xml"]')
            assert len(links) == 1, (kind, slug)
            checked += 1
    assert checked >= 6
    digests = _html(sample_site.site, "digests")
    assert digests.cssselect(f'link[rel=alternate][type="{ATOM}"][href="feed.xml"]')
    # the site feed stays, linked from every page
    assert _feed(sample_site.site, "feed.xml").entries
    assert digests.cssselect(f'link[rel=alternate][type="{ATOM}"][href="../feed.xml"]')


def test_feeds_do_not_change_between_builds(sample_site: BuiltSite, tmp_path: Path) -> None:
    from converter.site import generate_docs

    feeds = sorted(sample_site.docs.rglob("feed.xml"))
    before = {p: p.read_bytes() for p in feeds}
    generate_docs(sample_site.config)
    assert {p: p.read_bytes() for p in feeds} == before


# Publishing modes ---------------------------------------------------------------------


def test_excerpt_mode_publishes_no_more_of_the_body(excerpt_site: BuiltSite) -> None:
    text = _all_site_text(excerpt_site.site)
    assert TRAM_BODY not in text
    assert FISH_BODY not in text
    # what an excerpt publishes is there: the quote, the note, the lead (also searchable)
    assert TRAM_QUOTE in text and TRAM_NOTE in text
    fragments = [
        gzip.decompress(p.read_bytes()).decode().replace(ZWSP, "")
        for p in (excerpt_site.site / "pagefind" / "fragment").glob("*.pf_fragment")
    ]
    assert any(TRAM_QUOTE in f for f in fragments)
    assert not any(TRAM_BODY in f for f in fragments)
    # and MkDocs never saw the body either: the published copy of docs/ holds excerpts
    published = excerpt_site.root / "build" / "published-docs"
    assert TRAM_BODY not in (published / "articles" / f"{TRAM}.md").read_text("utf-8")


def test_full_mode_publishes_the_body(sample_site: BuiltSite) -> None:
    text = _all_site_text(sample_site.site)
    assert TRAM_BODY in text and FISH_BODY in text
    fragments = [
        gzip.decompress(p.read_bytes()).decode().replace(ZWSP, "")
        for p in (sample_site.site / "pagefind" / "fragment").glob("*.pf_fragment")
    ]
    assert any(TRAM_BODY in f for f in fragments)


def test_excerpt_page_shows_what_the_mode_promises(excerpt_site: BuiltSite) -> None:
    page = _html(excerpt_site.site, f"articles/{TRAM}")
    article = page.cssselect("[data-pagefind-body]")[0]
    assert _text(article.cssselect("h1")[0]).startswith("The tram that became")
    assert "Jane Holloway" in _text(article.cssselect(".digest-article__byline")[0])
    assert "Lisbon’s most famous tram line" in _text(article.cssselect(".lead")[0])
    assert TRAM_QUOTE in _text(article.cssselect(".digest-excerpt blockquote")[0])
    assert TRAM_NOTE in _text(article.cssselect(".digest-note")[0])
    source = article.cssselect(".digest-excerpt__source a")[0]
    assert source.get("href").endswith("/2025/04/tram-28-postcard-city")
    assert "The Meridian Review" in _text(article.cssselect(".digest-excerpt__source")[0])
    assert not article.cssselect("figure, h2")  # no photo, no body section


def test_an_article_without_a_quote_publishes_its_opening(excerpt_site: BuiltSite) -> None:
    page = _html(excerpt_site.site, f"articles/{FISH}")
    quote = _text(page.cssselect(".digest-excerpt blockquote")[0])
    assert quote.startswith("[ニューリン発]夜明け前の魚市場には")
    assert len(quote) <= 120


def test_excerpt_listings_and_feeds_carry_no_body_summary(excerpt_site: BuiltSite) -> None:
    feed = _feed(excerpt_site.site, "feed.xml")
    assert all(TRAM_BODY not in (e.get("summary") or "") for e in feed.entries)


def test_published_build_passes_strict(sample_site: BuiltSite, tmp_path: Path) -> None:
    """``mkdocs build --strict`` on what digest build renders (the published copy)."""
    published = sample_site.root / "build" / "published-docs"
    assert published.is_dir()
    cfg = load_config(
        str(sample_site.config), strict=True, docs_dir=str(published), site_dir=str(tmp_path)
    )
    build(cfg)
    assert (tmp_path / "digests" / "2025-W14" / "index.html").is_file()


# Bad and hostile notes ----------------------------------------------------------------


def _curated_project(tmp_path: Path, notes: dict[str, str]) -> Path:
    root = tmp_path / "project"
    copy_site_project(root, SITE_PAGES)
    for name, text in notes.items():
        (root / "notes" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "notes" / name).write_text(text, encoding="utf-8")
    (root / "sources").mkdir()
    shutil.copy2(PROJECT / "sources" / "newseye" / "economy" / "2025-05-quantum.html",
                 root / "sources")  # fmt: skip
    return root


HOSTILE = """---
article: https://www.example.jp/column/matcha-latte-1a2b3c4d.php
quote: "not a sentence of this article"
---
<script>alert(1)</script>
<img src=x onerror=alert(2)>
[click](javascript:alert(3)) <iframe src="https://evil.example/"></iframe>
{: onclick="alert(4)" }
Curated words.
"""

BAD_NOTES = {
    "hostile.md": HOSTILE,
    "broken.md": "---\narticle: [unclosed\n---\nText.\n",
    "no-article.md": "---\nfeatured: true\n---\nNo article named.\n",
    "nowhere.md": "---\narticle: https://nowhere.example/x\n---\nMatches nothing.\n",
    "wrong-type.md": "---\narticle: quantum-3f4a5b6c\nfeatured: maybe\n---\nText.\n",
    "typo.md": "---\narticle: rice-prices-7d8e9f0a\nfeatued: true\n---\nお米の話。\n",
    "hide.md": "---\narticle: sources/energy-bills-9c0d1e2f.html\nhidden: true\n---\n",
    "digests/last-week.md": "An intro with a bad name.\n",
}


def test_bad_notes_are_one_line_warnings_and_hostile_markup_never_runs(tmp_path: Path) -> None:
    root = _curated_project(tmp_path, BAD_NOTES)
    done = subprocess.run(
        [sys.executable, "-m", "converter", "build", "--config", str(root / "mkdocs.yml"),
         "--sources", str(root / "sources"), "--publish", "excerpt", "-q"],
        capture_output=True, text=True, timeout=300, check=False, cwd=root,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("WARNING")]
    expected = {
        "notes/hostile.md": "quote is not in the article",
        "notes/broken.md": "invalid YAML",
        "notes/no-article.md": "no `article:`",
        "notes/nowhere.md": "matches no article",
        "notes/wrong-type.md": "`featured` must be true or false",
        "notes/typo.md": "did you mean featured?",
        "notes/digests/last-week.md": "not a week's name",
    }
    for name, reason in expected.items():
        assert any(w.startswith(f"WARNING: {name}: ") and reason in w for w in warnings), name
    site = root / "site"
    # the hidden article is not published at all
    assert not (site / "articles" / "energy-bills-9c0d1e2f").exists()
    assert "energy-bills-9c0d1e2f" not in _all_site_text(site)
    # the hostile note is published as harmless text
    page = _html(site, "articles/matcha-latte-1a2b3c4d")
    note = page.cssselect(".digest-note")[0]
    assert "Curated words." in _text(note)
    for path in site.rglob("*.html"):
        root_el = lxml.html.parse(str(path)).getroot()
        for el in root_el.iter():
            if not isinstance(el.tag, str):
                continue
            assert not (el.tag == "script" and "alert" in (el.text or "")), path
            assert el.tag != "iframe", path
            for name, value in el.attrib.items():
                assert not name.startswith("on"), (path, el.tag, name)
                assert not value.strip().lower().startswith("javascript:"), (path, value)
    feed = (site / "digests" / "feed.xml").read_text("utf-8")
    assert "<script" not in feed and "&lt;script" not in feed and "javascript:" not in feed
    assert "onerror" not in feed


def test_warnings_name_the_note(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = _curated_project(tmp_path, {"short.md": (
        "---\narticle: matcha-latte-1a2b3c4d\n---\nOK.\n")})  # fmt: skip
    from converter.site import generate_docs

    with caplog.at_level(logging.WARNING, logger="converter"):
        generate_docs(root / "mkdocs.yml", publish="excerpt")
    messages = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("notes/short.md: the note (3 characters) is shorter") for m in messages)
    assert all("\n" not in m for m in messages)


def test_a_bad_setting_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = _curated_project(tmp_path, {})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("period: week", "perod: weekly"), "utf-8")
    code = main(["build", "--config", str(config), "--sources", str(root / "sources"), "-q"])
    assert code == 2
    err = capsys.readouterr().err
    assert "extra.curation" in err and "did you mean period?" in err


def test_without_notes_the_site_is_built_from_docs(tmp_path: Path) -> None:
    root = _curated_project(tmp_path, {})
    assert not (root / "notes").exists()
    from converter.site import prepare_docs

    prepared = prepare_docs(root / "mkdocs.yml")
    assert prepared.docs_dir == (root / "docs").resolve()
    index = frontmatter.loads((root / "docs" / "digests" / "index.md").read_text("utf-8"))[1]
    assert "ダイジェストはまだありません" in index


# Small parts --------------------------------------------------------------------------


def test_iso_weeks_cross_the_year_like_the_calendar() -> None:
    from converter.site.digests import period_label, period_of

    assert period_of(datetime.fromisoformat("2024-12-30T09:00:00+09:00"), "week") == "2025-W01"
    assert period_of(datetime.fromisoformat("2025-04-06T23:59:00+01:00"), "week") == "2025-W14"
    assert period_of(datetime.fromisoformat("2025-04-06T23:59:00+01:00"), "month") == "2025-04"
    assert period_label("2025-W01") == "2025年第1週（12月30日〜1月5日）"


def test_a_note_finds_its_article_by_url_source_or_slug(tmp_path: Path) -> None:
    from converter.site.notes import Note, match_notes

    entries = read_catalog(SITE_PAGES, SITE_PAGES.parent)
    refs = {
        "https://www.example.jp/column/shinkansen-5e6f7a8b.php/": "shinkansen-5e6f7a8b",
        "/home/me/project/sources/quantum-3f4a5b6c.html": "quantum-3f4a5b6c",
        "articles/rice-prices-7d8e9f0a.md": "rice-prices-7d8e9f0a",
        "matcha-latte-1a2b3c4d": "matcha-latte-1a2b3c4d",
    }
    notes = [Note(f"notes/{i}.md", ref, "", "") for i, ref in enumerate(refs)]
    found = match_notes(notes, entries)
    assert {src.rsplit("/", 1)[-1].removesuffix(".md"): n.article for src, n in found.items()} == {
        slug: ref for ref, slug in refs.items()
    }


def test_the_opening_ends_at_a_sentence() -> None:
    from converter.site.published import opening

    body = "The lead.\n{ .lead }\n\n## A heading\n\nOne short. Two is longer than one. Three.\n"
    assert opening(body, 30) == "One short."
    assert opening(body, 200) == "One short. Two is longer than one. Three."
    assert opening("日本語の文。二つめの文はもっと長い文です。三つめ。\n", 16) == "日本語の文。"


def test_stale_generated_feeds_are_removed(tmp_path: Path) -> None:
    from converter.site import generate_docs

    root = _curated_project(tmp_path, {})
    generate_docs(root / "mkdocs.yml")
    gone = root / "docs" / "columns" / "gone"
    shutil.copytree(next((root / "docs" / "columns").glob("*/")), gone)
    mine = root / "docs" / "columns" / "mine" / "feed.xml"
    mine.parent.mkdir()
    mine.write_text('<?xml version="1.0"?><feed/>', "utf-8")
    _, report = generate_docs(root / "mkdocs.yml")
    assert "columns/gone/feed.xml" in report.removed and not gone.exists()
    assert mine.is_file()  # not ours: never deleted
