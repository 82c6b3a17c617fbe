"""`digest serve` (issue 20): build, serve, and after an edit to a source, the page and the
search index show the edit, without a full rebuild."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import copy_sample, copy_site_project
from tests.test_incremental import SOURCES

# The longest a build (and so the first answer, or a rebuild) may take in this test.
WAIT_S = 180


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(predicate, what: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if predicate():
            return
        if proc.poll() is not None:
            pytest.fail(f"digest serve exited ({proc.returncode}): {log.read_text()}")
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}: {log.read_text()}")


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


@pytest.fixture
def served(tmp_path: Path):
    copy_site_project(tmp_path)
    for rel in SOURCES:
        copy_sample(rel, tmp_path / "sources")
    port = _free_port()
    log = tmp_path / "serve.log"
    digest = Path(sys.executable).with_name("digest")
    env = {**os.environ, "SITE_URL": f"http://127.0.0.1:{port}/"}
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(digest), "serve", "-a", f"127.0.0.1:{port}", "-q", "-j", "1"],
            cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip
    try:
        _wait(lambda: "serving on" in log.read_text(), "the first build", proc, log)
        yield tmp_path, f"http://127.0.0.1:{port}/", proc, log
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_serve_shows_an_edit_and_indexes_it(served) -> None:
    root, base, proc, log = served
    home = _get(base)
    assert "livereload" in home  # MkDocs' live-reload server injects its script
    page = root / "sources" / SOURCES[2]
    text = page.read_text(encoding="utf-8")
    word = "残された時間は長くない"  # in the lead, not in the title
    assert word in text
    page.write_text(text.replace(word, word + "（プレビュー確認）"), encoding="utf-8")
    articles = next(p for p in (root / "site" / "articles").glob("ryoushi-*"))
    url = base + f"articles/{articles.name}/"
    _wait(lambda: "プレビュー確認" in _get(url), "the edited page", proc, log)
    output = log.read_text()
    assert output.count("site:") == 2 and "1 articles rendered" in output, output
    # The search index followed: the delta bundle holds the edited page.
    hidden = json.loads(_get(base + "pagefind-delta/digest-hidden.json"))
    assert hidden["bundle"] == "pagefind-delta/" and len(hidden["hidden"]) == 1
    fragments = list((root / "site" / "pagefind-delta" / "fragment").glob("*"))
    assert len(fragments) == 1  # written by the Pagefind service kept running
    assert "export" in _get(base + "pagefind-delta/pagefind.js")
    # A file the build writes itself (listings) does not start another build.
    time.sleep(3)
    assert log.read_text().count("site:") == output.count("site:")


def test_serve_polls_where_file_events_cannot_be_had(tmp_path: Path, monkeypatch) -> None:
    """A system out of file watches (inotify's limit) gets MkDocs' polling instead of an
    error, for every watched path."""
    import watchdog.observers
    from watchdog.observers.polling import PollingObserver

    from converter.serve import Preview, _Server
    from converter.settings import Settings

    class Full(watchdog.observers.Observer):  # type: ignore[misc,valid-type]
        def schedule(self, *args, **kwargs):
            raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(watchdog.observers, "Observer", Full)
    config = copy_site_project(tmp_path)
    (tmp_path / "sources").mkdir()
    preview = Preview(tmp_path / "sources", config, Settings(output_dir=tmp_path / "docs/articles"))
    try:
        server = _Server(preview, host="127.0.0.1", port=_free_port(), root=str(tmp_path))
        for path in (tmp_path / "sources", tmp_path / "docs"):
            server.watch(str(path))
        assert isinstance(server.observer, PollingObserver)
        watched = {w.path for w in server.observer._watches}
        assert watched == {str(tmp_path / "sources"), str(tmp_path / "docs")}
        server.server_close()
    finally:
        preview.service.close()


def test_serve_follows_notes_and_the_configuration(served) -> None:
    """The curator's loop beyond sources: the first note (its folder made while the
    preview runs) shows on its article's page; an edit to mkdocs.yml (a global change:
    every page again) shows on every page; a broken mkdocs.yml is one line of error, the
    preview goes on, and the next good edit shows."""
    root, base, proc, log = served
    article = next((root / "docs" / "articles").glob("ryoushi-*.md"))
    url = base + f"articles/{article.stem}/"
    assert "メモの確認" not in _get(url)
    notes = root / "notes"
    notes.mkdir(exist_ok=True)
    (notes / "preview.md").write_text(
        f"---\narticle: {article.stem}\n---\nプレビューでメモの確認。\n", encoding="utf-8"
    )
    _wait(lambda: "メモの確認" in _get(url), "the note on its article", proc, log)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("site_name:"))
    config.write_text(text.replace(name, "site_name: 設定の確認サイト"), encoding="utf-8")
    _wait(lambda: "設定の確認サイト" in _get(url), "the new site name on an article", proc, log)
    assert "設定の確認サイト" in _get(base)
    assert "full build (configuration" in log.read_text()
    config.write_text(text + "\n  : [broken\n", encoding="utf-8")
    _wait(lambda: "digest: error: " in log.read_text(), "the error line", proc, log)
    assert "Traceback" not in log.read_text()
    config.write_text(text.replace(name, "site_name: 直した設定"), encoding="utf-8")
    _wait(lambda: "直した設定" in _get(url), "the mended configuration", proc, log)


def test_serve_adds_a_saved_page_from_a_new_folder(served) -> None:
    """A page saved into a folder made while the preview runs (a new columnist's folder)
    becomes an article page, listed on the home page, with no full rebuild."""
    root, base, proc, log = served
    articles = root / "site" / "articles"
    before = {p.name for p in articles.iterdir()}
    copy_sample("meridian/jane-holloway/2025-04-tram-28.html", root / "sources")

    def added() -> set[str]:
        return {p.name for p in articles.iterdir() if (p / "index.html").is_file()} - before

    _wait(lambda: bool(added()) and next(iter(added())) in _get(base), "the new article", proc, log)
    (name,) = added()
    assert "The tram that became a postcard" in _get(base + f"articles/{name}/")
    assert "full build" not in log.read_text().split("serving on", 1)[1]
