"""``digest add URL…`` and ``--fetch-images``, against a local HTTP server (never the
network): redirects, the charset of the headers, the sidecar, the size caps, timeouts."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from converter.errors import InputError
from converter.fetch import USER_AGENT, fetch, is_public
from tests.captures import TEXT, picture
from tests.test_cli import digest

TITLE = "紅茶と鉄道の朝"
PAGE = f"""<html lang="ja"><head><title>{TITLE} | ニュース</title>
<meta property="og:title" content="{TITLE}"></head><body><nav>ホーム</nav>
<article><h1>{TITLE}</h1>
<figure><img src="/img/photo.jpg" alt="海辺の列車">
<figcaption>朝の列車。撮影：山田</figcaption></figure>
<p>海辺へ向かう朝の列車は今日も遅れた。{TEXT}</p><p>{TEXT}</p></article></body></html>"""
AGENTS: list[str] = []
PATHS: list[str] = []


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        AGENTS.append(self.headers.get("User-Agent", ""))
        PATHS.append(self.path)
        routes = {
            "/columns/tea": ("text/html; charset=Shift_JIS", PAGE.encode("cp932")),
            "/img/photo.jpg": ("image/jpeg", picture("navy")),
            "/big": ("text/html", b"x" * 50_000),
        }
        if self.path == "/img/elsewhere.jpg":  # on to another name of this machine
            port = self.server.server_address[1]
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{port}/img/photo.jpg")
            self.end_headers()
            return
        if self.path == "/article":
            self.send_response(302)
            self.send_header("Location", "/columns/tea")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(2)
        if self.path not in routes:
            self.send_error(404)
            return
        ctype, body = routes[self.path]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _page(out: Path) -> tuple[dict, str]:
    [page] = out.glob("*.md")
    _, head, body = page.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head), body


def test_add_fetches_into_sources_with_a_sidecar_then_converts(server: str, tmp_path: Path) -> None:
    sources, out = tmp_path / "sources", tmp_path / "out"
    result = digest("add", f"{server}/article", "--sources", str(sources), "-o", str(out))
    assert result.returncode == 0, result.stderr
    [saved] = sources.rglob("*.html")
    assert saved.read_bytes() == PAGE.encode("cp932")  # the raw bytes, as served
    side = json.loads(saved.with_name(saved.name + ".fetch.json").read_text("utf-8"))
    assert side["url"] == f"{server}/columns/tea"  # after the redirect
    assert side["status"] == 200
    assert side["headers"]["content-type"] == "text/html; charset=Shift_JIS"
    meta, body = _page(out)
    assert meta["title"] == TITLE
    assert meta["url"] == f"{server}/columns/tea"
    assert meta["saved"] == side["fetched"]
    assert meta["capture"] == "fetched"
    assert "海辺へ向かう朝の列車は今日も遅れた。" in body  # decoded by the header's charset
    assert f"]({server}/img/photo.jpg)" in body  # no bytes: the photo stays a link
    assert USER_AGENT in AGENTS


def test_fetch_images_keeps_the_photo_in_the_site(server: str, tmp_path: Path) -> None:
    sources, out = tmp_path / "sources", tmp_path / "out"
    args = ["--sources", str(sources), "-o", str(out), "--fetch-images"]
    result = digest("add", f"{server}/columns/tea", *args)
    assert result.returncode == 0, result.stderr
    meta, body = _page(out)
    [photo] = (out / "images").iterdir()
    assert photo.read_bytes() == picture("navy")
    assert meta["image"]["src"] == f"images/{photo.name}"
    assert meta["image"]["width"] == 320
    assert "127.0.0.1" not in body.replace(meta["url"], "")


def test_add_reports_a_failed_fetch_in_one_line(server: str, tmp_path: Path) -> None:
    result = digest("add", f"{server}/missing", "--sources", str(tmp_path / "s"))
    assert result.returncode == 1
    assert f"error: {server}/missing: HTTP 404" in result.stderr
    assert "Traceback" not in result.stderr


def test_fetch_caps_size_and_time(server: str) -> None:
    with pytest.raises(InputError, match="over the"):
        fetch(f"{server}/big", max_bytes=10_000)
    with pytest.raises(InputError, match="cannot fetch"):
        fetch(f"{server}/slow", timeout=0.5)
    with pytest.raises(InputError, match="only http"):
        fetch("file:///etc/passwd")


@pytest.mark.parametrize(
    ("host", "public"),
    [("127.0.0.1", False), ("10.1.2.3", False), ("192.168.0.1", False),
     ("169.254.169.254", False), ("::1", False), ("localhost", False), ("8.8.8.8", True)],
)  # fmt: skip
def test_public_addresses(host: str, public: bool) -> None:
    assert is_public(host) is public


def test_fetch_images_refuses_private_addresses_a_page_names(server: str, tmp_path: Path) -> None:
    """A page saved from a public site cannot make the converter fetch from the
    curator's own network; its photo stays a link, with a warning."""
    page = PAGE.replace('src="/img/photo.jpg"', f'src="{server}/img/photo.jpg"').replace(
        "<head>", '<head><link rel="canonical" href="https://news.example/columns/tea">'
    )
    sources, out = tmp_path / "sources", tmp_path / "out"
    sources.mkdir()
    (sources / "tea.html").write_text(page, encoding="utf-8")
    PATHS.clear()
    result = digest("convert", str(sources), "-o", str(out), "--fetch-images")
    assert result.returncode == 0, result.stderr
    assert PATHS == []  # not one request reached the private address
    assert "not fetched: refused: 127.0.0.1 is not a public address" in result.stderr
    assert not (out / "images").exists()
    assert f"]({server}/img/photo.jpg)" in _page(out)[1]


def test_fetch_images_checks_every_redirect(server: str, tmp_path: Path) -> None:
    """The page's own host may serve its photos, but not send the fetch on to another
    private host."""
    page = PAGE.replace('src="/img/photo.jpg"', 'src="/img/elsewhere.jpg"')
    sources, out = tmp_path / "sources", tmp_path / "out"
    sources.mkdir()
    page = page.replace("<head>", f'<head><link rel="canonical" href="{server}/columns/tea">')
    (sources / "tea.html").write_text(page, encoding="utf-8")
    PATHS.clear()
    result = digest("convert", str(sources), "-o", str(out), "--fetch-images")
    assert result.returncode == 0, result.stderr
    assert PATHS == ["/img/elsewhere.jpg"]  # the redirect's target was never requested
    assert "not fetched: refused: localhost is not a public address" in result.stderr
    assert not (out / "images").exists()
