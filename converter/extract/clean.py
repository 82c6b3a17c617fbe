"""Remove site chrome inside the article node. First cut: structural elements only."""

from __future__ import annotations

from lxml.html import HtmlElement

from ..model import Metadata
from ..profiles import SiteProfile

_CHROME = "//script|//style|//nav|//header|//footer|//aside|//form|//iframe|//noscript|//h1"


def clean(node: HtmlElement, meta: Metadata, profile: SiteProfile | None) -> None:
    """Remove chrome from ``node`` in place (the caller's copy)."""
    for el in node.xpath("." + _CHROME.replace("|//", "|.//")):
        el.drop_tree()
