"""Pages inside one file: a web archive (WARC, WACZ) holds many pages, each a *member*.

A member is named by a path ``ARCHIVE::N`` (the N-th page of the archive, counted from 1),
so it flows through discovery, grouping, the manifest and the messages as any page file
does; reading it reads the archive (:func:`container`), and the archive's reader picks
the page (converter/capture/warc.py). A member's hash is its archive's: a changed
archive converts its pages again.
"""

from __future__ import annotations

from pathlib import Path

SEPARATOR = "::"


def split(path: Path) -> tuple[Path, int | None]:
    """``(archive, page number)`` of a member path; ``(path, None)`` for any other."""
    name, sep, number = path.name.rpartition(SEPARATOR)
    if sep and name and number.isdigit():
        return path.with_name(name), int(number)
    return path, None


def container(path: Path) -> Path:
    """The file on disk holding ``path``: the archive of a member, else ``path``."""
    return split(path)[0]


def member(archive: Path, number: int) -> Path:
    return archive.with_name(f"{archive.name}{SEPARATOR}{number}")


def number_of(source_path: str) -> int | None:
    """The page number of a source path given as text (a Source's ``path``)."""
    return split(Path(source_path))[1]
