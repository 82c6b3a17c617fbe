"""Merge what every source found into one :class:`Metadata`, in one documented order.

Precedence table (first source with a usable value wins; ``provenance`` says which):

=============  ===========================================================================
field          sources, best first
=============  ===========================================================================
(default)      profile > jsonld > microdata > opengraph (og:*, article:*) > twitter >
               meta (<meta name>, Dublin Core, canonical, html lang) > dom (visible page)
               > htmldate (published date only, and only when nothing else has one)
title          profile; else the visible headline (dom h1) when it is the same headline
               as a metadata title up to decoration; else jsonld > microdata > opengraph >
               twitter > meta > <title>; else the visible headline. All lose site
               suffixes and page markers (titles.py).
authors        the first source (default order) that names at least one person;
               organisations, URLs, the site and the publisher are never persons.
               When no source names a person the page shows (only an organisation,
               or a CMS account in JSON-LD), an explicit visible byline ("By …",
               文＝…, 〇〇記者, 【ソウル＝〇〇】, class byline) naming persons goes first.
published,     default order; a date without a time is completed by a lower source's
updated       time on the same day. Dates without a zone get the site's zone; an
               instant written in UTC, on a page of no known zone, the offset the page
               writes its other dates with.
site_name      opengraph (og:site_name) > meta (application-name) > jsonld (WebSite) >
               then the publisher (jsonld > microdata > opengraph > meta)
organization   the first organisation named as author (default order), else the publisher
url            meta (<link rel=canonical>) > jsonld > opengraph > microdata; a site root
               loses to any article URL; always absolute
lang           meta (html lang, content-language) > jsonld > microdata > opengraph (og:locale)
column         profile > dom (column label near the headline)
=============  ===========================================================================
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from ..model import Figure, Metadata
from .authors import People, normalise_authors
from .dates import DateMatch, parse_date
from .found import (
    DOM,
    HTMLDATE,
    JSONLD,
    META,
    MICRODATA,
    OPENGRAPH,
    PROFILE,
    TWITTER,
    Found,
    PageContext,
    absolute,
)
from .titles import GENERIC_LABELS, clean_title, norm, same_title

DEFAULT_ORDER = (PROFILE, JSONLD, MICRODATA, OPENGRAPH, TWITTER, META, DOM, HTMLDATE)
TITLE_ORDER = (JSONLD, MICRODATA, OPENGRAPH, TWITTER, META)
SITE_NAME_ORDER = (OPENGRAPH, META, JSONLD)
PUBLISHER_ORDER = (JSONLD, MICRODATA, OPENGRAPH, META)
URL_ORDER = (META, JSONLD, OPENGRAPH, MICRODATA)
LANG_ORDER = (META, JSONLD, MICRODATA, OPENGRAPH)
COLUMN_ORDER = (PROFILE, DOM)
MAX_TAGS = 30
MAX_SECTION = 60
TRUNCATED = ("…", "...", "‥")


@dataclass(frozen=True)
class Merged:
    metadata: Metadata
    provenance: dict[str, str]  # field name -> source that gave its value


def merge(found: Sequence[Found], ctx: PageContext) -> Merged:
    """One Metadata from every source's findings (see the table in the docstring)."""
    by = {f.source: f for f in found}
    prov: dict[str, str] = {}

    def pick(field: str, order: Iterable[str] = DEFAULT_ORDER) -> str | None:
        for source in order:
            value = getattr(by[source], field) if source in by else None
            if value:
                prov.setdefault(field, source)
                return value
        return None

    site_name = _name(by, "site_name", SITE_NAME_ORDER, prov)
    publisher = _name(by, "publisher", PUBLISHER_ORDER, {})
    site_name = site_name or publisher
    people = _people(by, (site_name, publisher), prov)
    organization = people.organization or publisher
    section = _section(by, prov)
    names = [n for n in (site_name, publisher, organization, section) if n]
    names += [a.name for a in people.persons]
    url = _url(by, ctx.base_url, prov)
    image, alt = pick("image"), pick("image_alt", (OPENGRAPH, TWITTER))
    image_url = absolute(image, url or ctx.base_url) if image else None
    metadata = Metadata(
        title=_title(by, names, prov),
        subtitle=pick("subtitle"),
        description=pick("description"),
        authors=people.persons,
        published=_date(by, "published", ctx, prov),
        updated=_date(by, "updated", ctx, prov),
        site_name=site_name,
        section=section,
        column=pick("column", COLUMN_ORDER),
        url=url,
        lang=_lang(pick("lang", LANG_ORDER)) or _detected_lang(ctx, prov),
        tags=_tags(by, names, prov),
        image=Figure(src=image_url, alt=alt or "") if image_url else None,
        organization=organization,
    )
    return Merged(metadata, prov)


def _name(
    by: dict[str, Found], field: str, order: Iterable[str], prov: dict[str, str]
) -> str | None:
    """A site or publisher name; URLs (article:publisher is often one) are not names."""
    for source in order:
        value = getattr(by[source], field) if source in by else None
        if value and absolute(value, None) is None and not value.startswith("www."):
            prov[field] = source
            return value
    return None


def _section(by: dict[str, Found], prov: dict[str, str]) -> str | None:
    """A short label; paths, URLs and keyword lists are not sections."""
    for source in DEFAULT_ORDER:
        value = by[source].section if source in by else None
        if value and len(value) <= MAX_SECTION and not value.startswith(("/", "http")):
            prov["section"] = source
            return value
    return None


