"""Site at scale: N synthetic Japanese column pages through the real ``digest build``.

Generates N source pages (``--articles``, e.g. 1000 or 10000) of ~3,000 characters of
varied Japanese text each (built from the word lists below: 20 columnists, 10 columns,
50 tags, 24 months), with the chrome of a real news site around them (header, menus,
ticker, ads, share buttons, related links, profile box, ranking sidebar, footer), into a
temporary copy of the project (mkdocs.yml, overrides/, docs/ without articles). Then:

1. ``digest build`` (the real CLI, a subprocess): conversion, listings, MkDocs, Pagefind
   times, ms per article, site size, search-index size;
2. the bytes a browser fetches from ``/pagefind/`` to answer one query on the site's own
   search page (Chromium through Playwright, as tests/test_browser.py does; when no
   Chromium is installed, an estimate from the bundle's files instead);
3. ``digest build`` again with nothing changed, and ``digest convert`` of the unchanged
   sources: their cost as % of the full build and of the full conversion;
4. one article added, ``digest build`` again: the incremental time (% of the full build);
5. ``digest serve`` started on the built project, then three articles edited one after
   the other: seconds from saving the source to the edited page being served.

    .venv/bin/python bench/site_scale.py [--articles 1000] [--jobs N] [--keep] [--images]

``--images``: each page is a "complete" save (``NAME_files/``) with a photo drawn with
Pillow (640×400 JPEG, one in ten shared with another article), so the site keeps every
photo: the report adds the images' bytes per article.

Writes bench/results/site_scale-<N>.json.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote
from urllib.request import urlopen

from site_words import column_page

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DIGEST = Path(sys.executable).with_name("digest")
CHROMIUM = Path("/usr/bin/chromium")
# A word most articles contain (many results), the worst case for fragments fetched.
QUERY = "経済"
TIMEOUT_MS = 60_000
# Articles edited under `digest serve`, one after the other.
SERVE_EDITS = 3
# Seconds to wait for `digest serve` to come up (its first build) or to show an edit.
SERVE_WAIT_S = 1200


def make_project(root: Path, count: int, images: bool = False) -> Path:
    """The project copy with ``count`` source pages; returns its sources folder."""
    for name in ("mkdocs.yml", "overrides"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, root / name)
        else:
            shutil.copy2(src, root / name)
    # The hand-written docs only: what a local `digest build` generated there stays out.
    generated = ("articles", "columns", "authors", "archive", "tags", "digests", "index.md",
                 "feed.xml", ".digest-site.yml")  # fmt: skip
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns(*generated))
    if (ROOT / "profiles").is_dir():
        shutil.copytree(ROOT / "profiles", root / "profiles")
    sources = root / "sources"
    for i in range(count):
        add_article(sources, i, images)
    return sources


def add_article(sources: Path, i: int, images: bool = False) -> Path:
    rel, html = column_page(i)
    path = sources / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if images:
        html = _with_photo(path, html, i)
    path.write_text(html, encoding="utf-8")
    return path


def _with_photo(path: Path, html: str, i: int) -> str:
    """The page as a "complete" save: its photo's bytes in ``NAME_files/`` and its
    ``src`` pointing there (articles 10k and 10k+1 share one photo: dedup in the site)."""
    import io

    from PIL import Image, ImageDraw

    seed = i - 1 if i % 10 == 1 else i
    im = Image.new("RGB", (640, 400), (seed * 37 % 256, seed * 91 % 256, seed * 53 % 256))
    draw = ImageDraw.Draw(im)
    draw.ellipse((420, 40, 540, 160), fill="white")
    draw.polygon([(0, 400), (260 + seed % 120, 180), (640, 400)], fill="darkgreen")
    out = io.BytesIO()
    im.save(out, "JPEG", quality=80)
    folder = path.with_name(path.stem + "_files")
    folder.mkdir(exist_ok=True)
    m = re.search(r'src="(https://[^"]+/images/[^"]+\.jpg)"', html)
    if m is None:
        return html
    name = m.group(1).rsplit("/", 1)[1]  # a browser saves the file under the URL's name
    (folder / name).write_bytes(out.getvalue())
    return html[: m.start()] + f'src="./{folder.name}/{name}"' + html[m.end() :]


def run(cmd: list[str], cwd: Path) -> tuple[float, str, int]:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, done.stderr, done.returncode


def build(root: Path, jobs: int | None) -> dict[str, Any]:
    cmd = [str(DIGEST), "build", "--sources", "sources", "--config", "mkdocs.yml", "-q"]
    cmd += ["-j", str(jobs)] if jobs else []
    seconds, err, code = run(cmd, root)
    if code != 0:
        print(err[-3000:], file=sys.stderr)
    # The site summary ends with "(listings 0.1s, mkdocs 12.3s, search 2.0s)".
    timing = re.findall(r"(\w+) ([\d.]+)s\b", err.rsplit("(", 1)[-1]) if "(" in err else []
    parts = {k: float(v) for k, v in timing}
    site = sum(parts.values())
    counts = re.search(r"(\d+) written, (\d+) unchanged.*?(\d+) failed", err)
    return {
        "exit_code": code,
        "total_s": seconds,
        "convert_s": seconds - site,
        "parts_s": parts,
        "written": int(counts.group(1)) if counts else None,
        "unchanged": int(counts.group(2)) if counts else None,
        "failed": int(counts.group(3)) if counts else None,
    }


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def query_bytes(site: Path, query: str) -> dict[str, Any]:
    """Bytes fetched from /pagefind/ to show the results of ``query`` on the search page."""
    if not CHROMIUM.exists():
        return {"method": "estimate", **_estimate(site)}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"method": "estimate", **_estimate(site)}
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sizes: dict[str, int] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            page.route(
                re.compile(r"^https?://(?!127\.0\.0\.1)"),
                lambda route: route.abort(),
            )

            def on_response(response: Any) -> None:
                try:
                    sizes[response.url] = len(response.body())
                except Exception:  # redirects and aborted loads have no body
                    sizes[response.url] = 0

            page.on("response", on_response)
            base = f"http://127.0.0.1:{server.server_address[1]}/"
            page.goto(base + "search/?q=" + quote(query))
            done = f"#digest-search[data-state=done][data-query='{query}']"
            page.locator(done).wait_for(state="attached", timeout=TIMEOUT_MS)
            results = page.locator(".digest-result").count()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    search = {u: n for u, n in sizes.items() if "/pagefind/" in u}
    return {
        "method": "chromium",
        "query": query,
        "results_shown": results,
        "pagefind_bytes": sum(search.values()),
        "pagefind_files": len(search),
        "page_bytes": sum(sizes.values()),  # everything, the page and theme included
        "by_kind": _by_kind(search),
        "largest": sorted(((n, u.split("/", 3)[-1]) for u, n in sizes.items()), reverse=True)[:8],
    }


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _by_kind(files: dict[str, int]) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for url, n in files.items():
        name = url.rsplit("/", 1)[-1].split("?")[0]
        kind = "fragment" if "/fragment/" in url else "index" if "/index/" in url else name
        kind = re.sub(r"[._-][0-9a-f]{6,}", "", kind)
        kinds[kind] = kinds.get(kind, 0) + n
    return kinds


def _estimate(site: Path) -> dict[str, Any]:
    """Without a browser: entry files + wasm + meta + one average index chunk + five
    average fragments (what Pagefind's API loads for one single-word query)."""
    bundle = site / "pagefind"

    def avg(folder: str) -> float:
        sizes = [p.stat().st_size for p in (bundle / folder).glob("*")]
        return sum(sizes) / len(sizes) if sizes else 0.0

    fixed = sum(
        p.stat().st_size
        for pattern in ("pagefind.js", "pagefind-entry.json", "wasm.*", "*.pf_meta")
        for p in bundle.glob(pattern)
    )
    total = fixed + avg("index") + 5 * avg("fragment")
    return {"query": None, "pagefind_bytes": int(total)}


def serve_edits(root: Path, jobs: int | None) -> dict[str, Any]:
    """Start ``digest serve`` on the built project, edit :data:`SERVE_EDITS` articles one
    after the other, and time each from saving the source to the page showing the edit."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cmd = [str(DIGEST), "serve", "-a", f"127.0.0.1:{port}", "-q"]
    cmd += ["-j", str(jobs)] if jobs else []
    log = root / "serve.log"
    start = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=root, stdout=out, stderr=subprocess.STDOUT)
    try:
        _until(lambda: "serving on" in log.read_text(), proc, log)
        startup = time.perf_counter() - start
        base = log.read_text().split("serving on ", 1)[1].split()[0]
        manifest = json.loads((root / "docs/articles/.digest-manifest.json").read_text("utf-8"))
        outputs = sorted(manifest["articles"].items())
        times = []
        for k in range(SERVE_EDITS):
            key, entry = outputs[(k + 1) * len(outputs) // (SERVE_EDITS + 1)]
            source = (root / "docs/articles" / key).resolve()
            marker = f"編集確認{k}号{time.time_ns()}"  # new on every run, --keep or not
            html = source.read_text(encoding="utf-8")
            html = html.replace("＞</strong></p>\n", f"＞</strong></p>\n<p>{marker}。</p>\n", 1)
            url = base + "articles/" + entry["output"].removesuffix(".md") + "/"
            edited = time.perf_counter()
            source.write_text(html, encoding="utf-8")
            _until(lambda url=url, marker=marker: marker in _fetch(url), proc, log)
            times.append(time.perf_counter() - edited)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
    builds = [line for line in log.read_text().splitlines() if line.startswith("site:")]
    return {
        "startup_s": startup,
        "edit_s": times,
        "edit_median_s": sorted(times)[len(times) // 2],
        "builds": builds,
    }


def _until(predicate: Any, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVE_WAIT_S
    while not predicate():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"digest serve: {log.read_text()[-3000:]}")
        time.sleep(0.05)


def _fetch(url: str) -> str:
    try:
        with urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("-j", "--jobs", type=int, default=None, help="digest -j (default all)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project")
    parser.add_argument("--images", action="store_true", help="complete saves with photos")
    args = parser.parse_args(argv)
    n = args.articles
    tmp = Path(tempfile.mkdtemp(prefix=f"digest-scale-{n}-"))
    try:
        start = time.perf_counter()
        sources = make_project(tmp, n, args.images)
        generated = time.perf_counter() - start
        src_bytes, _ = folder_size(sources)
        print(
            f"{n} source pages generated in {generated:.1f} s ({src_bytes / n / 1024:.0f} KB each)"
        )

        full = build(tmp, args.jobs)
        site_bytes, site_files = folder_size(tmp / "site")
        index_bytes, index_files = folder_size(tmp / "site" / "pagefind")
        image_bytes, image_files = folder_size(tmp / "site" / "articles" / "images")
        docs_bytes, _ = folder_size(tmp / "docs")
        query = query_bytes(tmp / "site", QUERY)

        rerun = build(tmp, args.jobs)
        again, _, _ = run([str(DIGEST), "convert", "sources", "-o", "docs/articles", "-q"], tmp)
        add_article(sources, n, args.images)
        incremental = build(tmp, args.jobs)
        serve = serve_edits(tmp, args.jobs)

        result = {
            "articles": n,
            "cores": os.cpu_count(),
            "full_build": full,
            "ms_per_article": 1000 * full["total_s"] / n,
            "convert_ms_per_article": 1000 * full["convert_s"] / n,
            "site_bytes": site_bytes,
            "site_files": site_files,
            "site_kb_per_article": site_bytes / 1024 / n,
            "docs_bytes": docs_bytes,
            "image_bytes": image_bytes,
            "image_files": image_files,
            "search_index_bytes": index_bytes,
            "search_index_files": index_files,
            "query": query,
            "reconvert_unchanged_s": again,
            "reconvert_share": again / full["convert_s"] if full["convert_s"] else None,
            "rerun_build": rerun,
            "rerun_share": rerun["total_s"] / full["total_s"],
            "incremental_build": incremental,
            "incremental_share": incremental["total_s"] / full["total_s"],
            "serve": serve,
        }
        report(result)
        RESULTS.mkdir(parents=True, exist_ok=True)
        out = RESULTS / f"site_scale-{n}{'-images' if args.images else ''}.json"
        out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", "utf-8")
        print(f"\nwritten to {out.relative_to(ROOT)}")
        return 0 if full["exit_code"] == 0 else 1
    finally:
        if args.keep:
            print(f"project kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def report(r: dict[str, Any]) -> None:
    full, inc, q = r["full_build"], r["incremental_build"], r["query"]
    parts = full["parts_s"]
    rows = [
        ("articles", f"{r['articles']}"),
        ("digest build, total", f"{full['total_s']:.1f} s (exit {full['exit_code']}, "
         f"{full['written']} written, {full['failed']} failed)"),
        ("  conversion", f"{full['convert_s']:.1f} s "
         f"({r['convert_ms_per_article']:.1f} ms/article)"),
        ("  listings", f"{parts.get('listings', 0):.1f} s"),
        ("  site build (mkdocs)", f"{parts.get('mkdocs', 0):.1f} s"),
        ("  search index (pagefind)", f"{parts.get('search', 0):.1f} s"),
        ("ms per article (total)", f"{r['ms_per_article']:.1f}"),
        ("site size", f"{r['site_bytes'] / 2**20:.1f} MB in {r['site_files']} files "
         f"({r['site_kb_per_article']:.1f} KB/article)"),
        ("images kept", f"{r['image_bytes'] / 2**20:.1f} MB in {r['image_files']} files "
         f"({r['image_bytes'] / 1024 / r['articles']:.1f} KB/article)"),
        ("search index size", f"{r['search_index_bytes'] / 2**20:.1f} MB in "
         f"{r['search_index_files']} files"),
        ("one query fetches", f"{q['pagefind_bytes'] / 1024:.0f} KB from /pagefind/ "
         f"({q['method']}" + (f", '{q['query']}', {q['results_shown']} results shown; "
         f"whole page {q['page_bytes'] / 1024:.0f} KB)" if q["method"] == "chromium" else ")")),
        ("re-convert unchanged", f"{r['reconvert_unchanged_s']:.2f} s = "
         f"{100 * (r['reconvert_share'] or 0):.1f} % of the full conversion"),
        ("digest build, unchanged", f"{r['rerun_build']['total_s']:.1f} s = "
         f"{100 * r['rerun_share']:.1f} % of the full build"),
        ("add one article + build", f"{inc['total_s']:.1f} s = "
         f"{100 * r['incremental_share']:.1f} % of the full build "
         f"(conversion {inc['convert_s']:.1f} s, "
         + ", ".join(f"{k} {v:.1f} s" for k, v in inc["parts_s"].items()) + ")"),
        ("digest serve: first build", f"{r['serve']['startup_s']:.1f} s"),
        ("digest serve: edit → page", ", ".join(f"{x:.1f}" for x in r["serve"]["edit_s"])
         + f" s (median {r['serve']['edit_median_s']:.1f} s)"),
    ]  # fmt: skip
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    if q.get("by_kind"):
        print("  query bytes by file kind: " + ", ".join(
            f"{k} {v / 1024:.0f} KB" for k, v in sorted(q["by_kind"].items(), key=lambda kv: -kv[1])
        ))  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
