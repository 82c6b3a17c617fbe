"""The curator's notes: ``notes/**/*.md`` beside mkdocs.yml, read and matched to articles.

A note is Markdown with front matter::

    ---
    article: https://…/post-1234.php   # or the source file path, or the article's slug
    featured: true                      # optional: leads its digest issue
    tags: [英国, 漁業]                  # optional: added to the article's tags
    hidden: true                        # optional: the article is not published at all
    quote: "…"                          # optional: a verbatim passage of the article
    ---
    The commentary, in Markdown.

``notes/digests/<period>.md`` are not notes but the intros of digest issues.
Nothing here ever writes into ``notes/``. A note that cannot be used is skipped with one
warning naming its file; the build goes on.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .. import frontmatter
from ..pipeline import markdown_to_text
from ..sanitize import sanitize_markdown
from .catalog import Entry
from .curation import INTROS_DIR, Period

log = logging.getLogger(__name__)

# Keys a note's front matter may carry.
NOTE_KEYS = ("article", "featured", "tags", "hidden", "quote")
# The file name (without .md) of an issue intro, per period setting.
_PERIOD_NAME = {"week": re.compile(r"^\d{4}-W\d{2}$"), "month": re.compile(r"^\d{4}-\d{2}$")}


@dataclass(frozen=True)
class Note:
    path: str  # as shown in warnings: relative to the folder holding mkdocs.yml
    article: str  # the reference as written
    body: str  # the commentary: sanitised Markdown
    text: str  # the commentary as plain text (its length is what the warning compares)
    featured: bool = False
    hidden: bool = False
    tags: tuple[str, ...] = ()
    quote: str | None = None


def read_notes(notes_dir: Path) -> list[Note]:
    """Every usable note under ``notes_dir`` (issue intros excluded), by path."""
    if not notes_dir.is_dir():
        return []
    notes = []
    intros = notes_dir / INTROS_DIR
    for path in sorted(notes_dir.rglob("*.md")):
        if path.is_relative_to(intros) or not path.is_file():
            continue
        note = _read_note(path, _shown(path, notes_dir))
        if note is not None:
            notes.append(note)
    return notes


def _shown(path: Path, notes_dir: Path) -> str:
    return (PurePosixPath(notes_dir.name) / path.relative_to(notes_dir).as_posix()).as_posix()


def _load(path: Path, shown: str) -> tuple[dict[str, Any], str] | None:
    try:
        return frontmatter.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("%s: cannot read the note: %s", shown, _one_line(exc))
    except ValueError as exc:
        log.warning("%s: %s; note skipped", shown, _one_line(exc))
    return None


def _read_note(path: Path, shown: str) -> Note | None:
    loaded = _load(path, shown)
    if loaded is None:
        return None
    meta, body = loaded
    for key in meta:
        if key not in NOTE_KEYS:
            close = difflib.get_close_matches(str(key), NOTE_KEYS, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            log.warning("%s: unknown key %r ignored%s", shown, key, hint)
    problems = _problems(meta)
    if problems:
        log.warning("%s: %s; note skipped", shown, "; ".join(problems))
        return None
    tags = meta.get("tags") or []
    body = sanitize_markdown(frontmatter.normalise_body(body)) if body.strip() else ""
    quote = meta.get("quote")
    return Note(
        path=shown,
        article=str(meta["article"]).strip(),
        body=body,
        text=markdown_to_text(body),
        featured=meta.get("featured") is True,
        hidden=meta.get("hidden") is True,
        tags=tuple(dict.fromkeys(" ".join(str(t).split()) for t in tags if str(t).strip())),
        quote=" ".join(quote.split()) if isinstance(quote, str) and quote.strip() else None,
    )


def _problems(meta: dict[str, Any]) -> list[str]:
    problems = []
    article = meta.get("article")
    if article is None or not str(article).strip() or isinstance(article, dict | list):
        problems.append("no `article:` (the article's URL, source file or slug)")
    for key in ("featured", "hidden"):
        if key in meta and not isinstance(meta[key], bool):
            problems.append(f"`{key}` must be true or false")
    tags = meta.get("tags")
    if tags is not None and not (
        isinstance(tags, list) and all(isinstance(t, str | int | float) for t in tags)
    ):
        problems.append("`tags` must be a list of words")
    if meta.get("quote") is not None and not isinstance(meta["quote"], str):
        problems.append("`quote` must be text")
    return problems


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


# Matching ---------------------------------------------------------------------------


def match_notes(notes: Sequence[Note], entries: Sequence[Entry]) -> dict[str, Note]:
    """Article ``src`` → its note. A note matching nothing, or several articles, or an
    article that already has a note, is a warning (the first note by path wins)."""
    out: dict[str, Note] = {}
    if not notes:
        return out  # speed: no index of 10,000 articles for no note
    index = _Index(entries)
    for note in notes:
        found = index.find(note.article)
        if not found:
            log.warning("%s: article %r matches no article; note skipped", note.path, note.article)
        elif len(found) > 1:
            names = ", ".join(e.src for e in found[:3])
            log.warning("%s: article %r matches %d articles (%s); note skipped",
                        note.path, note.article, len(found), names)  # fmt: skip
        elif found[0].src in out:
            log.warning("%s: %s already has a note (%s); note skipped",
                        note.path, found[0].src, out[found[0].src].path)  # fmt: skip
        else:
            out[found[0].src] = note
    return out


class _Index:
    """Articles by original URL, by slug and by source file name."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.by_url: dict[str, list[Entry]] = defaultdict(list)
        self.by_slug: dict[str, Entry] = {}
        self.by_name: dict[str, list[Entry]] = defaultdict(list)
        for e in entries:
            if e.original_url:
                self.by_url[_url_key(e.original_url)].append(e)
            self.by_slug[PurePosixPath(e.src).stem] = e
            if e.source:
                self.by_name[PurePosixPath(e.source).name].append(e)

    def find(self, ref: str) -> list[Entry]:
        if "://" in ref:
            return self.by_url.get(_url_key(ref), [])
        slug = PurePosixPath(ref.removeprefix("articles/")).name.removesuffix(".md")
        if slug in self.by_slug and "/" not in ref.removeprefix("articles/"):
            return [self.by_slug[slug]]
        parts = _parts(ref)
        return [
            e
            for e in self.by_name.get(parts[-1] if parts else "", [])
            if _same_file(parts, _parts(e.source or ""))
        ]


def _url_key(url: str) -> str:
    return url.strip().split("#", 1)[0].rstrip("/")


def _parts(path: str) -> tuple[str, ...]:
    return tuple(p for p in PurePosixPath(path.replace("\\", "/")).parts if p not in ("/", "."))


def _same_file(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One path is the other's tail (a relative and an absolute path to one file)."""
    n = min(len(a), len(b))
    return n > 0 and a[-n:] == b[-n:]


# Issue intros -----------------------------------------------------------------------


def read_intros(notes_dir: Path, period: Period) -> dict[str, str]:
    """Period (``2025-W14`` / ``2025-04``) → the intro's sanitised Markdown."""
    folder = notes_dir / INTROS_DIR
    if not folder.is_dir():
        return {}
    out = {}
    for path in sorted(folder.glob("*.md")):
        shown = _shown(path, notes_dir)
        if not _PERIOD_NAME[period].match(path.stem):
            example = "2025-W14.md" if period == "week" else "2025-04.md"
            log.warning("%s: not a %s's name (like %s); intro skipped", shown, period, example)
            continue
        loaded = _load(path, shown)
        if loaded is not None and loaded[1].strip():
            out[path.stem] = sanitize_markdown(frontmatter.normalise_body(loaded[1]))
    return out
