"""ASCII slugs for columns, columnists and tags (page paths must stay ASCII)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from slugify import slugify

# Longest readable part of a slug, in characters.
_MAX_SLUG = 40
# Hex digits of the name's hash appended to non-ASCII names: a transliteration alone is
# not collision-free.
_HASH_CHARS = 8
# CJK ideographs: their transliteration is a Chinese reading (山田 → "shan-tian"),
# misleading for Japanese names, so names containing them get the hash alone.
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def name_slug(name: str) -> str:
    """A stable ASCII slug for a display name.

    ASCII names give a plain slug (``Jane Doe`` → ``jane-doe``); other names get their
    transliteration when it is meaningful (kana, accented Latin) plus a short hash of
    the NFKC name, so two names never share a page.
    """
    norm = unicodedata.normalize("NFKC", name).strip()
    base = "" if _HAN.search(norm) else slugify(norm, max_length=_MAX_SLUG, word_boundary=True)
    if norm.isascii() and base:
        return base
    digest = hashlib.sha256(norm.encode("utf-8")).hexdigest()[:_HASH_CHARS]
    return f"{base}-{digest}" if base else digest
