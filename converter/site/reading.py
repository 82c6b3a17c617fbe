"""Reading time: characters per minute for Japanese, words per minute for the rest.

Japanese is written without spaces, so counting words (Material's blog plugin does) is
meaningless for it: a Japanese paragraph is one "word". We count the characters a reader
reads (letters, kana, kanji, digits; punctuation and markup left out) and divide by a
reading rate in characters per minute; other languages count words.
"""

from __future__ import annotations

import math
import re

from ..pipeline import markdown_to_text

# Japanese (and Chinese, Korean) silent reading rate, characters per minute: Medium's
# rule for CJK read times ("a function of number of characters, 500 characters/min",
# Medium Help Center, "Read time"; its other languages use 265 words/min).
CJK_CHARS_PER_MINUTE = 500
# Everything else, words per minute: the mean silent reading rate of adults for
# non-fiction in English, 238 wpm (Brysbaert 2019, "How many words do we read per
# minute? A review and meta-analysis of reading rate", Journal of Memory and Language
# 109:104047).
WORDS_PER_MINUTE = 238
# Languages counted by characters (ISO 639-1 prefixes of the article's ``lang``).
CHARACTER_LANGUAGES = ("ja", "zh", "ko")
# A text without a language is counted by characters when at least this share of its
# letters is kana or CJK ideographs.
CJK_SHARE = 0.3
# Never show "0 minutes": the shortest article takes a minute.
MIN_MINUTES = 1

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\uac00-\ud7af]")
_WORD = re.compile(r"\w+")
# Speed: \w is str.isalnum() plus "_" (re's documentation), so removing [\W_] leaves the
# alphanumeric characters; a loop over 30 million characters took 8 s at 10,000 articles.
_NOT_ALNUM = re.compile(r"[\W_]+")


def reading_minutes(markdown: str, lang: str | None = None) -> int:
    """Minutes to read the body ``markdown`` (rounded up, at least :data:`MIN_MINUTES`)."""
    text = markdown_to_text(markdown)
    if _by_characters(text, lang):
        units = len(_NOT_ALNUM.sub("", text))  # the characters that are str.isalnum()
        rate = CJK_CHARS_PER_MINUTE
    else:
        units = len(_WORD.findall(text))
        rate = WORDS_PER_MINUTE
    return max(MIN_MINUTES, math.ceil(units / rate))


def _by_characters(text: str, lang: str | None) -> bool:
    if lang:
        return lang.lower()[:2] in CHARACTER_LANGUAGES
    letters = sum(1 for ch in text if ch.isalpha())
    return bool(letters) and len(_CJK.findall(text)) / letters >= CJK_SHARE


def minutes_label(minutes: int) -> str:
    """``約3分`` (the site's language is Japanese)."""
    return f"約{minutes}分"
