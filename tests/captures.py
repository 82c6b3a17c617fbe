"""Captures built in the tests themselves: pictures drawn with Pillow, and the same
article saved as a browser would ("complete" folder, MHTML, SingleFile, WARC).

Nothing here comes from a publisher: the pages and pictures are made up.
"""

from __future__ import annotations

import base64
import io
import quopri
from pathlib import Path

from PIL import Image, ImageDraw

TEXT = (
    "The morning train to the coast was late again, and the tea trolley never came. "
    "Commuters who have ridden this line for twenty years say nothing has changed. "
)


def picture(
    colour: str = "steelblue", size: tuple[int, int] = (320, 200), fmt: str = "JPEG"
) -> bytes:
    """A small drawn picture: a sky, a sun and a hill (no publisher's photo)."""
    im = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(im)
    w, h = size
    draw.ellipse((w * 0.65, h * 0.1, w * 0.85, h * 0.4), fill="gold")
    draw.polygon([(0, h), (w * 0.4, h * 0.5), (w, h)], fill="darkgreen")
    out = io.BytesIO()
    im.save(out, fmt)
    return out.getvalue()


def article_html(
    img_src: str,
    title: str = "Tea and trains",
    head: str = "",
    url: str | None = "https://news.example/columns/tea-and-trains",
    before: str = "",
    extra_figures: str = "",
    charset: str = "utf-8",
) -> str:
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    return f"""<!DOCTYPE html>{before}
<html lang="en"><head><meta charset="{charset}"><title>{title} | News Example</title>
<meta property="og:title" content="{title}">{canonical}{head}</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{title}</h1>
<figure><img src="{img_src}" alt="A train by the sea" width="320" height="200">
<figcaption>The 7:12 at the coast. Photo: Jo Bloggs</figcaption></figure>
<p>{TEXT * 3}</p>{extra_figures}<p>{TEXT * 2}</p></article>
<footer>© News Example</footer></body></html>"""


def complete_save(folder: Path, name: str, url: str | None = None, **kw: object) -> Path:
    """A Chrome "complete" save: NAME.html with the saved-from mark, NAME_files/ beside it."""
    files = folder / f"{name}_files"
    files.mkdir(parents=True)
    (files / "photo.jpg").write_bytes(picture())
    (files / "saved_resource.html").write_text("<html><body>ad frame</body></html>")
    (files / "app.js").write_text("console.log('x')")
    from urllib.parse import quote

    mark = f"\n<!-- saved from url=({len(url):04d}){url} -->" if url else ""
    html = article_html(f"./{quote(name)}_files/photo.jpg", before=mark, url=None, **kw)  # type: ignore[arg-type]
    page = folder / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    return page


def singlefile(url: str = "https://news.example/columns/tea-and-trains") -> str:
    """A SingleFile save: the header comment, a data: image, and a repeated image as
    an --sf-img-N CSS variable."""
    photo = base64.b64encode(picture()).decode()
    repeated = base64.b64encode(picture("tomato", fmt="PNG")).decode()
    blank = "data:image/svg+xml,<svg xmlns=&quot;http://www.w3.org/2000/svg&quot;></svg>"
    style = "background-image:var(--sf-img-0)!important;background-size:100% 100%!important"
    figure = (
        f'<figure><img src="{blank}" style="{style}" alt="A red sky">'
        "<figcaption>Dusk over the line. Photo: Jo Bloggs</figcaption></figure>"
    )
    html = article_html(
        f"data:image/jpeg;base64,{photo}",
        url=None,
        head=f'<style>:root{{--sf-img-0:url("data:image/png;base64,{repeated}")}}</style>',
        extra_figures=figure,
    )
    header = (
        "<!--\n Page saved with SingleFile \n url: " + url + " \n"
        " saved date: Sat Dec 05 2026 09:30:00 GMT+0900 (Japan Standard Time)\n-->"
    )
    return html.replace('<html lang="en">', '<html lang="en">' + header, 1)


def mhtml(
    html: bytes,
    url: str = "https://news.example/columns/tea-and-trains",
    parts: dict[str, bytes] | None = None,
    cids: dict[str, bytes] | None = None,
    charset: str | None = None,
) -> bytes:
    """An MHTML file as Chrome writes it: quoted-printable HTML, base64 resources."""
    boundary = "----MultipartBoundary--demo0123456789----"
    ctype = "text/html" + (f"; charset={charset}" if charset else "")
    out = [
        "From: <Saved by Blink>",
        f"Snapshot-Content-Location: {url}",
        "Subject: Tea and trains",
        "Date: Sat, 5 Dec 2026 09:30:00 +0900",
        "MIME-Version: 1.0",
        "Content-Type: multipart/related;",
        '\ttype="text/html";',
        f'\tboundary="{boundary}"',
        "",
        "",
        f"--{boundary}",
        f"Content-Type: {ctype}",
        "Content-ID: <frame-main@mhtml.blink>",
        "Content-Transfer-Encoding: quoted-printable",
        f"Content-Location: {url}",
        "",
    ]
    blob = "\r\n".join(out).encode() + b"\r\n" + quopri.encodestring(html) + b"\r\n"
    for i, (key, data) in enumerate({**(parts or {}), **(cids or {})}.items()):
        head = [f"--{boundary}", "Content-Type: image/jpeg", "Content-Transfer-Encoding: base64"]
        if cids and key in cids:
            head.append(f"Content-ID: <{key}>")
        else:
            head.append(f"Content-Location: {key}")
        body = base64.encodebytes(data).decode().replace("\n", "\r\n")
        blob += ("\r\n".join(head) + "\r\n\r\n" + body + "\r\n").encode()
        del i
    return blob + f"--{boundary}--\r\n".encode()


def warc(records: list[tuple[str, str, bytes]], revisits: dict[str, str] | None = None) -> bytes:
    """A gzipped WARC as a crawler writes it: a response record per (URL, content type,
    body), then a revisit record per {URL: URL of the earlier capture of the same bytes}."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    date = {"WARC-Date": "2026-12-05T00:30:00Z"}
    digests = {}
    for url, ctype, body in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=date
        )
        digests[url] = record.rec_headers.get_header("WARC-Payload-Digest")
        writer.write_record(record)
    for url, earlier in (revisits or {}).items():
        http = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
        record = writer.create_revisit_record(
            url, digests[earlier], earlier, "2026-12-05T00:30:00Z", http_headers=http
        )
        writer.write_record(record)
    return out.getvalue()


def wacz(warc_gz: bytes) -> bytes:
    """A WACZ: a ZIP holding the WARC under archive/ and a datapackage.json."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("archive/data.warc.gz", warc_gz)
        z.writestr("datapackage.json", '{"profile": "data-package", "resources": []}')
    return out.getvalue()
