"""Evaluating a profile's selectors: CSS (YAML profiles) or XPath 1.0 (site configs).

The stages call these instead of ``cssselect`` so that both kinds of profile run through
the same code. Every function only reads the tree it is given, except
:func:`use_lazy_src`, which edits the caller's private copy of the article node.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from .model import SiteProfile

Match = HtmlElement | str  # an element, or a string an XPath gave (attribute, substring…)


def select(root: HtmlElement, selector: str, xpath: bool = False) -> list[Match]:
    """What ``selector`` matches under ``root``: elements in document order, and for
    XPath also strings (``//meta/@content``, ``substring-after(…)``; empty ones left
    out). A selector that does not compile or fails on this page matches nothing."""
    if not xpath:
        css = _css(selector)
        return css(root) if css is not None else []
    compiled = _xpath(selector)
    if compiled is None:
        return []
    try:
        result = compiled(root)
    except etree.XPathError:
        return []
    if isinstance(result, str):
        return [result] if result.strip() else []
    if not isinstance(result, list):
        return []  # a number or a boolean says nothing about the page's text
    return [
        item
        for item in result
        if (isinstance(item, str) and item.strip())
        or (isinstance(item, etree._Element) and isinstance(item.tag, str))
    ]


def elements(root: HtmlElement, selector: str, xpath: bool = False) -> list[HtmlElement]:
    """The elements ``selector`` matches under ``root`` (strings left out)."""
    return [m for m in select(root, selector, xpath) if not isinstance(m, str)]


def text_of(match: Match) -> str:
    """The text of a match: the string itself, or the element's text content."""
    return match if isinstance(match, str) else match.text_content()


def body_node(tree: HtmlElement, profile: SiteProfile) -> HtmlElement | None:
    """A private copy of the article body the profile's ``body`` selectors name: the
    first selector that matches wins; when it matches several elements (an XPath union,
    or a body split over blocks), they are joined in document order in one ``<div>``
    (an element inside another matched one comes with it, not twice)."""
    for selector in profile.body:
        found = elements(tree, selector, profile.xpath)
        if not found:
            continue
        if not profile.xpath or len(found) == 1:
            return copy.deepcopy(found[0])
        chosen = set(found)
        outer = [el for el in found if not any(a in chosen for a in el.iterancestors())]
        if len(outer) == 1:
            return copy.deepcopy(outer[0])
        joined = tree.makeelement("div", {})  # the page parser's element classes
        for el in outer:
            joined.append(copy.deepcopy(el))
            joined[-1].tail = None
        # A copy is the root of a document of its own: "//" in the remove selectors
        # then looks inside the body only, never into the shared page.
        return copy.deepcopy(joined)
    return None


def remove_matches(node: HtmlElement, profile: SiteProfile) -> None:
    """Remove from ``node`` (the caller's copy) what the ``remove`` selectors match,
    each with its content; the text after an element stays."""
    for selector in profile.remove:
        for el in elements(node, selector, profile.xpath):
            # An XPath from the document root ("//…") must not reach outside the node.
            if el is not node and el.getparent() is not None and _inside(el, node):
                el.drop_tree()


def _inside(el: HtmlElement, node: HtmlElement) -> bool:
    return any(a is node for a in el.iterancestors())


def use_lazy_src(node: HtmlElement, profile: SiteProfile | None) -> None:
    """``<img>`` under ``node`` (the caller's copy) take their ``src`` from the
    attribute the profile names (a site config's ``src_lazy_load_attr``)."""
    if profile is None or not profile.lazy_src:
        return
    for img in node.iter("img"):
        real = img.get(profile.lazy_src)
        if real and real.strip():
            img.set("src", real.strip())


def replace_raw(html: str, profile: SiteProfile | None) -> str:
    """The page's HTML after the profile's literal replacements, in order."""
    if profile is None:
        return html
    for find, replacement in profile.replace:
        html = html.replace(find, replacement)
    return html


@lru_cache(maxsize=1024)
def _xpath(expression: str) -> etree.XPath | None:
    try:
        return etree.XPath(expression, smart_strings=False)
    except etree.XPathError:
        return None


@lru_cache(maxsize=256)
def _css(selector: str) -> CSSSelector | None:
    try:
        return CSSSelector(selector, translator="html")
    except Exception:  # cssselect's SelectorError and its parser's other errors
        return None
