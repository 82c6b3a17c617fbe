"""Stage 4: a cleaned article node -> Markdown that renders right in Python-Markdown.

Only the small article node reaches BeautifulSoup/markdownify. Every markdownify option
is pinned in :data:`OPTIONS` (markdownify 1.2 reads options from constructor keywords).
What Python-Markdown / MkDocs Material need beyond markdownify's defaults:

- ATX headings; a body ``<h1>`` becomes ``##`` (the page title is the only H1);
- list items indented 4 spaces for their continuation and nested lists;
- GFM pipe tables, but a table with row/col spans (or block content in cells) is kept
  as HTML, since a pipe table cannot hold it;
- ``<figure>`` with an image -> Material's ``<figure markdown="span">`` block: image
  line, then ``<figcaption>`` with the caption and a ``<small class="credit">``;
- fenced code with the language from a ``language-*``/``lang-*`` class;
- links and images absolute against the page URL.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any, cast
from urllib.parse import urljoin

import lxml.html
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.builder._lxml import LXMLTreeBuilder
from lxml.html import HtmlElement

# The regexes and rules are markdownify's own (missing from its type stubs), reused by
# DigestMarkdown.process_text so it folds and trims exactly as
# markdownify does.
from markdownify import (  # type: ignore[attr-defined]
    ASTERISK,
    ATX,
    BACKSLASH,
    STRIP,
    MarkdownConverter,
    re_newline_whitespace,
    re_whitespace,
    should_remove_whitespace_inside,
    should_remove_whitespace_outside,
)

# Every markdownify option, pinned (see markdownify.MarkdownConverter.DefaultOptions).
OPTIONS: dict[str, object] = {
    "autolinks": True,  # <a href="x">x</a> -> <x>
    "bs4_options": "lxml",
    "bullets": "-",  # one bullet at every depth
    "code_language": "",
    "code_language_callback": None,  # set per instance: reads the class of <pre>/<code>
    "convert": None,
    "default_title": False,
    "escape_asterisks": True,
    "escape_underscores": True,
    "escape_misc": False,
    "heading_style": ATX,
    "keep_inline_images_in": ["a", "td", "th", "figure", "span", "p"],
    "newline_style": BACKSLASH,  # unused: DigestMarkdown.convert_br writes LINE_BREAK
    "strip": None,
    "strip_document": STRIP,
    "strip_pre": STRIP,
    "strong_em_symbol": ASTERISK,
    "sub_symbol": "<sub>",
    "sup_symbol": "<sup>",
    "table_infer_header": True,  # a header-less table gets its first row as header
    "wrap": False,  # no hard wrap
    "wrap_width": 80,  # unused while wrap is False
}

LIST_INDENT = "    "
# A <br> in running text (Python-Markdown passes inline HTML through; the Markdown
# sanitiser keeps <br>).
LINE_BREAK = "<br>"
# Between two adjacent lists, which Python-Markdown would merge into one (an empty
# block element: comments do not survive the Markdown sanitiser).
LIST_BREAK = "<div></div>"  # Python-Markdown needs 4 spaces for nested blocks in a list item
_CODE_LANG = re.compile(r"\b(?:language|lang)-([\w+#.-]+)")
_SPAN_ATTRS = ("rowspan", "colspan")
_CELLS = frozenset({"td", "th"})
# Block content a pipe-table cell cannot hold.
_CELL_BLOCKS = frozenset({"table", "ul", "ol", "p", "pre", "blockquote"})
# Table attributes worth keeping when a table stays HTML.
_TABLE_ATTRS = frozenset({"rowspan", "colspan", "scope"})


class _FastTag(Tag):
    """A bs4 tag whose ``find_parent(name)`` walks up the parents directly.

    Speed: markdownify asks every tag ``node.find_parent("pre")``; bs4 builds a whole
    ElementFilter per call (~37 % of ``convert_soup`` on the corpus). Any other kind of
    query goes to bs4 unchanged."""

    def find_parent(self, *args: Any, **kwargs: Any) -> Any:
        if len(args) != 1 or kwargs or not isinstance(args[0], str):
            return super().find_parent(*args, **kwargs)
        parent = self.parent
        while parent is not None and parent.name != args[0]:
            parent = parent.parent
        return parent


# What BeautifulSoup builds the tree with (see _FastTag).
_ELEMENT_CLASSES: dict[type, type] = {Tag: _FastTag}
# What bs4 folds a whitespace-only string to one space or line break by (BeautifulSoup.
# ASCII_SPACES).
_ASCII_SPACES = "\x20\x0a\x09\x0c\x0d"


class _Unusual(Exception):
    """An event :class:`_SoupBuilder` leaves to bs4's own builder."""


