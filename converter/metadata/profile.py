"""Source: a site profile's selectors (title, date, author, column, section).

Selectors are tried in order and the first one that matches a non-empty text wins.
The author element is read without its ``author_exclude`` parts (e.g. the column
name printed inside the author line), on a private copy, never on the shared tree.
A site config's XPath may give strings (``//meta/@content``, ``substring-after(…)``),
used as they are; its author expression names every author it matches.
"""

from __future__ import annotations

import copy

from lxml.html import HtmlElement

from ..profiles import SiteProfile
from ..profiles.select import Match, select, text_of
from .found import PROFILE, Found, RawAuthor, clean_text


def from_profile(tree: HtmlElement, profile: SiteProfile | None) -> Found:
    """The values the profile's selectors point at (empty without a profile)."""
    if profile is None:
        return Found(PROFILE)
    xpath = profile.xpath
    date_el = _first(tree, profile.date, xpath)
    date = None
    if isinstance(date_el, str):
        date = clean_text(date_el)
    elif date_el is not None:
        date = clean_text(date_el.get("datetime")) or clean_text(date_el.get("content"))
        date = date or clean_text(date_el.text_content())
    if xpath:
        authors = tuple(RawAuthor(name) for name in _all_texts(tree, profile.author))
    else:
        author = _author(tree, profile.author, profile.author_exclude)
        authors = (RawAuthor(author),) if author else ()
    return Found(
        PROFILE,
        title=_text(tree, profile.title, xpath),
        authors=authors,
        published=date,
        section=_text(tree, profile.section, xpath),
        column=_text(tree, profile.column, xpath),
        date_format=profile.date_format,
    )


def _first(tree: HtmlElement, selectors: tuple[str, ...], xpath: bool = False) -> Match | None:
    for selector in selectors:
        for el in select(tree, selector, xpath):
            if isinstance(el, str):
                if clean_text(el):
                    return el
            elif clean_text(el.text_content()) or el.get("datetime") or el.get("content"):
                return el
    return None


def _text(tree: HtmlElement, selectors: tuple[str, ...], xpath: bool = False) -> str | None:
    el = _first(tree, selectors, xpath)
    return clean_text(text_of(el)) if el is not None else None


def _all_texts(tree: HtmlElement, selectors: tuple[str, ...]) -> list[str]:
    """Every non-empty text the first matching XPath gives (one author each)."""
    for selector in selectors:
        texts = [clean_text(text_of(m)) for m in select(tree, selector, True)]
        found = [t for t in dict.fromkeys(texts) if t]
        if found:
            return found
    return []


def _author(tree: HtmlElement, selectors: tuple[str, ...], exclude: tuple[str, ...]) -> str | None:
    el = _first(tree, selectors)
    if el is None or isinstance(el, str):
        return None
    if exclude:
        el = copy.deepcopy(el)
        for css in exclude:
            for part in select(el, css):
                if part is el or isinstance(part, str):
                    continue
                _drop_keep_tail(part)
    return clean_text(el.text_content())


def _drop_keep_tail(el: HtmlElement) -> None:
    """Remove ``el`` with its content, keeping the text that follows it (lxml's
    ``drop_tree`` joins the tail to the previous sibling or the parent)."""
    if el.getparent() is not None:
        el.drop_tree()
