"""Author names: persons apart from organisations, cleaned, split and deduplicated.

A URL (a Facebook or Twitter page), the site's own name, the publisher or anything
that reads like an organisation is not a person. Prefixes (``By``, ``文＝``, ``著者：``)
and trailing role words (``記者``, ``Staff Writer``) are removed; the role is kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC

from ..model import Author
from .dates import find_dates, normalised
from .found import ORGANIZATION, RawAuthor
from .titles import norm

# Byline prefixes, removed from the start of a name.
PREFIX = re.compile(
    r"^\s*(?:(?:written|posted|story|text|words|reporting|report|photos?|published)\s+)?by[:\s]+"
    r"|^\s*(?:por|texto|текст|автор)\s*[:\s]\s*"
    r"|^\s*(?:この)?記事を書いた人\s*"
    r"|^\s*(?:取材・)?(?:文|著者|筆者|執筆|記者|寄稿|写真・文|文・写真|構成|author|writer)\s*[=＝:：・/／]\s*",
    re.I,
)
# Trailing role words: "松岡大地記者" → name 松岡大地, role 記者.
ROLE_SUFFIX = re.compile(
    r"\s*(?P<role>特派員|支局長|編集委員|論説委員|解説委員|専門記者|記者|客員研究員|研究員|"
    r"編集長|副編集長|コラムニスト|ジャーナリスト|ライター|准教授|教授)\s*$"
)
# ", Staff Writer", ", AP Auto Writer": a role after the name.
ROLE_AFTER_COMMA = re.compile(
    r",\s*(?P<role>(?:[\w.&'’-]+\s+){0,3}"
    r"(?:writer|reporter|correspondent|editor|columnist|contributor|journalist|"
    r"photographer|producer|analyst|critic)s?\b.*)$",
    re.I,
)
# Noise after a name in a byline: "| 3 min read", "Updated …", an e-mail, "on Monday".
TRAILING_NOISE = re.compile(
    r"\s*(?:[|｜•·]|\bupdated\b|\bpublished\b|\S+@\S+|\bmin read\b"
    r"|\b(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b).*$",
    re.I,
)
# A news agency credited after the writer's name: "Tom Davies Associated Press".
AGENCY_SUFFIX = re.compile(
    r"\s*[,/|-]?\s*(?:the\s+)?(?:associated press|reuters|afp|ap|bloomberg|kyodo|jiji|"
    r"共同通信|共同|時事通信|時事)$",
    re.I,
)
# Words that make a name an organisation (news agencies, desks, companies, sites).
ORG_WORDS = re.compile(
    r"新聞|通信|編集部|編集局|報道部|取材班|放送|テレビ|株式会社|デジタル|オンライン|ニュース|"
    r"\b(?:staff|desk|newsroom|editors|editorial|team|bureau|agency|press|news|media|"
    r"magazine|times|post|journal|online|digital|inc|ltd|llc|corp|group|reuters|"
    r"associated|afp|ap|bloomberg|wire|tribune|herald|daily|weekly)\b|\.com\b",
    re.I,
)
# A single all-capitals word is an acronym, not a person.
ACRONYM = re.compile(r"^[A-Z&]{2,6}$")
# A site's domain after the name: "Troy L. Smith, Cleveland.com".
DOMAIN_SUFFIX = re.compile(r"\s*[,|/-]\s*[\w-]+\.(?:com|net|org|co\.uk|co\.jp|jp|in)$", re.I)
# Account names that are neither a person nor an organisation.
NOT_A_NAME = frozenset(
    {"admin", "administrator", "editor", "webmaster", "guest", "user", "anonymous", "unknown"}
    # credentials written after a name: "Ilana Muhlstein, MS, RDN"
    | {"ms", "rdn", "rd", "phd", "md", "mba", "rn", "ma", "msc", "bsc", "jd", "cpa", "mph"}
)
URL = re.compile(r"^(?:https?:|www\.|//)|\.(?:com|net|org|jp)/|^@\w+$", re.I)
# Splitting a list of names: "A and B", "A & B", "A, B", "A、B", "A・B" (kanji names).
LIST_SEPARATOR = re.compile(r"\s*(?:,\s*and\s+|\band\s+|&|,|、|，|;)\s*", re.I)
KANJI_NAME = re.compile(r"^[\u4e00-\u9fff々]{2,6}$")
LATIN_NAME = re.compile(r"^[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4}$")
MAX_NAME, MAX_WORDS = 60, 6
# A Japanese/Chinese name is short and has no sentence punctuation.
MAX_CJK_NAME = 20
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_CJK_PUNCT = re.compile(r"[、。，！？「」『』]")


@dataclass(frozen=True)
class People:
    """Normalised authors: persons, and the first organisation met."""

    persons: tuple[Author, ...]
    organization: str | None


def normalise_authors(raw: Iterable[RawAuthor], not_persons: Iterable[str] = ()) -> People:
    """Persons from ``raw`` (cleaned, split, deduplicated) and the first organisation.

    ``not_persons`` are names known to be the site or the publisher.
    """
    known = [n for n in not_persons if n]
    blocked = {k for k in (norm(n) for n in known) if k}
    persons: list[Author] = []
    seen: set[str] = set()
    organization = None
    for item in raw:
        for name, role in _names(item.name, known):
            key = norm(name)
            if not key or key in seen or key in NOT_A_NAME:
                continue
            if item.kind == ORGANIZATION or key in blocked or not _person_like(name):
                organization = organization or name
                continue
            seen.add(key)
            persons.append(Author(name=name, role=role))
    return People(tuple(persons), organization)


def _names(text: str, known: list[str]) -> list[tuple[str, str | None]]:
    """Clean one raw byline into (name, role) pairs; URLs give nothing."""
    text = text.strip()
    if _has_fullwidth(text):  # full-width Latin letters, digits and ＝ read as ASCII
        text = unicodedata.normalize("NFKC", text)
    if not text or URL.search(text):
        return []
    text = PREFIX.sub("", text)
    dates = find_dates(text, UTC)
    if dates:
        text = normalised(text)[: dates[0].start]
    text = TRAILING_NOISE.sub("", text).strip(" 　,、:：-–—()（）【】[]")
    text = _strip_known_suffix(text, known)
    out = []
    for part in _split(text) if text else []:
        role = None
        m = ROLE_AFTER_COMMA.search(part) or ROLE_SUFFIX.search(part)
        if m and m.start() > 0:
            role = m.group("role").strip()
            part = part[: m.start()].strip()
        part = PREFIX.sub("", part).strip(" 　,、")
        if part.isupper() and part.isascii() and " " in part:
            part = part.title()  # "TOM KRISHER" -> "Tom Krisher"; "CNN" stays
        if part:
            out.append((part, role))
    return out


def _strip_known_suffix(text: str, known: list[str]) -> str:
    """Drop a trailing agency or site name glued to the writer's name."""
    for name in known:
        if len(text) > len(name) + 2 and text.lower().endswith(name.lower()):
            text = text[: -len(name)].rstrip(" ,/|-")
    stripped = AGENCY_SUFFIX.sub("", DOMAIN_SUFFIX.sub("", text))
    return stripped if stripped.strip() else text


