"""The site's catalogue: one :class:`Entry` per article, read from front matter only.

The YAML head of each ``docs/articles/*.md`` is parsed (with libyaml when available) and
the body's characters or words counted for the reading time, so 10,000 articles cost a
few seconds, never a Markdown render.
"""

from __future__ import annotations

import functools
import logging
import os
import posixpath
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from ..checked import as_int
from ..checked import as_list as _list
from ..checked import as_opt_str as _opt
from ..checked import as_str as _str
from ..pipeline import markdown_to_text
from .names import name_slug
from .reading import reading_minutes

log = logging.getLogger(__name__)

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The front matter ends at the first line that is exactly "---" after the opening one.
_HEAD_END = "\n---\n"
# Characters kept of a lead or first paragraph in listings and the feed.
SUMMARY_CHARS = 160
# A paragraph of the body that can serve as a summary: not a heading, image, list, table,
# quote, attribute list or HTML block.
_NOT_PROSE = re.compile(r"^\s*(#|!\[|[-*+] |\d+\. |\||>|\{|<|```)")


# The record of the files a build read, kept for the next (in memory by ``digest serve``,
# on disk by ``digest build``: buildcache.py): path -> ((mtime_ns, size, inode), entry
# or None). A file whose stamp is unchanged is not read again (the converter replaces a
# file atomically, so a rewritten file has a new inode even within one mtime tick).
Cache = dict[str, tuple[tuple[int, ...], "Entry | None"]]


@dataclass(frozen=True)
class Person:
    name: str
    slug: str
    role: str | None = None
    bio: str | None = None
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """What listings, the feed and the template data need to know about one article."""

    src: str  # path relative to docs/, e.g. "articles/foo-1a2b3c4d.md"
    url: str  # site-relative URL as MkDocs writes it, e.g. "articles/foo-1a2b3c4d/"
    title: str
    published: datetime | None
    authors: tuple[Person, ...]
    column: str | None
    column_slug: str | None
    tags: tuple[tuple[str, str], ...]  # (name, slug)
    summary: str
    image: str | None
    image_alt: str
    lang: str | None
    outlet: str | None = None  # the publishing site (front matter ``site_name``)
    original_url: str | None = None  # the article at its publisher (``url``)
    source: str | None = None  # the saved page it was converted from (``source``)
    minutes: int = 0  # reading time (converter/site/reading.py); 0: unknown

    @functools.cached_property
    def month(self) -> str | None:  # asked for every article by every archive listing
        return self.published.strftime("%Y-%m") if self.published else None


def read_catalog(
    articles_dir: Path, docs_dir: Path, use_directory_urls: bool = True, cache: Cache | None = None
) -> list[Entry]:
    """Every article under ``articles_dir``, newest first (undated last, by path).
    ``cache`` (file -> its stamp and its entry) spares reading unchanged files again
    between builds."""
    entries = []
    seen = set()
    for key in _markdown_files(articles_dir):
        path = Path(key)
        seen.add(key)
        if cache is not None:
            st = os.stat(key)
            stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
            known = cache.get(key)
            if known is not None and known[0] == stamp:
                if known[1] is not None:
                    entries.append(known[1])
                continue
        entry = _read_entry(path, docs_dir, use_directory_urls)
        if cache is not None:
            cache[key] = (stamp, entry)
        if entry is not None:
            entries.append(entry)
    if cache is not None:
        for key in set(cache) - seen:
            del cache[key]
    return sorted(entries, key=_order)


def entry_data(e: Entry) -> list[Any]:
    """The entry as JSON-ready data (the build cache keeps it: buildcache.py)."""
    return [
        e.src, e.url, e.title, e.published.isoformat() if e.published else None,
        [[p.name, p.slug, p.role, p.bio, list(p.links)] for p in e.authors],
        e.column, e.column_slug, [list(t) for t in e.tags], e.summary, e.image,
        e.image_alt, e.lang, e.outlet, e.original_url, e.source, e.minutes,
    ]  # fmt: skip


def entry_from_data(data: Any) -> Entry:
    """The entry :func:`entry_data` gave; ValueError on anything else (a cache file is
    data: it is checked, never trusted to be well formed)."""
    if not isinstance(data, list) or len(data) != 16:
        raise ValueError("not an entry")
    (src, url, title, published, authors, column, column_slug, tags, summary, image,
     image_alt, lang, outlet, original_url, source, minutes) = data  # fmt: skip
    people = tuple(
        Person(_str(n), _str(s), _opt(r), _opt(b), tuple(_str(x) for x in _list(links)))
        for n, s, r, b, links in (_list(p, 5) for p in _list(authors))
    )
    return Entry(
        src=_str(src), url=_str(url), title=_str(title),
        published=datetime.fromisoformat(_str(published)) if published is not None else None,
        authors=people, column=_opt(column), column_slug=_opt(column_slug),
        tags=tuple((_str(a), _str(b)) for a, b in (_list(t, 2) for t in _list(tags))),
        summary=_str(summary), image=_opt(image), image_alt=_str(image_alt), lang=_opt(lang),
        outlet=_opt(outlet), original_url=_opt(original_url), source=_opt(source),
        minutes=as_int(minutes),
    )  # fmt: skip


