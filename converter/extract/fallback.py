"""The body of last resort: the oracle's own text, when the article node gave none.

The main method (locate, then clean) can leave nothing on a page whose article is
marked up in a way its rules take for chrome, or hidden by an inline style until a
script shows it. Rather than refuse such a page as "no article", the pipeline asks for
trafilatura's text of the whole page (its full cascade, hidden text included) and
converts that, one paragraph a line, with a warning. Pages that are no articles (a
login wall, an error page, a list of links) are refused after this all the same
(:mod:`converter.article_check`).
"""

from __future__ import annotations

import lxml.html

from ..markdown import to_markdown
from ..model import Metadata, Page
from .locate import oracle_text


def oracle_markdown(page: Page, meta: Metadata) -> str:
    """The oracle's text of ``page`` as Markdown paragraphs ("" when it has none)."""
    text = oracle_text(page.tree, meta, fast=False)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    node = lxml.html.fromstring("<div></div>")
    for line in filter(None, lines):
        p = lxml.html.Element("p")
        p.text = line
        node.append(p)
    return to_markdown(node, base_url=None) if len(node) else ""
