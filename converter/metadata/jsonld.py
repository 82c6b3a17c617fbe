"""Source: schema.org JSON-LD in ``<script type="application/ld+json">``.

Reads the shared tree (scripts are still in it) and never raises: broken JSON is
repaired (comments, trailing commas, control characters, HTML-escaped text) or skipped.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement

from .found import JSONLD, ORGANIZATION, PERSON, Found, PageTags, RawAuthor, clean_text
from .titles import GENERIC_LABELS, norm

# The article node, best first. Any other type ending in "Article" ranks after these.
ARTICLE_TYPES = (
    "NewsArticle",
    "OpinionNewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "Article",
    "BlogPosting",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "Report",
)
# Used only when no article node exists.
PAGE_TYPES = ("WebPage", "ItemPage", "AboutPage", "ProfilePage", "CollectionPage")
ORG_TYPES = ("Organization", "NewsMediaOrganization", "Corporation", "WebSite", "Brand")

# <script type> of JSON-LD, compared with these letters lower-cased (as XPath's translate).
_LD_JSON, _LD_JSON_CASE = "ld+json", str.maketrans("LDJSON", "ldjson")
_MAX_DEPTH = 8


def from_jsonld(tree: HtmlElement, tags: PageTags | None = None) -> Found:
    """What the page's JSON-LD says about the article."""
    nodes: list[dict[str, Any]] = []
    scripts = tags("script") if tags is not None else PageTags(tree)("script")
    for script in scripts:
        if _LD_JSON not in (script.get("type") or "").translate(_LD_JSON_CASE):
            continue
        data = parse_json(script.text or "")
        if data is not None:
            nodes.extend(_flatten(data, 0))
    if not nodes:
        return Found(JSONLD)
    ids = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str) and len(n) > 2}
    article = _pick(nodes)
    site = next((n for n in nodes if _is(n, ("WebSite",))), None)
    crumbs = next((n for n in nodes if _is(n, ("BreadcrumbList",))), None)
    if article is None:
        return Found(JSONLD, site_name=_name(site, ids), section=_breadcrumb_section(crumbs, ids))
    get = article.get
    return Found(
        JSONLD,
        title=_text(get("headline")) or _text(get("name")),
        subtitle=_text(get("alternativeHeadline")),
        description=_text(get("description")),
        authors=(*_authors(get("author"), ids), *_authors(get("creator"), ids)),
        published=_text(get("datePublished")) or _text(get("dateCreated")),
        updated=_text(get("dateModified")),
        site_name=_name(site, ids),
        publisher=_name(_resolve(get("publisher"), ids), ids),
        section=_first_text(get("articleSection")) or _breadcrumb_section(crumbs, ids),
        url=_url(get("url")) or _url(get("mainEntityOfPage"), ids),
        lang=_text(get("inLanguage")),
        tags=_keywords(get("keywords")),
        image=_image(get("image"), ids),
    )


def parse_json(text: str) -> Any:
    """The JSON value in ``text``, repaired if needed; None when it cannot be read."""
    text = _unwrapped(text)
    if not text:
        return None
    for fix in (str, _repair, lambda t: _repair(html.unescape(t))):
        try:
            return json.loads(fix(text), strict=False)
        except (ValueError, RecursionError):
            pass
    return _concatenated(_repair(text)) or _salvage(text)


