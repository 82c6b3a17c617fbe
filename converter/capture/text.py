"""A plain-text capture: the text of a page as a reader's browser showed it, copied.

Detected by content (no markup, no binary bytes), whatever the file's extension; read
into the semantic HTML of the article it holds by :mod:`.textpage` (imported only when
a text capture is read: its rules build on the body stage's chrome rules).
"""

from __future__ import annotations

import re

from ..model import Capture, Source

KIND = "text"

# Markup that makes a file HTML (or XML), not text: a doctype, a comment, a closing tag,
# an HTML element opening with attributes or alone. A lead in "<…>" is none of these.
MARKUP = re.compile(
    rb"<(?:!doctype|!--|\?xml)|</[a-z][a-z0-9]*\s*>"
    rb"|<(?:html|head|body|meta|div|p|span|br|hr|img|a|script|style|link|title|table|ul|ol"
    rb"|li|h[1-6]|article|section|main|header|footer|nav)(?:\s+[a-z-]+\s*=|\s*/?>)",
    re.I,
)
# Detection reads this much of the file.
HEAD_BYTES = 65536
# A text has almost no control characters (tab, line breaks, form feed and ESC apart).
MAX_CONTROL_SHARE = 0.001
_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


def detect(data: bytes) -> bool:
    """Text, not markup: something to read, no HTML tag, no binary bytes."""
    head = data[:HEAD_BYTES]
    if not head.strip() or MARKUP.search(head):
        return False
    return len(_CONTROLS.findall(head)) <= MAX_CONTROL_SHARE * len(head)


def read(source: Source) -> Capture:
    from ..decode import decode
    from .textpage import text_to_html

    text, _ = decode(source.data, source.path)
    return Capture(html=text_to_html(text).encode("utf-8"), kind=KIND)
