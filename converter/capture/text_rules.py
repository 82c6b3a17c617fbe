"""The rules that read a plain-text capture's lines (see :mod:`.textpage`), as data.

The chrome rules are the body stage's own (``extract/clean.py``: ``CHROME_HEADING``,
``CHROME_TEXT``, ``CHROME_LEAD_IN``, ``CHROME_PROMO``), as are the lead brackets, the
byline forms and the profile labels: here they are only anchored to a whole line and
completed with what only text shows (a ranking number alone on its line, a headline
cut with ``…``). Widths count a CJK character twice, so one threshold serves English
and Japanese.
"""

from __future__ import annotations

import re
import unicodedata

from ..extract.clean import (
    CHROME_HEADING,
    CHROME_LEAD_IN,
    CHROME_PROMO,
    CHROME_PROMO_MAX,
    CHROME_TEXT,
    CHROME_TEXT_MAX,
)
from ..extract.lead import BRACKETED
from ..extract.profile_box import is_profile_label as _is_profile_label
from ..metadata.authors import KANJI_NAME, LATIN_NAME
from ..metadata.dom import BYLINE_START, ROLE_BYLINE

# Characters a copy carries that nobody sees (zero-width spaces, joiners, BOM).
INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
# Kana: this many make the text Japanese (dates in JST, characters as words).
JAPANESE = re.compile(r"(?:[\u3040-\u30ff].*){10}", re.S)

# A line that heads a chrome block: a chrome heading of the HTML path, alone on its line
# (with a counter or a word like "ranking" after it), or a label only text shows.
LABEL_MAX = 40  # width: a longer line is text, not a label
_LABEL_TAIL = (
    r"(?:\W*(?:ランキング|ニュース|記事|トピックス|news|stories|articles|posts|videos?"
    r"|this(?: article| story)?|(?:on|from) \w+(?: \w+)?))?[\W\d]*$"
)
CHROME_LABEL = re.compile(
    rf"(?:{CHROME_HEADING.pattern}){_LABEL_TAIL}"
    r"|^\W*(?:magazine|newsletters?|podcasts?|follow us|more from .+|editor'?s picks?"
    r"|特集|メールマガジン|ピックアップ|PICK ?UP|RANKING|TOPICS|SNS|フォローする)\W*$",
    re.I,
)


def is_profile_label(line: str) -> bool:
    return _is_profile_label(line)


# A line alone that is chrome: a phrase the HTML path drops as a box of its own (not a
# date or a byline word: those are read first), a promo, a "Related: <headline>" line.
def is_chrome_line(line: str, width: int) -> bool:
    if width <= CHROME_TEXT_MAX and CHROME_TEXT.match(line):
        return True
    if width <= CHROME_PROMO_MAX and CHROME_PROMO.search(line):
        return True
    return width <= TEASER_MAX and bool(CHROME_LEAD_IN.match(line))


# A teaser: a headline cut short with an ellipsis (ranking and "read next" lists).
TEASER_MAX = 120  # width
TEASER = re.compile(r"(?:…|\.\.\.|‥)$")
# A ranking's number (or bullet and number) alone on its line.
RANK_NUMBER = re.compile(r"^[•·●■◆▶►]?\s*(?:No\.\s?)?[0-9０-９]{1,2}位?$")
# A list item's bullet or number (removed from the item's text).
LIST_ITEM = re.compile(r"^(?:[•●■◆▪‣◦・]\s*|[-*+–]\s+|[0-9]{1,2}[.)]\s+)")

# The lead: the whole line in ＜…＞, <…> or 〈…〉 (the lead stage's brackets).
LEAD = BRACKETED

