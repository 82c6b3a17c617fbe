"""The published copy of the docs, when the site must differ from the archive.

docs/articles holds the archive: every converted article in full, never rewritten for the
site. When the curator's notes change an article page (a note on top, a hidden article)
or the site publishes excerpts, MkDocs renders a copy instead: ``build/published-docs/``
beside mkdocs.yml, rebuilt on every build. Files that are the same are hard links (a copy
where the file system has none), so the copy costs little at any size; pages that differ
are written as new files, never through a link into the archive. Dot files (the
manifest, the template data) are left out: MkDocs ignores them anyway, and the template
data is read through mkdocs.yml's ``INHERIT``.
"""

from __future__ import annotations

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
    """Rebuild ``stage_dir`` as ``docs_dir`` with ``pages`` (docs-relative path → text)
    replaced and ``left_out`` missing. Returns the number of files in it."""
    _clear(stage_dir)
    count = 0
    for root, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(root)
        for name in sorted(files):
            if name.startswith("."):
                continue
            rel = (here / name).relative_to(docs_dir).as_posix()
            if rel in left_out or rel in pages:
                continue
            target = stage_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            _link(here / name, target)
            count += 1
    for rel, text in pages.items():  # a throwaway copy: no fsync, no temp file
        target = stage_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
        count += 1
    return count


def _clear(stage_dir: Path) -> None:
    if stage_dir.exists():
        if not (stage_dir / _MARKER).is_file():
            raise SiteError(
                "refusing to replace a folder digest did not make (no marker file)", str(stage_dir)
            )
        shutil.rmtree(stage_dir)
    stage_dir.mkdir(parents=True)
    (stage_dir / _MARKER).write_text("made by `digest build`; rebuilt on every build\n")


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
