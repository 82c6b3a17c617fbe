"""Stage 6: the images an article shows, kept in the site when their bytes came with the
capture (converter/capture/): ``<output>/images/<sha256>.<ext>``, one file per content
whatever the number of articles showing it.

For each image of the Markdown body and the front-matter ``image``:

1. its bytes: a capture resource whose URL is the image's (after undoing percent
   escapes), or, for a resource keyed by a path relative to the page (a "complete"
   save's ``NAME_files/photo.jpg``, a SingleFile image's ``digest-capture/…``), one
   whose path the image's URL ends with, else the only one with the URL's file name
   (the ``data-src`` / ``srcset`` a browser leaves pointing at the publisher);
2. the bytes must be an image Pillow reads as JPEG, PNG, GIF or WebP, within its
   decompression-bomb limit (its warning counts as a refusal); the width and height are
   recorded in the front matter;
3. found: the image points at ``images/<name>`` (relative to the article's page);
   not found: an http(s) URL stays a link to its host, except a host that only the
   page's ``<base href>`` names; a URL that resolves to nothing (relative without a page
   URL, into a capture's own folder, another scheme) is dropped with a warning. A
   dropped image's caption and credit stay.
"""

from __future__ import annotations

import hashlib
import io
import logging
import posixpath
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from urllib.parse import unquote, urlsplit

from .capture.resources import LOCAL_PREFIX
from .errors import DigestError
from .model import Article, Capture, Figure, Metadata, Page, SiteImage
from .store import IMAGES_FOLDER

log = logging.getLogger(__name__)

# Image formats kept (Pillow's names) and the extension each file gets. No SVG: it can
# carry scripts, and Pillow does not read it.
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}
# Hex digits of the content hash in a file name (80 bits: no collision in any archive).
NAME_DIGITS = 20
# A Markdown image: ![alt](url "title"); the URL may be in <...>.
MD_IMAGE = re.compile(r"!\[((?:\\.|[^\]\\])*)\]\((<[^>\n]*>|[^)\s]+)((?:\s+\"[^\"]*\")?)\)")
# A dropped image's mark, and a line holding only that (dropped whole: no blank line
# is left inside a figure).
_DROPPED = "\x00dropped\x00"
_DROPPED_LINE = re.compile(r"^[ \t]*\x00dropped\x00[ \t]*\n", re.M)
_EMPTY_FIGURE = re.compile(r'<figure markdown="span">\n</figure>\n?')
_BASE_HREF = re.compile(r"""<base\b[^>]*\bhref\s*=\s*["']?([^"'\s>]+)""", re.I)


def inspect(data: bytes) -> tuple[str, int, int] | None:
    """``(extension, width, height)`` when ``data`` is a JPEG, PNG, GIF or WebP image
    that Pillow reads without tripping its decompression-bomb limit; else None."""
    from PIL import Image  # speed: only articles with saved images pay for the import

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as im:
                kind, (width, height) = im.format, im.size
                im.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None
    except Exception:  # Pillow raises many kinds on bad bytes (OSError, SyntaxError...)
        return None
    if kind not in FORMATS or width < 1 or height < 1:
        return None
    return FORMATS[kind], width, height


def site_image(data: bytes) -> SiteImage | None:
    """The image as it is written into the site, or None when the bytes are no image."""
    found = inspect(data)
    if found is None:
        return None
    ext, width, height = found
    name = hashlib.sha256(data).hexdigest()[:NAME_DIGITS] + ext
    return SiteImage(name, data, width, height)


