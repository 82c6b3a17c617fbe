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
from urllib.parse import urljoin

import lxml.html
from bs4 import BeautifulSoup, NavigableString, Tag
from lxml.html import HtmlElement
from markdownify import ASTERISK, ATX, BACKSLASH, STRIP, MarkdownConverter

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
    "newline_style": BACKSLASH,  # <br> -> "\" + newline: visible, survives editors
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
# Between two adjacent lists, which Python-Markdown would merge into one (an empty
# block element: comments do not survive the Markdown sanitiser).
LIST_BREAK = "<div></div>"  # Python-Markdown needs 4 spaces for nested blocks in a list item
_CODE_LANG = re.compile(r"\b(?:language|lang)-([\w+#.-]+)")
_SPAN_ATTRS = ("rowspan", "colspan")
# Table attributes worth keeping when a table stays HTML.
_TABLE_ATTRS = frozenset({"rowspan", "colspan", "scope"})


def _code_language(el: Tag) -> str | None:
    for tag in (el, el.find("code")):
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

    def _absolute(self, url: str) -> str:
        url = url.strip()
        if self.base_url and url and not url.startswith(("#", "data:")):
            return urljoin(self.base_url, url)
        return url

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if el.get("href"):
            el["href"] = self._absolute(str(el["href"]))
        return super().convert_a(el, text, parent_tags)

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if el.get("src"):
            el["src"] = self._absolute(str(el["src"]))
        return super().convert_img(el, text, parent_tags)

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
            bullet = f"{first + len(el.find_previous_siblings('li'))}."
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
        img = el.find("img")
        if img is None or not img.get("src"):
            return "\n\n" + text.strip() + "\n\n"
        src = self._absolute(str(img["src"]))
        alt = " ".join(str(img.get("alt") or "").split())
        lines = ['<figure markdown="span">', f"  ![{_escape_alt(alt)}]({_escape_url(src)})"]
        caption = el.find("figcaption")
        if caption is not None:
            lines.append(f"  <figcaption>{_caption_html(caption)}</figcaption>")
        lines.append("</figure>")
        return "\n\n" + "\n".join(lines) + "\n\n"


def _needs_html(table: Tag) -> bool:
    """A pipe table cannot hold spans, nested tables, or block content in a cell."""
    for cell in table.find_all(["td", "th"]):
        for attr in _SPAN_ATTRS:
            value = str(cell.get(attr) or "1").strip()
            if value.isdigit() and int(value) > 1:
                return True
        if cell.find(["table", "ul", "ol", "p", "pre", "blockquote"]) is not None:
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


def to_markdown(node: HtmlElement, base_url: str | None = None) -> str:
    """Convert the (already cleaned and sanitised) node to Markdown."""
    _shift_headings(node)
    markup = lxml.html.tostring(node, encoding="unicode")
    soup = BeautifulSoup(markup, "lxml")
    text = DigestMarkdown(base_url).convert_soup(soup)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
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