def _markdown_files(folder: Path) -> list[str]:
    """The ``*.md`` files of ``folder``, sorted, as paths (speed: os.scandir and strings,
    not Path objects: 10,000 of them a build under ``digest serve``)."""
    try:
        with os.scandir(folder) as found:
            names = [e.path for e in found if e.name.endswith(".md") and e.is_file()]
    except OSError:
        return []
    return sorted(names)


def _read_entry(path: Path, docs_dir: Path, use_directory_urls: bool) -> Entry | None:
    meta, body = read_page(path)  # the whole body: the reading time counts it
    if meta is None:
        log.warning("%s: no readable front matter, left out of the listings", path)
        return None
    src = path.relative_to(docs_dir).as_posix()
    return _entry(src, meta, body, use_directory_urls)


def _order(e: Entry) -> tuple[int, float, str]:
    if e.published is None:
        return (1, 0.0, e.src)
    when = e.published if e.published.tzinfo else e.published.replace(tzinfo=UTC)
    return (0, -when.timestamp(), e.src)


def read_page(path: Path) -> tuple[dict[str, Any] | None, str]:
    """The parsed front matter and the whole body (libyaml: ~10x the pure-Python parser)."""
    return _parse(path.read_text(encoding="utf-8"), path)


def _parse(text: str, path: Path) -> tuple[dict[str, Any] | None, str]:
    if not text.startswith("---\n"):
        return None, ""
    head, sep, body = text[4:].partition(_HEAD_END)
    if not sep:
        return None, ""
    try:
        data = yaml.load(head, Loader=_LOADER)  # a safe loader
    except yaml.YAMLError as exc:
        log.warning("%s: invalid front matter: %s", path, exc)
        return None, ""
    return (data if isinstance(data, dict) else None), body


def page_url(src: str, use_directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives the page at ``src`` (a docs-relative path)."""
    stem = src.removesuffix(".md")
    if not use_directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def _entry(src: str, meta: dict[str, Any], body: str, use_directory_urls: bool) -> Entry:
    column = _text(meta.get("column")) or _text(meta.get("section"))
    raw_image = meta.get("image")
    image: dict[str, Any] = raw_image if isinstance(raw_image, dict) else {}
    tags = tuple(dict.fromkeys(t for t in (_text(x) for x in meta.get("tags") or ()) if t))
    return Entry(
        src=src,
        url=page_url(src, use_directory_urls),
        title=_text(meta.get("title")) or "Untitled",
        published=_date(meta.get("published")),
        authors=tuple(_people(meta.get("authors"))),
        column=column,
        column_slug=name_slug(column) if column else None,
        tags=tuple((t, name_slug(t)) for t in tags),
        summary=summarise(_text(meta.get("lead")) or _first_paragraph(body)),
        image=_image_src(_text(image.get("src")), src),
        image_alt=_text(image.get("alt")) or "",
        lang=_text(meta.get("lang")),
        outlet=_text(meta.get("site_name")),
        original_url=_text(meta.get("url")),
        source=_text(meta.get("source")),
        minutes=reading_minutes(body, _text(meta.get("lang"))),
    )


def _people(value: Any) -> list[Person]:
    people = []
    for item in value or ():
        data = item if isinstance(item, dict) else {"name": item}
        name = _text(data.get("name"))
        if not name:
            continue
        links = tuple(s for s in (_text(x) for x in data.get("links") or ()) if s)
        people.append(
            Person(name, name_slug(name), _text(data.get("role")), _text(data.get("bio")), links)
        )
    return people


# An image the converter kept in the site: ``images/<hash>.<ext>`` beside the article.
_SITE_IMAGE = re.compile(r"images/[0-9a-f]{16,64}\.(?:jpg|png|gif|webp)")


def _image_src(value: str | None, src: str) -> str | None:
    """A lead image as the listings show it: an absolute URL as it is; an image kept in
    the site as its docs-relative path (``articles/images/…``); anything else, None."""
    if value and _SITE_IMAGE.fullmatch(value):
        return posixpath.join(posixpath.dirname(src), value)
    return value if value and "://" in value else None


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = " ".join(str(value).split())
    return text or None


def _date(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _first_paragraph(body: str) -> str:
    for block in body.split("\n\n"):
        if block.strip() and not _NOT_PROSE.match(block):
            return markdown_to_text(block)
    return ""


def summarise(text: str) -> str:
    """One line of at most :data:`SUMMARY_CHARS` characters, for listings and feeds."""
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rstrip() + "…"
