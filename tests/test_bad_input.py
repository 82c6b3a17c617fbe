"""Bad input gets a clear one-line error, exit code 1, and the batch goes on (issue 6.6).

Everything runs through the real ``digest`` command on real files; the assertions are
on stderr lines and exit codes. No traceback may reach the user without ``--debug``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from converter import frontmatter
from converter.batch import convert
from converter.settings import Settings

DIGEST = str(Path(sys.executable).parent / "digest")
PROSE = (
    "<p>The council met on Tuesday evening to discuss the new tram timetable, and residents "
    "from three districts filled the hall to say what they thought of it.</p>"
)
HEAD = "<html><head><title>Good</title></head><body>"
GOOD = f"{HEAD}<article><h1>A good page</h1>{PROSE}</article></body></html>"

# name -> (bytes, words the one-line error must contain)
BAD_PAGES: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "empty.html": (b"", ("empty",)),
    "blank.html": (b"  \n\t \n", ("empty",)),
    "image.html": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00", ("PNG",)),
    "deep.html": (
        ("<html><body><article>" + "<div>" * 10_000 + PROSE + "</div>" * 10_000).encode(),
        ("nested",),
    ),
    "login.html": (
        b"<html><head><title>Log in</title></head><body><h1>Log in</h1><form><input name=u>"
        b"<input type=password name=p><button>Sign in</button></form>"
        b"<p>Members only. Please log in to read this article.</p></body></html>",
        ("login",),
    ),
    "notfound.html": (
        b"<html><head><title>404 Not Found</title></head><body><h1>Page not found</h1>"
        b"<p>Sorry, the page you asked for does not exist.</p><a href='/'>Home</a></body></html>",
        ("error page",),
    ),
    "listing.html": (
        (
            "<html><body><main><h1>Latest</h1><ul>"
            + "".join(
                f'<li><a href="/a{i}">Headline {i} about the trams</a></li>' for i in range(30)
            )
            + "</ul></main></body></html>"
        ).encode(),
        ("list of links",),
    ),
    "nothing.html": (b"<html><body><div>   </div></body></html>", ("no article",)),
}

# Pages that are damaged but still hold an article: best effort, no error.
SURVIVORS: dict[str, bytes] = {
    "truncated.html": f"{HEAD}<article><h1>Cut</h1>{PROSE}<p>And then the conn".encode(),
    "wrong-encoding.html": (
        '<html><head><meta charset="iso-8859-1"></head><body><article><h1>日本語の記事</h1>'
        "<p>東京都は火曜日の夜、新しい路面電車の時刻表について話し合うために会合を開き、"
        "三つの地区から住民が集まった。住民たちは時刻表について意見を述べた。</p>"
        "<p>次の会合は春に予定されており、試行の最初の数字が公表される見通しだ。</p>"
        "</article></body></html>"
    ).encode(),
    "invalid-utf8.html": b'<html><head><meta charset="utf-8"></head><body><article>'
    + b"<h1>Bytes \xff\xfe</h1>"
    + PROSE.encode()
    + b"<p>caf\xe9 \xc3\x28 \xed\xa0\x80 end</p></article></body></html>",
    "nul-bytes.html": b"<html><body><article><h1>Nul\x00 title</h1>"
    + PROSE.replace("council", "coun\x00cil").encode()
    + b"</article></body></html>",
}


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [DIGEST, *args], capture_output=True, text=True, timeout=300, cwd=cwd, check=False
    )


def _assert_clean_stderr(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert all(line.strip() for line in stderr.splitlines())  # one line per message


def test_batch_reports_each_bad_page_and_converts_the_rest(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for name, (data, _) in BAD_PAGES.items():
        (src / name).write_bytes(data)
    for name, data in SURVIVORS.items():
        (src / name).write_bytes(data)
    (src / "good.html").write_text(GOOD, encoding="utf-8")
    (src / "folder.html").mkdir()  # a folder with a page's name is not a page
    out = tmp_path / "out"
    result = _run("convert", str(src), "-o", str(out))
    assert result.returncode == 1, result.stderr
    _assert_clean_stderr(result.stderr)
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    for name, (_, words) in BAD_PAGES.items():
        line = [ln for ln in errors if f"{src / name}: " in ln]
        assert len(line) == 1, (name, result.stderr)
        assert all(w.lower() in line[0].lower() for w in words), line[0]
    assert len(errors) == len(BAD_PAGES)
    pages = sorted(out.glob("*.md"))
    assert len(pages) == len(SURVIVORS) + 1
    for page in pages:
        meta, body = frontmatter.loads(page.read_text(encoding="utf-8"))
        assert meta["title"] and body.strip()
        assert "\x00" not in page.read_text(encoding="utf-8")
    assert f"{len(SURVIVORS) + 1} written" in result.stderr
    assert f"{len(BAD_PAGES)} failed" in result.stderr


def test_page_over_the_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    with big.open("wb") as fh:  # sparse: the size check happens before reading
        fh.truncate(51 * 2**20)
    (tmp_path / "good.html").write_text(GOOD, encoding="utf-8")
    result = _run("convert", str(big), str(tmp_path / "good.html"), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    _assert_clean_stderr(result.stderr)
    assert f"error: {big}: file is 51.0 MB, over the 50 MB limit" in result.stderr
    assert len(list((tmp_path / "out").glob("*.md"))) == 1


def test_page_just_under_the_size_limit_is_best_effort(tmp_path: Path) -> None:
    # Same code path as a 49 MB page under the 50 MB limit, at a size a test can afford.
    page = tmp_path / "large.html"
    body = PROSE.replace("council", "council {i}")
    paragraphs = "".join(body.format(i=i) for i in range(6000))
    page.write_text(f"<html><body><article><h1>Large</h1>{paragraphs}</article></body></html>")
    settings = Settings(output_dir=tmp_path / "out", max_bytes=page.stat().st_size + 10)
    report = convert([page], settings)
    assert report.ok and len(report.written) == 1
    report = convert(
        [page], Settings(output_dir=tmp_path / "o2", max_bytes=page.stat().st_size - 1)
    )
    assert len(report.failed) == 1 and "limit" in str(report.failed[0])


def test_folder_without_pages(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.md").write_text("not a page")
    result = _run("convert", str(tmp_path / "empty"), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    _assert_clean_stderr(result.stderr)
    assert f"error: {tmp_path / 'empty'}: no pages found" in result.stderr


def test_damaged_web_archives_are_one_line_errors(tmp_path: Path) -> None:
    """Found by the fuzz test: a file that only starts like a WARC, and a record with no
    headers, crashed inside warcio."""
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "stub.warc").write_bytes(b"WARC/")
    (sources / "headless.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\n\r\n")
    result = _run("convert", str(sources), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    _assert_clean_stderr(result.stderr)
    for name in ("stub.warc", "headless.warc"):
        assert f"error: {sources / name}: not a readable web archive" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.md"))


def test_extract_missing_or_unreadable(tmp_path: Path) -> None:
    result = _run("extract", str(tmp_path / "missing.html"))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip() == (
        f"digest: error: {tmp_path / 'missing.html'}: cannot read file (No such file or directory)"
    )
    (tmp_path / "dir.html").mkdir()
    result = _run("extract", str(tmp_path / "dir.html"))
    assert result.returncode == 1
    assert result.stderr.strip().endswith("dir.html: is a folder, not a page file")


# Runs `digest` with one stage patched: a permission error on one file, or a bug
# (RuntimeError) on another. Tests run as root, so chmod 000 cannot simulate it.
_PATCHED = """
import pathlib, sys
from converter import batch
from converter.cli import main
real_read, real_extract = pathlib.Path.read_bytes, batch.extract_article
def read_bytes(self):
    if self.name == "locked.html":
        raise PermissionError(13, "Permission denied", str(self))
    return real_read(self)
