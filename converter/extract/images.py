"""The URL an image really shows: lazy-loading attributes, srcset, <picture>, <noscript>.

One public function, :func:`image_url`, plus :func:`is_placeholder` used by the figure
stage to drop spacer GIFs, 1×1 data URIs, spinners and tracking pixels.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml.html import HtmlElement

# Attributes lazy-loading scripts keep the real URL in, most specific first. (Not
# ``data-url``: sites use it for the photo *page*, not the image.)
LAZY_SRC_ATTRS = (
    "data-src",
    "data-original",
    "data-lazy-src",
    "data-lazy",
    "data-original-src",
    "data-full-src",
    "data-hi-res-src",
    "data-echo",
)
# Attributes holding a srcset ("url 640w, url 2x"); the largest candidate wins.
SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset", "srcset")

# File names of placeholders: spinners, blank/spacer/pixel GIFs, "loading" images.
PLACEHOLDER_NAME = re.compile(
    r"(?:^|[/_.-])(?:spinner|loading|loader|lazy|blank|spacer|pixel|transparent|placeholder|"
    r"dummy|clear|1x1|grey|gray|empty|noimage|no_image)[\w-]*\.(?:gif|png|svg)(?:$|[?#])",
    re.I,
)
# Speed: every match of PLACEHOLDER_NAME holds one of these extensions (same flags);
# most URLs hold none, and this search costs a tenth of PLACEHOLDER_NAME's.
_PLACEHOLDER_EXTENSION = re.compile(r"\.(?:gif|png|svg)", re.I)
# Icons that sit inside a photo block (zoom, "拡大", play buttons): never the photo.
ICON_PATH = re.compile(r"(?:^|/)(?:icons?|ico)(?:[/_-]|$)|[/_-]icons?[/_.-]", re.I)
# An explicit width/height at or below this is a tracking pixel or a spacer (px).
PIXEL_MAX = 2
# How many <source> levels the HTML parser may put between <img> and its <picture>.
PICTURE_DEPTH = 8
# Both sides at or below this (explicit attributes) is an icon, not a figure (px).
ICON_MAX = 32


def _srcset_best(value: str) -> str | None:
    """The largest candidate of a srcset: by width (``640w``), else density (``2x``),
    else the last one listed."""
    best: tuple[float, int, str] | None = None
    for index, part in enumerate(re.split(r",\s+(?=\S)", value.strip())):
        bits = part.strip().split()
        if not bits:
            continue
        url, size = bits[0].rstrip(","), 1.0
        if len(bits) > 1:
            m = re.fullmatch(r"(\d+(?:\.\d+)?)([wx])", bits[1])
            if m:
                size = float(m.group(1)) * (1 if m.group(2) == "w" else 10000)
        key = (size, index, url)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


def _is_data_uri(url: str) -> bool:
    return url.strip().lower().startswith("data:")


def is_placeholder_url(url: str | None) -> bool:
    """A URL that is no picture: empty, a data: URI (inline placeholders; and the
    sanitiser strips data: URLs anyway), a spinner/spacer file, ``about:blank``."""
    if not url or not url.strip() or url.strip() in ("#", "about:blank"):
        return True
    return _is_data_uri(url) or (
        bool(_PLACEHOLDER_EXTENSION.search(url)) and bool(PLACEHOLDER_NAME.search(url))
    )


def _dimension(img: HtmlElement, name: str) -> int | None:
    m = re.match(r"\s*(\d+)", img.get(name, ""))
    return int(m.group(1)) if m else None


def is_placeholder(img: HtmlElement, url: str | None) -> bool:
    """True for an image that is not content: placeholder URL, tracking pixel, icon."""
    if is_placeholder_url(url):
        return True
    width, height = _dimension(img, "width"), _dimension(img, "height")
    if any(d is not None and d <= PIXEL_MAX for d in (width, height)):
        return True
    if width is not None and height is not None and width <= ICON_MAX and height <= ICON_MAX:
        return True
    return bool(ICON_PATH.search(url or "")) and url is not None and url.endswith(".svg")


def picture_of(img: HtmlElement) -> HtmlElement | None:
    """The ``<picture>`` around ``img`` (lxml may nest the img inside a ``<source>``)."""
    # Speed: parent by parent (most images stop at the first), no ancestor iterator.
    anc, depth = img.getparent(), 0
    while anc is not None:
        tag = anc.tag
        if tag == "picture":
            return anc
        if depth >= PICTURE_DEPTH or tag != "source":
            return None
        anc, depth = anc.getparent(), depth + 1
    return None


def _picture_candidates(img: HtmlElement) -> list[str]:
    picture = picture_of(img)
    if picture is None:
        return []
    urls = []
    for source in picture.iter("source"):
        for attr in SRCSET_ATTRS:
            best = _srcset_best(source.get(attr, ""))
            if best and not is_placeholder_url(best):
                urls.append((_source_size(source.get(attr, "")), best))
                break
    urls.sort(key=lambda pair: -pair[0])  # stable: first listed wins a tie
    return [u for _, u in urls]


def _source_size(srcset: str) -> float:
    sizes = [float(m.group(1)) for m in re.finditer(r"\s(\d+(?:\.\d+)?)w\b", srcset)]
    return max(sizes, default=0.0)


def image_url(img: HtmlElement, base_url: str | None) -> str | None:
    """The absolute URL of the picture ``img`` shows once scripts have run, or None
    when it only shows a placeholder."""
    candidates: list[str] = []
    for attr in SRCSET_ATTRS:
        value = img.get(attr)
        best = _srcset_best(value) if value else None  # speed: most images have none
        if best:
            candidates.append(best)
    candidates.extend(_picture_candidates(img))
    candidates.extend(img.get(attr, "") for attr in LAZY_SRC_ATTRS)
    candidates.append(img.get("src", ""))
    for url in candidates:
        url = url.strip()
        if url and not is_placeholder_url(url):
            return urljoin(base_url, url) if base_url else _scheme_relative(url)
    return None


def _scheme_relative(url: str) -> str:
    """Without a base URL only ``//host/path`` can be made absolute (as https)."""
    return "https:" + url if url.startswith("//") else url