def _people(
    by: dict[str, Found], not_persons: Iterable[str | None], prov: dict[str, str]
) -> People:
    blocked = [n for n in not_persons if n]
    found = _metadata_people(by, blocked, prov)
    dom = by.get(DOM)
    # An explicit visible byline is read only when the metadata names no person the
    # page shows (see metadata._needed); then its persons go first.
    if dom is not None and dom.byline:
        byline = normalise_authors(dom.authors, blocked)
        if byline.persons:
            prov["authors"] = f"{DOM} (byline)"
            return People(byline.persons, found.organization or byline.organization)
    return found


def _metadata_people(by: dict[str, Found], blocked: list[str], prov: dict[str, str]) -> People:
    """The persons of the first source naming one; the first organisation met."""
    organization = None
    for source in DEFAULT_ORDER:
        if source not in by or not by[source].authors:
            continue
        people = normalise_authors(by[source].authors, blocked)
        organization = organization or people.organization
        if people.persons:
            prov["authors"] = source
            return People(people.persons, organization)
    return People((), organization)


def _title(by: dict[str, Found], names: list[str], prov: dict[str, str]) -> str | None:
    if PROFILE in by and by[PROFILE].title:
        prov["title"] = PROFILE
        return clean_title(by[PROFILE].title, names)
    candidates = [
        (s, clean_title(by[s].title, names)) for s in TITLE_ORDER if s in by and by[s].title
    ]
    dom = by.get(DOM)
    if dom is not None and dom.title:
        candidates.append((DOM, clean_title(dom.title, names, aggressive=True)))
    titles = [(s, t) for s, t in candidates if t]
    for headline in dom.headlines if dom is not None else ():
        for source, text in titles:
            if same_title(headline, text):
                prov["title"] = f"{DOM} (h1, same as {source})"
                visible = clean_title(headline)
                return (
                    text if headline.endswith(TRUNCATED) and len(text) > len(headline) else visible
                )
    if titles:
        prov["title"] = titles[0][0]
        return titles[0][1]
    if dom is not None and dom.headlines:
        prov["title"] = f"{DOM} (h1)"
        return clean_title(dom.headlines[0])
    return None


def _date(
    by: dict[str, Found], field: str, ctx: PageContext, prov: dict[str, str]
) -> datetime | None:
    first = None
    for source in DEFAULT_ORDER:
        f = by.get(source)
        text = getattr(f, field) if f is not None else None
        if not text:
            continue
        match = parse_date(text, ctx.tz, f.date_format if f is not None else None)
        if match is None:
            continue
        if first is None:
            first = match
            prov[field] = source
            if match.has_time:
                return _in_page_zone(match, by, ctx)
        elif match.has_time and match.value.astimezone(ctx.tz).date() == first.value.date():
            prov[field] = f"{prov[field]} + {source} (time)"
            return _in_page_zone(match, by, ctx)
    return first.value if first is not None else None


# An instant written in UTC: "…T22:04:00Z", "+00:00", "GMT".
_UTC_STAMP = re.compile(r"(?:Z|[+-]00:?00|UTC|GMT)$", re.I)


def _in_page_zone(match: DateMatch, by: dict[str, Found], ctx: PageContext) -> datetime:
    """An instant written in UTC, on a page with no known zone, in the offset the page
    writes its other dates with (a JSON-LD ``…T22:04:00Z`` is the next day in Europe,
    where ``article:modified_time`` says ``+01:00``): the page's own day."""
    if ctx.tz is not UTC or not _UTC_STAMP.search(match.text):
        return match.value
    for source in DEFAULT_ORDER:
        f = by.get(source)
        for text in (f.published, f.updated) if f is not None else ():
            other = parse_date(text, UTC)  # an offset other than zero was written
            if other is not None and other.has_time and other.value.utcoffset():
                return match.value.astimezone(other.value.tzinfo)
    return match.value


def _url(by: dict[str, Found], base: str | None, prov: dict[str, str]) -> str | None:
    fallback = None
    for source in URL_ORDER:
        value = absolute(by[source].url, base) if source in by else None
        if not value or not value.startswith("http"):
            continue
        try:
            has_path = bool(urlsplit(value).path.strip("/"))
        except ValueError:  # e.g. "http://[x/a": not a URL at all
            continue
        if has_path:
            prov["url"] = source
            return value
        if fallback is None:
            fallback = (source, value)
    if fallback:
        prov["url"] = fallback[0]
        return fallback[1]
    return None


def _detected_lang(ctx: PageContext, prov: dict[str, str]) -> str | None:
    """ "ja" for a page whose text is Japanese but that declares no language."""
    if ctx.japanese:
        prov["lang"] = f"{DOM} (text)"
        return "ja"
    return None


def _lang(value: str | None) -> str | None:
    if not value:
        return None
    value = value.replace("_", "-").split(",")[0].strip()
    return value if 1 < len(value) <= 20 else None


def _tags(by: dict[str, Found], names: list[str], prov: dict[str, str]) -> tuple[str, ...]:
    sites = [k for k in (norm(n) for n in names[:3]) if k]
    for source in DEFAULT_ORDER:
        if source not in by or not by[source].tags:
            continue
        seen: set[str] = set(GENERIC_LABELS)
        tags = []
        for tag in by[source].tags:
            key = norm(tag)
            if key and key not in seen and not any(key in s for s in sites) and len(tag) <= 60:
                seen.add(key)
                tags.append(tag)
        if tags:
            prov["tags"] = source
            return tuple(tags[:MAX_TAGS])
    return ()
