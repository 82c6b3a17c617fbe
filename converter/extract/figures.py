"""Images and figures: lazy-loading resolved, placeholders dropped, caption/credit split.

Every content image of the article node is rewritten, in place, into one canonical form
that the Markdown stage renders as a Material ``<figure markdown="span">`` block::

    <figure>
      <img src="ABSOLUTE-URL" alt="ALT">
      <figcaption><span class="caption">CAPTION</span> <small
        class="credit">CREDIT</small></figcaption>
    </figure>

(written here over two lines; in the node there is no whitespace between the elements
but the one space between caption and credit; ``figcaption`` is left out when there is neither
caption nor credit, and each of its two parts when empty). The original wrapper
(``<figure>``, photo ``<div>``, the link around the image) and the caption element are
replaced, so the caption is not left behind as a paragraph. An image that sits inline in
running text and has no caption stays an ``<img>`` (URL resolved), where it was.

Steps: ``<noscript>`` fallbacks, ``<picture>`` sources, lazy attributes and srcset →
one URL per image (:mod:`.images`); placeholders dropped; caption found
(:mod:`.captions`) and split into caption and credit (:mod:`.credits`).
"""

from __future__ import annotations

import copy

import lxml.html
from lxml.html import HtmlElement

from ..model import Figure
from .captions import find_block, squash, text_content
from .credits import split_credit
from .images import image_url, is_placeholder, picture_of
from .profile import find_boxes

# Elements that hold running text: a figure found inside one moves out, after it.
TEXT_HOSTS = {"p", "span", "a", "strong", "b", "em", "i", "u", "font", "small", "label"}
# Containers that may hold a figure directly.
_BLOCK_PARENTS = {
    "div",
    "section",
    "article",
    "main",
    "body",
    "li",
    "td",
    "th",
    "blockquote",
    "figure",
}


def normalise_figures(node: HtmlElement, base_url: str | None) -> tuple[Figure, ...]:
    """Rewrite images/figures in ``node`` (the caller's copy) into the canonical form the
    Markdown stage renders, and return them in reading order."""
    _use_noscript_fallbacks(node, base_url)
    _caption_only_figures(node)
    images = list(node.iter("img"))
    # Speed: the author boxes only matter around images (finding them walks the node).
    boxes = {el for parts in find_boxes(node) for el in parts} if images else set()
    urls: dict[HtmlElement, str] = {}
    for img in images:  # first every placeholder goes, then figures
        if any(a.tag == "noscript" or a in boxes for a in img.iterancestors()):
            continue  # a fallback not taken above (clean drops it), an author's photo
        url = image_url(img, base_url)
        if url is None or is_placeholder(img, url):
            _drop_image(img, node)
        else:
            urls[img] = url
    figures: list[Figure] = []
    for img, url in urls.items():
        if _detached(img, node):
            continue  # removed with an earlier image's wrapper
        if any(f.src == url for f in figures):
            _drop_image(img, node)  # the same picture again: a thumbnail strip, a gallery
            continue
        _unwrap_picture(img)
        block = find_block(img, node)
        alt = squash(img.get("alt", ""))
        caption, credit = block.caption, block.credit
        if caption is None and credit is None and img.get("data-caption"):
            caption, credit = split_credit(squash(img.get("data-caption", "")))
        figure = Figure(src=url, alt=alt, caption=caption, credit=credit)
        figures.append(figure)
        _rewrite(block.wrapper, block.caption_el, img, figure, node)
    return tuple(figures)


def _caption_only_figures(node: HtmlElement) -> None:
    """A ``<figure>`` holding only its ``<figcaption>`` (a photo the page's text copy
    names but does not hold, see capture/text.py) becomes the canonical form without an
    image: its caption and credit stay, in new elements the text oracle never judged."""
    for fig in list(node.iter("figure")):
        if len(fig) != 1 or fig[0].tag != "figcaption" or (fig.text or "").strip():
            continue
        credit_el = fig[0].find("small")
        credit = squash(text_content(credit_el)) if credit_el is not None else None
        if credit_el is not None:
            credit_el.drop_tree()
        caption = squash(text_content(fig[0])) or None
        if caption is None and credit is None:
            continue
        canonical = _canonical(Figure(src="", caption=caption, credit=credit))
        canonical.remove(canonical[0])  # no image
        canonical.tail = fig.tail
        fig.getparent().replace(fig, canonical)


def _detached(el: HtmlElement, root: HtmlElement) -> bool:
    return el is not root and root not in el.iterancestors()