def extract_article(sources, *a, **k):
    if sources[0].path.endswith("boom.html"):
        raise RuntimeError("stage exploded\\nsecond line")
    return real_extract(sources, *a, **k)
pathlib.Path.read_bytes = read_bytes
batch.extract_article = extract_article
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("debug", [False, True])
def test_unreadable_file_and_internal_error_do_not_stop_the_batch(
    tmp_path: Path, debug: bool
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for name in ("locked.html", "boom.html", "good.html"):
        (src / name).write_text(GOOD.replace("A good page", f"Page {name}"), encoding="utf-8")
    args = ["--debug"] if debug else []
    result = subprocess.run(
        [sys.executable, "-c", _PATCHED, *args, "convert", str(src), "-o", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert f"error: {src / 'locked.html'}: cannot read file (Permission denied)" in result.stderr
    internal = (
        f"error: {src / 'boom.html'}: internal error: RuntimeError: stage exploded; "
        "rerun with --debug"
    )
    assert internal in result.stderr
    assert len(list((tmp_path / "out").glob("*.md"))) == 1
    if debug:
        assert "Traceback" in result.stderr  # --debug shows where the bug is
    else:
        _assert_clean_stderr(result.stderr)


def test_an_article_the_main_method_misses_is_kept_with_a_warning(tmp_path: Path) -> None:
    # The article's text sits in two blocks hidden by an inline style (a script would
    # show them): the main method drops what the reader is not shown and finds nothing.
    hidden = Path(__file__).parent / "cases" / "body-fallback-hidden-article" / "source.html"
    page = tmp_path / "hidden.html"
    page.write_bytes(hidden.read_bytes())
    run = subprocess.run([DIGEST, "extract", str(page)], capture_output=True, text=True)
    assert run.returncode == 0
    assert "Tickets go on sale on Friday" in run.stdout
    assert run.stderr.startswith("WARNING: ")
    assert "no article found by the main method" in run.stderr
