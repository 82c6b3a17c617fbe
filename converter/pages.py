"""Grouping the pages of one article. First cut: every file is its own article."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SourceGroup:
    """The files that make one article, in reading order."""

    paths: tuple[Path, ...]
    missing: tuple[str, ...] = ()  # URLs of pages the pager names but the sources lack


def group_sources(paths: Sequence[Path]) -> list[SourceGroup]:
    return [SourceGroup((p,)) for p in paths]
