"""Sources: ``<meta>`` tags, read in one pass and split into three sources.

- OpenGraph and ``article:*`` (``og:title``, ``article:published_time`` …)
- Twitter cards (``twitter:title`` …)
- plain ``<meta name>``, Dublin Core, common publisher tags, ``<link rel=canonical>``,
  ``<html lang>`` and ``content-language`` (the "meta" source)
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from .found import META, OPENGRAPH, TWITTER, Found, PageTags, RawAuthor, clean_text

# Meta keys (lower-cased ``property``/``name``/``itemprop``-less) read by each field of
# the plain "meta" source, best first. Vendor tags (parsely, sailthru, cXense) are
# publisher-neutral conventions shared by many news sites.
META_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "dc.title", "dcterms.title", "parsely-title", "headline"),
    "description": ("description", "dc.description", "dcterms.description"),
    "author": (
        "author",
        "dc.creator",
        "dcterms.creator",
        "parsely-author",
        "sailthru.author",
        "cxenseparse:author",
        "byl",
    ),
    "published": (
        "date",
        "pubdate",
        "publishdate",
        "publish-date",
        "publish_date",
        "published_at",
        "published_time",
        "datepublished",
        "dc.date.issued",
        "dcterms.issued",
        "dc.date",
        "dcterms.date",
        "dcterms.created",
        "dc.date.created",
        "parsely-pub-date",
        "sailthru.date",
        "cxenseparse:recs:publishtime",
        "release_date",
        "original-publish-date",
    ),
    "updated": ("last-modified", "dcterms.modified", "dc.date.modified", "lastmod", "revised"),
    "site_name": ("application-name", "apple-mobile-web-app-title"),
    "publisher": ("dc.publisher", "dcterms.publisher", "publisher"),
    "section": ("section", "parsely-section", "category"),
    "tags": ("news_keywords", "parsely-tags", "sailthru.tags", "keywords"),
}
OG_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("og:title",),
    "description": ("og:description",),
    "author": ("article:author", "og:article:author", "book:author"),
    "published": ("article:published_time", "og:article:published_time", "og:published_time"),
    "updated": ("article:modified_time", "og:updated_time", "og:article:modified_time"),
    "site_name": ("og:site_name",),
    "publisher": ("article:publisher",),
    "section": ("article:section", "og:article:section"),
    "tags": ("article:tag", "og:article:tag"),
    "url": ("og:url",),
    "lang": ("og:locale",),
    "image": ("og:image:secure_url", "og:image", "og:image:url"),
    "image_alt": ("og:image:alt",),
}
TW_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("twitter:title",),
    "description": ("twitter:description",),
    "image": ("twitter:image", "twitter:image:src"),
    "image_alt": ("twitter:image:alt",),
}
# Tags that repeat (article:tag) are all kept; every other key keeps its first value.
MULTI_KEYS = frozenset({"article:tag", "og:article:tag"})


def from_meta(tree: HtmlElement, tags: PageTags | None = None) -> tuple[Found, Found, Found]:
    """The OpenGraph, Twitter and plain-meta sources, in that order."""
    tags = tags if tags is not None else PageTags(tree)
    values = _collect(tags("meta"))
    og = _found(OPENGRAPH, values, OG_KEYS)
    tw = _found(TWITTER, values, TW_KEYS)
    meta = _found(META, values, META_KEYS)
    canonical = _canonical(tags("link"))
    lang = clean_text(tree.get("lang")) or clean_text(tree.get("xml:lang"))
    lang = lang or _first(values, ("content-language", "language", "dc.language"))
    meta = Found(**{**meta.__dict__, "url": clean_text(canonical), "lang": lang})
    return og, tw, meta


# rel="canonical" in any case of those letters (as XPath's translate() would compare).
_CANONICAL_CASE = str.maketrans("CANONICAL", "canonical")


def _canonical(links: list[HtmlElement]) -> str:
    """The href of the first ``<link rel=canonical href>``, or "". Speed: lxml finds the
    links in C (PageTags), where an XPath predicate ran over every element of the page."""
    for link in links:
        href, rel = link.get("href"), link.get("rel")
        if href is not None and rel is not None and rel.translate(_CANONICAL_CASE) == "canonical":
            return href
    return ""


def _collect(metas: list[HtmlElement]) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for el in metas:
        key = el.get("property") or el.get("name") or el.get("http-equiv")
        content = el.get("content")
        if not key or content is None:
            continue
        text = clean_text(content)
        if text:
            values.setdefault(key.strip().lower(), []).append(text)
    return values


def _first(values: dict[str, list[str]], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if key in values:
            return values[key][0]
    return None


def _found(source: str, values: dict[str, list[str]], keys: dict[str, tuple[str, ...]]) -> Found:
    fields: dict[str, object] = {}
    for field, names in keys.items():
        if field == "tags":
            fields["tags"] = _tags(values, names)
        elif field == "author":
            fields["authors"] = _first_authors(values, names)
        else:
            fields[field] = _first(values, names)
    return Found(source, **fields)  # type: ignore[arg-type]


def _first_authors(values: dict[str, list[str]], names: tuple[str, ...]) -> tuple[RawAuthor, ...]:
    for name in names:
        if name in values:
            return tuple(RawAuthor(v) for v in values[name])
    return ()


def _tags(values: dict[str, list[str]], names: tuple[str, ...]) -> tuple[str, ...]:
    for name in names:
        if name in values:
            if name in MULTI_KEYS:
                return tuple(values[name])
            parts = re.split(r"\s*[,、，;]\s*", values[name][0])
            return tuple(p for p in parts if p)
    return ()
