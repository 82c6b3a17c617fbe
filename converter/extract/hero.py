"""The lead photo when it sits just outside the article node.

Many CMSs put the headline photo (with its caption and credit) in a block between the
headline and the body container, so the located node misses it. The lead photo is the
page's own declared image (og:image / JSON-LD, carried in ``Metadata.image``) or a site
profile's ``image`` selector; when the node does not already show it, its block
(image + caption) is copied to the start of the node, where the figures stage then
handles it like any other figure.
"""

from __future__ import annotations

import copy

from lxml.etree import XPathEvalError
from lxml.html import HtmlElement

from ..model import Metadata
from ..profiles import SiteProfile
from .captions import find_block
from .images import image_url, is_placeholder

# Images inside these never are the article's photo (site chrome, teaser links).
_CHROME_ANCESTORS = {"nav", "footer", "aside", "a", "form"}


def adopt_lead_image(
    tree: HtmlElement,
    node: HtmlElement,
    meta: Metadata,
    base_url: str | None,
    profile: SiteProfile | None,
) -> None:
    """Copy the lead photo's block into the start of ``node`` (the caller's copy) when
    the node does not show it already."""
    shown: set[str | None] | None = None  # speed: only read when there is a candidate
    for img, by_profile in _candidates(tree, meta, base_url, profile):
        if shown is None:
            shown = {image_url(shown_img, base_url) for shown_img in node.iter("img")}
        url = image_url(img, base_url)
        if url is None or url in shown or is_placeholder(img, url):
            continue
        if any(a.tag in _CHROME_ANCESTORS for a in img.iterancestors()):
            continue
        if by_profile and profile and profile.caption:
            node.insert(0, _figure_from_profile(tree, img, profile.caption))
            return
        block = find_block(img, tree)
        if not (block.caption or block.credit or by_profile):
            continue  # an uncaptioned picture outside the body is no figure of it
        parts = [block.wrapper]
        caption = block.caption_el
        if (
            caption is not None
            and caption is not block.wrapper
            and not _inside(caption, block.wrapper)
        ):
            parts.append(caption)  # a caption beside the wrapper, not inside it
        for offset, part in enumerate(parts):
            clone = copy.deepcopy(part)
            clone.tail = None
            node.insert(offset, clone)
        return


def _candidates(
    tree: HtmlElement, meta: Metadata, base_url: str | None, profile: SiteProfile | None
) -> list[tuple[HtmlElement, bool]]:
    found: list[tuple[HtmlElement, bool]] = []
    for selector in profile.image if profile else ():
        try:
            found.extend((img, True) for el in tree.cssselect(selector) for img in _imgs(el))
        except (XPathEvalError, ValueError):
            continue
    if meta.image and meta.image.src:
        src = meta.image.src
        name = _file_name(src)
        # Speed: resolving every <img> of the page was most of this stage; an image can
        # only resolve to ``src`` when one of its raw values holds src's file name.
        quick = bool(name) and name != _file_name(base_url or "")
        pictured = {img for pic in tree.iter("picture") for img in pic.iter("img")}
        found.extend(
            (img, False)
            for img in tree.iter("img")
            if (not quick or img in pictured or _may_show(img, name))
            and image_url(img, base_url) == src
        )
    return found


def _file_name(url: str) -> str:
    """What follows the last "/" of a URL's path (with any ``;params``)."""
    return url.split("#", 1)[0].split("?", 1)[0].rsplit("/", 1)[-1]


def _may_show(img: HtmlElement, name: str) -> bool:
    """False when ``img`` cannot show a URL whose file name is ``name``.

    Resolving a URL against the base keeps the file name of the raw one (urljoin only
    drops tabs and line breaks from it), unless the raw one has no path, which then
    comes from the base: the caller does not ask when the base has the same file name.
    (<picture> sources are other elements' values: the caller does not ask for an image
    inside a <picture> either.)
    """
    for value in img.values():
        if name in value:
            return True
        if ("\t" in value or "\n" in value or "\r" in value) and name in value.translate(
            _URL_DROPPED
        ):
            return True
    return False


# Characters urllib's URL parsing removes anywhere in a URL.
_URL_DROPPED = str.maketrans("", "", "\t\r\n")


def _figure_from_profile(
    tree: HtmlElement, img: HtmlElement, selectors: tuple[str, ...]
) -> HtmlElement:
    """``<figure>`` with a copy of ``img`` and, as its ``<figcaption>``, the text of the
    first element a site profile's ``caption`` selectors name (split later like any)."""
    figure = tree.makeelement("figure")
    clone = copy.deepcopy(img)
    clone.tail = None
    figure.append(clone)
    for selector in selectors:
        try:
            found = tree.cssselect(selector)
        except (ValueError, SyntaxError):
            continue
        if found:
            caption = tree.makeelement("figcaption")
            caption.text = found[0].text_content().strip()
            figure.append(caption)
            break
    return figure


def _imgs(el: HtmlElement) -> list[HtmlElement]:
    return [el] if el.tag == "img" else list(el.iter("img"))


def _inside(el: HtmlElement, container: HtmlElement) -> bool:
    return container in el.iterancestors()
