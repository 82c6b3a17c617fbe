"""Parallel batches: same output whatever -j, per-page errors collected, workers that die.

The real CLI (``converter.cli.main``) runs on a copy of the bundled samples in sources/.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console

from converter import batch, parallel
from converter.cli import main

PROJECT = Path(__file__).resolve().parents[1]
SAMPLES = PROJECT / "sources"


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones, the manifest, included) by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    if not any(SAMPLES.rglob("*.htm*")):
        pytest.skip("no bundled sample pages in sources/")
    shutil.copytree(SAMPLES, tmp_path / "sources")
    return tmp_path / "sources"


def test_jobs_give_byte_identical_output(samples: Path, capsys: pytest.CaptureFixture) -> None:
    outputs = {}
    for jobs in (1, 2, 3):
        out = samples.parent / f"out-j{jobs}"
        code = main(["convert", str(samples), "-o", str(out), "-j", str(jobs), "-q"])
        assert code == 0, capsys.readouterr().err
        outputs[jobs] = _tree(out)
    assert len([k for k in outputs[1] if k.endswith(".md")]) >= 2
    assert outputs[2] == outputs[1]
    assert outputs[3] == outputs[1]


def test_error_in_one_page_is_reported_and_the_rest_written(
    samples: Path, capsys: pytest.CaptureFixture
) -> None:
    broken = samples / "zz-broken" / "empty.html"
    broken.parent.mkdir()
    broken.write_bytes(b"")
    reference = samples.parent / "ref"
    assert main(["convert", str(samples), "-o", str(reference), "-j", "1", "-q"]) == 1
    capsys.readouterr()

    out = samples.parent / "out"
    code = main(["convert", str(samples), "-o", str(out), "-j", "2", "-q"])
    err = capsys.readouterr().err
    assert code == 1
    assert "empty.html" in err and "error:" in err
    assert "Traceback" not in err
    assert _tree(out) == _tree(reference)
    assert len(list(out.glob("*.md"))) == len(list(reference.glob("*.md"))) >= 2


def test_a_bug_in_a_worker_is_one_failed_page(
    samples: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    victim = sorted(samples.rglob("*.html"))[0].name
    real = batch.extract_article

    def buggy(sources, *args, **kwargs):  # type: ignore[no-untyped-def]
        if sources[0].path.endswith(victim):
            raise ZeroDivisionError("a bug")
        return real(sources, *args, **kwargs)

    monkeypatch.setattr(batch, "extract_article", buggy)  # forked workers inherit it
    out = samples.parent / "out"
    code = main(["convert", str(samples), "-o", str(out), "-j", "2", "-q"])
    err = capsys.readouterr().err
    assert code == 1
    failed = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(failed) == 1
    assert victim in failed[0] and "ZeroDivisionError" in failed[0]
    assert "1 failed" in err
    assert len(list(out.glob("*.md"))) >= 2


def test_a_worker_that_dies_loses_only_its_page(
    samples: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    reference = samples.parent / "ref"
    assert main(["convert", str(samples), "-o", str(reference), "-j", "1", "-q"]) == 0
    victim = sorted(samples.rglob("*.html"))[-1].name
    real = batch.extract_article

    def fatal(sources, *args, **kwargs):  # type: ignore[no-untyped-def]
        if sources[0].path.endswith(victim):
            os._exit(9)  # as if the kernel killed the worker (out of memory)
        return real(sources, *args, **kwargs)

    monkeypatch.setattr(batch, "extract_article", fatal)
    capsys.readouterr()
    out = samples.parent / "out"
    code = main(["convert", str(samples), "-o", str(out), "-j", "2", "-q"])
    err = capsys.readouterr().err
    assert code == 1
    failed = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(failed) == 1 and victim in failed[0] and "worker process died" in failed[0]
    written = {p.name for p in out.glob("*.md")}
    assert len(written) == len(list(reference.glob("*.md"))) - 1
    assert written < {p.name for p in reference.glob("*.md")}


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_workers_exit_when_the_parent_is_killed(samples: Path) -> None:
    for n in range(30):  # a batch long enough to kill in the middle
        shutil.copytree(samples, samples.parent / "many" / f"copy{n}", ignore=lambda *_: [])
    digest = Path(sys.executable).with_name("digest")
    cmd = [str(digest), "convert", str(samples.parent / "many"), "-o", "out", "-j", "2", "-q"]
    proc = subprocess.Popen(cmd, cwd=samples.parent, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
        workers = _children(proc.pid)
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.skip("the batch ended before its workers could be seen")
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        for w in workers:  # reap them if they became our children (no init reaper here)
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(w, os.WNOHANG)
        time.sleep(0.1)
    alive = [w for w in workers if _alive(w)]
    assert not alive, f"workers outlived their killed parent: {alive}"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's reaper is missing


def _square(n: int) -> int:
    return n * n


def _die_on_seven(n: int) -> int:
    if n == 7:
        os._exit(3)  # a worker killed mid-chunk (out of memory, a crash in C code)
    return n


@pytest.mark.parametrize("jobs", [1, 2, 4])
def test_ordered_map_keeps_input_order(jobs: int) -> None:
    items = list(range(100))
    assert list(parallel.ordered_map(_square, items, jobs)) == [n * n for n in items]


def test_ordered_map_reports_items_of_a_dead_worker() -> None:
    items = list(range(40))
    out = list(parallel.ordered_map(_die_on_seven, items, 2, on_crash=lambda n, exc: -1))
    assert out == [-1 if n == 7 else n for n in items]  # only the killer item is lost


def test_no_progress_output_when_disabled(capsys: pytest.CaptureFixture) -> None:
    with parallel.progress(50, enabled=False) as step:
        for _ in range(50):
            step()
    assert capsys.readouterr() == ("", "")


def test_progress_bar_counts_steps_when_enabled() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with parallel.progress(3, enabled=True, label="testing", console=console) as step:
        step()
        drawn = screen.getvalue()
        step()
        step()
    assert "testing" in drawn and "0/3" in drawn
    assert "3/3" in screen.getvalue()
