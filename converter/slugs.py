"""Stable, safe ASCII slugs for page paths.

A slug is ``<words>-<hash>``: up to ``MAX_WORDS_LENGTH`` characters transliterated from
the title (``[a-z0-9-]`` only: no dot, no separator, no ``..``), then 8 hex digits of
the SHA-256 of a key naming the article (its canonical URL, else its source path).
The hash makes two articles with the same title (or two Japanese titles that
transliterate to the same words, or to nothing) land on different files, and is the
same on every run for the same article. Reserved device names (CON, NUL, COM1...)
can never be a whole file name since the hash always follows.
"""

from __future__ import annotations

import hashlib
import re

from slugify import slugify

MAX_WORDS_LENGTH = 60  # characters of title words; the whole slug is at most 69
HASH_LENGTH = 8
FALLBACK_WORDS = "article"  # when the title has no Latin letters or digits at all
# Windows device names: refused as a file name even with an extension.
_RESERVED = re.compile(r"^(?:con|prn|aux|nul|com\d|lpt\d)$")
# What a finished slug may contain: lower-case ASCII letters, digits, single hyphens.
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def article_slug(title: str, key: str) -> str:
    """ASCII slug from ``title`` plus a short hash of ``key`` (URL or source path)."""
    words = slugify(
        title, max_length=MAX_WORDS_LENGTH, word_boundary=True, lowercase=True, separator="-"
    )
    words = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")[:MAX_WORDS_LENGTH].strip("-")
    if not words or _RESERVED.match(words):
        words = f"{FALLBACK_WORDS}-{words}" if words else FALLBACK_WORDS
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_LENGTH]
    return f"{words}-{digest}"
