"""The published copy of the docs, when the site must differ from the archive.

docs/articles holds the archive: every converted article in full, never rewritten for the
site. When the curator's notes change an article page (a note on top, a hidden article)
or the site publishes excerpts, MkDocs renders a copy instead: ``build/published-docs/``
beside mkdocs.yml, brought up to date on every build. Files that are the same are hard
links (a copy where the file system has none), so the copy costs little at any size;
pages that differ are written as new files, never through a link into the archive. A
file already as it should be is left alone (its modification time too: an incremental
build renders only the pages whose file is newer than their HTML). Dot files (the
manifest, the template data) are left out: MkDocs ignores them anyway, and the template
data is read through mkdocs.yml's ``INHERIT``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Collection
from pathlib import Path

from ..errors import SiteError

# Where the copy goes, relative to the folder holding mkdocs.yml (git-ignored).
STAGE_DIR = Path("build") / "published-docs"
# A file marking the folder as ours: a folder without it is never deleted.
_MARKER = ".digest-published-docs"


def stage_docs(
    docs_dir: Path, stage_dir: Path, pages: dict[str, str], left_out: Collection[str]
) -> int:
    """Make ``stage_dir`` hold ``docs_dir`` with ``pages`` (docs-relative path → text)
    replaced and ``left_out`` missing. Returns the number of files in it."""
    _claim(stage_dir)
    wanted: set[str] = set()
    for root, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(root)
        for name in sorted(files):
            if name.startswith("."):
                continue
            rel = (here / name).relative_to(docs_dir).as_posix()
            if rel in left_out or rel in pages:
                continue
            wanted.add(rel)
            target = stage_dir / rel
            if not _same_file(here / name, target):
                target.parent.mkdir(parents=True, exist_ok=True)
                target.unlink(missing_ok=True)
                _link(here / name, target)
    for rel, text in pages.items():  # a throwaway copy: no fsync, no temp file
        wanted.add(rel)
        target = stage_dir / rel
        if target.is_symlink() or not _holds(target, text):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)  # never write through a link into the archive
            target.write_text(text, encoding="utf-8", newline="\n")
    _remove_others(stage_dir, wanted)
    return len(wanted)


def _claim(stage_dir: Path) -> None:
    if stage_dir.exists() and not (stage_dir / _MARKER).is_file():
        raise SiteError(
            "refusing to replace a folder digest did not make (no marker file)", str(stage_dir)
        )
    stage_dir.mkdir(parents=True, exist_ok=True)
    marker = stage_dir / _MARKER
    if not marker.is_file():
        marker.write_text("made by `digest build`; brought up to date on every build\n")


def _same_file(source: Path, target: Path) -> bool:
    """``target`` is ``source`` (its hard link), or a copy of it as _link makes one."""
    try:
        a, b = source.stat(), target.lstat()
    except OSError:
        return False
    if (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino):
        return True
    return b.st_nlink == 1 and (a.st_size, a.st_mtime_ns) == (b.st_size, b.st_mtime_ns)


def _holds(target: Path, text: str) -> bool:
    try:
        return target.stat().st_nlink == 1 and target.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


def _remove_others(stage_dir: Path, wanted: set[str]) -> None:
    for root, dirs, files in os.walk(stage_dir, topdown=False):
        here = Path(root)
        for name in files:
            rel = (here / name).relative_to(stage_dir).as_posix()
            if rel not in wanted and rel != _MARKER:
                (here / name).unlink()
        for name in dirs:
            with contextlib.suppress(OSError):  # not empty: it holds wanted files
                (here / name).rmdir()


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