class Resources:
    """Every resource of an article's captures, looked up by the URL an image shows."""

    def __init__(self, captures: Iterable[Capture]) -> None:
        self.exact: dict[str, bytes] = {}
        self.relative: dict[str, bytes] = {}
        for capture in captures:
            for key, data in capture.resources.items():
                if urlsplit(key).scheme:
                    self.exact.setdefault(_norm(key), data)
                else:
                    self.relative.setdefault(_norm_path(key), data)
        # The first segments of relative keys: a URL into them resolves to nothing
        # when no file matches (a "complete" save's folder, the readers' own prefix).
        self.local_folders = {k.split("/")[0] for k in self.relative if "/" in k}
        self.local_folders.add(LOCAL_PREFIX.rstrip("/"))

    def find(self, url: str) -> bytes | None:
        data = self.exact.get(_norm(url))
        if data is not None or not self.relative:
            return data
        path = _url_path(url)
        for key, value in self.relative.items():
            if path == key or path.endswith("/" + key):
                return value
        return self._by_file_name(path)

    def _by_file_name(self, path: str) -> bytes | None:
        """The one saved file of the same name: a browser saves the image a page shows
        into ``NAME_files/`` under its URL's file name and points ``src`` there, but
        leaves ``data-src`` and ``srcset`` (which the body stage prefers) on the
        publisher's host. Two files of that name: no guess."""
        name = path.rsplit("/", 1)[-1]
        if not name or "." not in name:
            return None
        found = [v for k, v in self.relative.items() if k.rsplit("/", 1)[-1] == name]
        return found[0] if len(found) == 1 else None

    def is_local(self, url: str) -> bool:
        """A URL into a capture's own folder (a file the save did not keep)."""
        segments = _url_path(url).split("/")
        return any(s in self.local_folders for s in segments[:-1])


def _norm(url: str) -> str:
    return unquote(url.strip().split("#")[0])


def _norm_path(path: str) -> str:
    path = posixpath.normpath(unquote(path.strip().split("#")[0].split("?")[0]))
    return path.removeprefix("./").lstrip("/")


