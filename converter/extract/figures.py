"""Images and figures: lazy-loading resolved, placeholders dropped, caption/credit split.
First cut: nothing done."""

from __future__ import annotations

from lxml.html import HtmlElement

from ..model import Figure


def normalise_figures(node: HtmlElement, base_url: str | None) -> tuple[Figure, ...]:
    """Rewrite images/figures in ``node`` (the caller's copy) into the canonical form the
    Markdown stage renders, and return them in reading order."""
    return ()
