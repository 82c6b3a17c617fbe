"""Grouping the pages of one article, found among all the given files, in reading order.

Each file is scanned cheaply (decoded, then regexes over its head and its links; a full
parse only when a site profile names a ``next_page`` selector), then:

1. pages are joined by pager links (``rel=next``/``prev``, ``次のページ``, ``Next page``,
   a profile's ``next_page``), by page-number links between URLs of one pattern
   (``<slug>_2.php``, ``<slug>-2.html``, ``?page=2``, ``/2/``), by such URLs with the same
   title, and by title markers (``（1/2ページ）``, ``Page 2 of 3``) with the same title;
2. each group is ordered by page numbers (marker, else URL), else by its pager links,
   else by URL: never by file name when the pages say more;
3. pages a pager or a marker names but the sources lack are listed as ``missing``.

Weak pager hints (``次へ``, ``Next``, ``rel=next`` on ``<a>``, ``li.next``) count only
between URLs of one pattern or pages of one title: blogs use them for the next *post*.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import DigestError
from .pagescan import PageScan, page_number, same_url, scan_page, strip_page_marker

__all__ = ["SourceGroup", "group_sources", "strip_page_marker"]

log = logging.getLogger(__name__)

# More pages than this in one article is a listing, not an article: numbers above it
# (post-88.php) are not page numbers.
MAX_PAGES = 20


@dataclass(frozen=True)
class SourceGroup:
    """The files that make one article, in reading order."""

    paths: tuple[Path, ...]
    missing: tuple[str, ...] = ()  # URLs of pages the pager names but the sources lack


def group_sources(
    paths: Sequence[Path],
    profiles_dir: Path | None = None,
    scanner: Callable[[Path], PageScan] | None = None,
) -> list[SourceGroup]:
    """Group ``paths`` into articles; groups come in the order of their first file.
    ``scanner``: how a page is scanned, when not by :func:`scan_page` with
    ``profiles_dir`` (a cache's: converter/sourcecache.py)."""
    read = scanner or (lambda path: scan_page(path, profiles_dir))
    scans: list[PageScan | None] = [_scan(p, read) for p in paths]
    index: dict[str, int] = {}
    for i, scan in enumerate(scans):
        if scan is not None:
            index.setdefault(scan.key, i)
    parent = list(range(len(paths)))
    edges: set[tuple[int, int]] = set()

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    # _same_article needs one title and one host: compare only within those buckets
    # (every pair was quadratic: 5 s of 8,000 pages; bench/site_scale.py).
    buckets: dict[tuple[str | None, str | None], list[int]] = {}
    for i, scan in enumerate(scans):
        if scan is not None and scan.title is not None:
            buckets.setdefault((scan.title, scan.host), []).append(i)
    for i, scan in enumerate(scans):
        if scan is None:
            continue
        for j, before in _links(scan, scans, index):
            join(i, j)
            edges.add((i, j) if not before else (j, i))
        for j in buckets.get((scan.title, scan.host), ()):
            other = scans[j]
            if j > i and other is not None and _same_article(scan, other):
                join(i, j)
    members: dict[int, list[int]] = {}
    for i in range(len(paths)):
        members.setdefault(find(i), []).append(i)
    groups = []
    for group in members.values():
        order = _order(group, scans, edges)
        groups.append(
            SourceGroup(
                paths=tuple(paths[i] for i in order),
                missing=_missing(order, scans, index),
            )
        )
    return groups


def _scan(path: Path, read: Callable[[Path], PageScan]) -> PageScan | None:
    try:
        return read(path)
    except (OSError, DigestError) as exc:
        log.debug("%s: not scanned for pages (%s)", path, exc)
        return None  # the conversion itself reports the problem


def _links(
    scan: PageScan, scans: Sequence[PageScan | None], index: dict[str, int]
) -> list[tuple[int, bool]]:
    """Pages of the set this page links to as next/previous/numbered pages:
    ``(index, True if the target comes before this page)``."""
    found: list[tuple[int, bool]] = []
    for url, before, strong in scan.pager:
        j = index.get(url)
        other = scans[j] if j is not None else None
        if j is None or other is None or other is scan:
            continue
        if strong or _related(scan, other) or scan.title == other.title:
            found.append((j, before))
    for url in scan.page_links:
        j = index.get(url)
        other = scans[j] if j is not None else None
        if j is not None and other is not None and other is not scan and _related(scan, other):
            keys = (scan.key, other.key)
            found.append((j, (_number(other, keys) or 0) < (_number(scan, keys) or 0)))
    return found


def _related(a: PageScan, b: PageScan) -> bool:
    """Two URLs of one page-number pattern (post.php / post_2.php, ?page=2...)."""
    na, nb = page_number(a.key), page_number(b.key)
    if na and nb and na[0] == nb[0] and na[1] != nb[1]:
        return na[1] <= MAX_PAGES and nb[1] <= MAX_PAGES
    if nb and same_url(nb[0], a.key):
        return nb[1] <= MAX_PAGES
    return bool(na and same_url(na[0], b.key) and na[1] <= MAX_PAGES)


def _same_article(a: PageScan, b: PageScan) -> bool:
    """Without a link between them: one URL pattern and one title, or title markers
    of one article (same title, same page count, different page numbers)."""
    if a.title is None or a.title != b.title or a.host != b.host:
        return False
    if _related(a, b):
        return True
    return bool(a.marker and b.marker and a.marker[1] == b.marker[1] and a.marker[0] != b.marker[0])


def _number(scan: PageScan, keys: Sequence[str]) -> int | None:
    """This page's number among pages with URL ``keys``: its title marker; else 1 if
    another page's URL is its own plus a number (post-5.php is page 1 of post-5_2.php,
    not page 5); else the number in its URL when the pattern is shared."""
    if scan.marker:
        return scan.marker[0]
    others = [k for k in keys if k != scan.key]
    numbered = [n for k in others if (n := page_number(k))]
    if any(same_url(base, scan.key) for base, _ in numbered):
        return 1
    own = page_number(scan.key)
    if not own or own[1] > MAX_PAGES:
        return None
    shared = any(same_url(own[0], k) for k in others) or any(b == own[0] for b, _ in numbered)
    return own[1] if shared else None


def _order(
    group: list[int], scans: Sequence[PageScan | None], edges: set[tuple[int, int]]
) -> list[int]:
    if len(group) == 1:
        return group
    keys = [s.key for i in group if (s := scans[i]) is not None]
    numbers = {
        i: n for i in group if (s := scans[i]) is not None and (n := _number(s, keys)) is not None
    }
    if len(numbers) == len(group) and len(set(numbers.values())) == len(group):
        return sorted(group, key=lambda i: numbers[i])

    def rank(i: int) -> tuple[int, str, str]:
        scan = scans[i]
        return (numbers.get(i, MAX_PAGES + 1), scan.key if scan else "", str(i))

    # Kahn's algorithm over the pager edges; ties broken by page number, then URL.
    inside = {(a, b) for a, b in edges if a in group and b in group}
    incoming = {i: sum(1 for _, b in inside if b == i) for i in group}
    ready = sorted((i for i in group if incoming[i] == 0), key=rank)
    order: list[int] = []
    while ready:
        i = ready.pop(0)
        order.append(i)
        for a, b in sorted(inside):
            if a == i:
                incoming[b] -= 1
                if incoming[b] == 0:
                    ready = sorted([*ready, b], key=rank)
    if len(order) != len(group):  # a cycle: the pager contradicts itself
        return sorted(group, key=rank)
    return order


def _missing(
    order: list[int], scans: Sequence[PageScan | None], index: dict[str, int]
) -> tuple[str, ...]:
    missing: dict[str, None] = {}
    known = [s for i in order if (s := scans[i]) is not None]
    for scan in known:
        for url, _before, strong in scan.pager:
            if url not in index and url != scan.key and (strong or _pattern_of(scan, url)):
                missing[scan.absolute.get(url, url)] = None
        for url in scan.page_links:
            if url not in index and url != scan.key:
                missing[scan.absolute.get(url, url)] = None
    totals = [s.marker[1] for s in known if s.marker]
    if totals and max(totals) > len(order) and known:
        present = {s.marker[0] for s in known if s.marker}
        for n in range(1, max(totals) + 1):
            if n not in present and len(missing) < max(totals) - len(order):
                missing[f"{known[0].absolute.get(known[0].key, known[0].key)} (page {n})"] = None
    return tuple(missing)


def _pattern_of(scan: PageScan, url: str) -> bool:
    """A link to a URL of this page's page-number pattern (with a small number)."""
    theirs, mine = page_number(url), page_number(scan.key)
    if theirs and theirs[1] <= MAX_PAGES:
        return same_url(theirs[0], scan.key) or bool(mine and mine[0] == theirs[0])
    return bool(mine and same_url(mine[0], url) and mine[1] <= MAX_PAGES)
