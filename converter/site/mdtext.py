"""Safe Markdown pieces from scraped values: text, links, images, dates.

Every value that reaches a generated listing page goes through :func:`text` or
:func:`url`: scraped titles and names must never become Markdown or HTML markup.
"""

from __future__ import annotations

import functools
import posixpath
import re
from datetime import datetime
from urllib.parse import quote

# Characters Python-Markdown treats as markup and accepts backslash escapes for.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!])")
# Block markers that only matter at the start of a line (list items, quotes, rulers).
_LINE_START = re.compile(r"^(\s*)([-+>=]|\d+\.)")
# URL schemes a generated link may carry; anything else (javascript:, data:) is dropped.
SAFE_SCHEMES = ("http://", "https://", "mailto:")
# Characters percent-encoded in a URL placed inside Markdown ( ... ).
_URL_SAFE_CHARS = "/:?#[]@!$&'*+,;=%~-._"


@functools.lru_cache(maxsize=1 << 16)  # speed: names and titles recur on many listings
def text(value: str) -> str:
    """Plain text for Markdown: HTML special characters as entities, markup escaped."""
    out = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = _MD_SPECIAL.sub(r"\\\1", " ".join(out.split()))
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), out)


def url(value: str | None) -> str | None:
    """An absolute http(s)/mailto URL made safe for Markdown link syntax, else None."""
    if not value or not value.lower().startswith(SAFE_SCHEMES):
        return None
    return quote(value.strip(), safe=_URL_SAFE_CHARS).replace("(", "%28").replace(")", "%29")


def link(label: str, target_src: str, from_src: str) -> str:
    """A Markdown link from page ``from_src`` to page ``target_src`` (docs-relative)."""
    return f"[{text(label)}]({rel(target_src, from_src)})"


def rel(target_src: str, from_src: str) -> str:
    """The relative link from page ``from_src`` to ``target_src`` (both docs-relative).

    Speed: ``posixpath.relpath`` per link was two thirds of the listings' time at 10,000
    articles (180,000 links); the folder part is computed once per pair of folders."""
    folder, _, name = target_src.rpartition("/")
    return _rel_folder(folder, posixpath.dirname(from_src)) + name


@functools.lru_cache(maxsize=4096)
def _rel_folder(target_dir: str, from_dir: str) -> str:
    up = posixpath.relpath(target_dir or ".", from_dir or ".")
    return "" if up == "." else up + "/"


def ja_date(when: datetime | None) -> str:
    """``2025年4月11日`` (the site's language is Japanese)."""
    return f"{when.year}年{when.month}月{when.day}日" if when else "日付なし"


def ja_month(month: str) -> str:
    """``2025-04`` → ``2025年4月``."""
    year, mon = month.split("-")
    return f"{year}年{int(mon)}月"
