"""Dates as pages write them, English and Japanese, into tz-aware datetimes.

Text is NFKC-normalised first, so full-width digits, parentheses and colons
(``２０２５年４月１１日（金）``) read like their ASCII forms. A date without a zone
gets the site's zone, passed in by the caller. Never raises on bad input.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Plausible publication years: rejects phone numbers, prices and IDs that look like dates.
MIN_YEAR, MAX_YEAR = 1990, 2100

# Japanese eras still met in dates (year 1 of 令和 = 2019). 元 means year 1.
ERA_START = {"令和": 2018, "平成": 1988}

_WEEKDAY = r"(?:\s*\(\s*[月火水木金土日](?:曜日?)?\s*\))?"
_TIME = (
    # the time's lead-in: "at", German "um", French "à", Spanish "a las", Italian "alle"...
    r"(?:\s*(?:T|at|um|à|a\s+las|alle|om|kl\.?|,|-|–|·|\||@)?\s*(?P<ampm1>午前|午後|am|pm)?\s*"
    r"(?P<hour>\d{1,2})\s*(?:[:時h]\s*(?P<minute>\d{2})\s*分?(?::(?P<second>\d{2})(?:[.,]\d+)?|\s*\d{1,2}秒)?"
    r"|(?=\s*[ap]\.?m\b))"
    r"\s*(?P<ampm2>[ap]\.?m\.?(?![a-z]))?)?"
)
_ZONE = (
    r"(?:\s*(?P<zone>Z|[+-]\d{2}:?\d{2}|[+-]\d{2}(?![\d:])"
    r"|UTC|GMT|[ECMP][SD]?T|JST|KST|BST|CES?T|IST|AES?T)(?![a-z]))?"
)

# Month names and their usual abbreviations, by month: English, German, French, Spanish,
# Italian, Dutch, Portuguese and the Nordic languages (the languages of the fundus
# corpus's Latin-script publishers). Text is NFKC-normalised and matched without case.
# Left out: names that are everyday words next to a number ("out", pt. outubro).
MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("jan", "january", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio",
     "gen", "januari", "janeiro", "januar"),
    ("feb", "february", "februar", "février", "fevrier", "févr", "fevr", "febrero",
     "febbraio", "februari", "fevereiro", "fev"),
    ("mar", "march", "märz", "maerz", "mär", "mars", "marzo", "maart", "mrt", "março",
     "marco"),
    ("apr", "april", "avril", "avr", "abril", "abr", "aprile"),
    ("may", "mai", "mayo", "maggio", "mag", "mei", "maio", "maj"),
    ("jun", "june", "juni", "juin", "junio", "giugno", "giu", "junho"),
    ("jul", "july", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho"),
    ("aug", "august", "août", "aout", "agosto", "ago", "augustus", "augusti"),
    ("sep", "sept", "september", "septembre", "septiembre", "setiembre", "settembre",
     "set", "setembro"),
    ("oct", "october", "oktober", "okt", "octobre", "octubre", "ottobre", "ott"),
    ("nov", "november", "novembre", "noviembre", "novembro"),
    ("dec", "december", "dezember", "dez", "décembre", "decembre", "déc", "diciembre",
     "dic", "dicembre", "dezembro", "desember"),
)  # fmt: skip
_MONTHS = {name: i + 1 for i, names in enumerate(MONTH_NAMES) for name in names}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

# A time written before an English date: "11:34 PM EST Nov 19, 2019", "5:33pm, 11 April".
_TIME_FIRST = (
    r"(?<![\d:])(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*"
    r"(?P<ampm2>[ap]\.?m\.?(?![a-z]))?" + _ZONE + r"\s*(?:,|on|-|–|·|\|)?\s*"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?"
)
_MONTH_DAY_YEAR = _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})(?!\d)"
# 11 April 2025, 3. Mai 2024 (German), 3 de mayo de 2024 (Spanish, Portuguese).
_DAY_MONTH_YEAR = (
    r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:of\s+|de\s+)?"
    + _MONTH
    + r",?\s+(?:de\s+|del\s+)?(?P<year>\d{4})(?!\d)"
)
# A month name glued to the word before it ("Carrie ArnoldNovember 15, 2019").
_GLUED_MONTH = re.compile(
    r"(?<=[a-z])(?=(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d"
    r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)"
)

# Patterns tried at every position, in this order; each names its groups the same way.
DATE_PATTERNS = [
    # English with the time first: 11:34 PM EST Nov 19, 2019 / 17:33, 11 April 2025
    re.compile(_TIME_FIRST + _MONTH_DAY_YEAR, re.I),
    re.compile(_TIME_FIRST + _DAY_MONTH_YEAR, re.I),
    # ISO 8601 and its relatives: 2025-04-11T17:33:00+09:00, 2025-04-11 17:33, 20250411?
    re.compile(
        r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)" + _TIME + _ZONE, re.I
    ),
    # Japanese: 2025年4月11日(金)17時33分, 令和7年4月11日 午後5時33分
    re.compile(
        r"(?:(?P<era>令和|平成)\s*(?P<eyear>\d{1,2}|元)|(?P<year>\d{4}))\s*年\s*"
        r"(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日" + _WEEKDAY + _TIME + _ZONE,
        re.I,
    ),
    # Dotted or slashed: 2025.04.11 17:33, 2025/4/11
    re.compile(
        r"(?<![\d.])(?P<year>\d{4})(?P<sep>[./])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?![\d])"
        + _WEEKDAY
        + _TIME
        + _ZONE,
        re.I,
    ),
    # Day first with dots, as most of Europe writes it: 01.02.2022 14:30, 1. 2. 2022
    re.compile(
        r"(?<![\w.])(?P<day>\d{1,2})\.\s?(?P<month>\d{1,2})\.\s?(?P<year>\d{4})(?!\.?\d)"
        + _TIME
        + _ZONE,
        re.I,
    ),
    # English, month first: (Fri,) April 11, 2025 5:33 pm EDT
    re.compile(r"\b" + _MONTH_DAY_YEAR + _TIME + _ZONE, re.I),
    # English, day first / RFC 2822: 11 April 2025 5:33pm, Fri, 11 Apr 2025 17:33:00 +0900
    re.compile(_DAY_MONTH_YEAR + _TIME + _ZONE, re.I),
]

# A character each of DATE_PATTERNS needs (any of them), in the same order: the time's
# colon, the ISO dash, 年, the dot or slash, the dot; the English patterns need a letter
# only.
# Speed: every pattern needs a digit too, and a pattern is only run on a text that has
# what it needs (most texts searched are names, labels or one ISO stamp).
PATTERN_NEEDS: list[tuple[str, ...]] = [
    (":",), (":",), ("-",), ("年",), (".", "/"), (".",), (), (),
]  # fmt: skip
_DIGIT = re.compile(r"\d")

# US zones written without S/D follow daylight saving time.
ZONE_NAMES = {
    "ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}  # fmt: skip
# Named zones that appear after English dates (fixed offsets, as printed).
ZONE_OFFSETS = {
    "UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2, "IST": 5.5, "JST": 9,
    "KST": 9, "AEST": 10, "AET": 10, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5,
    "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}  # fmt: skip


@dataclass(frozen=True)
class DateMatch:
    """One date found in a text: the value, whether it had a time, and where it was."""

    value: datetime
    has_time: bool
    start: int  # offsets in normalised(text)
    end: int
    text: str  # the date as written (normalised)


@lru_cache(maxsize=64)
def zone(name: str | None) -> tzinfo:
    """The IANA zone ``name``, or UTC when it is unknown or empty."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def find_dates(text: str, tz: tzinfo) -> list[DateMatch]:
    """Every date in ``text``, in reading order (overlaps resolved by first pattern)."""
    if not text:
        return []
    norm = normalised(text)
    found: list[DateMatch] = []
    if not _DIGIT.search(norm):
        return found
    taken: list[tuple[int, int]] = []
    for pattern, needs in zip(DATE_PATTERNS, PATTERN_NEEDS, strict=True):
        if needs and not any(c in norm for c in needs):
            continue
        for m in pattern.finditer(norm):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            value = _build(m, tz)
            if value is not None:
                has_time = m.group("hour") is not None
                found.append(DateMatch(value, has_time, m.start(), m.end(), m.group(0).strip()))
                taken.append((m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return found


def normalised(text: str) -> str:
    """The text the patterns read: NFKC, glued month names set apart."""
    return _GLUED_MONTH.sub(" ", unicodedata.normalize("NFKC", text))


def parse_date(text: str | None, tz: tzinfo, fmt: str | None = None) -> DateMatch | None:
    """The first date in ``text`` (a meta value, a ``datetime`` attribute, a label).

    ``fmt`` is a strptime format (from a site profile) tried before the generic patterns.
    """
    if not text or not text.strip():
        return None
    text = text.strip()
    if fmt:
        value = _with_format(text, fmt, tz)
        if value is not None:
            return DateMatch(value, True, 0, len(text), text)
    matches = find_dates(text[:500], tz)
    if matches:
        return matches[0]
    return _rfc2822(text, tz)


def _with_format(text: str, fmt: str, tz: tzinfo) -> datetime | None:
    norm = unicodedata.normalize("NFKC", text)
    try:
        value = datetime.strptime(norm, fmt)
    except ValueError:
        return None
    return _localise(value, tz)


def _rfc2822(text: str, tz: tzinfo) -> DateMatch | None:
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if value is None or not MIN_YEAR <= value.year <= MAX_YEAR:
        return None
    return DateMatch(_localise(value, tz), True, 0, len(text), text)


def _build(m: re.Match[str], tz: tzinfo) -> datetime | None:
    g = m.groupdict()
    try:
        if g.get("era"):
            year = ERA_START[g["era"]] + (1 if g["eyear"] == "元" else int(g["eyear"]))
        else:
            year = int(g["year"])
        month = _MONTHS[g["mon"].lower()] if g.get("mon") else int(g["month"])
        day = int(g["day"])
        hour = int(g["hour"]) if g.get("hour") is not None else 0
        minute = int(g["minute"]) if g.get("minute") else 0
        second = int(g["second"]) if g.get("second") else 0
        marker = g.get("ampm1") or g.get("ampm2") or ""
        hour = _twelve_hour(hour, marker.lower())
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        value = datetime(year, month, day, hour, minute, second)
    except (ValueError, KeyError, TypeError):
        return None
    if g.get("hour") is not None and g.get("minute") is None and not marker:
        return None  # a bare number after a date is not a time
    return _localise(value, tz, g.get("zone"))


def _twelve_hour(hour: int, marker: str) -> int:
    marker = marker.replace(".", "")
    if marker in ("pm", "午後") and hour < 12:
        return hour + 12
    if marker in ("am", "午前") and hour == 12:
        return 0
    return hour


def _localise(value: datetime, tz: tzinfo, zone_text: str | None = None) -> datetime:
    """Attach the zone written in the text, else the site's zone ``tz``.

    An explicit UTC stamp is shown in the site's zone (same instant, local reading).
    """
    if zone_text:
        offset = _offset(zone_text)
        if offset is not None:
            value = value.replace(tzinfo=offset)
    if value.tzinfo is None:
        return value.replace(tzinfo=tz)
    if value.utcoffset() == timedelta(0) and tz is not UTC:
        return value.astimezone(tz)
    return value


def _offset(text: str) -> tzinfo | None:
    upper = text.upper()
    if upper in ZONE_NAMES:
        return zone(ZONE_NAMES[upper])
    if upper in ZONE_OFFSETS:
        hours = ZONE_OFFSETS[upper]
        return UTC if hours == 0 else timezone(timedelta(hours=hours))
    m = re.fullmatch(r"([+-])(\d{2}):?(\d{2})?", text)
    if not m:
        return None
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    if minutes > 14 * 60:
        return None
    return timezone(timedelta(minutes=minutes if m.group(1) == "+" else -minutes))