class _SoupBuilder(LXMLTreeBuilder):
    """bs4's lxml builder (same libxml2 parser, same options, same events) that turns
    each start/end/text event straight into the soup bs4 would build from it.

    Speed: bs4 routes every event through namespace bookkeeping and its generic
    ``handle_starttag``/``endData``/``object_was_parsed`` (~half of ``to_markdown`` on
    the corpus); building the same objects, links and string classes here costs about
    half as much. Whatever bs4 treats specially and the Markdown stage never sees
    (comments, processing instructions, a doctype, namespaced names, an end event for
    a tag that is not the innermost open one) raises :class:`_Unusual`, and
    :func:`_soup` then parses with bs4's own builder."""

    def reset(self) -> None:
        super().reset()
        soup = self.soup
        # Per open tag, innermost last (bs4's tagStack, the soup itself first): the tag,
        # the innermost rt/rp/... string container name, and whether a
        # whitespace-preserving tag (<pre>, <textarea>) is open.
        self._open: list[tuple[Tag, str | None, bool]] = (
            [] if soup is None else [(soup, None, False)]
        )
        self._text: list[str] = []  # text events since the last tag event
        self._last: Any = None  # the element created last (bs4's _most_recent_element)
        classes = soup.element_classes if soup is not None else {}
        self._tag_class = cast(type[Tag], classes.get(Tag, Tag))
        self._string_class = cast(
            type[NavigableString], classes.get(NavigableString, NavigableString)
        )

    # No nsmap parameter: lxml then passes none (an HTML parse has no namespaces).
    def start(  # type: ignore[override]
        self, tag: str | bytes, attrib: dict[str | bytes, str | bytes]
    ) -> None:
        assert isinstance(tag, str)
        if self._text:
            self._flush()
        if tag.startswith("{"):
            raise _Unusual
        attrs = self.attribute_dict_class()
        for name, value in attrib.items():
            assert isinstance(name, str) and isinstance(value, str)
            if name.startswith("{"):
                raise _Unusual
            attrs[name] = value
        parent, container, keep_space = self._open[-1]
        el = self._tag_class(
            self.soup,
            self,
            tag,
            None,
            None,
            attrs,
            parent,
            self._last,
            namespaces=self.active_namespace_prefixes[-1],
        )
        parent.contents.append(el)
        self._last = el
        if tag in self.string_containers:
            container = tag
        self._open.append((el, container, keep_space or tag in self.preserve_whitespace_tags))

    def end(self, tag: str | bytes) -> None:
        if self._text:
            self._flush()
        if len(self._open) < 2 or self._open[-1][0].name != tag:
            raise _Unusual  # bs4 would pop up to the named tag
        self._open.pop()

    def data(self, data: str | bytes) -> None:
        assert isinstance(data, str)
        self._text.append(data)

    def close(self) -> None:
        super().close()
        if self._text:
            self._flush()
        self.soup._most_recent_element = self._last  # type: ignore[union-attr]

    def comment(self, text: str | bytes) -> None:
        raise _Unusual

    def pi(self, target: str, data: str) -> None:
        raise _Unusual

    def doctype(self, name: str, pubid: str, system: str) -> None:
        raise _Unusual

    def _flush(self) -> None:
        """The text since the last tag as one string (bs4's ``endData``)."""
        text = "".join(self._text)
        self._text = []
        parent, container, keep_space = self._open[-1]
        if not keep_space and not text.strip(_ASCII_SPACES):
            text = "\n" if "\n" in text else " "
        string_class = self._string_class
        if string_class is NavigableString and container is not None:
            string_class = self.string_containers.get(container, string_class)
        string = string_class(text)
        string.setup(parent, self._last)
        parent.contents.append(string)
        self._last = string


def _soup(markup: str) -> BeautifulSoup:
    """``BeautifulSoup(markup, "lxml", element_classes=...)``, built by _SoupBuilder."""
    try:
        return BeautifulSoup(markup, builder=_SoupBuilder(), element_classes=_ELEMENT_CLASSES)
    except _Unusual:
        return BeautifulSoup(markup, "lxml", element_classes=_ELEMENT_CLASSES)


def _first(el: Tag, name: str) -> Tag | None:
    """``el.find(name)`` (first descendant tag called ``name``) without bs4's filter.

    Speed: bs4 builds an ElementFilter per ``find``; figures call it on every image."""
    for found in el.descendants:
        if isinstance(found, Tag) and found.name == name:
            return found
    return None


