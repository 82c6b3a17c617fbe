"""Parse a decoded page once, with lxml."""

from __future__ import annotations

import re

import lxml.html
from lxml.html import HtmlElement

from .errors import InputError

# Characters libxml2 keeps in text but lxml refuses to set back (a stage that moves text
# around would fail): C0 controls but TAB, LF, CR; lone surrogates; U+FFFE, U+FFFF.
_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def parse(text: str, path: str | None = None) -> HtmlElement:
    """Parse HTML text into a tree; raises InputError when nothing can be parsed."""
    data = _utf8(text)
    if _may_hold_incompatible(text, data):
        text = _XML_INCOMPATIBLE.sub("", text)
        data = text.encode("utf-8")
    if text.startswith("<?xml"):
        text = text.split("?>", 1)[-1]
        data = text.encode("utf-8")
    try:
        # Speed: libxml2 reads UTF-8 bytes ~20 % faster than a str (same tree).
        tree = lxml.html.document_fromstring(data, parser=_PARSER)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise InputError(f"cannot parse HTML ({exc})", path) from exc
    if tree is None:
        raise InputError("cannot parse HTML", path)
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in _PARSER.error_log):
        raise InputError(f"markup nested over 2048 levels deep (the limit is {MAX_DEPTH})", path)
    if _DEEPER_THAN_MAX(tree):
        depth = _depth(tree)
        raise InputError(f"markup nested {depth} levels deep (the limit is {MAX_DEPTH})", path)
    return tree


# The C0 controls _XML_INCOMPATIBLE removes, as single UTF-8 bytes.
_C0_BYTES = tuple(bytes([c]) for c in range(0x20) if _XML_INCOMPATIBLE.match(chr(c)))


def _utf8(text: str) -> bytes | None:
    """``text`` as UTF-8 (what the parser reads), or None when it holds a lone
    surrogate."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return None


def _may_hold_incompatible(text: str, data: bytes | None) -> bool:
    """False only when ``text`` (``data`` its :func:`_utf8`) holds nothing
    _XML_INCOMPATIBLE matches.

    Speed: the regex scan cost ~1 ms a page; a lone surrogate failed the encoding, and
    a control character is found with one fast byte search each."""
    if data is None:
        return True
    return any(c in data for c in _C0_BYTES) or "\ufffe" in text or "\uffff" in text


# Deeper trees are refused: no real page comes close (100 is already rare), and later
# stages (BeautifulSoup, markdownify) recurse once per level.
MAX_DEPTH = 400


# True when an element (or comment/PI) sits more than MAX_DEPTH levels under the root.
# Speed: one location step per level, evaluated in C; the exact depth (_depth) is only
# computed for the error message.
_DEEPER_THAN_MAX = lxml.etree.XPath(
    "boolean(" + "/".join(["*"] * MAX_DEPTH) + "/node()[not(self::text())])"
)


def _depth(tree: HtmlElement) -> int:
    """Deepest element nesting, without recursion."""
    depth = {tree: 0}
    deepest = 0
    for el in tree.iterdescendants():
        d = depth[el.getparent()] + 1
        depth[el] = d
        deepest = max(deepest, d)
    return deepest


def _class_lookup() -> lxml.etree.ElementNamespaceClassLookup:
    """The element classes lxml.html gives (``HtmlElement``, ``FormElement`` for
    ``<form>``...), chosen in C.

    Speed: lxml.html's own lookup is a Python method, called each time lxml creates the
    Python object of an element, i.e. on every ``iter()``/XPath step over elements no
    Python code holds; on the corpus that was ~1 million calls, ~8 % of a page's time.
    The same tag-to-class table in a namespace registry gives the same classes.
    HTML tag names are lower case; upper case is registered too, as lxml.html's lookup
    lower-cases the name."""
    lookup = lxml.etree.ElementNamespaceClassLookup(
        lxml.etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement,
            comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )
    registry = lookup.get_namespace(None)
    for tag, cls in lxml.html.HtmlElementClassLookup._default_element_classes.items():
        registry[tag] = registry[tag.upper()] = cls
    return lookup


_PARSER = lxml.html.HTMLParser(
    huge_tree=True, remove_comments=True, remove_pis=True, encoding="utf-8"
)
_PARSER.set_element_class_lookup(_class_lookup())