# A line that is a date and its labels. Checked only on lines with a digit this short.
DATE_HINT = re.compile(r"\d")
DATE_LINE_MAX = 80
# What may stand beside the date on a date line (removed before its width is measured).
DATE_WORDS = re.compile(
    r"公開日?|更新日?|配信日?|掲載日?|投稿日?|日時|最終|published|updated|posted|last|modified"
    r"|\b(?:on|at)\b|\b(?-i:[A-Z]{2,4})\b|[月火水木金土日]曜日?"
    r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
    r"|[\s,|·•:：/()（）\-–—]",
    re.I,
)
DATE_REST_MAX = 4
# A date line may also carry a label in any language ("Publiziert:", "Erschienen am",
# "Zuerst veröffentlicht am", "Lesezeit: 5 Min."): the rest, times and numbers left
# out, is at most this many words and this wide, and no name (see META_REST_MAX).
DATE_LABEL_WORDS, DATE_LABEL_MAX = 3, 30
DATE_LABEL_DROP = re.compile(r"\d{1,2}[:.h]\d{2}|\d+|[^\w\s]")
# Beside the date, a name: "Chris Davies - Nov 19, 2019, 10:31 pm CST".
META_REST_MAX = 40  # width of the line without its date

# A byline: the HTML path's forms ("By …", "文・…", "…記者").
BYLINE_MAX = 80


def is_byline(line: str) -> bool:
    if BYLINE_START.match(line) or ROLE_BYLINE.match(line):
        return True
    m = BYLINE_LEAD.match(line)
    return bool(m and first_name(line[m.end() :]))


# A byline's lead-in in the languages the HTML path reads ("Von", "Par", "Por", "Door",
# "Av", "Di", "Autor:", "Author of the article:"...), followed by names on the line or,
# alone, on the next lines. The author stage removes it (``metadata/authors.PREFIX``).
BYLINE_LEAD = re.compile(
    r"^(?:(?:written\s+)?by|von|par|por|door|av|af|di|przez|autor(?:in)?(?:/autor)?|autora"
    r"|auteur|author(?: of the article)?|text|texto|testo|tekst|reporter|reporting)"
    r"(?:\s*:\s*|\s+|$)",
    re.I,
)
# Names listed on a byline: separated by commas, "and", "und", "et", "y", "e", "|".
NAME_SEPARATOR = re.compile(r"\s*(?:,|\||&|\b(?:and|und|et|y|e|en|och|og|i)\b)\s*")


# A date line's parts: "Published Jun 04, 2026 • Last updated 1 day ago • 2 minute read".
DATE_PARTS = re.compile(r"\s+[•·|]\s+|\s{2,}")


def byline_text(names: str) -> str:
    """A byline as the author stage reads every language's: "By" and the names, one
    list ("Von A und B" → "By A, B")."""
    parts = [p for p in NAME_SEPARATOR.split(names.strip()) if p]
    return "By " + ", ".join(parts)


# Names after a lead-in alone: at most this many lines, one name (or list) each.
BYLINE_NAME_LINES = 4


def first_name(text: str) -> bool:
    """Does ``text`` open with a person's name (then more names, a role, an agency)?"""
    parts = [p for p in NAME_SEPARATOR.split(text.strip()) if p]
    return bool(parts) and is_name(parts[0]) and width(text) <= BYLINE_MAX


def is_lead_in(line: str) -> bool:
    """A byline's lead-in alone on its line ("Von", "By", "Author of the article:")."""
    m = BYLINE_LEAD.match(line)
    return bool(m) and not line[m.end() :].strip()


def width(text: str) -> int:
    return len(text) + sum(unicodedata.east_asian_width(c) in "WF" for c in text)


def is_name(text: str) -> bool:
    """A person's name as bylines write them (Latin capitals, or 2 to 6 kanji)."""
    text = text.strip(" -–—|·,:：")
    return bool(LATIN_NAME.match(text) or KANJI_NAME.match(text.replace(" ", "")))


# A paragraph: this wide and ending a sentence, or very wide.
PROSE_MIN = 60
PROSE_LONG = 240
PROSE_END = re.compile(r"[。．.!?！？」』\"”’)）]$")
SENTENCE_END = re.compile(r"[。．.!?！？]$")
# A subheading does not end like a sentence or a clause.
NOT_HEADING_END = re.compile(r"[。．.!！,，、:：;；]$|[。.!?！？][」』\"”’)）]$")
SUBHEADING_MAX = 90


