"""Sources are read only inside the sources folder: a link leading outside it, a FIFO or
a device is refused with a one-line error, and the rest of the batch converts."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.test_cli import PAGE, TEXT, digest


def _sources(tmp_path: Path) -> Path:
    src = tmp_path / "sources"
    src.mkdir()
    (src / "good.html").write_text(PAGE.format(text=TEXT), encoding="utf-8")
    return src


def _one_line_errors(stderr: str) -> list[str]:
    assert "Traceback" not in stderr
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def test_link_leading_outside_the_sources_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text(PAGE.format(text="Top secret words. " * 20), encoding="utf-8")
    src = _sources(tmp_path)
    (src / "evil.html").symlink_to(secret)
    (src / "passwd.html").symlink_to("/etc/passwd")
    out = tmp_path / "out"
    result = digest("convert", str(src), "-o", str(out))
    assert result.returncode == 1
    errors = _one_line_errors(result.stderr)
    assert f"error: {src / 'evil.html'}: refused: a link leading outside the sources folder" in (
        "\n".join(errors)
    )
    assert any(str(src / "passwd.html") in e for e in errors)
    pages = list(out.glob("*.md"))
    assert len(pages) == 1  # the good page still converts
    assert "Top secret" not in pages[0].read_text(encoding="utf-8")
    assert "root:" not in "".join(p.read_text(encoding="utf-8") for p in pages)


def test_link_inside_the_sources_is_followed(tmp_path: Path) -> None:
    src = _sources(tmp_path)
    (src / "sub").mkdir()
    (src / "sub" / "alias.htm").symlink_to(src / "good.html")
    result = digest("convert", str(src), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "out").glob("*.md"))) == 1  # one file, found twice


def test_folder_link_leading_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "page.html").write_text(PAGE.format(text=TEXT), encoding="utf-8")
    src = _sources(tmp_path)
    (src / "linked").symlink_to(outside, target_is_directory=True)
    result = digest("convert", str(src), "-o", str(tmp_path / "out"))
    errors = _one_line_errors(result.stderr)
    if errors:  # a Python whose rglob follows folder links finds the page: refused
        assert result.returncode == 1
        assert "refused: a link leading outside the sources folder" in errors[0]
    assert len(list((tmp_path / "out").glob("*.md"))) == 1


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    src = _sources(tmp_path)
    os.mkfifo(src / "pipe.html")
    result = digest("convert", str(src), "-o", str(tmp_path / "out"))  # times out if read
    assert result.returncode == 1
    assert _one_line_errors(result.stderr) == [
        f"error: {src / 'pipe.html'}: refused: a FIFO (named pipe), not a page file"
    ]
    assert len(list((tmp_path / "out").glob("*.md"))) == 1


def test_device_is_refused(tmp_path: Path) -> None:
    src = _sources(tmp_path)
    try:
        os.mknod(src / "zero.html", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except (PermissionError, OSError):
        pytest.skip("cannot create a device node here (not root)")
    result = digest("convert", str(src), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert _one_line_errors(result.stderr) == [
        f"error: {src / 'zero.html'}: refused: a device, not a page file"
    ]


def test_fifo_named_on_the_command_line_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.html")
    result = digest("extract", str(tmp_path / "pipe.html"))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"digest: error: {tmp_path / 'pipe.html'}: refused: not a regular file (a FIFO, a"
        " device...)"
    )


def test_complete_save_resources_are_not_pages(tmp_path: Path) -> None:
    """A frame Chrome saved into NAME_files/ is part of NAME.html, not an article."""
    src = _sources(tmp_path)
    (src / "good_files").mkdir()
    (src / "good_files" / "saved_resource.html").write_text(
        PAGE.format(text="A frame's own words. " * 20), encoding="utf-8"
    )
    result = digest("convert", str(src), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "out").glob("*.md"))) == 1
