"""Nothing executable reaches the site. First cut: drop dangerous elements/attributes."""

from __future__ import annotations

from lxml.html import HtmlElement

_DANGEROUS = "script style iframe object embed form link meta base svg math template".split()


def sanitize_tree(node: HtmlElement) -> None:
    """Remove executable content from ``node`` in place (the caller's own copy)."""
    for el in list(node.iter(*_DANGEROUS)):
        el.drop_tree()
    for el in node.iter():
        if not isinstance(el.tag, str):
            continue
        for name in list(el.attrib):
            value = el.attrib[name].strip().lower()
            if name.startswith("on") or value.startswith(("javascript:", "vbscript:", "data:")):
                del el.attrib[name]
