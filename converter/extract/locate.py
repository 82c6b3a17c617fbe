"""Find the article node. First cut: the largest <article>/<main>/<body>."""

from __future__ import annotations

import copy

from lxml.html import HtmlElement

from ..model import Metadata
from ..profiles import SiteProfile


def locate(tree: HtmlElement, meta: Metadata, profile: SiteProfile | None) -> HtmlElement:
    """Return a private deep copy of the article node (safe for later stages to edit)."""
    for path in ("//article", "//main", "//body"):
        found = tree.xpath(path)
        if found:
            return copy.deepcopy(max(found, key=lambda el: len(el.text_content())))
    return copy.deepcopy(tree)
