"""Nothing executable reaches the site: one allow-list, applied twice.

1. :func:`sanitize_tree` runs on the article node before Markdown. Elements outside the
   allow-list are unwrapped (their text stays) or, for the executable/embedding ones in
   ``_DROP_WITH_CONTENT``, removed with everything inside. Attributes outside the
   allow-list go; URLs must be http(s), mailto or relative (:func:`safe_url`).
2. :func:`sanitize_markdown` runs on the finished Markdown, because Python-Markdown
   passes raw HTML through and has link and attribute syntax of its own:

   * raw HTML: a ``<`` that does not open an allowed tag is escaped (``&lt;``); blocks
     that start with an allowed block tag (figures, spanned tables) are cleaned by nh3
     with the same allow-list; inline tags are rebuilt by nh3 one by one;
   * ``[text](url)`` / ``![alt](url)`` / ``[id]: url`` with another scheme get ``#``;
   * attr_list braces (``{: onclick=...}``) that carry more than ``.class`` names are
     escaped, so page text cannot add attributes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache, partial
from typing import Any

import nh3
from lxml.html import HtmlElement


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- The policy ------------------------------------------------------------------------

# Removed with their whole content: they execute, embed, or hold no readable text.
_DROP_WITH_CONTENT = _names(
    "script style iframe frame frameset object embed applet param svg math template "
    "meta link base noscript noembed noframes title head canvas audio video source "
    "track input button select textarea option optgroup datalist output portal xml"
)
# Void elements among them: they have no content, but libxml2 does not know all of them
# as void and nests the rest of the page inside (``<embed>``): unwrap, never drop those.
_VOID_DROPPED = _names("embed param source track input link meta base keygen area")
# Inline elements a Markdown body needs; any of them may stand alone in HTML.
_INLINE_TAGS = _names(
    "a abbr b br cite code del em i img ins kbd mark q rp rt ruby s small span "
    "strong sub sup time u wbr"
)
# Table parts: only meaningful inside <table>, so only kept inside a raw HTML block.
_TABLE_PARTS = _names("caption col colgroup tbody td tfoot th thead tr")
# Block elements that may start a raw HTML block in the Markdown.
_BLOCK_TAGS = _names(
    "blockquote dd div dl dt figcaption figure h1 h2 h3 h4 h5 h6 hr li ol p table ul"
)
_RAW_TAGS = _INLINE_TAGS | _TABLE_PARTS | _BLOCK_TAGS
# The tree may also hold <pre> (turned into a fenced block by the Markdown stage).
_TREE_TAGS = _RAW_TAGS | {"pre"}
# Attributes kept, per element (nothing else: no id, style, on*, srcset, data-*).
_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start"},
    "abbr": {"title"},
    "time": {"datetime"},
}
_URL_ATTRIBUTES = frozenset({"href", "src"})
_NUMERIC_ATTRIBUTES = frozenset({"colspan", "rowspan", "span", "start", "width", "height"})
# Classes the Markdown stage and the theme give meaning to (figure caption and credit).
_CLASSES = frozenset({"caption", "credit"})
_CLASSED_TAGS = ("span", "small", "figcaption", "p", "div")
# Containers where md_in_html may render Markdown (the Markdown stage's figures).
_MARKDOWN_ATTR_TAGS = ("figure", "figcaption", "div", "td", "th", "li", "blockquote", "p")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

# Browsers drop these anywhere in a URL (or at its ends) before reading the scheme.
_URL_IGNORED = re.compile("[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_NUMBER = re.compile(r"^\d{1,4}%?$")


@lru_cache(maxsize=4096)  # Speed: a pure function, asked again for the same URLs by both passes
def safe_url(url: str) -> str | None:
    """``url`` ready to write if it is http(s), mailto or relative; else None.

    The scheme is read as a browser would after entity decoding (repeated, for
    double-encoded input) and after dropping control characters and whitespace, so
    ``jav&#x09;ascript:``, ``JaVaScRiPt:``, ``\\x01javascript:`` are all caught.
    """
    probe = url
    for _ in range(3):
        probe = html.unescape(probe)
    probe = _URL_IGNORED.sub("", probe)
    match = _SCHEME.match(probe)
    if match:
        if match.group(1).lower() not in SAFE_SCHEMES:
            return None
    elif ":" in re.split(r"[/?#]", probe, maxsplit=1)[0]:
        return None  # "java script:..." and other colon-before-path forms
    return re.sub(r"[\x00-\x1f\x7f]", "", url).strip().replace(" ", "%20")


# --- 1. The tree -----------------------------------------------------------------------


def sanitize_tree(node: HtmlElement) -> None:
    """Apply the allow-list to ``node`` in place (the caller's own copy)."""
    for el in list(node.iter()):
        if el is node:
            continue
        if not isinstance(el.tag, str):  # comments, processing instructions, entities
            _remove_keep_tail(el)
        elif (local := _local(el.tag)) in _VOID_DROPPED:
            el.drop_tag()  # libxml2 may nest what follows a void tag inside it: keep it
        elif local in _DROP_WITH_CONTENT or ":" in el.tag:
            _remove_keep_tail(el)
    for el in list(node.iter()):
        if el is not node and _local(el.tag) not in _TREE_TAGS:
            el.drop_tag()  # unknown or layout element: keep its text
        else:
            _filter_attributes(el)
    if _local(node.tag) not in _TREE_TAGS:
        node.tag = "div"
        node.attrib.clear()


@lru_cache(maxsize=1024)  # Speed: a few distinct tag names, asked for every element
def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _remove_keep_tail(el: HtmlElement) -> None:
    """Remove ``el`` with its content, keeping the text that follows it (lxml's
    ``drop_tree`` joins the tail to the previous sibling or the parent)."""
    if el.getparent() is not None:
        el.drop_tree()


def _filter_attributes(el: HtmlElement) -> None:
    tag = _local(el.tag)
    items = el.items()
    if not items and tag != "img":
        return  # Speed: most elements have no attribute: nothing to filter or drop
    allowed = _ATTRIBUTES.get(tag, set())
    kept: dict[str, str] = {}
    for name, value in items:  # by position: odd names (e.g. "{x") cannot be looked up
        keep: str | None = None
        if name == "class" and tag in _CLASSED_TAGS:
            keep = " ".join(c for c in value.split() if c in _CLASSES) or None
        elif name in allowed:
            if name in _URL_ATTRIBUTES:
                keep = safe_url(value)
            elif name in _NUMERIC_ATTRIBUTES:
                keep = value.strip() if _NUMBER.match(value.strip()) else None
            else:
                keep = value
        if keep is not None:
            kept[name] = keep
    if list(kept.items()) != items:  # Speed: most elements keep all (or have no) attributes
        el.attrib.clear()
        for name, value in kept.items():
            el.set(name, value)
    if tag == "img" and not el.get("src"):
        el.drop_tree()  # an image with no safe source shows nothing


# --- 2. The Markdown -------------------------------------------------------------------

_COMMENT = re.compile(r"<!--.*?-->", re.S)  # an unclosed "<!--" is escaped, never eaten
# "<" opening an allowed tag (start or end); any other "<" + letter, "/", "!", "?" is text.
_RAW_NAMES = "|".join(sorted(_RAW_TAGS, key=len, reverse=True))
_BLOCK_NAMES = "|".join(sorted(_BLOCK_TAGS, key=len, reverse=True))
_ALLOWED_TAG_START = re.compile(rf"<(?!/?(?:{_RAW_NAMES})(?=[\s/>]))(?=[A-Za-z/!?])", re.I)
_BLOCK_START = re.compile(rf"^ {{0,3}}<({_BLOCK_NAMES})(?=[\s/>])", re.I | re.M)
_INLINE_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)([^<>]*)>")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^<>\s]*>|<[\w.+-]+@[\w-]+(?:\.[\w-]+)+>")
# Python-Markdown link destinations: ](url "title"), and reference definitions.
_LINK_DEST = re.compile(r"\]\([ \t]*\n?[ \t]*(<[^<>\n]*>|[^)\n]*)")
_REF_DEF = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*\n?[ \t]*)(<[^<>\n]*>|\S+)", re.M)
_TITLE_START = re.compile(r"\s+(?=[\"'(])")
# attr_list: "{: ... }" / "{ ... }"; kept only when it holds nothing but ".class" names.
_ATTR_LIST = re.compile(r"(?<!\\)\{:?([^{}\n]*)\}")
_CLASS_ONLY = re.compile(r"^\s*(?:\.[A-Za-z][\w-]*\s*)+$")
_UNSAFE_AMP = re.compile(r"&amp;(?![#\w]+;)")


