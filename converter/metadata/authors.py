"""Author names: persons apart from organisations, cleaned, split and deduplicated.

A URL (a Facebook or Twitter page), the site's own name, the publisher or anything
that reads like an organisation (a news agency: ``共同``, ``Reuters``) is not a person.
Prefixes (``By``, ``文＝``, ``著者：``), a place before a Japanese name (``ワシントン＝``)
and role words (``記者``, ``編集委員・``, ``Staff Writer``) are removed; the role is kept,
a kana reading in brackets becomes the reading. Page furniture (``Share``), CMS
accounts (``webnata``) and phrases are neither persons nor organisations.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import NamedTuple

from ..model import Author
from .dates import find_dates, normalised
from .found import ORGANIZATION, RawAuthor
from .titles import norm

# Byline prefixes, removed from the start of a name.
PREFIX = re.compile(
    r"^\s*(?:(?:written|posted|story|text|words|reporting|report|photos?|published)\s+)?by[:\s]+"
    # "Analysis by", "Commentary by", "Words and pictures by": a kind of piece, then by
    r"|^\s*(?:[A-Za-z][a-z-]*\s+){1,3}by\s+(?=[A-Z\u3040-\u30ff\u4e00-\u9fff])"
    r"|^\s*(?:por|texto|текст|автор)\s*[:\s]\s*"
    # "Von Hans Müller", "Par Jean Dupont": "by" in German, French, Dutch, Swedish (a
    # name must follow, so "Von Miller" alone stays a name)
    r"|^\s*(?:von|par|door|av)\s+(?=\S+\s+\S)"
    # "Text: Jane Doe", "Words: Jane Doe", "Reporter: Jane Doe"
    r"|^\s*(?:text|words|story|reporting|reporter|interview|photos?|author|writer)\s*:\s*"
    r"|^\s*(?:この)?記事を書いた人\s*"
    # 文＝, 取材・文：, 文・写真＝, 聞き手・, 構成・: the longest label first
    r"|^\s*(?:取材・)?(?:写真・文|文・写真|文と写真|聞き手|構成|撮影|写真|翻訳|監修|寄稿|"
    r"文|著者|筆者|執筆|記者|ライター|カメラマン|author|writer)\s*[=＝:：・/／]\s*",
    re.I,
)
# Japanese credits: a role written before the name with a mark (文＝, 取材・文：, 構成／,
# 文●, 作者：) or, before a later name, after a space ("作者： A 翻訳者 B"); the longest
# label first. Each credit gives its names that role.
JA_ROLE_LABEL = (
    r"取材・文|取材・構成|写真・文|文・写真|文と写真|聞き手|構成|撮影|写真|翻訳者|翻訳|訳者|監訳|"
    r"監修|寄稿|作者|著者|筆者|執筆|イラスト|文"
)
JA_CREDIT = re.compile(
    rf"(?:^|(?<=[\s、，,]))(?P<role>{JA_ROLE_LABEL})(?:\s*[=＝:：/／●・]\s*|\s+(?=\S))"
)
# A book's credits, the role after the name: "山田太郎 著、鈴木花子 監訳、佐藤一郎 訳".
JA_ROLE_AFTER = re.compile(r"\s+(?P<role>編著|著|監訳|訳|編|監修|作|絵|文|写真)$")
# "オカモト／ASCII編集部": the writer, then the organisation after a slash.
JA_ORG_TAIL = re.compile(r"\s*[／/]\s*(?P<org>[^／/]+)$")
# A Japanese role written before the name: "編集委員・大久保真紀", "論説委員　山田太郎".
ROLE_PREFIX = re.compile(
    r"^\s*(?P<role>編集委員|論説委員|解説委員|専門記者|特派員|記者|コラムニスト|ジャーナリスト)"
    r"\s*[・:：\s]\s*(?=\S)"
)
# A place or desk before a Japanese name: "ワシントン＝望月洋嗣", "ワシントン支局 山田太郎".
# (A desk is a named one: "政治部 山田太郎", while "阿部 太郎" is a surname and a name.)
JA_PLACE_PREFIX = re.compile(
    r"^\s*[^=＝\s]{1,15}(?:=|＝|(?:支局|総局|本社|通信部)\s+)(?=\S)"
    r"|^\s*(?:政治|経済|社会|運動|文化|国際|外信|外報|科学|生活|写真|報道|地方|特別報道)部"
    r"\s*[・\s]\s*(?=\S)"
)
# A bracketed tail: a kana reading "山田太郎（やまだ・たろう）", an agency "(Reuters)", a role.
PAREN_TAIL = re.compile(r"\s*[(（](?P<inner>[^()（）]{1,40})[)）]\s*$")
KANA_READING = re.compile(r"^[\u3040-\u30ff・\s　]+$")
# "Jane Doe for The Guardian", "Jane Doe in Washington": the writer, then the outlet or
# the place she writes from.
FOR_OUTLET = re.compile(r"^(?P<name>.+?)\s+for\s+(?P<org>(?:the\s+)?[A-Z].*)$")
IN_PLACE = re.compile(r"^(?P<name>.+?)\s+(?:in|from)\s+(?:[A-Z][\w.-]*\s*){1,3}$")
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
# "Meg James Staff Writer", "Michael Hiltzik Business Columnist": a role glued after
# the name without a comma (kept apart by separate elements in the page).
ROLE_AFTER_NAME = re.compile(
    r"(?<=\w)\s+(?P<role>(?:(?:staff|senior|chief|deputy|managing|executive|associate|"
    r"contributing|special|foreign|national|political|business|sports?|science|health|"
    r"tech(?:nology)?)\s+)*(?:writer|reporter|correspondent|editor|columnist|"
    r"contributor|journalist|photographer)s?)$",
    re.I,
)
# Noise after a name in a byline: "| 3 min read", "Updated …", an e-mail, "on Monday".
TRAILING_NOISE = re.compile(
    r"\s*(?:[|｜•·]|\bupdated\b|\bpublished\b|\S+@\S+|(?:\d+\s*)?\bmin read\b"
    r"|\b(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
    # "Reporting by Jane Doe; Editing by John Roe": editors are not the writers
    r"|[;.]\s*(?:additional\s+)?(?:editing|edited|writing|reporting)\s+by\b).*$",
    re.I,
)
# "A and B / Yomiuri Shimbun Staff Writers", "Tim Childers - Live Science Contributor":
# a desk or role after a spaced slash, bar or dash (a date there is noise).
DESK_TAIL = re.compile(r"\s+[/／|｜\-–—]\s+(?P<tail>.+)$")
ROLE_WORD = re.compile(
    r"\b(?:writer|reporter|correspondent|editor|columnist|contributor|journalist|"
    r"photographer|producer|analyst|critic)s?\b|記者|特派員|編集委員",
    re.I,
)
# What a date cut leaves at the end ("Rachael Link on"), and social handles after a
# name ("Catherine Shu @catherineshu").
DANGLING_WORD = re.compile(r"\s+(?:on|at)$")  # lower case only: "Tran Le" keeps Le
HANDLE = re.compile(r"\s*@\w+")
# A news agency credited after the writer's name: "Tom Davies Associated Press".
AGENCY_SUFFIX = re.compile(
    r"\s*[,/|-]?\s*(?:the\s+)?(?:associated press|reuters|afp|ap|bloomberg|kyodo|jiji|"
    r"共同通信|共同|時事通信|時事)$",
    re.I,
)
# Words that make a name an organisation (news agencies, desks, companies, sites).
ORG_WORDS = re.compile(
    r"新聞|通信|編集部|編集局|報道部|取材班|放送|テレビ|株式会社|デジタル|オンライン|ニュース|"
    # offices, associations, institutes, publishers and periodicals
    r"事務所|法人|協会|財団|研究所|委員会|組合|機構|出版|日刊|週刊|月刊|"
    # news agencies as Japanese papers credit them (【ワシントン＝共同】), desks
    r"共同|時事|ロイター|新華社|聯合|ブルームバーグ|支局|総局|本社|特約|"
    r"\b(?:staff|desk|newsroom|editors|editorial|team|bureau|agency|press|news|media|"
    r"magazine|times|post|journal|online|digital|inc|ltd|llc|corp|group|reuters|"
    r"associated|afp|ap|bloomberg|wire|tribune|herald|daily|weekly|"
    r"sports?|business|international|network|ministry|ministries|department)\b|\.com\b"
    # institutions and newsrooms in other languages, by stem: Universidade, Institut,
    # Secretaria, Prefeitura, Coordenadoria, Redação, Rédaction, Redaktion, Agência
    r"|\b(?:universi|institu|associa[tcç]|foundation|funda[cç]|council|society|secretar|"
    r"prefeitur|coordena|minist[eé]r|departament|reda[cç]|rédac|redaktion|ag[eê]nci|agence)\w*",
    re.I,
)
# A single all-capitals word is an acronym or a call sign (CNN, KWCHCIK), not a person.
ACRONYM = re.compile(r"^[A-Z&]{2,10}$")
# A role without a name ("Associate Editor", "Staff Writers"): neither person nor org.
ROLE_ONLY = re.compile(
    r"^(?:[\w-]+\s+){0,2}(?:writer|reporter|correspondent|editor|columnist|contributor|"
    r"journalist|photographer)s?$",
    re.I,
)
# A single lower-case word is a CMS account or a handle ("webnata", "kei_eno"): neither
# a person's name as bylines print it nor an organisation.
ACCOUNT = re.compile(r"^[a-z0-9_.-]+$")
# A site's domain after the name: "Troy L. Smith, Cleveland.com".
DOMAIN_SUFFIX = re.compile(r"\s*[,|/-]\s*[\w-]+\.(?:com|net|org|co\.uk|co\.jp|jp|in)$", re.I)
# Account names that are neither a person nor an organisation (compared as norm()).
NOT_A_NAME = frozenset(
    norm(word)
    for word in {
        "admin",
        "administrator",
        "editor",
        "webmaster",
        "guest",
        "user",
        "anonymous",
        "unknown",
    }
    # page furniture a byline search can pick up: share and follow buttons, labels
    | {"share", "follow", "contact", "subscribe", "print", "email", "e-mail", "comments"}
    | {"facebook", "twitter", "x", "linkedin", "instagram", "whatsapp", "youtube", "rss"}
    | {"author", "authors", "by", "guest author", "guest post", "staff writer", "contributor"}
    # credentials written after a name: "Ilana Muhlstein, MS, RDN"
    | {"ms", "rdn", "rd", "phd", "md", "mba", "rn", "ma", "msc", "bsc", "jd", "cpa", "mph"}
)
# Lower-case words an organisation's name may hold ("Ministry of Health", "Fox and Friends").
ORG_CONNECTORS = frozenset({"of", "the", "and", "for", "on", "&", "de", "du", "la", "y"})
# Lower-case words a Latin-script person's name may hold ("Ludwig van Beethoven");
# any other lower-case word, or a leading "The", makes the text a phrase or a brand.
NAME_PARTICLES = frozenset(
    {"de", "da", "del", "della", "der", "den", "di", "do", "dos", "das", "du", "la", "le"}
    | {"van", "von", "ter", "ten", "bin", "binti", "bint", "al", "el", "y", "e", "st"}
)
NOT_NAME_START = frozenset({"the", "a", "an", "our", "your", "this"})
# "Victor Tangermann, Futurism", "Finian Cunningham. Sputnik International": a
# writer's affiliation after a comma or a sentence stop (not after an initial "L.").
AFFILIATION = re.compile(r"^(?P<name>.+?[^\s.]{2})(?:\.|\s*,)\s+(?P<org>[^,]+)$")
# Words that do not make a site's name distinctive ("The Beachbody Blog" -> Beachbody).
SITE_NAME_FILLER = frozenset(
    {"the", "blog", "news", "online", "magazine", "digital", "official", "site", "website"}
)
SITE_NAME_SEPARATOR = re.compile(r"\s+[|｜:：–—-]\s+|\s*[|｜]\s*")
URL = re.compile(r"^(?:https?:|www\.|//)|\.(?:com|net|org|jp)/|^@\w+$", re.I)
# Splitting a list of names: "A and B", "A & B", "A, B", "A、B", "A・B" (kanji names).
LIST_SEPARATOR = re.compile(r"\s*(?:,\s*and\s+|\band\s+|&|,|、|，|;)\s*", re.I)
KANJI_NAME = re.compile(r"^[\u4e00-\u9fff々]{2,6}$")
LATIN_NAME = re.compile(r"^[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4}$")
MAX_NAME, MAX_WORDS = 60, 6
# Longer than this, or with a clause stop inside, a "name" is a sentence: dropped, not
# taken for an organisation ("By the afternoon a ferry service ran …").
MAX_PHRASE_WORDS = 10
SENTENCE_STOP = re.compile(r"[,;:]\s+\w+\s+\w+.*[.!?]$|[。！？]$")
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
    sites = _site_cores(known)
    persons: list[Author] = []
    seen: set[str] = set()
    organization = None
    for item in raw:
        for name, role, affiliation, reading in _names(item.name, known):
            key = norm(name)
            if not key or key in seen or _not_a_name(name, key):
                continue
            declared = affiliation or item.kind == ORGANIZATION or key in blocked
            if declared or _names_site(name, sites) or not _person_like(name):
                if declared or _org_like(name):  # "Share this article" is neither
                    organization = organization or name
                continue
            seen.add(key)
            persons.append(Author(name=name, role=role, reading=reading))
    return People(tuple(persons), organization)


class _Part(NamedTuple):
    name: str
    role: str | None
    affiliation: bool  # the name is the writer's organisation
    reading: str | None = None


def _names(text: str, known: list[str]) -> list[_Part]:
    """Clean one raw byline into names with their role; URLs give nothing."""
    text = text.strip()
    if _has_fullwidth(text):  # full-width Latin letters, digits and ＝ read as ASCII
        text = unicodedata.normalize("NFKC", text)
    if not text or URL.search(text):
        return []
    credits = _ja_credits(text) if _CJK.search(text) else None
    if credits:
        return [
            part._replace(role=part.role or role) if not part.affiliation else part
            for role, chunk in credits
            for part in _names(chunk, known)
        ]
    text = PREFIX.sub("", text)
    dates = find_dates(text, UTC)
    if dates:
        text = normalised(text)[: dates[0].start]
    text = HANDLE.sub("", TRAILING_NOISE.sub("", text))
    text, reading, paren_role, paren_org = _split_paren(text.strip())
    text = DANGLING_WORD.sub("", text.strip(" 　,、:：-–—()（）【】[]/／")).strip(" ,")
    text, desk_role, desk = _split_desk(text)
    text, outlet = _split_outlet(_strip_known_suffix(text, known))
    text, affiliation = _split_affiliation(text)
    affiliation = affiliation or desk or outlet or paren_org
    if _CJK.search(text):  # a desk or place before everyone: "社会部・A、B"
        text = JA_PLACE_PREFIX.sub("", text)
    prefix = ROLE_PREFIX.match(text) if _CJK.search(text) else None
    role = desk_role or paren_role or (prefix.group("role") if prefix else None)
    parts = _split(text[prefix.end() :] if prefix else text) if text else []
    out = [_part(p, role, reading if len(parts) == 1 else None) for p in parts]
    out = [p for p in out if p.name]
    if len(out) > 1 and out[-1].role and not any(p.role for p in out[:-1]) and _CJK.search(text):
        out = [p._replace(role=out[-1].role) for p in out]  # 山田太郎、鈴木一郎記者: both
    if affiliation:
        out.append(_Part(affiliation, None, True))
    return out


def _ja_credits(text: str) -> list[tuple[str | None, str]] | None:
    """(role, names) for each credit of a Japanese credit line (see JA_CREDIT), or None
    when it names no role before a name; an organisation after a slash is its own."""
    labels = list(JA_CREDIT.finditer(text))
    if not labels:
        return None
    credits: list[tuple[str | None, str]] = []
    head = text[: labels[0].start()].strip(" 　、，,")
    if head:
        credits.append((None, head))
    ends = [m.start() for m in labels[1:]] + [len(text)]
    for m, end in zip(labels, ends, strict=True):
        chunk = text[m.end() : end].strip(" 　、，,")
        org = JA_ORG_TAIL.search(chunk)
        if org and org.start() and ORG_WORDS.search(org.group("org")):
            credits += [(m.group("role"), chunk[: org.start()]), (None, org.group("org"))]
        elif chunk:
            credits.append((m.group("role"), chunk))
    return credits


def _part(part: str, role: str | None, reading: str | None) -> _Part:
    """One name with the role written around it ("松岡大地記者", "編集委員・大久保真紀")."""
    m = ROLE_AFTER_COMMA.search(part) or ROLE_SUFFIX.search(part)
    m = m or (JA_ROLE_AFTER.search(part) if _CJK.search(part) else None)
    m = m or (ROLE_AFTER_NAME.search(part) if len(part.split()) > 2 else None)
    if m and m.start() > 0:
        role = m.group("role").strip()
        part = part[: m.start()].strip()
    part = PREFIX.sub("", part).strip(" 　,、")
    if _CJK.search(part):
        part = JA_PLACE_PREFIX.sub("", part)
    if part.isupper() and part.isascii() and " " in part:
        part = part.title()  # "TOM KRISHER" -> "Tom Krisher"; "CNN" stays
    return _Part(_once(part), role, False, reading)


def _once(name: str) -> str:
    """ "Jane Doe Jane Doe" (a link's text beside the same name) -> "Jane Doe"."""
    words = name.split()
    half = len(words) // 2
    return " ".join(words[:half]) if half and words[:half] == words[half:] else name


def _split_paren(text: str) -> tuple[str, str | None, str | None, str | None]:
    """(text, reading, role, organisation) from a bracketed tail.

    "山田太郎（やまだ・たろう）" gives the kana reading, "Jane Doe (Reuters)" the agency,
    "Jane Doe (Staff Writer)" the role; anything else in brackets is dropped.
    """
    m = PAREN_TAIL.search(text)
    if not m or not m.start():
        return text, None, None, None
    head, inner = text[: m.start()].strip(), m.group("inner").strip()
    if ROLE_WORD.search(inner) or ROLE_SUFFIX.search(inner):
        return head, None, inner, None  # "（ジャーナリスト）" is a role, not a reading
    if KANA_READING.match(inner) and _CJK.search(head):
        return head, inner.replace(" ", "").replace("　", ""), None, None
    latin_org = not _CJK.search(inner) and _org_like(inner)
    if ORG_WORDS.search(inner) or ACRONYM.match(inner) or latin_org:
        return head, None, None, inner
    return head, None, None, None  # an age "（45）", a place


def _split_outlet(text: str) -> tuple[str, str | None]:
    """("Jane Doe", "The Guardian") from "Jane Doe for The Guardian"; a place goes."""
    m = FOR_OUTLET.match(text)
    if m and _all_names(m.group("name")):
        return m.group("name"), m.group("org")
    m = IN_PLACE.match(text)
    if m and _all_names(m.group("name")):
        return m.group("name"), None
    return text, None


def _all_names(text: str) -> bool:
    return all(_looks_like_name(p) for p in LIST_SEPARATOR.split(text) if p)


def _split_desk(text: str) -> tuple[str, str | None, str | None]:
    """(names, role, organisation) from "A and B / Yomiuri Shimbun Staff Writers".

    A tail with a role word is everyone's role; one that reads like an organisation is
    the organisation; a date or anything else is dropped only when it starts with a digit.
    """
    m = DESK_TAIL.search(text)
    if not m or not m.start():
        return text, None, None
    head, tail = text[: m.start()].strip(), m.group("tail").strip()
    if ROLE_WORD.search(tail):
        return head, tail, None
    if ORG_WORDS.search(tail):
        return head, None, tail
    if tail[:1].isdigit():
        return head, None, None
    return text, None, None


def _split_affiliation(text: str) -> tuple[str, str | None]:
    """("Victor Tangermann", "Futurism") from "Victor Tangermann, Futurism".

    The tail is an affiliation when it is one word after a name of several words, or
    reads like an organisation; "Smith, John" and "A, B and C" stay whole.
    """
    m = AFFILIATION.match(text)
    if not m or ROLE_AFTER_COMMA.search(text):
        return text, None
    name, org = m.group("name").strip(), m.group("org").strip()
    if LIST_SEPARATOR.search(name) or LIST_SEPARATOR.search(org) or not LATIN_NAME.match(name):
        return text, None
    one_word_tail = len(org.split()) == 1 and len(name.split()) > 1 and org[:1].isupper()
    if one_word_tail and org.lower() in NOT_A_NAME:
        return text, None  # "Ilana Muhlstein, MS": a credential, dropped later
    if one_word_tail or ORG_WORDS.search(org) or ACRONYM.match(org.split()[0]):
        return name, org
    return text, None


def _site_cores(known: list[str]) -> tuple[set[str], set[str]]:
    """The site's and publisher's names, each part on its own: (cores, whole names).

    Cores drop filler words ("The Beachbody Blog" -> beachbody); whole names drop only a
    leading "The" ("The Telegraph" -> telegraph). "A | B" gives A and B separately.
    """
    cores, wholes = set(), set()
    for name in known:
        for part in SITE_NAME_SEPARATOR.split(name):
            words = part.split()
            cores.add(norm(" ".join(w for w in words if w.lower() not in SITE_NAME_FILLER)))
            wholes.add(norm(" ".join(words[1:] if words[:1] == ["The"] else words)))
    return cores - {""}, wholes - {""}


def _names_site(name: str, sites: tuple[set[str], set[str]]) -> bool:
    """Is ``name`` the site ("Beachbody") or one of its desks ("Telegraph Sport")?

    A desk starts with the site's whole name: "Fox Butterfield" is no desk of Fox News.
    """
    cores, wholes = sites
    if norm(name) in cores:
        return True
    words = name.split()
    return any(norm(" ".join(words[:j])) in wholes for j in range(1, len(words)))


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


def _sentence(text: str) -> bool:
    """Too long or punctuated for any name, of a person or an organisation."""
    return len(text.split()) > MAX_PHRASE_WORDS or bool(SENTENCE_STOP.search(text))


def _not_a_name(name: str, key: str) -> bool:
    """Furniture, an account, a bare role or a sentence: neither person nor organisation."""
    return (
        key in NOT_A_NAME or bool(ACCOUNT.match(name) or ROLE_ONLY.match(name)) or _sentence(name)
    )


def _org_like(name: str) -> bool:
    """Reads like an organisation: an organisation word, an acronym, CJK text, or every
    word capitalised but connectors ("Ministry of Health"), not a phrase ("Read more")."""
    if name.endswith((".", "!", "?")) and len(name.split()) > 3:
        return False  # "Jane Doe is a reporter at the Daily Planet."
    if ORG_WORDS.search(name) or ACRONYM.match(name) or _CJK.search(name):
        return True
    words = name.split()
    return bool(words) and all(w[:1].isupper() or w.lower() in ORG_CONNECTORS for w in words)


def _person_like(name: str) -> bool:
    if len(name) > MAX_NAME or len(name.split()) > MAX_WORDS or any(c.isdigit() for c in name):
        return False
    if ACRONYM.match(name):
        return False  # CNN, PTI, RT: agencies and channels
    if _CJK.search(name) and (len(name) > MAX_CJK_NAME or _CJK_PUNCT.search(name)):
        return False
    return not ORG_WORDS.search(name) and _name_shaped(name)


def _name_shaped(name: str) -> bool:
    """A name of several words has no lower-case words but particles, no leading "The"."""
    words = name.split()
    if len(words) < 2:
        return True
    if words[0].lower() in NOT_NAME_START:
        return False
    return all(not w[0].islower() or w in NAME_PARTICLES for w in words)


def _has_fullwidth(text: str) -> bool:
    return any(0xFF01 <= ord(c) <= 0xFF5E for c in text)
