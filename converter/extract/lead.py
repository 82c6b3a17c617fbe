"""The lead paragraph (＜…＞, <…>) and datelines. First cut: no lead."""

from __future__ import annotations

from lxml.html import HtmlElement


def take_lead(node: HtmlElement) -> str | None:
    """Find the lead in ``node`` (the caller's copy), remove it there, return its text."""
    return None