def sanitize_markdown(markdown: str) -> str:
    """``markdown`` with raw HTML limited to the allow-list and no unsafe URL or
    attribute syntax (see the module docstring). Idempotent."""
    # Speed: each pass below is skipped when the text lacks a literal its pattern needs
    # (the pass could not match, so skipping it changes nothing).
    text = _escape_attr_lists(markdown) if "{" in markdown else markdown
    # Speed: the links are rewritten only when one of them would change (a match
    # returned unchanged leaves the text as it is).
    if "](" in text and not all(map(_keeps_dest, _LINK_DEST.findall(text))):
        text = _LINK_DEST.sub(lambda m: _link(m, 1), text)
    if "]:" in text:
        text = _REF_DEF.sub(lambda m: _link(m, 2), text)
    if "<" not in text:
        return text  # no comment, tag or autolink: nothing below can match
    autolinks: list[str] = []
    marker = _marker(text)

    def stash(m: re.Match[str]) -> str:
        autolinks.append(m.group(0))
        return f"{marker}{len(autolinks) - 1}{marker}"

    text = _AUTOLINK.sub(stash, text)
    text = _COMMENT.sub("", text)
    text = _ALLOWED_TAG_START.sub("&lt;", text)
    text = _clean_html(text)
    if not autolinks:
        return text
    return re.sub(f"{marker}(\\d+){marker}", lambda m: autolinks[int(m.group(1))], text)


