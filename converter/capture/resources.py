"""What the capture readers share: resource limits, safe file reads, a container's charset.

Limits: a capture brings at most :data:`MAX_RESOURCES` resources of at most
:data:`MAX_RESOURCE_BYTES` each and :data:`MAX_TOTAL_BYTES` in all; what is over is left
out (its image then stays a link, or is dropped when it has no URL to link to).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat

MAX_RESOURCES = 500
MAX_RESOURCE_BYTES = 20 * 2**20
MAX_TOTAL_BYTES = 100 * 2**20


class ResourceBudget:
    """Counts a capture's resources against the limits; ``take`` says if one more fits."""

    def __init__(self) -> None:
        self.count = 0
        self.total = 0

    def take(self, size: int) -> bool:
        if (
            size > MAX_RESOURCE_BYTES
            or self.count >= MAX_RESOURCES
            or self.total + size > MAX_TOTAL_BYTES
        ):
            return False
        self.count += 1
        self.total += size
        return True


def read_regular(path: str, budget: ResourceBudget) -> bytes | None:
    """The bytes of a regular file within the budget; None for a FIFO, a device, a file
    over the limits or one that cannot be read. Opened without blocking and checked on
    the open file, so nothing is read from a FIFO or a device."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode) or not budget.take(info.st_size):
            return None
        return fh.read(info.st_size)


def inside(root: str, path: str) -> bool:
    """``path`` (a real path) lies under the real path ``root``."""
    return path.startswith(root.rstrip(os.sep) + os.sep)


# A charset declaration in the head (the decode stage reads the same ones).
_DECLARED = re.compile(rb"<meta[^>]+charset\s*=|<\?xml[^>]+encoding\s*=", re.I)
_CHARSET_NAME = re.compile(r"[A-Za-z0-9._:-]{1,40}")


def with_charset(html: bytes, charset: str | None) -> bytes:
    """``html`` with ``<meta charset>`` in front when its container (a MIME part, HTTP
    headers) names a charset and the page itself declares none: the bytes are then
    decoded as any page is (decode.py), the container's word counting as a declaration."""
    if not charset or not _CHARSET_NAME.fullmatch(charset) or _DECLARED.search(html[:32768]):
        return html
    return f'<meta charset="{charset}">'.encode("ascii") + html


# Relative URLs the readers give resources that have none of their own (a data: URI, a
# cid: part): unique per content, and a relative URL survives the sanitiser.
LOCAL_PREFIX = "digest-capture/"


def local_key(data: bytes) -> str:
    """The relative URL a capture gives a resource of its own (see :data:`LOCAL_PREFIX`)."""
    return LOCAL_PREFIX + hashlib.sha256(data).hexdigest()[:24]


# <img ...> tags (a quoted value may hold ">": SingleFile's blank SVG src does), and
# their src attribute (quoted or not).
IMG_TAG = re.compile(rb"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.I)
SRC_ATTR = re.compile(rb"""(\ssrc\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+)""", re.I)


def set_img_src(tag: bytes, url: str) -> bytes:
    """The ``<img>`` tag with its src set to ``url`` (an ASCII relative URL)."""
    value = b'"' + url.encode("ascii") + b'"'
    if SRC_ATTR.search(tag):
        return SRC_ATTR.sub(lambda m: m.group(1) + value, tag, count=1)
    return tag[:4] + b" src=" + value + tag[4:]


def charset_of(content_type: str) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` value, if any."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None
