"""What page grouping needs to know about one file, read cheaply.

One decode, then regexes: the page's own URL and title from its head, and its links
(pager links and links to other pages of its URL pattern). A full parse happens only
when a site profile with ``next_page`` selectors matches the page.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from .capture import open_capture
from .checked import as_bool as _bool
from .checked import as_int as _int
from .checked import as_list as _list
from .checked import as_opt_str as _opt
from .checked import as_str as _str
from .decode import decode
from .headscan import attributes, head_of, page_title, page_url
from .members import container
from .model import Source
from .parse import parse
from .profiles import find_profile
from .profiles.select import replace_raw, select

# Query parameters that number pages (not ``p``: WordPress uses it for post ids).
PAGE_PARAMS = ("page", "pg", "paged", "pageno", "pagenum", "pn", "pagenumber")
# Query parameters that never change the page (tracking).
TRACKING_PARAM = re.compile(r"^(utm_\w+|fbclid|gclid|mc_\w+|ref)$", re.I)
# <slug>_2.php, <slug>-2.html, <slug>_2 (file names lose their suffix when compared).
SLUG_NUMBER = re.compile(r"^(.+?)[_-](\d{1,3})(\.[A-Za-z0-9]+)?$")
# .../<slug>/2 (trailing slash removed by normalisation).
SEGMENT_NUMBER = re.compile(r"^(.+)/(\d{1,2})$")

# Title markers, full-width or not: （1/2ページ）, (２/３), [2/3], 2/3ページ, Page 2 of 3,
# 2ページ目. Python's int() reads full-width digits.
_D = r"([0-9０-９]{1,2})"
MARKER_OF = re.compile(
    rf"\s*(?:[(（\[［]\s*{_D}\s*[/／]\s*{_D}\s*(?:ページ|頁|pages?)?\s*[)）\]］]"
    rf"|(?<![0-9０-９]){_D}\s*[/／]\s*{_D}\s*(?:ページ|頁)"
    rf"|\bpage\s+{_D}\s+of\s+{_D}\b"
    rf"|[(（\[［]?\s*{_D}\s*ページ目\s*[)）\]］]?)",
    re.I,
)

# ASCII whitespace only: an ideographic space (U+3000) in a Japanese title is meant.
_SPACES = re.compile(r"[ \t\r\n]+")
_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a\s*>", re.I | re.S)
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.I)
_TAGS = re.compile(r"<[^>]+>")
# <li class="next"> (or prev) right before an anchor: the common pager list item.
_LI_CLASS = re.compile(r"<li\b[^>]*class\s*=\s*[\"']([^\"']*)[\"'][^>]*>\s*$", re.I)
_NEXT_WORD = re.compile(r"(?<![\w-])next(?![\w-])", re.I)
_PREV_WORD = re.compile(r"(?<![\w-])prev(?:ious)?(?![\w-])", re.I)
# Arrows, brackets and spaces around a pager label (次のページ ›, « Prev, [次へ]).
_LABEL_TRIM = re.compile(r"[\s<>«»‹›≪≫→←▶◀►◄▷◁\[\]()「」【】|/:.・]+")
# Labels that always mean "the next/previous page of this article".
STRONG_NEXT = {"次のページ", "次ページ", "次頁", "次のページへ", "次ページへ", "nextpage"}
STRONG_PREV = {
    "前のページ",
    "前ページ",
    "前頁",
    "前のページへ",
    "前ページへ",
    "previouspage",
    "prevpage",
}
# Labels that may mean the next *post* too: trusted only within one URL pattern/title.
WEAK_NEXT = {"次へ", "次", "next", "つぎへ"}
WEAK_PREV = {"前へ", "前", "prev", "previous", "まえへ"}
# A pager label is short; longer anchor texts are not read as labels.
_MAX_LABEL = 40


@dataclass(frozen=True)
class PageScan:
    path: Path
    key: str  # normalised own URL (canonical / og:url, else the file's URI)
    host: str | None
    title: str | None  # <title> without page marker, NFKC, spaces collapsed
    marker: tuple[int, int] | None  # (page, pages) from the title; pages 0 if unknown
    pager: tuple[tuple[str, bool, bool], ...] = ()  # (url key, is previous, strong)
    page_links: tuple[str, ...] = ()  # links to other URLs of this page's pattern
    # key -> URL as written, for the URLs above (the page's own, its pager and page links)
    absolute: dict[str, str] = field(default_factory=dict)


def scan_page(path: Path, profiles_dir: Path | None = None, data: bytes | None = None) -> PageScan:
    """What grouping needs of the page ``path``; ``data``: its file's bytes, when read
    already (converter/sourcecache.py keys the scan by their hash)."""
    if data is None:
        data = container(path).read_bytes()
    capture = open_capture(Source(str(path), data))
    text, _ = decode(capture.html, str(path))
    own = capture.url or page_url(text)
    base = own or path.resolve().as_uri()
    key = normalise(base)
    title = page_title(text)
    marker = page_marker(title)
    absolute: dict[str, str] = {}
    pager: list[tuple[str, bool, bool]] = []
    links: list[str] = []

    def add(href: str | None) -> str | None:
        if not href or "$" in href or "{" in href or href.startswith(("#", "javascript:")):
            return None
        url = urljoin(base, href.strip())
        k = normalise(url)
        absolute.setdefault(k, url)
        return k if k != key else None

    for tag in _LINK_TAG.finditer(head_of(text)):
        attrs = attributes(tag.group(0))
        rel = attrs.get("rel", "").lower().split()
        k = add(attrs.get("href")) if {"next", "prev", "previous"} & set(rel) else None
        if k:  # WordPress's adjacent-post links carry a title attribute: weak
            pager.append((k, "next" not in rel, "title" not in attrs))
    for m in _ANCHOR.finditer(text):
        attrs = attributes(m.group(1))
        k = add(attrs.get("href"))
        if k is None:
            continue
        kind = _pager_kind(attrs, m.group(2), text[max(0, m.start() - 160) : m.start()])
        if kind:
            pager.append((k, kind[0], kind[1]))
        elif _same_pattern(key, k):
            links.append(k)
    profile = find_profile(own, text, profiles_dir)
    if profile is not None and profile.next_page:
        tree = parse(replace_raw(text, profile), str(path))
        for selector in profile.next_page:
            for el in select(tree, selector, profile.xpath):
                # A site config's XPath may give the URL itself (//a/@href).
                href = el if isinstance(el, str) else el.get("href")
                k = add(href or (None if isinstance(el, str) else el.xpath("string(.//a/@href)")))
                if k:
                    pager.append((k, False, True))
    pager = list(dict.fromkeys(pager))
    links = list(dict.fromkeys(links))
    # Only the URLs grouping may name as missing pages (a scan is kept: sourcecache.py).
    named = [key, *(k for k, _, _ in pager), *links]
    return PageScan(
        path=path,
        key=key,
        host=urlsplit(key).hostname,
        title=strip_page_marker(title) if title else None,
        marker=marker,
        pager=tuple(pager),
        page_links=tuple(links),
        absolute={k: absolute[k] for k in named if k in absolute},
    )


def scan_data(scan: PageScan) -> list[Any]:
    """The scan but its path as JSON-ready data (the sources cache keeps it:
    sourcecache.py)."""
    return [
        scan.key, scan.host, scan.title, list(scan.marker) if scan.marker else None,
        [list(p) for p in scan.pager], list(scan.page_links), dict(scan.absolute),
    ]  # fmt: skip


def scan_from_data(path: Path, data: Any) -> PageScan:
    """The scan :func:`scan_data` gave, for ``path``; ValueError on anything else (a
    cache file is data: it is checked, never trusted to be well formed)."""
    key, host, title, marker, pager, links, absolute = _list(data, 7)
    if not isinstance(absolute, dict):
        raise ValueError("not a mapping")
    return PageScan(
        path=path, key=_str(key), host=_opt(host), title=_opt(title),
        marker=None if marker is None else (_int(_list(marker, 2)[0]), _int(marker[1])),
        pager=tuple((_str(u), _bool(b), _bool(s)) for u, b, s in map(_triple, _list(pager))),
        page_links=tuple(_str(u) for u in _list(links)),
        absolute={_str(k): _str(v) for k, v in absolute.items()},
    )  # fmt: skip


def _triple(value: Any) -> list[Any]:
    return _list(value, 3)


def _pager_kind(attrs: dict[str, str], inner: str, before: str) -> tuple[bool, bool] | None:
    """``(is previous, strong)`` when an anchor is a pager link, else None."""
    inner_text = html.unescape(_TAGS.sub("", inner)) if len(inner) < _MAX_LABEL * 8 else ""
    label = inner_text.strip() or attrs.get("aria-label") or attrs.get("title") or ""
    word = _LABEL_TRIM.sub("", unicodedata.normalize("NFKC", label)).lower()
    if word in STRONG_NEXT or word in STRONG_PREV:
        return word in STRONG_PREV, True
    rel = attrs.get("rel", "").lower().split()
    li = _LI_CLASS.search(before)
    classes = attrs.get("class", "") + " " + (li.group(1) if li else "")
    if word in WEAK_NEXT or "next" in rel or _NEXT_WORD.search(classes):
        return False, False
    if word in WEAK_PREV or {"prev", "previous"} & set(rel) or _PREV_WORD.search(classes):
        return True, False
    return None


def normalise(url: str) -> str:
    """A URL as a comparison key: https, no www., no fragment, no tracking, no trailing
    slash; a file URI also loses its suffixes (post_2.php.html ~ post_2.php)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "file":
        path = parts.path.rstrip("/")
        head, _, name = path.rpartition("/")
        return f"file://{head}/{name.split('.')[0] if not name.startswith('.') else name}"
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    query = sorted((k, v) for k, v in parse_qsl(parts.query) if not TRACKING_PARAM.match(k))
    path = parts.path.rstrip("/") or ""
    return f"https://{host}{port}{path}" + (f"?{urlencode(query)}" if query else "")