def _use_noscript_fallbacks(node: HtmlElement, base_url: str | None) -> None:
    """``<img data-src…><noscript><img src></noscript>``: when the visible image shows
    no real picture, the one in ``<noscript>`` takes its place; the ``<noscript>`` goes."""
    for ns in list(node.iter("noscript")):
        imgs = list(ns.iter("img"))
        if not imgs and ns.text and "<img" in ns.text:
            imgs = list(lxml.html.fragment_fromstring(ns.text, create_parent="div").iter("img"))
        if not imgs:
            continue
        fallback = copy.deepcopy(imgs[0])
        fallback.tail = None
        visible = _visible_twin(ns)
        if visible is not None and image_url(visible, base_url) is not None:
            ns.drop_tree()
        elif visible is not None:
            fallback.tail = visible.tail
            visible.getparent().replace(visible, fallback)
            ns.drop_tree()
        elif fallback.get("alt", "").strip() or _in_figure(ns):
            # A lone fallback is content only with alt text or inside a figure; else it
            # is a tracking pixel for script-less readers.
            fallback.tail = ns.tail
            ns.getparent().replace(ns, fallback)


def _in_figure(el: HtmlElement) -> bool:
    return any(a.tag in ("figure", "picture") for a in el.iterancestors())


def _visible_twin(ns: HtmlElement) -> HtmlElement | None:
    """The ``<img>`` just before a ``<noscript>`` (itself, or alone inside the previous
    element)."""
    prev = ns.getprevious()
    if prev is None:
        return None
    if prev.tag == "img":
        return prev
    inner = list(prev.iter("img"))
    return inner[0] if len(inner) == 1 else None


def _unwrap_picture(img: HtmlElement) -> None:
    """``<picture><source…><img></picture>`` → the ``<img>`` (its URL is chosen)."""
    picture = picture_of(img)
    if picture is not None and picture.getparent() is not None:
        img.drop_tree()  # not remove(): the text after the image stays in the picture
        held = "".join(picture.itertext())  # text the picture showed besides the image
        img.tail = (held if held.strip() else "") + (picture.tail or "")
        picture.getparent().replace(picture, img)


def _drop_image(img: HtmlElement, node: HtmlElement) -> None:
    """A placeholder goes; so does its ``<figure>`` (and caption) if it was the only
    image there."""
    for anc in img.iterancestors():
        if anc is node:
            break
        if anc.tag == "figure":
            if len(list(anc.iter("img"))) == 1:
                anc.drop_tree()
                return
            break
    picture = picture_of(img)
    if picture is not None and len(list(picture.iter("img"))) == 1:
        picture.drop_tree()
    else:
        img.drop_tree()


def _canonical(figure: Figure) -> HtmlElement:
    fig = lxml.html.Element("figure")
    img = lxml.html.Element("img", src=figure.src, alt=figure.alt)
    fig.append(img)
    if figure.caption or figure.credit:
        cap = lxml.html.Element("figcaption")
        if figure.caption:
            span = lxml.html.Element("span", {"class": "caption"})
            span.text = figure.caption
            cap.append(span)
        if figure.credit:
            if figure.caption:
                cap[-1].tail = " "
            small = lxml.html.Element("small", {"class": "credit"})
            small.text = figure.credit
            cap.append(small)
        fig.append(cap)
    return fig


def _rewrite(
    wrapper: HtmlElement,
    caption_el: HtmlElement | None,
    img: HtmlElement,
    figure: Figure,
    node: HtmlElement,
) -> None:
    host = _text_host(wrapper, node)
    if host is not None and caption_el is None and figure.caption is None:
        # Inline in running text, no caption: a plain image where it was.
        plain = lxml.html.Element("img", src=figure.src, alt=figure.alt)
        plain.tail = img.tail
        img.getparent().replace(img, plain)
        return
    if caption_el is not None and not _inside(caption_el, wrapper):
        caption_el.drop_tree()
    fig = _canonical(figure)
    if host is None:
        fig.tail = wrapper.tail
        wrapper.getparent().replace(wrapper, fig)
        return
    wrapper.drop_tree()  # keeps the text after it
    host.addnext(fig)
    fig.tail, host.tail = host.tail, None
    _trim_breaks(host)


def _trim_breaks(el: HtmlElement) -> None:
    """A ``<br>`` left last in a paragraph by a figure that moved out is dropped."""
    while len(el) and el[-1].tag == "br" and not (el[-1].tail or "").strip():
        el[-1].drop_tree()


def _text_host(wrapper: HtmlElement, node: HtmlElement) -> HtmlElement | None:
    """The outermost running-text element around ``wrapper`` (e.g. its ``<p>``), or None
    when the wrapper sits directly in a block container."""
    host = None
    for anc in wrapper.iterancestors():
        if anc is node or anc.tag in _BLOCK_PARENTS or anc.tag not in TEXT_HOSTS:
            break
        host = anc
    return host


def _inside(el: HtmlElement, container: HtmlElement) -> bool:
    return el is container or container in el.iterancestors()
