"""Web archives: WARC (``.warc``, ``.warc.gz``, as wget, Browsertrix or Webrecorder write
them) and WACZ (a ZIP of WARCs), read with ``warcio``. One archive holds several pages:

- pages: the ``response`` records of HTML (``text/html``, ``application/xhtml+xml``,
  status 200), in archive order; each is a member ``ARCHIVE::N`` (converter/members.py)
  that is converted like a page file, so several articles, and the pages of one
  multi-page article, can come from one archive;
- a page's URL is its ``WARC-Target-URI``, its save time the record's ``WARC-Date``,
  its charset the HTTP ``Content-Type``'s when the page declares none;
- resources: every other response record by target URI (images...); a ``revisit``
  record (the same payload as an earlier capture) gets that capture's bytes;
- limits: the archive within the page-size limit, :data:`MAX_RECORDS` records read,
  resources within capture/resources.py's limits.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime

from ..errors import InputError
from ..members import number_of
from ..model import Capture, Source
from .resources import MAX_RESOURCE_BYTES, ResourceBudget, charset_of, with_charset

MAX_RECORDS = 20_000
# Bytes of a WACZ's WARCs, all together, once unzipped (a ZIP bomb stops here).
MAX_UNZIPPED = 200 * 2**20
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def detect(data: bytes) -> bool:
    if data.startswith(b"WARC/"):
        return True
    if data[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:4096], 16)
        except zlib.error:
            return False
        return head.startswith(b"WARC/")
    if data.startswith(b"PK\x03\x04"):
        return _is_wacz(data)
    return False


@dataclass(frozen=True)
class Record:
    kind: str  # "response" or "revisit"
    url: str
    date: str | None
    status: int
    content_type: str
    payload: bytes
    digest: str | None
    refers_to: str | None


def page_count(data: bytes) -> int:
    """How many pages the archive holds (members ``ARCHIVE::1`` to ``ARCHIVE::N``)."""
    return len(_pages(_records(data)))


def read(source: Source) -> Capture:
    try:
        records = _records(source.data)
    except InputError as exc:
        raise InputError(exc.message, source.path) from exc
    payloads = _payloads(records)
    pages = _pages(records)
    number = number_of(source.path) or 1
    if not pages or number > len(pages):
        return Capture(html=b"", kind="warc")
    page = pages[number - 1]
    html = payloads.get(page.url, page.payload)
    budget = ResourceBudget()
    resources: dict[str, bytes] = {}
    page_urls = {p.url for p in pages}
    for record in records:
        data = payloads.get(record.url)
        if record.url in page_urls or data is None or record.url in resources:
            continue
        if budget.take(len(data)):
            resources[record.url] = data
    return Capture(
        html=with_charset(html, charset_of(page.content_type)),
        kind="warc",
        url=page.url,
        saved=_date(page.date),
        resources=resources,
    )


def _records(data: bytes) -> list[Record]:
    """The response and revisit records, as far as the archive can be read: a damaged
    one gives the records before the damage, and one with none is an input error."""
    from warcio.exceptions import ArchiveLoadFailed

    out: list[Record] = []
    try:
        _read_records(data, out)
    except (ArchiveLoadFailed, ValueError, AttributeError, EOFError, OSError, zlib.error) as exc:
        if not out:
            raise InputError(f"not a readable web archive ({type(exc).__name__})") from exc
    return out


def _read_records(data: bytes, out: list[Record]) -> None:
    from warcio.archiveiterator import ArchiveIterator

    for stream in _warc_streams(data):
        for record in ArchiveIterator(stream):
            if len(out) >= MAX_RECORDS:
                return
            if record.rec_type not in ("response", "revisit"):
                continue
            http = record.http_headers
            status = int(http.get_statuscode() or 0) if http else 0
            payload = b""
            if record.rec_type == "response":
                payload = record.content_stream().read(MAX_RESOURCE_BYTES + 1)
                if len(payload) > MAX_RESOURCE_BYTES:
                    continue
            headers = record.rec_headers
            out.append(
                Record(
                    kind=record.rec_type,
                    url=headers.get_header("WARC-Target-URI") or "",
                    date=headers.get_header("WARC-Date"),
                    status=status,
                    content_type=(http.get_header("Content-Type") or "") if http else "",
                    payload=payload,
                    digest=headers.get_header("WARC-Payload-Digest"),
                    refers_to=headers.get_header("WARC-Refers-To-Target-URI"),
                )
            )


def _payloads(records: list[Record]) -> dict[str, bytes]:
    """Target URI -> bytes; a revisit gets the bytes of the capture it refers to (by
    payload digest, else by target URI)."""
    by_digest = {r.digest: r.payload for r in records if r.kind == "response" and r.digest}
    by_url = {r.url: r.payload for r in records if r.kind == "response" and r.status == 200}
    out = dict(by_url)
    for r in records:
        if r.kind == "revisit" and r.url not in out:
            data = by_digest.get(r.digest or "") or by_url.get(r.refers_to or "")
            if data is not None:
                out[r.url] = data
    return out


def _pages(records: list[Record]) -> list[Record]:
    """The HTML page records, one per URL, in archive order (a revisit of a page
    counts as a page when the page itself is not in the archive)."""
    seen: set[str] = set()
    pages = []
    for r in records:
        mime = r.content_type.split(";")[0].strip().lower()
        if r.url in seen or mime not in _HTML_TYPES:
            continue
        if (r.kind == "response" and r.status == 200) or r.kind == "revisit":
            seen.add(r.url)
            pages.append(r)
    return pages


def _warc_streams(data: bytes) -> list[io.BytesIO]:
    if data.startswith(b"PK\x03\x04"):
        return [io.BytesIO(d) for d in _wacz_warcs(data)]
    return [io.BytesIO(data)]


def _is_wacz(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
    except zipfile.BadZipFile:
        return False
    return "datapackage.json" in names and any(_is_warc_name(n) for n in names)


def _is_warc_name(name: str) -> bool:
    return name.startswith("archive/") and name.endswith((".warc", ".warc.gz"))


def _wacz_warcs(data: bytes) -> list[bytes]:
    """The WARC files of a WACZ, within :data:`MAX_UNZIPPED` bytes in all."""
    out, total = [], 0
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            if not _is_warc_name(info.filename):
                continue
            total += info.file_size
            if total > MAX_UNZIPPED:
                break
            with z.open(info) as fh:
                blob = fh.read(MAX_UNZIPPED)
            out.append(blob)  # warcio reads .warc.gz record by record
    return out


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
