"""Run settings: one validated, frozen object built once at the edge (the CLI)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    output_dir: Path = Path("docs/articles")
    default_timezone: str = "UTC"  # used when a date has no zone and no profile says one
    japanese_timezone: str = "Asia/Tokyo"  # pages in Japanese without a zone
    profiles_dir: Path | None = None  # extra user site profiles (YAML), beside the shipped ones
    use_profiles: bool = True  # False: generic extraction only (--no-profiles)
    jobs: int = os.cpu_count() or 1
    force: bool = False  # overwrite pages the curator edited by hand
    prune: bool = False  # delete pages whose source disappeared
    max_bytes: int = 50 * 1024 * 1024  # larger pages are refused with a clear error
    fetch_images: bool = False  # download images a capture came without (--fetch-images)
    progress: bool = True
    debug: bool = False
    # Where a run keeps its file hashes and page scans for the next (sourcecache.py):
    # build/cache/ for `digest build` and `digest serve`; None: this run only.
    cache_dir: Path | None = None
