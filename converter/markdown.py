"""Stage 4: a cleaned article node -> Markdown that renders right in Python-Markdown.

Every markdownify option is pinned here; MkDocs needs ATX headings and 4-space list
indentation.
"""

from __future__ import annotations

import re

import lxml.html
from bs4 import BeautifulSoup
from lxml.html import HtmlElement
from markdownify import MarkdownConverter


class DigestMarkdown(MarkdownConverter):
    class DefaultOptions(MarkdownConverter.DefaultOptions):
        heading_style = "atx"
        bullets = "-"
        strong_em_symbol = "*"
        escape_underscores = False
        escape_asterisks = True
        wrap = False
        newline_style = "backslash"
        code_language = ""


def to_markdown(node: HtmlElement, base_url: str | None = None) -> str:
    """Convert the (already cleaned and sanitised) node to Markdown."""
    html = lxml.html.tostring(node, encoding="unicode")
    soup = BeautifulSoup(html, "lxml")
    text = DigestMarkdown().convert_soup(soup)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text + "\n" if text else ""