def _split(text: str) -> list[str]:
    """Split a list of people; keep the text whole when the parts are not all names."""
    if ROLE_AFTER_COMMA.search(text):
        head, _, _ = text.partition(",")
        if not LIST_SEPARATOR.search(head):
            return [text]
    parts = [p for p in LIST_SEPARATOR.split(text) if p]
    if len(parts) > 1 and all(_looks_like_name(p) for p in parts):
        return parts
    dotted = text.split("・")
    if len(dotted) > 1 and all(KANJI_NAME.match(p.replace(" ", "")) for p in dotted):
        return dotted
    return [text]


def _looks_like_name(part: str) -> bool:
    part = part.strip()
    if not part or ORG_WORDS.search(part):
        return False
    return bool(LATIN_NAME.match(part) or KANJI_NAME.match(part.replace(" ", "").replace("　", "")))


def _person_like(name: str) -> bool:
    if len(name) > MAX_NAME or len(name.split()) > MAX_WORDS or any(c.isdigit() for c in name):
        return False
    if ACRONYM.match(name):
        return False  # CNN, PTI, RT: agencies and channels
    if _CJK.search(name) and (len(name) > MAX_CJK_NAME or _CJK_PUNCT.search(name)):
        return False
    return not ORG_WORDS.search(name)


def _has_fullwidth(text: str) -> bool:
    return any(0xFF01 <= ord(c) <= 0xFF5E for c in text)