def _escape_attr_lists(text: str) -> str:
    """Escape attr_list braces, except inside link destinations (URLs are checked apart)."""
    out: list[str] = []
    pos = 0
    for link in _LINK_DEST.finditer(text):
        out.append(_ATTR_LIST.sub(_attr_list, text[pos : link.start()]))
        out.append(link.group(0))
        pos = link.end()
    out.append(_ATTR_LIST.sub(_attr_list, text[pos:]))
    return "".join(out)


def _attr_list(match: re.Match[str]) -> str:
    return match.group(0) if _CLASS_ONLY.match(match.group(1)) else "\\" + match.group(0)


def _link(match: re.Match[str], group: int) -> str:
    if _keeps_dest(match.group(group)):
        return match.group(0)
    start, end = match.span(group)
    whole = match.group(0)
    return whole[: start - match.start()] + "#" + whole[end - match.start() :]


# Destinations safe_url always keeps: it reads the scheme from the URL's first
# characters, and entity decoding or dropping control characters cannot change these.
_SAFE_DEST_STARTS = ("https:", "http:", "mailto:")


def _keeps_dest(dest: str) -> bool:
    """Whether a link destination (URL, optional title) is kept as it is."""
    if dest.startswith(_SAFE_DEST_STARTS):
        return True  # Speed: most links; the URL (before any title) starts the same way
    url = dest[1:-1] if dest.startswith("<") else _TITLE_START.split(dest, maxsplit=1)[0]
    return safe_url(url) is not None


def _marker(text: str) -> str:
    marker = "\ue000"
    while marker in text:
        marker += "\ue001"
    return marker


def _clean_html(text: str) -> str:
    """Blocks starting with an allowed block tag go through nh3 whole; every other tag
    is rebuilt by nh3 alone; table parts outside a block are escaped."""
    out: list[str] = []
    pos = 0
    for match in _BLOCK_START.finditer(text):
        if match.start() < pos:
            continue  # inside the previous block
        out.append(_clean_inline(text[pos : match.start()]))
        end = _block_end(text, match.start(), match.group(1).lower())
        out.append(_nh3(text[match.start() : end]))
        pos = end
    out.append(_clean_inline(text[pos:]))
    return "".join(out)


def _block_end(text: str, start: int, tag: str) -> int:
    """End of the line that closes ``tag`` opened at ``start`` (or the end of the text)."""
    depth = 0
    for m in re.finditer(rf"<(/?){tag}(?=[\s/>])", text[start:], re.I):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            close = text.find(">", start + m.end())
            line_end = text.find("\n", close if close >= 0 else start + m.end())
            return len(text) if line_end < 0 else line_end + 1
    return len(text)


def _clean_inline(text: str) -> str:
    def rebuild(m: re.Match[str]) -> str:
        name = m.group(2).lower()
        if name in _TABLE_PARTS:
            return "&lt;" + m.group(0)[1:]
        if m.group(1):
            return f"</{name}>"
        cleaned = _nh3(m.group(0))
        return cleaned.removesuffix(f"</{name}>") or "&lt;" + m.group(0)[1:]

    text = _INLINE_TAG.sub(rebuild, text)
    # A "<" left without its ">" (e.g. "<b" at the end) must not open anything.
    return re.sub(r"<(?!/?[A-Za-z][^<>]*>)", "&lt;", text)


def _nh3_attribute(tag: str, attr: str, value: str) -> str | None:
    # "<" / ">" inside a value would let Markdown's own HTML scanner misread the tag.
    value = value.replace("<", "").replace(">", "")
    if attr in _NUMERIC_ATTRIBUTES:
        return value if _NUMBER.match(value.strip()) else None
    if attr in _URL_ATTRIBUTES:
        return safe_url(value)
    return value


# The allow-list as nh3 takes it.
_NH3_POLICY: dict[str, Any] = {
    "tags": set(_RAW_TAGS),
    "clean_content_tags": set(_DROP_WITH_CONTENT - {"head", "title"}),
    "attributes": {k: set(v) for k, v in _ATTRIBUTES.items()},
    "attribute_filter": _nh3_attribute,
    "url_schemes": set(SAFE_SCHEMES),
    "link_rel": None,
    "strip_comments": True,
    "allowed_classes": {t: set(_CLASSES) for t in _CLASSED_TAGS},
    "tag_attribute_values": {
        t: {"markdown": {"1", "block", "span", "markdown"}} for t in _MARKDOWN_ATTR_TAGS
    },
}
# Speed: one nh3 Cleaner built once (nh3.clean() rebuilds the policy on every call, ~60 us);
# nh3 releases without Cleaner get the same policy through nh3.clean.
_CLEAN: Callable[[str], str] = (
    nh3.Cleaner(**_NH3_POLICY).clean
    if hasattr(nh3, "Cleaner")
    else partial(nh3.clean, **_NH3_POLICY)
)


def _nh3(fragment: str) -> str:
    cleaned = _CLEAN(fragment)
    # nh3 escapes text for HTML; Markdown needs ">" (quotes) and "&" back as they were.
    cleaned = cleaned.replace("&gt;", ">").replace("&nbsp;", "\u00a0")
    return _UNSAFE_AMP.sub("&", cleaned)