def is_prose(line: str, width: int) -> bool:
    return width >= PROSE_LONG or (width >= PROSE_MIN and bool(PROSE_END.search(line)))


# A headline: this wide, no full stop at its end, words rather than a URL or a code.
HEADLINE_MIN, HEADLINE_MAX = 16, 300
_URLISH = re.compile(r"^(?:https?://|www\.)|\.(?:com|jp|org|net)(?:/|$)", re.I)


def is_headline(line: str, width: int) -> bool:
    if not HEADLINE_MIN <= width <= HEADLINE_MAX or _URLISH.search(line):
        return False
    if re.search(r"[。.,、:：]$", line):
        return False
    return width - len(line) >= 8 or len(line.split()) >= 3  # 4+ CJK characters, 3+ words


# A caption: a line up to this wide whose end is a photo credit.
CAPTION_MAX = 400
CREDIT_HINT = re.compile(r".")  # every line is tried (split_credit is exact)

# The header: a menu is a run of this many short lines; the title is the headline
# nearest above the date or byline, within this many lines; the section a short line
# standing alone right above the title.
MENU_RUN, MENU_ITEM_MAX = 3, 20
TITLE_REACH = 4
# The header is read from at most this many lines above the first paragraph, chrome
# lines left out (a "Share" label may stand between the byline and the text, a menu's
# "Ranking" item above the headline).
HEADER_LINES = 30
HEADER_DROPS = frozenset({"label", "chrome", "teaser"})
# The article's first paragraph is the first of this many with a headline, date or
# byline above it (the ones before it are a notice, or the headline itself).
OPENING_TRIES = 6
SECTION_MAX = 20

# Lines never kept in the body.
BODY_DROPS = frozenset({"label", "chrome", "teaser", "profile", "date", "byline", "meta"})
# In the body, a run of this many lines that are no paragraph, list item, lead, table row
# (a tab between cells) or list intro (a line ending with a colon) is a link block,
# unless a list intro stands right above it: a list the page shows without bullets.
LINK_RUN = 5
RUN_BREAKS = frozenset({"prose", "item", "lead"})
LIST_INTRO = re.compile(r"[:：]$")
RUN_BREAK = re.compile(r"\t|[:：]$")
# A run of at most this many chrome lines between two stretches of prose is crossed.
SHORT_RUN = 3

# The profile box: at most this many lines after its heading; a role this wide at most.
PROFILE_MAX_LINES = 12
ROLE_MAX = 60
# A line that is a link: an e-mail address, a URL, a social handle's address.
LINK_LINE = re.compile(
    r"^(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+"
    r"|(?:twitter|x|facebook|instagram|linkedin|youtube|note|threads)\.(?:com|net)/\S+)$",
    re.I,
)


def link_url(text: str) -> str:
    if "@" in text and "/" not in text:
        return f"mailto:{text}"
    return text if text.lower().startswith(("http://", "https://")) else f"https://{text}"


# Not an article: a share of lines this large is log, code or Markdown markup.
STRUCTURED_SHARE = 0.3
STRUCTURED_LINE = re.compile(
    r"^\[?\d{4}-\d\d-\d\d[ T]\d\d:\d\d"  # a log line's timestamp
    r"|^\[?\d\d:\d\d:\d\d|^\s*(?:DEBUG|INFO|WARN(?:ING)?|ERROR|TRACE|FATAL)\b"
    r"|^#{1,6} |^```|^\s*[$>] |^\s*(?:def|class|import|from|return|if|for)\b.*[:;]$"
    r"|[{};]$|^\s*[-*] \[[ x]\]|^\|.*\|$",
)


def is_structured(lines: list[str]) -> bool:
    hits = sum(bool(STRUCTURED_LINE.search(line)) for line in lines)
    return hits >= STRUCTURED_SHARE * len(lines)
