"""Parse a decoded page once, with lxml."""

from __future__ import annotations

import lxml.html
from lxml.html import HtmlElement

from .errors import InputError


def parse(text: str, path: str | None = None) -> HtmlElement:
    """Parse HTML text into a tree; raises InputError when nothing can be parsed."""
    text = text.replace("\x00", "")
    if text.startswith("<?xml"):
        text = text.split("?>", 1)[-1]
    try:
        tree = lxml.html.document_fromstring(text, parser=_PARSER)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise InputError(f"cannot parse HTML ({exc})", path) from exc
    if tree is None:
        raise InputError("cannot parse HTML", path)
    return tree


_PARSER = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
