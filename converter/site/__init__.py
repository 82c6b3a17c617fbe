"""The digest site, built after conversion by ``digest build``:

    1. read the articles' front matter          (catalog)
    2. apply the curator's notes: picks, hidden
       articles, excerpt pages                   (curation, notes, picks, published)
    3. write listing pages, digest issues, feeds
       and the template data into docs/, if
       changed                                   (listings, digests, feed, issuefeed,
                                                  sitedata, writer)
    4. when the site differs from the archive,
       a published copy of docs/                 (stage)
    5. render with MkDocs                        (no plugin or hook carries logic)
    6. index the built articles with Pagefind    (search)

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
from .catalog import page_url, read_catalog
from .curation import curation_settings
from .digests import DIGESTS_DIR, INDEX_SRC, issue_pages, plan_issues
from .feed import EMPTY_SITEMAP, FEED_FILE, SITEMAP_FILE, atom_feed, beside, listing_feeds
from .issuefeed import issues_feed
from .listings import plan_listings
from .notes import read_intros
from .picks import curate
from .search import SearchIndex, index_site
from .sitedata import DATA_FILE, site_data
from .stage import STAGE_DIR, stage_docs
from .writer import WriteReport, write_generated

__all__ = ["Prepared", "SiteSummary", "build_site", "generate_docs", "prepare_docs"]
# The digest feed, beside the issue index.
DIGEST_FEED = f"{DIGESTS_DIR}/{FEED_FILE}"


@dataclass(frozen=True)
class Prepared:
    """What steps 1–4 made: the docs folder MkDocs renders, and counts for the summary."""

    articles: int
    pages: WriteReport
    docs_dir: Path  # docs/, or its published copy
    publish: str = "full"
    picks: int = 0
    issues: int = 0


@dataclass(frozen=True)
class SiteSummary:
    articles: int
    pages: WriteReport
    site_dir: Path
    search: SearchIndex | None
    seconds: dict[str, float]
    prepared: Prepared | None = None

    def __str__(self) -> str:
        p = self.pages
        parts = [
            f"site: {self.articles} articles; listing pages {len(p.written)} written, "
            f"{p.unchanged} unchanged, {len(p.removed)} removed",
        ]
        if self.prepared:
            d = self.prepared
            parts.append(f"{d.publish} text; {d.picks} picks in {d.issues} digest issues")
        parts += [f"built in {self.site_dir}"]
        if self.search:
            parts.append(f"search index {self.search.size / 1024:.0f} KB")
        timing = ", ".join(f"{k} {v:.1f}s" for k, v in self.seconds.items())
        return "; ".join(parts) + f" ({timing})"


def build_site(
    config_file: Path,
    site_dir: Path | None = None,
    search: bool = True,
    publish: str | None = None,
) -> SiteSummary:
    """Generate the listing pages, build the site with MkDocs, index it with Pagefind.
    ``publish`` (``full`` / ``excerpt``) overrides ``extra.curation.publish``."""
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    prepared = prepare_docs(config_file, publish)
    seconds["listings"] = time.perf_counter() - start
    start = time.perf_counter()
    overrides = {"site_dir": str(site_dir)} if site_dir else {}
    overrides["docs_dir"] = str(prepared.docs_dir)
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
    return SiteSummary(prepared.articles, prepared.pages, built, index, seconds, prepared)


def generate_docs(config_file: Path, publish: str | None = None) -> tuple[int, WriteReport]:
    """Steps 1–4. Returns (articles published, what was written into docs/)."""
    prepared = prepare_docs(config_file, publish)
    return prepared.articles, prepared.pages


def prepare_docs(config_file: Path, publish: str | None = None) -> Prepared:
    """Steps 1–4: the generated files in docs/ and, if needed, the published copy."""
    raw = _raw_config(config_file)
    settings = curation_settings(raw, config_file, publish)
    docs_dir = (config_file.parent / raw.get("docs_dir", "docs")).resolve()
    directory_urls = bool(raw.get("use_directory_urls", True))
    archive = read_catalog(docs_dir / "articles", docs_dir, directory_urls)
    curated = curate(archive, docs_dir, settings)
    entries = curated.entries
    issues = plan_issues(
        curated.picks, settings.period, read_intros(settings.notes_dir, settings.period)
    )

    def url_of(src: str) -> str:
        return page_url(src, directory_urls)

    site_name = str(raw.get("site_name") or "Column Digest")
    site_url = str(raw.get("site_url") or "http://localhost:8000/")
    files = plan_listings(entries, site_name)
    files.update(issue_pages(issues, DIGEST_FEED))
    files[FEED_FILE] = atom_feed(entries, site_url, site_name)
    files.update(listing_feeds(entries, site_url, site_name, url_of))
    files[DIGEST_FEED] = issues_feed(
        issues, site_url, site_name, DIGEST_FEED, url_of(INDEX_SRC), url_of
    )
    files[beside(DIGEST_FEED, SITEMAP_FILE)] = EMPTY_SITEMAP
    files[DATA_FILE] = site_data(entries)
    report = write_generated(docs_dir, files)
    build_dir = docs_dir
    if curated.differs:
        build_dir = config_file.parent.resolve() / STAGE_DIR
        stage_docs(docs_dir, build_dir, curated.pages, curated.hidden)
    return Prepared(
        len(entries), report, build_dir, settings.publish, len(curated.picks), len(issues)
    )


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