@lru_cache(maxsize=4096)
def _urljoin(base: str, url: str) -> str:
    # Speed: figures resolve each image twice (convert_img, then convert_figure).
    return urljoin(base, url)


def _code_language(el: Tag) -> str | None:
    for tag in (el, _first(el, "code")):
        if isinstance(tag, Tag):
            found = _CODE_LANG.search(" ".join(tag.get("class") or []))
            if found:
                return found.group(1)
    return None


class DigestMarkdown(MarkdownConverter):
    """markdownify with MkDocs-friendly lists, headings, tables and figures."""

    def __init__(self, base_url: str | None = None) -> None:
        super().__init__(**{**OPTIONS, "code_language_callback": _code_language})
        self.base_url = base_url

    @staticmethod
    def _block(el: object) -> tuple[bool, bool]:
        """``(should_remove_whitespace_inside(el), should_remove_whitespace_outside(el))``.

        Speed: both depend on the tag name only (False for text and None), and were
        asked ~4 times per node with a regex each (~10 % of ``convert_soup``)."""
        return _block_tests(el.name) if isinstance(el, Tag) else (False, False)

    def process_text(self, el: NavigableString, parent_tags: set[str] | None = None) -> str:
        """markdownify's text step (whitespace folding, escaping, trimming next to
        blocks), with each whitespace regex run only when the text holds what it folds.

        Speed: most text nodes have no line break, tab or double space, and the two
        regexes per node were ~20 % of ``convert_soup`` on the corpus."""
        if self.options["wrap"]:
            return super().process_text(el, parent_tags)
        tags = parent_tags if parent_tags is not None else set()
        text = str(el)
        if "pre" not in tags:
            if "\n" in text or "\r" in text:
                text = re_newline_whitespace.sub("\n", text)
            if "\t" in text or "  " in text:
                text = re_whitespace.sub(" ", text)
        if "_noformat" not in tags:
            text = self.escape(text, tags)
        block_parent = self._block(el.parent)[0]
        if self._block(el.previous_sibling)[1] or (block_parent and not el.previous_sibling):
            text = text.lstrip(" \t\r\n")
        if self._block(el.next_sibling)[1] or (block_parent and not el.next_sibling):
            text = text.rstrip()
        return text

    def _absolute(self, url: str) -> str:
        url = url.strip()
        if self.base_url and url and not url.startswith(("#", "data:")):
            return _urljoin(self.base_url, url)
        return url

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if el.get("href"):
            el["href"] = self._absolute(str(el["href"]))
        return super().convert_a(el, text, parent_tags)

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if el.get("src"):
            el["src"] = self._absolute(str(el["src"]))
        return super().convert_img(el, text, parent_tags)

    def convert_br(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """A line break as the inline HTML ``<br>``: Python-Markdown renders it (it
        knows no backslash hard break, and an editor or our own clean-up strips two
        trailing spaces). In a heading or a pipe-table cell: a space, as markdownify."""
        if "_inline" in parent_tags:
            return super().convert_br(el, text, parent_tags)
        return LINE_BREAK + "\n" + text

    def convert_hN(self, n: int, el: Tag, text: str, parent_tags: set[str]) -> str:
        return super().convert_hN(max(n, 2), el, text, parent_tags)

    def convert_list(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        out = super().convert_list(el, text, parent_tags)
        following = el.next_sibling
        while isinstance(following, NavigableString) and not following.strip():
            following = following.next_sibling
        if (
            "li" not in parent_tags
            and isinstance(following, Tag)
            and following.name in ("ul", "ol")
        ):
            # Python-Markdown joins two adjacent lists into one; keep them apart
            out = out.rstrip("\n") + "\n\n" + LIST_BREAK + "\n\n"
        return out

    convert_ul = convert_list
    convert_ol = convert_list

    def convert_li(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = str(parent.get("start") or "1")
            first = int(start) if start.isdigit() else 1
            # Speed: a plain walk; find_previous_siblings builds a bs4 filter per item.
            earlier = sum(
                1 for sib in el.previous_siblings if isinstance(sib, Tag) and sib.name == "li"
            )
            bullet = f"{first + earlier}."
        else:
            bullet = "-"
        lines = text.split("\n")
        rest = [LIST_INDENT + line if line.strip() else "" for line in lines[1:]]
        return "\n".join([f"{bullet} {lines[0]}", *rest]) + "\n"

    def convert_table(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if _needs_html(el):
            return "\n\n" + _table_html(el, self) + "\n\n"
        return super().convert_table(el, text, parent_tags)

    def convert_figure(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        img = _first(el, "img")
        caption = _first(el, "figcaption")
        if img is None and caption is not None and el.find("small", class_="credit"):
            # a photo named by its caption only (a text copy of the page)
            shown = f"  <figcaption>{_caption_html(caption)}</figcaption>"
            return f'\n\n<figure markdown="span">\n{shown}\n</figure>\n\n'
        if img is None or not img.get("src"):
            return "\n\n" + text.strip() + "\n\n"
        src = self._absolute(str(img["src"]))
        alt = " ".join(str(img.get("alt") or "").split())
        lines = ['<figure markdown="span">', f"  ![{_escape_alt(alt)}]({_escape_url(src)})"]
        if caption is not None:
            lines.append(f"  <figcaption>{_caption_html(caption)}</figcaption>")
        lines.append("</figure>")
        return "\n\n" + "\n".join(lines) + "\n\n"


@lru_cache(maxsize=1024)  # Speed: a pure function of the name, asked for every node
def _block_tests(name: str) -> tuple[bool, bool]:
    """markdownify's two block tests for a tag called ``name`` (they read only the name)."""
    tag = Tag(name=name)
    return should_remove_whitespace_inside(tag), should_remove_whitespace_outside(tag)


def _needs_html(table: Tag) -> bool:
    """A pipe table cannot hold spans, nested tables, or block content in a cell."""
    # Speed: plain walks over the descendants; bs4's find_all/find build a filter per call.
    for cell in table.descendants:
        if not isinstance(cell, Tag) or cell.name not in _CELLS:
            continue
        for attr in _SPAN_ATTRS:
            value = str(cell.get(attr) or "1").strip()
            if value.isdigit() and int(value) > 1:
                return True
        if any(isinstance(el, Tag) and el.name in _CELL_BLOCKS for el in cell.descendants):
            return True
    return False


def _table_html(table: Tag, converter: DigestMarkdown) -> str:
    """The table as plain HTML: only span attributes kept, links made absolute."""
    for tag in [table, *table.find_all(True)]:
        tag.attrs = (
            {k: v for k, v in tag.attrs.items() if k in _TABLE_ATTRS}
            | (
                {"href": converter._absolute(str(tag["href"]))}
                if tag.name == "a" and tag.get("href")
                else {}
            )
            | (
                {"src": converter._absolute(str(tag["src"])), "alt": str(tag.get("alt") or "")}
                if tag.name == "img" and tag.get("src")
                else {}
            )
        )
    return re.sub(r">\s*\n\s*<", "><", str(table))


def _caption_html(caption: Tag) -> str:
    """Caption text (escaped) and its credit as ``<small class="credit">``."""
    credit = caption.find(class_="credit")
    credit_text = " ".join(credit.get_text(" ").split()) if credit is not None else ""
    if credit is not None:
        credit.extract()
    text = html.escape(" ".join(caption.get_text(" ").split()), quote=False)
    if credit_text:
        small = f'<small class="credit">{html.escape(credit_text, quote=False)}</small>'
        text = f"{text} {small}" if text else small
    return text


def _escape_alt(alt: str) -> str:
    return alt.replace("[", "\\[").replace("]", "\\]")


def _escape_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


# Body subheadings start at this level: the page title is the only level-1 heading.
TOP_SUBHEADING = 2
_SUBHEADINGS = ("h2", "h3", "h4", "h5", "h6")  # a body <h1> is demoted on its own
_TRAILING_BLANKS = re.compile(r"[ \t]+\n")  # spaces/tabs ending a line
_BLANK_LINES = re.compile(r"\n{3,}")  # more than one blank line in a row


def to_markdown(node: HtmlElement, base_url: str | None = None) -> str:
    """Convert the (already cleaned and sanitised) node to Markdown."""
    _shift_headings(node)
    markup = lxml.html.tostring(node, encoding="unicode")
    text = DigestMarkdown(base_url).convert_soup(_soup(markup))
    # Speed: each whole-text pass runs only when the text holds what it would match
    # (a space/tab before a line break; three line breaks).
    if " \n" in text or "\t\n" in text:
        text = _TRAILING_BLANKS.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    text = text.strip()
    return text + "\n" if text else ""


def _shift_headings(node: HtmlElement) -> None:
    """Renumber the body's headings so the highest one is ``##`` (sites use ``<h4>``
    or ``<h3>`` for subheadings), keeping their relative levels; at most ``######``."""
    levels = [int(el.tag[1]) for el in node.iter(*_SUBHEADINGS)]
    if not levels or min(levels) == TOP_SUBHEADING:
        return
    shift = TOP_SUBHEADING - min(levels)
    for el in node.iter(*_SUBHEADINGS):
        el.tag = f"h{min(int(el.tag[1]) + shift, 6)}"
