# ruff: noqa: E501  (the PHOTOS table: one article a line)
"""How the bundled samples in sources/ became real captures with photos (run once).

The sample pages were "HTML only" saves whose photos pointed at the (fictional)
publishers' hosts. This script turned them into the forms a curator's browser writes,
each with its photo's bytes, so that the demo site shows every photo from itself:

- "complete" saves (Chrome: ``<!-- saved from url=… -->``, ``NAME_files/``) for most;
- ``2025-05-sardine-season.html``: a SingleFile page (the photo as a ``data:`` URI);
- ``2025-05-bank-branches.mhtml``: an MHTML file (Chrome's "single file" save);
- ``2025-03-wages.warc.gz``: a WARC (the page and its photo as response records).

The photos are simple pictures drawn here with Pillow (sky, sun, hills, a few blocks in
each article's own colours): no publisher's photo is used. Run from the project root:
``python tools/make_demo_captures.py`` (it refuses to run twice on the same page).
"""

from __future__ import annotations

import base64
import io
import quopri
import re
import sys
from pathlib import Path

from PIL import Image, ImageDraw

SOURCES = Path("sources")
# page -> (the photo's URL on the publisher's host, sky colour, ground colour, form)
PHOTOS = {
    "newseye/london/2025-03-trains.html": ("london/2025/03/waterloo-board.jpg", "#8fa9c4", "#5a5a66", "complete"),
    "newseye/london/2025-04-fish.html": ("london/2025/04/newlyn-harbour.jpg", "#9cc3d9", "#2f5f7a", "complete"),
    "newseye/london/2025-04-energy.html": ("london/2025/04/chimneys.jpg", "#b7b7c9", "#7a4f3a", "complete"),
    "newseye/london/2025-05-matcha.html": ("london/2025/05/shoreditch-cafe.jpg", "#e9d8b8", "#6b8e4e", "complete"),
    "newseye/economy/2025-04-rice.html": ("economy/2025/04/rice-shelf.jpg", "#f1ead2", "#c9a86a", "complete"),
    "newseye/economy/2025-05-quantum.html": ("economy/2025/05/dilution-refrigerator.jpg", "#1e2a44", "#b08d57", "complete"),
    "newseye/economy/2025-03-wages.html": ("economy/2025/03/machine-shop.jpg", "#c8cdd2", "#4d5966", "warc"),
    "meridian/jane-holloway/2025-03-lisbon-rent-squeeze.html": ("2025/03/graca-rooftops.jpg", "#f2a65a", "#b5523b", "complete"),
    "meridian/jane-holloway/2025-04-tram-28.html": ("2025/04/yellow-tram.jpg", "#87b6e0", "#e8c547", "complete"),
    "meridian/jane-holloway/2025-05-sardine-season.html": ("2025/05/sardine-grill.jpg", "#fbe3c0", "#3b3b3b", "singlefile"),
    "meridian/marcus-webb/2025-04-four-day-week.html": ("2025/04/empty-office-friday.jpg", "#dfe6ea", "#8a8f94", "complete"),
    "meridian/marcus-webb/2025-05-bank-branches.html": ("2025/05/banking-hub.jpg", "#a9c8b8", "#42634f", "mhtml"),
}  # fmt: skip
HOSTS = {
    "newseye": "https://www.newseye.example/images/column/",
    "meridian": "https://www.meridianreview.example/media/",
}
SAVED = "Sat Jun 07 2025 10:15:00 GMT+0900 (Japan Standard Time)"


def photo(sky: str, ground: str, seed: int) -> bytes:
    """An 800×533 drawn picture: a sky, a sun, a horizon, blocks like buildings."""
    im = Image.new("RGB", (800, 533), sky)
    d = ImageDraw.Draw(im)
    d.ellipse((560 + seed % 5 * 20, 60, 660 + seed % 5 * 20, 160), fill="#fff3b0")
    for i in range(6):
        x = 40 + i * 125 + seed * 7 % 40
        h = 120 + (seed * 37 + i * 53) % 160
        d.rectangle((x, 420 - h, x + 90, 420), fill=ground, outline="#222222")
        for wy in range(420 - h + 15, 400, 35):
            d.rectangle((x + 15, wy, x + 35, wy + 18), fill="#f6f1d1")
    d.rectangle((0, 420, 800, 533), fill="#3d3d3d")
    d.line((0, 470, 800, 470), fill="#e0e0e0", width=4)
    out = io.BytesIO()
    im.save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue()


