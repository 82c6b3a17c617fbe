"""Is this an article? A generic last check before a page becomes a digest entry.

Saved pages are not always articles: a login wall, a 404 page, a bare list of links.
Each rule below is generic (no site, URL or host is named) and deliberately lenient:
a short real article passes; only pages with almost no prose are refused.
"""

from __future__ import annotations

import re

from .errors import NoArticleError
from .model import Page

# Below this many visible characters (whitespace excluded) there is no article at all.
# Calibrated so a one-paragraph news brief (~150 Japanese characters) still passes.
MIN_TEXT_CHARS = 80
# Pages that announce themselves as an error or a login form are refused below this.
SHORT_TEXT_CHARS = 250
# A body that is mostly link text, with at least this many links, is a listing.
LISTING_LINK_SHARE = 0.7
LISTING_MIN_LINKS = 5

_ERROR_TITLE = re.compile(
    r"\b(?:404|403|410|500)\b|not found|page (?:does not|doesn.t) exist|"
    r"ページが見つかりません|お探しのページ|見つかりませんでした|存在しません|アクセスできません",
    re.I,
)
_LOGIN_TITLE = re.compile(
    r"\b(?:log ?in|sign ?in|subscribe|paywall)\b|ログイン|会員登録|有料会員", re.I
)
# Link and image text (it may hold \[ \]). Speed: without a leading "!?" the pattern
# starts with a literal, which the regex engine searches for fast; a match found at
# the "!" of an image is the same match one character later, so findall is unchanged.
_MD_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\([^)]*\)")
_MD_URLS = re.compile(r"\]\([^)]*\)|<[^>]*>|\{[^}]*\}")
_MARK_CHARS = "#*_>`|\\-"  # Markdown marks that do not count as text


def check_article(page: Page, markdown: str, title: str | None) -> None:
    """Raise :class:`NoArticleError` when ``markdown`` (the sanitised body of ``page``)
    is not an article; return quietly otherwise."""
    path = page.source.path
    text_chars = _visible_chars(markdown)
    if text_chars < SHORT_TEXT_CHARS:
        heading = " ".join(filter(None, [title, page.tree.findtext(".//title")]))
        if _ERROR_TITLE.search(heading):
            raise NoArticleError(f"looks like an error page, not an article ({title!r})", path)
        if _LOGIN_TITLE.search(heading) or page.tree.xpath("//input[@type='password']"):
            raise NoArticleError("looks like a login or subscription wall, not an article", path)
    if text_chars < MIN_TEXT_CHARS:
        detail = f"only {text_chars} characters of text" if text_chars else "no text"
        raise NoArticleError(f"no article found on the page ({detail})", path)
    links = _MD_LINK.findall(markdown)
    link_chars = sum(_non_space_chars(t) for t in links)
    if len(links) >= LISTING_MIN_LINKS and link_chars >= LISTING_LINK_SHARE * text_chars:
        raise NoArticleError(
            f"looks like a list of links, not an article ({len(links)} links, "
            f"{link_chars} of {text_chars} characters are link text)",
            path,
        )


def too_short(markdown: str) -> bool:
    """Fewer than :data:`MIN_TEXT_CHARS` visible characters: no article text at all."""
    return _visible_chars(markdown) < MIN_TEXT_CHARS


def _visible_chars(markdown: str) -> int:
    """Characters of ``markdown`` outside link targets, tags and attribute lists that
    are neither whitespace nor one of :data:`_MARK_CHARS`.

    Speed: counted, not removed with regexes (~0.25 ms a page); the marks are not
    whitespace, so the two counts never overlap."""
    text = _MD_URLS.sub("", markdown)
    return _non_space_chars(text) - sum(text.count(mark) for mark in _MARK_CHARS)


def _non_space_chars(text: str) -> int:
    """``len(re.sub(r"\\s+", "", text))``: ``str.split()`` splits at exactly the
    characters ``\\s`` matches (Unicode whitespace), in C and ~5x faster."""
    return sum(map(len, text.split()))
