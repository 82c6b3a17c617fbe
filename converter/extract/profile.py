"""The author profile box (プロフィール, "About the author"). First cut: none."""

from __future__ import annotations

from lxml.html import HtmlElement

from ..model import Author


def take_profile(tree: HtmlElement, node: HtmlElement, base_url: str | None) -> tuple[Author, ...]:
    """Read author profiles from the page ``tree`` (read-only); remove any profile box
    from ``node`` (the caller's copy of the article node)."""
    return ()
