"""Fetching over HTTP with httpx: the pages of ``digest add URL…`` and, with
``--fetch-images``, the photos a capture came without.

Every fetch has a timeout, a size cap (the body is streamed and dropped past it),
follows at most :data:`MAX_REDIRECTS` redirects, sends :data:`USER_AGENT`, and accepts
only http(s) URLs. What it returns is plain data: the final URL, status, headers, bytes
and the time of the fetch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from . import __version__
from .errors import InputError

USER_AGENT = f"column-digest/{__version__} (+https://github.com/; saves pages for a reader)"
TIMEOUT_SECONDS = 20.0
MAX_REDIRECTS = 5
MAX_PAGE_BYTES = 20 * 2**20
# --fetch-images: one image, and all the images of one article.
MAX_IMAGE_BYTES = 10 * 2**20
MAX_ARTICLE_IMAGE_BYTES = 40 * 2**20


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    headers: dict[str, str]
    content: bytes
    fetched: datetime


def fetch(url: str, max_bytes: int = MAX_PAGE_BYTES, timeout: float = TIMEOUT_SECONDS) -> Fetched:
    """GET ``url``; raises :class:`InputError` (one line) on any failure, a status other
    than 2xx, or a body over ``max_bytes``."""
    import httpx  # speed: only a fetch pays for the import

    if not url.lower().startswith(("http://", "https://")):
        raise InputError("only http(s) URLs can be fetched", url)
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                timeout=timeout,
                headers={"User-Agent": USER_AGENT},
            ) as client,
            client.stream("GET", url) as response,
        ):
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise InputError(f"response is over the {_size(max_bytes)} limit", url)
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise InputError(f"response is over the {_size(max_bytes)} limit", url)
                chunks.append(chunk)
            if not 200 <= response.status_code < 300:
                raise InputError(f"HTTP {response.status_code}", url)
            return Fetched(
                url=str(response.url),
                status=response.status_code,
                headers={k.lower(): v for k, v in response.headers.items()},
                content=b"".join(chunks),
                fetched=datetime.now(UTC).replace(microsecond=0),
            )
    except httpx.HTTPError as exc:
        raise InputError(f"cannot fetch ({type(exc).__name__}: {exc})", url) from exc


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB"


class ImageFetcher:
    """``--fetch-images`` for one article: each URL fetched once, within the caps."""

    def __init__(self) -> None:
        self.total = 0

    def __call__(self, url: str) -> bytes | None:
        if self.total >= MAX_ARTICLE_IMAGE_BYTES:
            return None
        try:
            data = fetch(url, max_bytes=min(MAX_IMAGE_BYTES, MAX_ARTICLE_IMAGE_BYTES - self.total))
        except InputError:
            return None
        self.total += len(data.content)
        return data.content