# HTML comment or CDATA markers around the whole script text. Speed: the pattern is
# only run on a text that opens or closes with one (it was tried at every position).
_WRAPPER = re.compile(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$")
_WRAPPER_OPEN, _WRAPPER_CLOSE = ("<!--", "<![CDATA["), ("-->", "]]>")


def _unwrapped(text: str) -> str:
    text = text.strip()
    if text.startswith(_WRAPPER_OPEN) or text.endswith(_WRAPPER_CLOSE):
        return _WRAPPER.sub("", text).strip()
    return text


# One token of the repair scan: a string (kept), a comment or a trailing comma (dropped).
_REPAIR_TOKEN = re.compile(r'("(?:\\.|[^"\\])*")|//[^\n]*|/\*.*?\*/|,(?=\s*[}\]])', re.S)


# Last resort for JSON broken beyond repair (unbalanced or single quotes): the first
# value of each of these keys, read one by one.
SALVAGE_KEYS = (
    "@type", "headline", "alternativeHeadline", "datePublished", "dateModified",
    "dateCreated", "description", "articleSection", "inLanguage", "keywords",
)  # fmt: skip
_SALVAGE = re.compile(
    '"(' + "|".join(SALVAGE_KEYS) + r')"\s*:\s*(?:"((?:\\.|[^"\\])*)"|\'([^\']*)\')'
)


def _salvage(text: str) -> dict[str, str] | None:
    found: dict[str, str] = {}
    for m in _SALVAGE.finditer(text):
        value = m.group(2) if m.group(2) is not None else m.group(3)
        found.setdefault(m.group(1), value.replace('\\"', '"'))
    return found if "@type" in found else None


def _repair(text: str) -> str:
    """Drop comments and trailing commas outside strings."""
    return _REPAIR_TOKEN.sub(lambda m: m.group(1) or "", text)


def _concatenated(text: str) -> Any:
    """Several JSON values written one after another: a list of them, or None."""
    decoder = json.JSONDecoder(strict=False)
    values: list[Any] = []
    i = 0
    while i < len(text):
        while i < len(text) and text[i] in " \t\r\n;,":
            i += 1
        if i >= len(text):
            break
        try:
            value, i = decoder.raw_decode(text, i)
        except (ValueError, RecursionError):
            break
        values.append(value)
    return values or None


def _flatten(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    """Top-level objects, list items, ``@graph`` members and a page's ``mainEntity``
    (``{"@type": "WebPage", "mainEntity": {"@type": "NewsArticle", …}}``), depth-first."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"], depth + 1)
        if isinstance(data.get("mainEntity"), dict) and _is(data, PAGE_TYPES):
            yield from _flatten(data["mainEntity"], depth + 1)


def _types(node: Any) -> list[str]:
    if not isinstance(node, dict):
        return []
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return [v.rsplit("/", 1)[-1] for v in values if isinstance(v, str)]


def _is(node: Any, names: tuple[str, ...]) -> bool:
    return any(t in names for t in _types(node))


def _pick(nodes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The article node: best-ranked type, then the one that has a headline."""

    def rank(node: dict[str, Any]) -> tuple[int, int]:
        types = _types(node)
        best = min((ARTICLE_TYPES.index(t) for t in types if t in ARTICLE_TYPES), default=None)
        if best is None:
            best = len(ARTICLE_TYPES) if any(t.endswith("Article") for t in types) else 99
        if best == 99 and any(t in PAGE_TYPES for t in types):
            best = 50
        return best, 0 if (node.get("headline") or node.get("name")) else 1

    ranked = sorted((rank(n), i) for i, n in enumerate(nodes))
    if not ranked or ranked[0][0][0] == 99:
        return None
    return nodes[ranked[0][1]]


def _resolve(value: Any, ids: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict) and isinstance(value.get("@id"), str) and len(value) <= 2:
        return ids.get(value["@id"], value)
    return value


def _text(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    text = clean_text(value)
    if text and ("&" in text or "<" in text):
        text = clean_text(re.sub(r"<[^>]{0,200}>", " ", html.unescape(text)))
    return text


def _first_text(value: Any) -> str | None:
    """The first item of a list that is not a generic label ("ニュース", "News")."""
    if isinstance(value, list):
        texts = [t for t in (_text(v) for v in value) if t]
        return next((t for t in texts if norm(t) not in GENERIC_LABELS), None) or (
            texts[0] if texts else None
        )
    return _text(value)


def _name(node: Any, ids: dict[str, dict[str, Any]]) -> str | None:
    node = _resolve(node, ids)
    if isinstance(node, dict):
        return _text(node.get("name"))
    return _text(node)


def _authors(value: Any, ids: dict[str, dict[str, Any]]) -> Iterator[RawAuthor]:
    values = value if isinstance(value, list) else [value]
    for item in values[:20]:
        item = _resolve(item, ids)
        if isinstance(item, str):
            name = _text(item)
            if name:
                yield RawAuthor(name)
        elif isinstance(item, dict):
            name = _text(_first(item.get("name")))  # "name": ["Jane Roe"] happens too
            if not name and (item.get("givenName") or item.get("familyName")):
                name = _text(f"{item.get('givenName') or ''} {item.get('familyName') or ''}")
            if not name:
                continue
            kind = PERSON if _is(item, ("Person",)) else None
            kind = ORGANIZATION if _is(item, ORG_TYPES) else kind
            yield RawAuthor(name, kind, _url(item.get("url")))


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _url(value: Any, ids: dict[str, dict[str, Any]] | None = None) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id")
    text = _text(value)
    return text if text and "/" in text else None


def _image(value: Any, ids: dict[str, dict[str, Any]]) -> str | None:
    value = _resolve(value, ids)
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or value.get("@id")
    if isinstance(value, list):
        value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("url") or value.get("contentUrl")
    return _text(value)


def _keywords(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        items = re.split(r"\s*[,、，]\s*", value)
    elif isinstance(value, list):
        items = [v for v in value if isinstance(v, str)]
    else:
        return ()
    return tuple(t for t in (_text(i) for i in items) if t)


def _breadcrumb_section(node: Any, ids: dict[str, dict[str, Any]]) -> str | None:
    """The first level under home in a BreadcrumbList (home = position 1)."""
    if not isinstance(node, dict):
        return None
    items = node.get("itemListElement")
    if not isinstance(items, list):
        return None
    names: list[str] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        name = _text(item.get("name")) or _name(item.get("item"), ids)
        if name:
            names.append(name)
    return names[1] if len(names) > 2 else None
