"""Stage 3: find the article node, clean it, pull out lead, figures and profile,
and hand the cleaned node to the Markdown stage.

First cut (owner: body-extraction work).
"""

from __future__ import annotations

import copy

from lxml.html import HtmlElement

from ..markdown import to_markdown
from ..model import Body, Metadata, Page

_CHROME = (
    "//script|//style|//nav|//header|//footer|//aside|//form|//iframe|//noscript"
)


def extract_body(page: Page, meta: Metadata, profile: object | None = None) -> Body:
    node = _locate(page.tree)
    node = copy.deepcopy(node)
    for el in node.xpath(_CHROME):
        el.drop_tree()
    for h1 in node.xpath(".//h1"):
        h1.drop_tree()
    return Body(markdown=to_markdown(node, base_url=meta.url))


def _locate(tree: HtmlElement) -> HtmlElement:
    for path in ("//article", "//main", "//body"):
        found = tree.xpath(path)
        if found:
            return max(found, key=lambda el: len(el.text_content()))
    return tree