def _img_tag(html: bytes, url: bytes) -> re.Match[bytes]:
    m = re.search(rb"<img\b[^>]*" + re.escape(url) + rb"[^>]*>", html)
    if not m:
        sys.exit(f"no <img> showing {url!r}")
    return m


def _set_src(tag: bytes, src: bytes) -> bytes:
    return re.sub(rb'\ssrc="[^"]*"', b' src="' + src + b'"', tag, count=1)


def complete(page: Path, html: bytes, url: str, canonical: str, data: bytes) -> None:
    name = url.rsplit("/", 1)[1]
    folder = page.with_name(page.stem + "_files")
    folder.mkdir()
    (folder / name).write_bytes(data)
    m = _img_tag(html, url.encode())
    tag = _set_src(m.group(0), f"./{folder.name}/{name}".encode())
    html = html[: m.start()] + tag + html[m.end() :]
    mark = f"\n<!-- saved from url=({len(canonical):04d}){canonical} -->".encode()
    end = html.index(b">") + 1  # after <!doctype html>
    page.write_bytes(html[:end] + mark + html[end:])


def singlefile(page: Path, html: bytes, url: str, canonical: str, data: bytes) -> None:
    m = _img_tag(html, url.encode())
    uri = b"data:image/jpeg;base64," + base64.b64encode(data)
    tag = re.sub(rb'\ssrcset="[^"]*"', b"", _set_src(m.group(0), uri))
    html = html[: m.start()] + tag + html[m.end() :]
    header = f"<!--\n Page saved with SingleFile \n url: {canonical} \n saved date: {SAVED}\n-->"
    end = re.search(rb"<html\b[^>]*>", html)
    assert end is not None
    page.write_bytes(html[: end.end()] + header.encode() + html[end.end() :])


def mhtml(page: Path, html: bytes, url: str, canonical: str, data: bytes) -> None:
    boundary = "----MultipartBoundary--c0lumnD1gestDem0----"
    head = "\r\n".join([
        "From: <Saved by Blink>",
        f"Snapshot-Content-Location: {canonical}",
        "Subject: =?utf-8?Q?When_the_last_bank_leaves_town?=",
        "Date: Sat, 7 Jun 2025 10:15:00 +0900",
        "MIME-Version: 1.0",
        "Content-Type: multipart/related;",
        '\ttype="text/html";',
        f'\tboundary="{boundary}"',
        "", "",
        f"--{boundary}",
        "Content-Type: text/html",
        "Content-ID: <frame-0@mhtml.blink>",
        "Content-Transfer-Encoding: quoted-printable",
        f"Content-Location: {canonical}",
        "", "",
    ])  # fmt: skip
    image = "\r\n".join([
        f"--{boundary}",
        "Content-Type: image/jpeg",
        "Content-Transfer-Encoding: base64",
        f"Content-Location: {url}",
        "", "",
    ])  # fmt: skip
    body = base64.encodebytes(data).replace(b"\n", b"\r\n")
    blob = head.encode() + quopri.encodestring(html).replace(b"\n", b"\r\n") + b"\r\n"
    blob += image.encode() + body + f"\r\n--{boundary}--\r\n".encode()
    page.with_suffix(".mhtml").write_bytes(blob)
    page.unlink()


def warc(page: Path, html: bytes, url: str, canonical: str, data: bytes) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    date = {"WARC-Date": "2025-06-07T01:15:00Z"}
    for target, ctype, body in (
        (canonical, "text/html; charset=utf-8", html),
        (url, "image/jpeg", data),
    ):
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            target, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=date
        ))  # fmt: skip
    page.with_name(page.stem + ".warc.gz").write_bytes(out.getvalue())
    page.unlink()


FORMS = {"complete": complete, "singlefile": singlefile, "mhtml": mhtml, "warc": warc}


def main() -> None:
    for seed, (rel, (tail, sky, ground, form)) in enumerate(PHOTOS.items()):
        page = SOURCES / rel
        html = page.read_bytes()
        if b"saved from url=" in html or b"Page saved with SingleFile" in html:
            sys.exit(f"{page}: already a capture")
        url = HOSTS[rel.split("/")[0]] + tail
        canonical = re.search(rb'<link rel="canonical" href="([^"]+)"', html)
        assert canonical is not None
        FORMS[form](page, html, url, canonical.group(1).decode(), photo(sky, ground, seed))
        print(f"{page}: {form}")


if __name__ == "__main__":
    main()
