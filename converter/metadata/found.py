"""What one metadata source found, before merging, and the page facts every source needs.

Values are raw but trimmed strings: dates stay text (parsed in the merge, where the
site's zone is known), authors stay names with a hint of their kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import tzinfo
from urllib.parse import urljoin

from lxml.html import HtmlElement

# Source names, in the order of the precedence table (see merge.py).
PROFILE, JSONLD, MICRODATA, OPENGRAPH, TWITTER, META, DOM, HTMLDATE = (
    "profile",
    "jsonld",
    "microdata",
    "opengraph",
    "twitter",
    "meta",
    "dom",
    "htmldate",
)

PERSON, ORGANIZATION = "person", "organization"


@dataclass(frozen=True)
class RawAuthor:
    """A name as a source gave it; ``kind`` is what the source declared, if anything."""

    name: str
    kind: str | None = None  # PERSON, ORGANIZATION or None (unknown)
    url: str | None = None


@dataclass(frozen=True)
class Found:
    """Every field a source may offer; empty means "this source says nothing"."""

    source: str
    title: str | None = None
    headlines: tuple[str, ...] = ()  # visible headline candidates (DOM only)
    subtitle: str | None = None
    description: str | None = None
    authors: tuple[RawAuthor, ...] = ()
    published: str | None = None
    updated: str | None = None
    site_name: str | None = None
    publisher: str | None = None
    section: str | None = None
    column: str | None = None
    url: str | None = None
    lang: str | None = None
    tags: tuple[str, ...] = ()
    image: str | None = None
    image_alt: str | None = None
    date_format: str | None = None  # strptime format for this source's dates (profile)
    # DOM only: the authors come from a byline that says so ("By …", 文＝…, class byline)
    byline: bool = False


@dataclass(frozen=True)
class PageContext:
    """Facts fixed before any source is read."""

    base_url: str | None  # absolute URL relative links resolve against
    tz: tzinfo  # the site's zone for dates written without one
    japanese: bool


# The tags the sources look up (<base>, <title>, <meta>, <link rel=canonical>, JSON-LD
# <script>, headline <h1>, <article>/<main>, text the reader never sees), found
# together by PageTags.
SOURCE_TAGS = (
    "base", "title", "meta", "link", "script", "h1", "article", "main", "style", "noscript",
    "template",
)  # fmt: skip


class PageTags:
    """The page's elements of SOURCE_TAGS, each tag's in document order.

    Speed: one walk over the tree (in C) finds them all; a walk per source and tag cost
    ~0.3 ms each on the corpus.
    """

    def __init__(self, tree: HtmlElement) -> None:
        self._tree = tree
        self._elements = [(el.tag, el) for el in tree.iter(*SOURCE_TAGS)]
        self._by_tag: dict[str, list[HtmlElement]] = {tag: [] for tag in SOURCE_TAGS}
        for tag, el in self._elements:
            self._by_tag[tag].append(el)

    def __call__(self, *tags: str) -> list[HtmlElement]:
        """Every element of ``tags`` (the root included), in document order, as
        ``tree.iter(*tags)`` gives them."""
        if len(tags) == 1:
            return self._by_tag[tags[0]]
        return [el for tag, el in self._elements if tag in tags]

    def first(self, *tags: str) -> HtmlElement | None:
        """The first element of any of ``tags``, as ``xpath("//a | //b")[0]``."""
        return next((el for tag, el in self._elements if tag in tags), None)

    def title(self) -> str | None:
        """The text of the first <title> below the root, as ``findtext(".//title")``."""
        title = next((el for el in self._by_tag["title"] if el is not self._tree), None)
        return None if title is None else title.text or ""


_WHITE = " \t\r\n\f\v\xa0\u200b"
# A run of white space that is not already one plain space. Speed: matching single
# spaces too (each replaced by itself) made the substitution rebuild every string.
_SPACES = re.compile(f" [{_WHITE}]+|[{_WHITE[1:]}][{_WHITE}]*")


def clean_text(value: object) -> str | None:
    """A trimmed one-line string, or None when empty or not text."""
    if not isinstance(value, str):
        return None
    text = _SPACES.sub(" ", value).strip()
    return text or None


def absolute(url: str | None, base: str | None) -> str | None:
    """``url`` made absolute against ``base``; None when it cannot be."""
    url = clean_text(url)
    if not url or url.startswith(("data:", "javascript:")):
        return None
    if url.startswith("//"):
        return "https:" + url
    if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
        return url
    if base:
        return urljoin(base, url)
    return None
