"""The digest site, built after conversion by ``digest build``:

    1. read the articles' front matter          (catalog)
    2. write listing pages, feed, the template
       data and redirects from old article
       addresses into docs/, if changed          (listings, feed, sitedata, redirects, writer)
    3. render with MkDocs                        (no plugin or hook carries logic)
    4. index the built articles with Pagefind    (search)

Everything the site shows is plain Markdown, front matter and static files in docs/, plus
theme overrides; an engine that reads ``mkdocs.yml`` can render the same content.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.utils.yaml import get_yaml_loader

from ..errors import SiteError
from .catalog import read_catalog
from .feed import FEED_FILE, atom_feed
from .listings import plan_listings
from .redirects import plan_redirects
from .search import SearchIndex, index_site
from .sitedata import DATA_FILE, site_data
from .writer import WriteReport, write_generated

__all__ = ["SiteSummary", "build_site", "generate_docs"]


@dataclass(frozen=True)
class SiteSummary:
    articles: int
    pages: WriteReport
    site_dir: Path
    search: SearchIndex | None
    seconds: dict[str, float]

    def __str__(self) -> str:
        p = self.pages
        parts = [
            f"site: {self.articles} articles; listing pages {len(p.written)} written, "
            f"{p.unchanged} unchanged, {len(p.removed)} removed",
            f"built in {self.site_dir}",
        ]
        if self.search:
            parts.append(f"search index {self.search.size / 1024:.0f} KB")
        timing = ", ".join(f"{k} {v:.1f}s" for k, v in self.seconds.items())
        return "; ".join(parts) + f" ({timing})"


def build_site(config_file: Path, site_dir: Path | None = None, search: bool = True) -> SiteSummary:
    """Generate the listing pages, build the site with MkDocs, index it with Pagefind."""
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    count, report = generate_docs(config_file)
    seconds["listings"] = time.perf_counter() - start
    start = time.perf_counter()
    overrides = {"site_dir": str(site_dir)} if site_dir else {}
    try:
        cfg = load_config(str(config_file), **overrides)
        build(cfg)
    except MkDocsException as exc:
        raise SiteError(f"MkDocs build failed: {exc}", str(config_file)) from exc
    seconds["mkdocs"] = time.perf_counter() - start
    built = Path(cfg["site_dir"])
    index = None
    if search:
        start = time.perf_counter()
        index = index_site(built)
        seconds["search"] = time.perf_counter() - start
    return SiteSummary(count, report, built, index, seconds)


def generate_docs(config_file: Path) -> tuple[int, WriteReport]:
    """Steps 1–2: the generated files in docs/. Returns (articles, what was written)."""
    raw = _raw_config(config_file)
    docs_dir = (config_file.parent / raw.get("docs_dir", "docs")).resolve()
    directory_urls = bool(raw.get("use_directory_urls", True))
    entries = read_catalog(docs_dir / "articles", docs_dir, directory_urls)
    site_name = str(raw.get("site_name") or "Column Digest")
    files = plan_listings(entries, site_name)
    site_url = str(raw.get("site_url") or "http://localhost:8000/")
    files[FEED_FILE] = atom_feed(entries, site_url, site_name)
    files[DATA_FILE] = site_data(entries)
    files.update(plan_redirects(docs_dir, entries, directory_urls))
    return len(entries), write_generated(docs_dir, files)


def _raw_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as written (``!ENV`` resolved), without MkDocs' validation or INHERIT:
    the inherited data file may not exist before the first build."""
    try:
        with config_file.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=get_yaml_loader())  # MkDocs' own loader (!ENV)
    except (OSError, yaml.YAMLError) as exc:
        raise SiteError(f"cannot read the MkDocs configuration: {exc}", str(config_file)) from exc
    if not isinstance(data, dict):
        raise SiteError("the MkDocs configuration is not a mapping", str(config_file))
    return data
