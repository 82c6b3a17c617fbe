"""The one data model that flows through every stage.

Field order of :class:`Article` is the order of keys in the JSON output of
``digest extract --format json`` and in the YAML front matter of written pages:
there is no second, hand-kept list of keys anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from lxml.html import HtmlElement


@dataclass(frozen=True)
class Author:
    """A person who wrote the article (never an organisation or a site)."""

    name: str
    reading: str | None = None  # e.g. the kana reading of a Japanese name
    role: str | None = None  # e.g. "ジャーナリスト", "Columnist"
    bio: str | None = None
    links: tuple[str, ...] = ()  # absolute URLs, mailto: links included

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "reading": self.reading,
            "role": self.role,
            "bio": self.bio,
            "links": list(self.links),
        }


@dataclass(frozen=True)
class Figure:
    """An image as the reader saw it, with its caption and photo credit split."""

    src: str
    alt: str = ""
    caption: str | None = None
    credit: str | None = None
    # Pixel size, known when the image's bytes came with the capture and are kept in the
    # site (converter/images.py); absent from the dict otherwise.
    width: int | None = None
    height: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "src": self.src,
            "alt": self.alt,
            "caption": self.caption,
            "credit": self.credit,
        }
        if self.width and self.height:
            out["width"], out["height"] = self.width, self.height
        return out


@dataclass(frozen=True)
class SiteImage:
    """An image kept in the site (converter/images.py): its file name in the output's
    ``images/`` folder (content hash + extension), its bytes and its pixel size."""

    name: str
    data: bytes = field(repr=False)
    width: int
    height: int


@dataclass(frozen=True)
class Source:
    """One saved page: where it came from and its raw bytes."""

    path: str  # as given by the user (used in messages and front matter)
    data: bytes


@dataclass(frozen=True)
class Capture:
    """A saved file as the capture stage read it (converter/capture/): the page as HTML
    bytes, and what the capture recorded beside it."""

    html: bytes
    # "html", "complete", "mhtml", "singlefile", "warc", "fetched", "text" (a text copy)
    kind: str = "html"
    url: str | None = None  # the page's original URL, when the capture records it
    saved: datetime | None = None  # when the page was saved, when recorded
    # URL -> bytes (images...). A key without a scheme is a path relative to the page
    # (a "complete" save's ``NAME_files/photo.jpg``): it matches any URL ending with it.
    resources: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    """One decoded page, parsed once.

    ``tree`` is shared by every stage; stages read it and never mutate it. A stage that
    must change markup works on its own ``copy.deepcopy`` of a subtree.
    """

    source: Source
    html: str
    encoding: str
    tree: HtmlElement
    sha256: str  # of the saved file's bytes (not of the HTML a capture made of them)
    capture: Capture | None = None


@dataclass(frozen=True)
class Metadata:
    """What the metadata stage found about a page (every field optional)."""

    title: str | None = None
    subtitle: str | None = None
    description: str | None = None
    authors: tuple[Author, ...] = ()
    published: datetime | None = None
    updated: datetime | None = None
    site_name: str | None = None
    section: str | None = None
    column: str | None = None
    url: str | None = None
    lang: str | None = None
    tags: tuple[str, ...] = ()
    image: Figure | None = None
    organization: str | None = None


@dataclass(frozen=True)
class Body:
    """What the body stage made of one page's article node."""

    markdown: str  # body only: no title, no lead
    lead: str | None = None
    subtitle: str | None = None  # a dek found at the top of the body (taken out of it)
    figures: tuple[Figure, ...] = ()
    authors: tuple[Author, ...] = ()  # from a profile box (プロフィール), richest source
    next_pages: tuple[str, ...] = ()  # absolute URLs of the following pages, if paged


_INTERNAL = {"internal": True}


@dataclass(frozen=True)
class Article:
    """The converted article. Field order = JSON key order = front-matter key order."""

    title: str
    subtitle: str | None = None
    lead: str | None = None
    authors: tuple[Author, ...] = ()
    published: datetime | None = None
    updated: datetime | None = None
    site_name: str | None = None
    section: str | None = None
    column: str | None = None
    url: str | None = None
    saved: datetime | None = None  # when the page was saved or fetched, if the capture says
    lang: str | None = None
    tags: tuple[str, ...] = ()
    image: Figure | None = None
    organization: str | None = None
    incomplete: bool = False
    source: str | None = None
    source_sha256: str | None = None
    source_pages: tuple[str, ...] = ()
    capture: str = "html"  # how the page was saved: "html", "text" (a text copy), ...
    markdown: str = field(default="", repr=False)
    text: str = field(default="", repr=False)
    # For the write stage, not part of the article's data (no JSON key, no front matter):
    # the images to write into the site, and what the conversion warns about.
    site_images: tuple[SiteImage, ...] = field(default=(), repr=False, metadata=_INTERNAL)
    warnings: tuple[str, ...] = field(default=(), repr=False, metadata=_INTERNAL)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict, keys in field order (the ``digest extract`` JSON interface)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            if not f.metadata.get("internal"):
                out[f.name] = _plain(getattr(self, f.name))
        return out

    def front_matter(self) -> dict[str, Any]:
        """The YAML front matter: every field but the body itself."""
        data = self.to_dict()
        del data["markdown"], data["text"]
        if not data["source_pages"]:
            del data["source_pages"]
        if data["saved"] is None:  # an "HTML only" save records no time
            del data["saved"]
        if not data["incomplete"]:
            del data["incomplete"]
        if data["capture"] == "html":  # the ordinary case goes unsaid
            del data["capture"]
        return data


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Author | Figure):
        return value.to_dict()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value
