"""Text written between ``<br>``s (no ``<p>``), as many Japanese sites write their bodies.

Python-Markdown knows no hard-break syntax MkDocs would render from a converted ``<br>``
run, and a body of ``line<br><br>line<br><br>…`` would otherwise be one paragraph. So,
in a block that holds text directly (:data:`HOSTS`):

- a run of :data:`PARAGRAPH_BREAK` or more ``<br>`` (whitespace between them, ideographic
  spaces included) ends a paragraph: each stretch of text and inline markup between
  runs (and between the block children of a container) becomes its own ``<p>``; a
  ``<p>`` split so becomes several ``<p>`` in its place;
- a ``<br>`` at the start or end of a block, or next to a block child, breaks no line
  and goes;
- a single ``<br>`` inside running text stays (the Markdown stage writes it as ``<br>``).

The profile box reads its parts with ``min_run=1``: there a single ``<br>`` separates a
role from a bio.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from .locate import INLINE, names

# A run of at least this many <br> is a paragraph break.
PARAGRAPH_BREAK = 2
# Blocks whose own text is split at <br> runs. Table cells are left alone: a pipe-table
# cell holds one line, and the Markdown stage writes its <br> as a space.
HOSTS = names("p div section article main header footer blockquote li dd center")
# A new paragraph is written as this element.
PARAGRAPH = "p"

# One piece of a block's content: its own text (a str) or a child element.
_Piece = str | HtmlElement


def split_at_breaks(node: HtmlElement, min_run: int = PARAGRAPH_BREAK) -> None:
    """Split the text blocks of ``node`` (the caller's copy, itself included) at runs of
    ``min_run`` or more ``<br>``, and drop the ``<br>`` that break no line."""
    # Innermost first: a <p> made from a container's text is never split again.
    hosts = [el for el in node.iter(*HOSTS) if any(True for _ in el.iterchildren("br"))]
    for host in reversed(hosts):
        _split(host, min_run)


def _split(host: HtmlElement, min_run: int) -> None:
    segments = _segments(host, min_run)
    inline = [s for s in segments if isinstance(s, list)]
    if len(inline) <= 1 and all(isinstance(s, list) for s in segments):
        _refill(host, inline[0] if inline else [])  # one stretch: only its edges trimmed
        return
    if host.tag == PARAGRAPH and host.getparent() is not None:
        _replace_paragraph(host, segments)
        return
    if host.tag == PARAGRAPH:
        host.tag = "div"  # the node itself: a container of the paragraphs
    host.text = None
    for child in list(host):
        host.remove(child)  # its tail is a piece of a segment, put back below
    for segment in segments:
        host.append(_paragraph(host, segment) if isinstance(segment, list) else segment)


def _segments(host: HtmlElement, min_run: int) -> list[list[_Piece] | HtmlElement]:
    """The host's content as stretches of inline pieces (lists), cut at ``<br>`` runs,
    and its block children (elements), in order; empty stretches left out."""
    pieces: list[_Piece] = [host.text] if host.text else []
    for child in host:
        pieces.append(child)
        if child.tail:
            pieces.append(child.tail)
            child.tail = None
    out: list[list[_Piece] | HtmlElement] = []
    current: list[_Piece] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if not isinstance(piece, str) and isinstance(piece.tag, str) and piece.tag not in INLINE:
            out += [current, piece]  # a block child ends the stretch
            current = []
        elif _is_br(piece) and _breaks_in_run(pieces, i) >= min_run:
            out.append(current)
            current = []
            while i + 1 < len(pieces) and (_is_br(pieces[i + 1]) or _blank(pieces[i + 1])):
                i += 1
        else:
            current.append(piece)
        i += 1
    out.append(current)
    return [s for s in out if not isinstance(s, list) or _trimmed(s)]


def _breaks_in_run(pieces: list[_Piece], i: int) -> int:
    """How many ``<br>`` follow one another from ``i`` on (blank text between them)."""
    count = 0
    for piece in pieces[i:]:
        if _is_br(piece):
            count += 1
        elif not _blank(piece):
            break
    return count


def _is_br(piece: _Piece) -> bool:
    return not isinstance(piece, str) and piece.tag == "br"


def _blank(piece: _Piece) -> bool:
    return isinstance(piece, str) and not piece.strip()


def _trimmed(pieces: list[_Piece]) -> list[_Piece]:
    """``pieces`` without the ``<br>`` and blank text at either end."""
    start, end = 0, len(pieces)
    while start < end and (_is_br(pieces[start]) or _blank(pieces[start])):
        start += 1
    while end > start and (_is_br(pieces[end - 1]) or _blank(pieces[end - 1])):
        end -= 1
    return pieces[start:end]


def _refill(el: HtmlElement, pieces: list[_Piece]) -> None:
    """Make ``pieces`` (trimmed) the whole content of ``el``."""
    for child in list(el):
        el.remove(child)
    el.text = None
    for piece in _trimmed(pieces):
        if isinstance(piece, str):
            if len(el):
                el[-1].tail = (el[-1].tail or "") + piece
            else:
                el.text = (el.text or "") + piece
        else:
            el.append(piece)


def _paragraph(host: HtmlElement, pieces: list[_Piece]) -> HtmlElement:
    p = host.makeelement(PARAGRAPH, {})
    _refill(p, pieces)
    return p


def _replace_paragraph(p: HtmlElement, segments: list[list[_Piece] | HtmlElement]) -> None:
    """``p`` becomes one ``<p>`` per stretch (the first is ``p`` itself), with the block
    children between them in order; what followed ``p`` follows the last one."""
    tail, p.tail = p.tail, None
    made: list[HtmlElement] = []
    for segment in segments:
        if not isinstance(segment, list):
            made.append(segment)
        elif p in made:
            made.append(_paragraph(p, segment))
        else:
            _refill(p, segment)
            made.append(p)
    if p not in made:  # only blocks: an empty <p> before them (dropped as empty later)
        _refill(p, [])
        made.insert(0, p)
    parent = p.getparent()
    index = parent.index(p)
    for offset, el in enumerate(made):
        if el is not p:
            parent.insert(index + offset, el)
    made[-1].tail = tail