def page_number(key: str) -> tuple[str, int] | None:
    """``(base key, page number)`` when a URL key follows a page-number pattern."""
    parts = urlsplit(key)
    query = parse_qsl(parts.query)
    for i, (name, value) in enumerate(query):
        if name.lower() in PAGE_PARAMS and value.isdigit():
            rest = query[:i] + query[i + 1 :]
            base = parts._replace(query=urlencode(rest)).geturl()
            return base, int(value)
    head, _, segment = parts.path.rpartition("/")
    m = SLUG_NUMBER.match(segment)
    if m:
        path = f"{head}/{m.group(1)}{m.group(3) or ''}"
        return parts._replace(path=path).geturl(), int(m.group(2))
    m = SEGMENT_NUMBER.match(parts.path)
    if m:
        return parts._replace(path=m.group(1)).geturl(), int(m.group(2))
    return None


def same_url(a: str, b: str) -> bool:
    return a.rstrip("/") == b.rstrip("/")


def _same_pattern(key: str, other: str) -> bool:
    """``other`` is another page of ``key``'s page-number pattern (small numbers only)."""
    mine, theirs = page_number(key), page_number(other)
    if theirs and theirs[1] <= 20 and (same_url(theirs[0], key) or (mine and mine[0] == theirs[0])):
        return True
    return bool(mine and mine[1] <= 20 and same_url(mine[0], other))


def page_marker(title: str | None) -> tuple[int, int] | None:
    """``(page, pages)`` from a title marker (``pages`` 0 for ``2ページ目``)."""
    m = MARKER_OF.search(title) if title else None
    if not m:
        return None
    numbers = [int(g) if g else 0 for g in m.groups()]
    for i in range(0, 6, 2):
        if numbers[i]:
            return numbers[i], numbers[i + 1]
    return numbers[6], 0


def strip_page_marker(title: str) -> str:
    """The title without its page marker (（1/2ページ）, Page 2 of 3...)."""
    stripped = MARKER_OF.sub("", title).rstrip(" \t\n-|｜:：")
    return _SPACES.sub(" ", stripped or title).strip(" \t\n")
