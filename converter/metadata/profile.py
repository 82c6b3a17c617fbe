"""Source: a site profile's CSS selectors (title, date, author, column, section).

Selectors are tried in order and the first one that matches a non-empty text wins.
The author element is read without its ``author_exclude`` parts (e.g. the column
name printed inside the author line), on a private copy, never on the shared tree.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from ..profiles import SiteProfile
from .found import PROFILE, Found, RawAuthor, clean_text


def from_profile(tree: HtmlElement, profile: SiteProfile | None) -> Found:
    """The values the profile's selectors point at (empty without a profile)."""
    if profile is None:
        return Found(PROFILE)
    date_el = _first(tree, profile.date)
    date = None
    if date_el is not None:
        date = clean_text(date_el.get("datetime")) or clean_text(date_el.get("content"))
        date = date or clean_text(date_el.text_content())
    author = _author(tree, profile.author, profile.author_exclude)
    return Found(
        PROFILE,
        title=_text(tree, profile.title),
        authors=(RawAuthor(author),) if author else (),
        published=date,
        section=_text(tree, profile.section),
        column=_text(tree, profile.column),
        date_format=profile.date_format,
    )


@lru_cache(maxsize=256)
def _selector(css: str) -> CSSSelector | None:
    try:
        return CSSSelector(css, translator="html")
    except Exception:
        return None


def _select(tree: HtmlElement, css: str) -> list[HtmlElement]:
    selector = _selector(css)
    return selector(tree) if selector is not None else []


def _first(tree: HtmlElement, selectors: tuple[str, ...]) -> HtmlElement | None:
    for css in selectors:
        for el in _select(tree, css):
            if clean_text(el.text_content()) or el.get("datetime") or el.get("content"):
                return el
    return None


def _text(tree: HtmlElement, selectors: tuple[str, ...]) -> str | None:
    el = _first(tree, selectors)
    return clean_text(el.text_content()) if el is not None else None


def _author(tree: HtmlElement, selectors: tuple[str, ...], exclude: tuple[str, ...]) -> str | None:
    el = _first(tree, selectors)
    if el is None:
        return None
    if exclude:
        el = copy.deepcopy(el)
        for css in exclude:
            for part in _select(el, css):
                if part is el:
                    continue
                _drop_keep_tail(part)
    return clean_text(el.text_content())


def _drop_keep_tail(el: HtmlElement) -> None:
    """Remove ``el`` with its content, keeping the text that follows it (lxml's
    ``drop_tree`` joins the tail to the previous sibling or the parent)."""
    if el.getparent() is not None:
        el.drop_tree()
