"""Fetching over HTTP with httpx: the pages of ``digest add URL…`` and, with
``--fetch-images``, the photos a capture came without.

Every fetch has a timeout, a size cap (the body is streamed and dropped past it),
follows at most :data:`MAX_REDIRECTS` redirects, sends :data:`USER_AGENT`, and accepts
only http(s) URLs. What it returns is plain data: the final URL, status, headers, bytes
and the time of the fetch.

A photo's URL is written by whoever wrote the page, not by the curator: ``--fetch-images``
refuses any host that is or resolves to an address that is not public (loopback, private
networks, link-local such as a cloud's metadata service), at every redirect, unless the
page itself came from that host (a page saved from a server on the curator's own
network may show its photos). The curator's own ``digest add URL`` fetches what it is
told to.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from . import __version__
from .errors import InputError


class RefusedFetch(InputError):
    """A fetch the rules forbid (an address that is not public)."""


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


def fetch(
    url: str,
    max_bytes: int = MAX_PAGE_BYTES,
    timeout: float = TIMEOUT_SECONDS,
    public_only: Collection[str] | None = None,
) -> Fetched:
    """GET ``url``; raises :class:`InputError` (one line) on any failure, a status other
    than 2xx, or a body over ``max_bytes``. With ``public_only`` (hosts excepted), every
    request, redirects included, must go to a public address."""
    import httpx  # speed: only a fetch pays for the import

    if not url.lower().startswith(("http://", "https://")):
        raise InputError("only http(s) URLs can be fetched", url)

    def check(request: httpx.Request) -> None:
        host = request.url.host
        if public_only is not None and host not in public_only and not is_public(host):
            raise RefusedFetch(f"refused: {host} is not a public address", str(request.url))

    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                timeout=timeout,
                headers={"User-Agent": USER_AGENT},
                event_hooks={"request": [check]},
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


def is_public(host: str) -> bool:
    """Whether every address ``host`` is or resolves to is a public one (a name that does
    not resolve is let through: its fetch fails on its own)."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), None)
    except (socket.gaierror, UnicodeError):
        return True
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global:
            return False
    return True


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB"


class ImageFetcher:
    """``--fetch-images`` for one article: each URL fetched once, within the caps, from
    public addresses only, or the page's own host (``page_url``)."""

    def __init__(self, page_url: str | None = None) -> None:
        self.total = 0
        host = urlsplit(page_url).hostname if page_url else None
        self.own_host = {host} if host else set()

    def __call__(self, url: str) -> bytes | None:
        """The image's bytes; None when it cannot be had (the photo stays a link).
        Raises :class:`RefusedFetch` for an address it must not fetch from."""
        if self.total >= MAX_ARTICLE_IMAGE_BYTES:
            return None
        cap = min(MAX_IMAGE_BYTES, MAX_ARTICLE_IMAGE_BYTES - self.total)
        try:
            data = fetch(url, max_bytes=cap, public_only=self.own_host)
        except RefusedFetch:
            raise
        except InputError:
            return None
        self.total += len(data.content)
        return data.content
