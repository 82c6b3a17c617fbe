"""The curation stage: the catalogue as published, after the curator's notes.

    1. read notes/ and match each note to its article               (notes)
    2. leave hidden articles out; add the notes' tags
    3. the article pages that differ from the archive: picks with their note (full
       mode), or every article as an excerpt (excerpt mode)          (published)

The archive in docs/articles is only read. The pages returned here are written into the
published copy of the docs (see :mod:`.stage`), never over the archive.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .catalog import Entry, read_page, summarise
from .curation import Curation
from .names import name_slug
from .notes import Note, match_notes, read_notes
from .published import article_text, contains, excerpt, opening, with_note

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pick:
    entry: Entry  # as published
    note: Note
    quote: str | None  # the note's quote when it is verbatim in the article


@dataclass(frozen=True)
class Curated:
    entries: list[Entry]  # as published: hidden ones out, notes' tags in, newest first
    picks: list[Pick]  # newest first
    pages: dict[str, str] = field(default_factory=dict)  # article src → published page
    hidden: frozenset[str] = frozenset()  # article srcs not published at all

    @property
    def differs(self) -> bool:
        """Whether the published docs differ from docs/ (and so need their own copy)."""
        return bool(self.pages or self.hidden)


def curate(entries: Sequence[Entry], docs_dir: Path, settings: Curation) -> Curated:
    notes = match_notes(read_notes(settings.notes_dir), entries)
    hidden = frozenset(src for src, note in notes.items() if note.hidden)
    published: list[Entry] = []
    picks: list[Pick] = []
    pages: dict[str, str] = {}
    for entry in entries:
        if entry.src in hidden:
            continue
        note = notes.get(entry.src)
        if note is None and not settings.excerpt:
            published.append(entry)
            continue
        page = _article_page(entry, docs_dir, note, settings)
        if page is None:  # unreadable: the archive's page is published as it is
            published.append(entry)
            continue
        text, quote, summary = page
        pages[entry.src] = text
        entry = _with_note_tags(entry, note)
        if summary is not None:
            entry = replace(entry, summary=summary, image=None, image_alt="")
        published.append(entry)
        if note is not None:
            picks.append(Pick(entry, note, quote))
    return Curated(published, picks, pages, hidden)


def _article_page(
    entry: Entry, docs_dir: Path, note: Note | None, settings: Curation
) -> tuple[str, str | None, str | None] | None:
    """(page text, verified quote, excerpt-mode summary), or None if unreadable."""
    path = docs_dir / entry.src
    try:
        meta, body = read_page(path)
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("%s: cannot read the article: %s", path, " ".join(str(exc).split()))
        return None
    if meta is None:
        return None  # read_page has said why
    body = body.removeprefix("\n")
    quote = _verified_quote(note, body)
    if not settings.excerpt:
        assert note is not None
        return with_note(meta, body, note), quote, None
    quoted = quote or opening(body, settings.excerpt_chars)
    if note is not None and len(note.text.strip()) < len(quoted):
        log.warning(
            "%s: the note (%d characters) is shorter than its quote (%d): in excerpt mode "
            "the commentary must be the main part",
            note.path, len(note.text.strip()), len(quoted),
        )  # fmt: skip
    lead = meta.get("lead")
    summary = summarise(lead if isinstance(lead, str) and lead.strip() else quoted)
    return excerpt(meta, body, note, quoted), quote, summary


def _verified_quote(note: Note | None, body: str) -> str | None:
    if note is None or note.quote is None:
        return None
    if contains(article_text(body), note.quote):
        return note.quote
    log.warning("%s: the quote is not in the article's text (verbatim); quote not used",
                note.path)  # fmt: skip
    return None


def _with_note_tags(entry: Entry, note: Note | None) -> Entry:
    if note is None or not note.tags:
        return entry
    have = {name for name, _ in entry.tags}
    extra = tuple((t, name_slug(t)) for t in note.tags if t not in have)
    return replace(entry, tags=entry.tags + extra)
