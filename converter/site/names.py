"""ASCII slugs for columns, columnists and tags (page paths must stay ASCII).

A Japanese name (any kana or kanji) is read into Hepburn romaji by the articles' own
rule (:func:`converter.slugs.japanese_romaji`), then followed by a short hash of the
NFKC name: ``木村正人`` → ``kimura-masahito-fca95189``, ``経済`` → ``keizai-aa926224``. The
reading of a name is a guess (正人 may be Masato), so the hash keeps the address unique
and stable; the reading only has to be readable.

Releases before this one gave a name with any kanji the hash alone (python-slugify
reads kanji as Chinese: 山田 → ``shan-tian``) and a kana name python-slugify's
transliteration (``ジャーナル`` → ``siyanaru``). :func:`previous_name_slug` keeps that
rule, so the old address of a listing is derived from its name, with no record kept,
and redirects to the new one (converter/site/redirects.py).

Both are memoised: every entry's column, columnists and tags are slugged whenever the
catalogue reads an article (50,000 calls for 10,000 articles, a few hundred names), and
reading a name with pykakasi costs 0.02–0.5 ms against 0.5 µs for a remembered one.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from slugify import slugify

from ..slugs import japanese_romaji

# Longest readable part of a slug, in characters.
_MAX_SLUG = 40
# Hex digits of the name's hash appended to non-ASCII names: a transliteration alone is
# not collision-free.
_HASH_CHARS = 8
# Names remembered by each memo: far more than an archive's columns, columnists and tags
# (a few thousand at 10,000 articles), and a bound for a long `digest serve`.
_REMEMBERED = 1 << 16
# CJK ideographs: the previous rule gave names containing them the hash alone.
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@functools.lru_cache(maxsize=_REMEMBERED)
def name_slug(name: str) -> str:
    """A stable ASCII slug for a display name.

    ASCII names give a plain slug (``Jane Doe`` → ``jane-doe``); other names get their
    reading (Hepburn romaji for Japanese, python-slugify's transliteration for accented
    Latin and other scripts) plus a short hash of the NFKC name, so two names never
    share a page. A name with nothing readable gets the hash alone.
    """
    norm = unicodedata.normalize("NFKC", name).strip()
    reading = japanese_romaji(norm)
    base = _words(norm if reading is None else reading)
    if norm.isascii() and base:
        return base
    return f"{base}-{_digest(norm)}" if base else _digest(norm)


@functools.lru_cache(maxsize=_REMEMBERED)
def previous_name_slug(name: str) -> str:
    """The slug earlier releases gave ``name``: the hash alone for a name with kanji, a
    python-slugify transliteration plus the hash for other non-ASCII names. Equal to
    :func:`name_slug` for ASCII, accented-Latin and other non-Japanese names."""
    norm = unicodedata.normalize("NFKC", name).strip()
    base = "" if _HAN.search(norm) else _words(norm)
    if norm.isascii() and base:
        return base
    return f"{base}-{_digest(norm)}" if base else _digest(norm)


def _words(text: str) -> str:
    return slugify(text, max_length=_MAX_SLUG, word_boundary=True)


def _digest(norm: str) -> str:
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:_HASH_CHARS]
