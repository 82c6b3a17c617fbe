"""An article page as the site publishes it: in full (with the curator's note on top), or
as an excerpt.

An excerpt page carries the title, columnist, outlet and date (front matter, shown by the
article template), the lead, the curator's note, one quotation set off as a blockquote
(the note's ``quote``, else the body's opening up to ``excerpt_chars``) and a source line
linking the original. Nothing else of the body: the page is built from those pieces, not
by cutting the body down.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .. import frontmatter
from ..pipeline import markdown_to_text
from . import mdtext
from .notes import Note

# The label over a note, on article pages and in digest issues.
NOTE_LABEL = "キュレーターのコメント"
# Front-matter keys an excerpt page keeps (what the article template shows, and tags).
EXCERPT_KEYS = (
    "title", "subtitle", "lead", "authors", "published", "updated", "site_name", "section",
    "column", "url", "lang", "tags",
)  # fmt: skip
# The lead block the converter writes at the top of the body.
_LEAD_MARK = "\n{ .lead }"
# A body block that is running text (not a heading, figure, list, table, quote or HTML).
_PROSE = re.compile(r"^\s*(#|!\[|[-*+] |\d+\. |\||>|\{|<|```)")
# Where a sentence ends: after 。！？ or after .!? followed by a space.
_SENTENCE_END = re.compile(r"[。！？][」』）]?|[.!?][\"'’”)]?(?=\s)")


def note_block(note: Note) -> str:
    """The note as a Markdown block marked as the curator's."""
    body = note.body.strip()
    label = f'<p class="digest-note__label" data-pagefind-ignore>{NOTE_LABEL}</p>'
    inner = f"{label}\n\n{body}\n" if body else ""
    return f'<div class="digest-note" markdown>\n\n{inner}\n</div>\n'


def with_note(meta: dict[str, Any], body: str, note: Note) -> str:
    """The full article page with the note at the top and the note's tags added."""
    return frontmatter.dumps(_tagged(meta, note), f"{note_block(note)}\n{body}")


def excerpt(meta: dict[str, Any], body: str, note: Note | None, quote: str) -> str:
    """The excerpt page: see the module docstring. ``quote`` is verbatim article text."""
    head = {k: meta[k] for k in EXCERPT_KEYS if k in meta}
    parts = []
    lead = meta.get("lead")
    if isinstance(lead, str) and lead.strip():
        parts.append(f"{mdtext.text(lead)}\n{{ .lead }}\n")
    if note is not None:
        parts.append(note_block(note))
    parts.append(_quotation(quote, meta))
    return frontmatter.dumps(_tagged(head, note) if note else head, "\n".join(parts))


def _quotation(quote: str, meta: dict[str, Any]) -> str:
    title = str(meta.get("title") or "")
    url = mdtext.url(str(meta.get("url") or ""))
    cited = f"[{mdtext.text(title)}]({url})" if url else mdtext.text(title)
    who = [a.get("name") if isinstance(a, dict) else a for a in meta.get("authors") or []]
    credit = [str(x) for x in (*who, meta.get("site_name")) if x]
    tail = f"（{mdtext.text('、'.join(credit))}）" if credit else ""
    return (
        '<div class="digest-excerpt" markdown>\n\n'
        f"> {mdtext.text(quote)}\n\n"
        f"出典: {cited}{tail}\n{{ .digest-excerpt__source }}\n\n</div>\n"
    )


def _tagged(meta: dict[str, Any], note: Note | None) -> dict[str, Any]:
    if note is None or not note.tags:
        return meta
    tags = [str(t) for t in meta.get("tags") or []]
    return {**meta, "tags": list(dict.fromkeys([*tags, *note.tags]))}


# The article's text ------------------------------------------------------------------


def body_without_lead(body: str) -> str:
    """The page body after the lead block the converter put first."""
    first, sep, rest = body.lstrip("\n").partition("\n\n")
    return rest if sep and first.endswith(_LEAD_MARK) else body


def article_text(body: str) -> str:
    """The whole article (lead included) as one line of plain text, for finding quotes."""
    return _flat(markdown_to_text(body))


def contains(text: str, quote: str) -> bool:
    """Whether ``quote`` is verbatim in ``text`` (whitespace and Unicode form aside)."""
    return _flat(quote) in text


def opening(body: str, chars: int) -> str:
    """The body's first running text, cut at a sentence end within ``chars`` characters
    (or at ``chars`` with an ellipsis when no sentence ends early enough)."""
    pieces: list[str] = []
    size = 0
    for block in body_without_lead(body).split("\n\n"):
        if block.strip() and not _PROSE.match(block):
            piece = _flat(markdown_to_text(block))
            pieces.append(piece)
            size += len(piece) + 1
            if size > chars:
                break
    text = " ".join(pieces)
    if len(text) <= chars:
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, chars)]
    if ends and ends[-1] >= chars // 3:
        return text[: ends[-1]].rstrip()
    return text[: chars - 1].rstrip() + "…"


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())
