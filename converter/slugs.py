"""Stable, safe ASCII slugs for page paths.

A slug is ``<words>-<hash>``: up to ``MAX_WORDS_LENGTH`` characters of the title in
ASCII (``[a-z0-9-]`` only: no dot, no separator, no ``..``), then 8 hex digits of the
SHA-256 of a key naming the article (its canonical URL, else its source path).
The hash makes two articles with the same title (or two titles that transliterate to
the same words, or to nothing) land on different files, and is the same on every run
for the same article. Reserved device names (CON, NUL, COM1...) can never be a whole
file name since the hash always follows.

Japanese titles are read into Hepburn romaji with pykakasi's reading dictionary
(``抹茶ラテが英国で人気に`` → ``matcha-rate-ga-eikoku-de-ninki-ni``), one word per
dictionary entry, so a Japanese reader can read the address; a plain transliteration
gives Chinese readings of the kanji (``mo-cha-rate-gaying-guo-de...``). Other scripts
(accented Latin, Cyrillic, Chinese) are transliterated by python-slugify.

``SLUG_SCHEME`` names the rule: the manifest records it, and a page written under an
older scheme is converted again, moved to its new name, and its old address redirects
(converter/site/redirects.py).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from typing import Any

from slugify import slugify

# 1: python-slugify's transliteration; 2: Hepburn romaji for Japanese titles.
SLUG_SCHEME = 2
MAX_WORDS_LENGTH = 60  # characters of title words; the whole slug is at most 69
HASH_LENGTH = 8
FALLBACK_WORDS = "article"  # when the title has no Latin letters or digits at all
# Windows device names: refused as a file name even with an extension.
_RESERVED = re.compile(r"^(?:con|prn|aux|nul|com\d|lpt\d)$")
# What a finished slug may contain: lower-case ASCII letters, digits, single hyphens.
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Kana (hiragana, katakana, half-width katakana): the title is Japanese.
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
# CJK ideographs: Japanese too, unless the article says it is Chinese.
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Hiragana: inflection endings and particles.
_HIRAGANA = re.compile(r"[\u3041-\u309f]")
# Not part of a word: everything but \w (letters, digits, kana, ideographs, the repeat
# mark 々) and the long-vowel mark ー.
_PUNCTUATION = re.compile(r"[^\w\u30fc]+")
# Article languages whose ideographs are not read in Japanese.
_NOT_JAPANESE = ("zh",)


def article_slug(title: str, key: str, lang: str | None = None) -> str:
    """ASCII slug from ``title`` plus a short hash of ``key`` (URL or source path)."""
    source = _romaji(title) if _is_japanese(title, lang) else title
    words = slugify(
        source, max_length=MAX_WORDS_LENGTH, word_boundary=True, lowercase=True, separator="-"
    )
    words = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")[:MAX_WORDS_LENGTH].strip("-")
    if not words or _RESERVED.match(words):
        words = f"{FALLBACK_WORDS}-{words}" if words else FALLBACK_WORDS
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_LENGTH]
    return f"{words}-{digest}"


def japanese_romaji(text: str) -> str | None:
    """``text`` read as Hepburn romaji by :func:`_romaji` when it has kana or kanji,
    else None. For the names of columns, columnists and tags (converter/site/names.py):
    a name has no language of its own, so its kanji are read as Japanese."""
    return _romaji(text) if _is_japanese(text, None) else None


def _is_japanese(title: str, lang: str | None) -> bool:
    if _KANA.search(title):
        return True
    if lang and lang.lower()[:2] in _NOT_JAPANESE:
        return False
    return bool(_HAN.search(title))


def _romaji(title: str) -> str:
    """The title with its Japanese read as Hepburn romaji, one word per dictionary
    entry (``英国の鉄道`` → ``eikoku no tetsudou``); Latin letters and digits pass through.

    Punctuation becomes a space first (a dash ``――`` read as long-vowel marks would
    stretch the word before it), and an entry that starts with hiragana joins an entry
    ending with hiragana: the dictionary cuts inside inflections (``終わ|るのか``), and
    ``owarunoka`` reads better than ``owa-runoka``.
    """
    text = _PUNCTUATION.sub(" ", unicodedata.normalize("NFKC", title))
    words: list[str] = []
    previous = ""
    for item in _kakasi().convert(text):
        orig, reading = item["orig"], item["hepburn"] or item["orig"]
        if words and _HIRAGANA.match(orig) and _HIRAGANA.match(previous[-1:]):
            words[-1] += reading
        else:
            words.append(reading)
        previous = orig
    return " ".join(words)


@functools.cache
def _kakasi() -> Any:
    """pykakasi's converter, loaded on first use; its kanji dictionary comes from an index
    on disk (kanwa.py: unpickling it would take ~0.5 s)."""
    import pykakasi

    from . import kanwa

    kanwa.install()
    return pykakasi.kakasi()