def _url_path(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc:
        return unquote(parts.path)
    return _norm_path(url)


@dataclass(frozen=True)
class Decision:
    """What becomes of one image URL: a site image, a link kept, or dropped (why)."""

    image: SiteImage | None = None
    keep_url: bool = False
    dropped: str | None = None
    note: str | None = None  # a warning about a link kept (a fetch refused)


class Keeper:
    """Decides, once per URL, what becomes of the images of one article."""

    def __init__(
        self,
        captures: Sequence[Capture],
        pages_html: Sequence[str],
        own_urls: Iterable[str | None],
        fetcher: Callable[[str], bytes | None] | None = None,
    ) -> None:
        self.resources = Resources(captures)
        self.fetcher = fetcher
        self.own_hosts = {h for u in own_urls if u and (h := urlsplit(u).hostname)}
        html = "\n".join(pages_html)
        self.base_only: set[str] = set()
        for href in _BASE_HREF.findall(html):
            host = urlsplit(href).hostname
            if host and host not in self.own_hosts and html.count(host) <= html.count(href):
                self.base_only.add(host)
        self.decisions: dict[str, Decision] = {}

    def decide(self, url: str) -> Decision:
        if url not in self.decisions:
            self.decisions[url] = self._decide(url)
        return self.decisions[url]

    def _decide(self, url: str) -> Decision:
        data = self.resources.find(url)
        if data is not None:
            image = site_image(data)
            if image is not None:
                return Decision(image=image)
            return Decision(dropped="the saved file is not an image (or too large)")
        if self.resources.is_local(url):
            return Decision(dropped="its file is missing from the saved page's folder")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return Decision(dropped="its URL leads nowhere (no page URL to resolve it)")
        if parts.hostname in self.base_only:
            return Decision(dropped=f"its host {parts.hostname} is named only by <base href>")
        try:
            fetched = self.fetcher(url) if self.fetcher else None
        except DigestError as exc:  # refused (fetch.py): the photo stays a link
            return Decision(keep_url=True, note=exc.message)
        image = site_image(fetched) if fetched else None
        return Decision(image=image) if image else Decision(keep_url=True)


def declared_image_as_saved(meta: Metadata, page: Page) -> Metadata:
    """The metadata with its declared lead image (``og:image``) as the saved page shows
    it: a "complete" save points the ``<img>`` at ``NAME_files/`` while ``og:image``
    keeps the publisher's URL, so the body stage would not know them for one photo
    (and would leave a lead photo outside the body container behind). The ``<img>``
    whose capture bytes are the declared image's gives its URL."""
    capture = page.capture
    if meta.image is None or capture is None or not capture.resources:
        return meta
    from .extract import page_base_url
    from .extract.images import image_url

    resources = Resources([capture])
    data = resources.find(meta.image.src)
    if data is None:
        return meta
    base = page_base_url(page.tree, meta.url or capture.url)
    for img in page.tree.iter("img"):
        url = image_url(img, base)
        if url and url != meta.image.src and resources.find(url) == data:
            return replace(meta, image=replace(meta.image, src=url))
    return meta


def keep_images(
    article: Article,
    captures: Sequence[Capture],
    pages_html: Sequence[str],
    figures: Sequence[Figure] = (),
    fetcher: Callable[[str], bytes | None] | None = None,
) -> Article:
    """The article with its images pointing into the site, the images to write
    (``site_images``), and a warning per image dropped (``warnings``).

    A front-matter image left a link (a declared ``og:image`` the capture has no bytes
    for: SingleFile keeps only the image the page showed) gives way to the first figure
    of ``figures`` (the body's) that is kept in the site."""
    keeper = Keeper(captures, pages_html, [article.url, *(c.url for c in captures)], fetcher)
    kept: dict[str, SiteImage] = {}
    notes: dict[str, None] = {}

    def local(url: str) -> str | None:
        decision = keeper.decide(url)
        if decision.image is not None:
            kept[decision.image.name] = decision.image
            return f"{IMAGES_FOLDER}/{decision.image.name}"
        if decision.dropped:
            notes[f"{article.source}: image {url} dropped: {decision.dropped}"] = None
            return None
        if decision.note:
            notes[f"{article.source}: image {url} not fetched: {decision.note}"] = None
        return url

    def image(m: re.Match[str]) -> str:
        url = m.group(2).removeprefix("<").removesuffix(">")
        new = local(_unescape(url))
        if new is None:
            return _DROPPED
        if new == _unescape(url):
            return m.group(0)
        return f"![{m.group(1)}]({new}{m.group(3)})"

    markdown = article.markdown
    if "![" in markdown:
        markdown = MD_IMAGE.sub(image, markdown)
        if _DROPPED in markdown:  # its line goes too when the image was alone on it
            markdown = _DROPPED_LINE.sub("", markdown).replace(_DROPPED, "")
            markdown = _EMPTY_FIGURE.sub("", markdown)
    figure = article.image
    if figure is not None:
        figure = _figure(figure, local, kept)
    shown = [f for f in figures if keeper.decide(f.src).image is not None]
    if figure is not None and "://" not in figure.src:
        # The declared image with the caption and credit of the figure showing it (the
        # same bytes, now that both point into the site).
        kept_shown = [g for f in shown if (g := _figure(f, local, kept)) is not None]
        figure = next((g for g in kept_shown if g.src == figure.src), figure)
    elif shown:  # no image, or one left a link
        figure = _figure(shown[0], local, kept)
    return replace(
        article,
        markdown=markdown,
        image=figure,
        site_images=tuple(kept.values()),
        warnings=(*article.warnings, *notes),
    )


def _figure(
    figure: Figure, local: Callable[[str], str | None], kept: dict[str, SiteImage]
) -> Figure | None:
    new = local(figure.src)
    if new is None:
        return None
    if new == figure.src:
        return figure
    image = kept[new.rsplit("/", 1)[1]]
    return replace(figure, src=new, width=image.width, height=image.height)


def _unescape(url: str) -> str:
    """The URL as the body stage found it (Markdown escapes spaces and parentheses)."""
    return url.replace("%20", " ").replace("%28", "(").replace("%29", ")")
