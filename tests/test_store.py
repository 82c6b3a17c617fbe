"""Atomic writes, the manifest, idempotent and incremental runs (issue 6.4 and 6.5)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from converter import batch, frontmatter
from converter.batch import convert
from converter.settings import Settings
from converter.store import MANIFEST_NAME, atomic_write

DIGEST = str(Path(sys.executable).parent / "digest")
SOURCES = Path(__file__).resolve().parents[1] / "sources"
WORDS = "council tram timetable residents district hall spring figures trial operators".split()  # noqa: SIM905


def _page(i: int, title: str | None = None, extra: str = "") -> str:
    paras = "".join(
        "<p>" + " ".join(WORDS[(i + j + k) % len(WORDS)] for k in range(40)) + ".</p>"
        for j in range(6)
    )
    title = title or f"Article number {i}"
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:url" content="https://news.example.com/a/{i}"></head><body>'
        f"<article><h1>{title}</h1>"
        f"{paras}{extra}"
        "</article></body></html>"
    )


def _settings(out: Path, **options: object) -> Settings:
    # One job: the monkeypatched stages below run in this process.
    return Settings(output_dir=out, jobs=1, progress=False, **options)


def _corpus(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"page-{i:03d}.html").write_text(_page(i), encoding="utf-8")
    return folder


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.name: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([DIGEST, *args], capture_output=True, text=True, timeout=600, check=False)


# --- atomic writes ---------------------------------------------------------------------


def test_atomic_write_replaces_whole_file_or_nothing(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "a.md"
    atomic_write(target, "old\n")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]  # no temp file left behind


def test_sigkill_mid_batch_leaves_complete_files_and_rerun_finishes(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "src", 200)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [DIGEST, "convert", str(src), "-o", str(out), "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if out.is_dir() and len(list(out.glob("*.md"))) >= 20:
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the batch finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    written = sorted(out.glob("*.md"))
    assert 20 <= len(written) < 200
    for page in written:  # every page there is complete
        meta, body = frontmatter.loads(page.read_text(encoding="utf-8"))
        assert meta["title"].startswith("Article number")
        assert body.rstrip().endswith(".")
        assert meta["source_sha256"]
    result = _run("convert", str(src), "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    assert "0 skipped" in result.stderr  # the killed run's pages are its own, not hand edits
    assert len(list(out.glob("*.md"))) == 200
    assert not list(out.glob(".digest-tmp-*"))
    fresh = tmp_path / "fresh"
    convert([src], _settings(fresh))
    assert _snapshot_bytes(out) == _snapshot_bytes(fresh)


def _snapshot_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.glob("*.md")}


# --- idempotent, incremental runs ------------------------------------------------------


def test_second_run_changes_no_byte_and_parses_nothing(tmp_path: Path, monkeypatch) -> None:
    src = _corpus(tmp_path / "src", 12)
    out = tmp_path / "out"
    first = convert([src], _settings(out))
    assert len(first.written) == 12 and (out / MANIFEST_NAME).is_file()
    before = _snapshot(out)

    def no_parsing(*args, **kwargs):
        raise AssertionError("an unchanged source was parsed")

    monkeypatch.setattr(batch, "extract_article", no_parsing)
    monkeypatch.setattr(batch, "group_sources", no_parsing)
    second = convert([src], _settings(out))
    assert second.ok and len(second.unchanged) == 12 and not second.written
    assert _snapshot(out) == before  # same bytes, same mtimes, manifest included


def test_manifest_format(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "src", 2)
    out = tmp_path / "out"
    convert([src], _settings(out))
    data = json.loads((out / MANIFEST_NAME).read_text())
    assert data["format"] == 1 and data["converter"]
    for key, entry in data["articles"].items():
        assert (out / key).resolve() == (src / Path(key).name).resolve()
        assert list(entry["pages"]) == [key]
        page = out / entry["output"]
        assert page.is_file()
        import hashlib

        assert entry["output_sha256"] == hashlib.sha256(page.read_bytes()).hexdigest()
        assert entry["pages"][key] == hashlib.sha256((out / key).read_bytes()).hexdigest()


def test_a_source_reached_by_another_path_is_the_same_article(tmp_path: Path, monkeypatch) -> None:
    src = _corpus(tmp_path / "src", 2)
    (tmp_path / "link").symlink_to(src, target_is_directory=True)
    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path)
    # the same pages given as a folder, one file relative and one through the symlink
    first = convert(
        [src, Path("src/page-000.html"), tmp_path / "link" / "page-001.html"], _settings(out)
    )
    assert first.ok and len(first.written) == 2
    keys = set(json.loads((out / MANIFEST_NAME).read_text())["articles"])
    assert keys == {"../src/page-000.html", "../src/page-001.html"}
    again = convert([Path("link")], _settings(Path("out")))  # other spellings, same files
    assert again.ok and len(again.unchanged) == 2 and not again.written


def test_changed_source_is_reconverted(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "src", 3)
    out = tmp_path / "out"
    convert([src], _settings(out))
    (src / "page-001.html").write_text(_page(1, extra="<p>A new closing paragraph.</p>"))
    report = convert([src], _settings(out))
    assert len(report.written) == 1 and len(report.unchanged) == 2
    assert "A new closing paragraph." in report.written[0].read_text()


def test_hand_edited_page_is_never_overwritten_silently(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "src", 2)
    out = tmp_path / "out"
    convert([src], _settings(out))
    page = next(p for p in out.glob("*.md") if "article-number-0" in p.name)
    edited = page.read_text().replace("council", "COUNCIL (checked by the curator)", 1)
    page.write_text(edited)
    # Source unchanged: nothing to do, the edit stays, no noise.
    result = _run("convert", str(src), "-o", str(out))
    assert result.returncode == 0 and page.read_text() == edited
    # Source changed: the page would be rewritten; it is skipped with a warning naming it.
    (src / "page-000.html").write_text(_page(0, extra="<p>Update from the newsroom.</p>"))
    result = _run("convert", str(src), "-o", str(out))
    assert result.returncode == 0
    assert f"skipped: {page}: edited by hand" in result.stderr
    assert page.read_text() == edited
    result = _run("convert", str(src), "-o", str(out))  # warned again until resolved
    assert f"skipped: {page}" in result.stderr and page.read_text() == edited
    result = _run("convert", str(src), "-o", str(out), "--force")
    assert result.returncode == 0 and "Update from the newsroom." in page.read_text()
    assert "COUNCIL (checked" not in page.read_text()


def test_unknown_file_in_the_way_is_not_overwritten(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "src", 1)
    out = tmp_path / "out"
    convert([src], _settings(out))
    page = next(out.glob("*.md"))
    (out / MANIFEST_NAME).unlink()  # e.g. pages from before manifests existed
    page.write_text("my own notes\n")
    report = convert([src], _settings(out))
    assert report.skipped and page.read_text() == "my own notes\n"


def test_vanished_source_kept_unless_prune(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "src", 3)
    out = tmp_path / "out"
    convert([src], _settings(out))
    gone = next(p for p in out.glob("*.md") if "article-number-2" in p.name)
    (src / "page-002.html").unlink()
    result = _run("convert", str(src), "-o", str(out))
    assert result.returncode == 0 and gone.is_file()
    assert f"warning: {gone}: source" in result.stderr and "--prune" in result.stderr
    result = _run("convert", str(src), "-o", str(out), "--prune")
    assert result.returncode == 0 and not gone.exists()
    assert f"removed: {gone}" in result.stderr
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    assert len(manifest["articles"]) == 2
    assert len(list(out.glob("*.md"))) == 2


def test_prune_spares_a_hand_edited_page_unless_force(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "src", 1)
    out = tmp_path / "out"
    convert([src], _settings(out))
    page = next(out.glob("*.md"))
    page.write_text(page.read_text() + "\nCurator's note.\n")
    (src / "page-000.html").unlink()
    report = convert([tmp_path / "src"], _settings(out, prune=True))
    assert page.is_file() and any("edited by hand" in w for w in report.warnings)
    report = convert([tmp_path / "src"], _settings(out, prune=True, force=True))
    assert not page.exists() and report.removed == [page]


def test_new_converter_version_reconverts(tmp_path: Path, monkeypatch) -> None:
    src = _corpus(tmp_path / "src", 2)
    out = tmp_path / "out"
    convert([src], _settings(out))
    calls = []
    real = batch.extract_article
    monkeypatch.setattr(batch, "extract_article", lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(batch, "__version__", "99.0.0")
    report = convert([src], _settings(out))
    assert len(calls) == 2 and len(report.unchanged) == 2  # same output: no byte changes
    assert json.loads((out / MANIFEST_NAME).read_text())["converter"] == "99.0.0"


def test_a_manifest_in_another_format_is_rewritten_even_when_nothing_changed(
    tmp_path: Path,
) -> None:
    src = _corpus(tmp_path / "src", 2)
    out = tmp_path / "out"
    convert([src], _settings(out))
    manifest = out / MANIFEST_NAME
    data = json.loads(manifest.read_text())
    written = manifest.read_text()
    manifest.write_text(json.dumps({**data, "format": 0}))
    report = convert([src], _settings(out))
    assert report.ok and len(report.unchanged) == 2
    assert manifest.read_text() == written  # format 1 again, in its own layout


def test_title_change_moves_the_page(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "src", 1)
    out = tmp_path / "out"
    convert([src], _settings(out))
    (src / "page-000.html").write_text(_page(0, title="A corrected headline"))
    report = convert([src], _settings(out))
    assert [p.name.startswith("a-corrected-headline") for p in out.glob("*.md")] == [True]
    assert report.written


def test_same_title_and_url_both_survive(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    # Two different articles, same title, and a site that gives every page the same og:url.
    for i in (1, 2):
        html = _page(i, title="今日のコラム").replace(f"/a/{i}", "/")
        (src / f"p{i}.html").write_text(html)
    out = tmp_path / "out"
    report = convert([src], _settings(out))
    assert len(report.written) == 2 and len(list(out.glob("*.md"))) == 2
    again = convert([src], _settings(out))
    assert len(again.unchanged) == 2 and len(list(out.glob("*.md"))) == 2


def test_multi_page_article_is_one_entry_with_every_page(tmp_path: Path) -> None:
    pages = sorted(SOURCES.glob("newseye/london/2025-04-fish*.html"))
    if len(pages) < 2:
        pytest.skip("the multi-page sample is not in sources/")
    src = tmp_path / "src"
    src.mkdir()
    for p in pages:
        shutil.copy(p, src / p.name)
    out = tmp_path / "out"
    convert([src], _settings(out))
    articles = json.loads((out / MANIFEST_NAME).read_text())["articles"]
    assert len(articles) == 1
    ((key, entry),) = articles.items()
    assert key.endswith("2025-04-fish.html") and len(entry["pages"]) == len(pages)
    # Changing the last page reconverts the article.
    last = src / pages[-1].name
    last.write_bytes(last.read_bytes().replace(b"</body>", b"<!-- saved again --></body>"))
    report = convert([src], _settings(out))
    assert len(report.written) == 1 and not report.unchanged  # source_sha256 changed
    assert json.loads((out / MANIFEST_NAME).read_text())["articles"][key]["pages"] != entry["pages"]


def test_corrupt_manifest_starts_afresh(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "src", 2)
    out = tmp_path / "out"
    convert([src], _settings(out))
    (out / MANIFEST_NAME).write_text("{not json")
    report = convert([src], _settings(out))
    assert report.ok and len(report.unchanged) == 2
    assert any("manifest unreadable" in w for w in report.warnings)
    assert json.loads((out / MANIFEST_NAME).read_text())["articles"]
