"""The digest site: listing pages, feed, search index, MkDocs build. First cut."""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config


def build_site(config_file: Path, site_dir: Path | None = None) -> str:
    cfg = load_config(str(config_file), **({"site_dir": str(site_dir)} if site_dir else {}))
    build(cfg)
    return f"site built in {cfg['site_dir']}"
