"""Titles without decoration: site-name suffixes, section chains and page markers.

``<title>`` and ``og:title`` are usually the headline plus decoration
(``Headline｜コラム｜Site``, ``Headline - Site``, ``Headline（1/2ページ）``). The
decoration is recognised from what the page says about itself (site name, publisher,
authors, section) and from a short list of generic labels, never from a site list.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

# Separators between a headline and its decoration. Full-width bars and colons are
# separators even without spaces; ASCII ones only with spaces around them.
SEPARATOR = re.compile(r"(\s+[|\-–—:·•»«/]{1,2}\s+|\s*[｜|：]\s*|\s+::\s+)")
# Page markers anywhere at the end: （1/2ページ）, (2/3ページ), [2/3], 1ページ目, Page 2 of 3.
PAGE_MARKER = re.compile(
    r"\s*(?:[(（\[［]\s*\d+\s*/\s*\d+\s*(?:ページ|頁|pages?)?\s*[)）\]］]"
    r"|[(（]?\s*\d+\s*ページ目\s*[)）]?"
    r"|[-|｜,]?\s*page\s+\d+(?:\s+of\s+\d+)?)\s*$",
    re.I,
)
# The last characters a page marker may end with, digits aside (before white space).
PAGE_MARKER_ENDS = frozenset(")）]］目")
# Labels that decorate titles of any site; removed only at either end of a chain.
GENERIC_LABELS = frozenset(
    (
        "コラム", "連載", "ニュース", "記事", "社説", "オピニオン", "特集", "ブログ", "速報",
        "column", "columns", "opinion", "news", "blog", "blogs", "article", "home",
    )
)  # fmt: skip
# A bracketed topic tag left after the site suffix, e.g. "Headline [宮崎県]".
TRAILING_TAG = re.compile(r"\s*[\[［][^\]］]{1,20}[\]］]$")
# Containment between a segment and a known name counts from this length ratio.
NAME_OVERLAP = 0.5
# Two titles are "the same headline, differently decorated" from this similarity.
SAME_TITLE_CONTAINED, SAME_TITLE_RATIO = 0.6, 0.8


@lru_cache(maxsize=512)
def norm(text: str) -> str:
    """Comparison key: NFKC, case-folded, letters and digits only."""
    # Speed: filter() tests the characters without a Python-level loop.
    return "".join(filter(str.isalnum, unicodedata.normalize("NFKC", text).casefold()))


def same_title(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are one headline with different decoration."""
    na, nb = norm(a), norm(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    short, long_ = sorted((na, nb), key=len)
    if short in long_ and len(short) >= SAME_TITLE_CONTAINED * len(long_):
        return True
    matcher = SequenceMatcher(None, na, nb, autojunk=False)
    return matcher.quick_ratio() >= SAME_TITLE_RATIO and matcher.ratio() >= SAME_TITLE_RATIO


def clean_title(
    text: str | None, names: Iterable[str] = (), aggressive: bool = False
) -> str | None:
    """``text`` without page markers and decoration made of ``names`` or generic labels.

    ``aggressive`` also drops an unknown trailing ``| X`` / ``- X`` segment shorter than
    the headline (for ``<title>`` when nothing better is known).
    """
    if not text:
        return None
    text = _without_page_marker(text.strip()).strip()
    keys = [k for k in (norm(n) for n in names if n) if k]
    parts = SEPARATOR.split(text)
    segments, seps = parts[0::2], parts[1::2]
    removed_suffix = False
    while len(segments) > 1 and _decoration(segments[-1], keys):
        segments.pop()
        seps.pop()
        removed_suffix = True
    while len(segments) > 1 and _decoration(segments[0], keys, leading=True):
        segments.pop(0)
        seps.pop(0)
    if (
        aggressive
        and len(segments) > 1
        and seps[-1].strip() in ("|", "｜", "-", "–", "—")
        and len(segments[-1]) < len(max(segments, key=len))
    ):
        segments.pop()
        seps.pop()
    out = "".join(s + (seps[i] if i < len(seps) else "") for i, s in enumerate(segments))
    if removed_suffix:
        out = TRAILING_TAG.sub("", out)
    out = _without_page_marker(out).strip()
    return out or None


def _without_page_marker(text: str) -> str:
    """``text`` without a trailing page marker. Speed: the pattern opens with ``\\s*`` and
    is tried at every position; only a text ending in a bracket, 目 or a digit can match.
    """
    end = text.rstrip()[-1:]
    if end and (end in PAGE_MARKER_ENDS or end.isdigit()):
        return PAGE_MARKER.sub("", text)
    return text


def _decoration(segment: str, keys: list[str], leading: bool = False) -> bool:
    key = norm(segment)
    if not key:
        return True
    if key in GENERIC_LABELS and not leading:
        return True
    for name in keys:
        if key == name:
            return True
        if leading:
            continue
        short, long_ = sorted((key, name), key=len)
        if short in long_ and len(short) >= NAME_OVERLAP * len(long_):
            return True
    return False
