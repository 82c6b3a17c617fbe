"""Stage 2: metadata from every source a page offers, merged in one documented order.

1. profile    - the site profile's selectors (profile.py)
2. jsonld     - schema.org JSON-LD, @graph, @id references, broken JSON repaired
3. microdata  - itemscope/itemprop on the article item
4. meta       - OpenGraph + article:*, Twitter cards, <meta name>, Dublin Core, canonical
5. context    - the site's time zone and the base URL, from what 1-4 found
6. dom        - the visible page, only for what 1-4 did not find (it is the slowest)
7. htmldate   - the published date, when even the visible page shows none
8. merge      - one precedence table (merge.py), titles/authors/dates normalised

The shared tree is only read, never changed.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..model import Metadata, Page
from ..profiles import SiteProfile
from .authors import normalise_authors
from .dates import parse_date, zone
from .dom import from_dom, shown_on_page
from .fallback import from_htmldate
from .found import JSONLD, Found, PageContext, PageTags, absolute
from .jsonld import from_jsonld
from .merge import Merged, merge
from .meta import from_meta
from .microdata import from_microdata
from .profile import from_profile

__all__ = ["extract_metadata", "metadata_provenance"]

# Zone for pages in Japanese without a profile zone; every other page falls back to UTC.
JAPANESE_ZONE = "Asia/Tokyo"
# "Mostly Japanese": share of kana/kanji among the letters of title and description,
# with at least one kana (kanji alone could be Chinese).
JAPANESE_SHARE = 0.3
_KANA = re.compile(r"[\u3040-\u30ff]")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def extract_metadata(page: Page, profile: SiteProfile | None = None) -> Metadata:
    """Title, authors, dates, site, section, column, url, lang, tags, image of ``page``."""
    return _extract(page.tree, profile).metadata


def metadata_provenance(page: Page, profile: SiteProfile | None = None) -> dict[str, str]:
    """Which source gave each metadata field (for debugging and tests)."""
    return _extract(page.tree, profile).provenance


def _extract(tree: HtmlElement, profile: SiteProfile | None) -> Merged:
    tags = PageTags(tree)
    og, twitter, meta = from_meta(tree, tags)
    skip_jsonld = profile is not None and profile.skip_json_ld  # a site config says so
    found = [
        from_profile(tree, profile),
        Found(JSONLD) if skip_jsonld else from_jsonld(tree, tags),
        from_microdata(tree),
        og,
        twitter,
        meta,
    ]
    ctx = _context(tags, found, profile)
    hint = next((f.title for f in found if f.title), None)
    need = _needed(tree, tags, found, ctx)
    dom = from_dom(tree, ctx, hint, need, tags)
    found.append(dom)
    if "published" in need and not parse_date(dom.published, ctx.tz):
        found.append(from_htmldate(tree))
    return merge(found, ctx)


def _context(tags: PageTags, found: list[Found], profile: SiteProfile | None) -> PageContext:
    # Speed: the first <base href>, found by lxml in C (an XPath walked every node).
    href = next((b.get("href") for b in tags("base") if b.get("href") is not None), None)
    base = absolute(href or None, None)
    for f in found:
        base = base or absolute(f.url, None)
    japanese = any(f.lang.lower().startswith("ja") for f in found if f.lang)
    if not japanese:
        sample = " ".join(t for f in found for t in (f.title, f.description) if t)
        japanese = _mostly_japanese(sample or tags.title() or "")
    tz_name = profile.timezone if profile is not None and profile.timezone else None
    tz = zone(tz_name or (JAPANESE_ZONE if japanese else None))
    return PageContext(base_url=base, tz=tz, japanese=japanese)


def _mostly_japanese(text: str) -> bool:
    # Speed: the kana test first, and letters counted without a Python loop per character.
    if not _KANA.search(text):
        return False
    letters = sum(map(str.isalpha, text))
    return bool(letters) and len(_CJK.findall(text)) >= JAPANESE_SHARE * letters


def _needed(
    tree: HtmlElement, tags: PageTags, found: list[Found], ctx: PageContext
) -> frozenset[str]:
    """Fields the visible page must still provide ("byline": only an explicit one)."""
    need = set()
    if not any(parse_date(f.published, ctx.tz, f.date_format) for f in found if f.published):
        need |= {"published", "updated"}
    blocked = [n for f in found for n in (f.site_name, f.publisher) if n]
    # A byline on the page is read only when no source names any author at all: an
    # organisation named in the metadata is a better answer than a guess from the page.
    people = [normalise_authors(f.authors, blocked) for f in found if f.authors]
    if not any(p.persons or p.organization for p in people):
        need.add("authors")
    elif not shown_on_page(tree, (a.name for p in people for a in p.persons), tags):
        # Only an organisation, or persons the page never shows (a CMS account in
        # JSON-LD): an explicit byline on the page ("By …") names the writers better.
        need.add("byline")
    for field in ("section", "column", "subtitle"):
        if not any(getattr(f, field) for f in found):
            need.add(field)
    return frozenset(need)
