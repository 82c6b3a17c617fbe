"""Cheap regex scans of a decoded page's ``<head>``: its own URL and its title.

Used before (or instead of) parsing: by page grouping, which runs over the whole
sources folder, and by site-profile matching, which must happen before the metadata
stage. Attribute order and quoting vary, so tags are found first, attributes second.
"""

from __future__ import annotations

import html as htmllib
import re

# The head ends here, or at the first <body>; pages without either are scanned this far.
HEAD_LIMIT = 64 * 1024

_HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.I)
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.I)
_META_TAG = re.compile(r"<meta\b[^>]*>", re.I)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.I | re.S)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def head_of(text: str) -> str:
    """The page's head (everything before ``</head>`` or ``<body>``), bounded."""
    m = _HEAD_END.search(text, 0, HEAD_LIMIT)
    return text[: m.start()] if m else text[:HEAD_LIMIT]


def attributes(tag: str) -> dict[str, str]:
    """The attributes of one tag's source text, names lower-cased, values unescaped."""
    out: dict[str, str] = {}
    for m in _ATTR.finditer(tag):
        value = m.group(2) if m.group(2) is not None else m.group(3) or m.group(4) or ""
        out.setdefault(m.group(1).lower(), htmllib.unescape(value).strip())
    return out


def page_url(text: str) -> str | None:
    """The page's own absolute URL: ``<link rel=canonical>``, else ``og:url``."""
    head = head_of(text)
    for m in _LINK_TAG.finditer(head):
        attrs = attributes(m.group(0))
        if "canonical" in attrs.get("rel", "").lower().split() and _absolute(attrs.get("href")):
            return attrs["href"]
    for m in _META_TAG.finditer(head):
        attrs = attributes(m.group(0))
        name = attrs.get("property", attrs.get("name", "")).lower()
        if name == "og:url" and _absolute(attrs.get("content")):
            return attrs["content"]
    return None


def page_title(text: str) -> str | None:
    """The ``<title>`` text, unescaped and with whitespace collapsed."""
    m = _TITLE.search(head_of(text))
    if not m:
        return None
    title = re.sub(r"[ \t\r\n]+", " ", htmllib.unescape(re.sub(r"<[^>]+>", "", m.group(1))))
    title = title.strip(" ")
    return title or None


def _absolute(url: str | None) -> bool:
    return url is not None and url.lower().startswith(("http://", "https://"))
