"""The digest site, built after conversion by ``digest build``:

    1. read the articles' front matter          (catalog)
    2. write listing pages, feed, the template
       data and redirects from old article
       addresses into docs/, if changed          (listings, feed, sitedata, redirects, writer)
    3. render with MkDocs, only the pages a
       change affects when nothing global
       changed                                   (incremental; no plugin or hook)
    4. index the built articles with Pagefind,
       or only the rendered ones (a delta)       (search)

Everything the site shows is plain Markdown, front matter and static files in docs/, plus
theme overrides; an engine that reads ``mkdocs.yml`` can render the same content.
"""

from __future__ import annotations

import io
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.utils.yaml import get_yaml_loader

from ..errors import SiteError
from .catalog import Cache, read_catalog
from .feed import FEED_FILE, atom_feed
from .listings import plan_listings
from .redirects import plan_redirects
from . import incremental
from .search import Indexer, SearchIndex, delta_bundle_ok, fragment_ids, index_delta, index_site
from .sitedata import DATA_FILE, page_inputs, site_data
from .writer import WriteReport, write_generated

__all__ = ["SiteSummary", "build_site", "generate_docs"]

# The search delta (pages rendered since the last full index) is merged in the browser
# up to this many pages, or this share of the articles if more; past that, the next
# build indexes the whole site again (a merged delta costs the reader one more index).
DELTA_MIN_PAGES = 100
DELTA_MAX_SHARE = 0.05
# mkdocs.yml's INHERIT line (a top-level key: at the start of a line).
_INHERIT = re.compile(r"^INHERIT:[ \t]*(.+?)[ \t]*(?:#.*)?$\n?", re.M)


@dataclass(frozen=True)
class SiteSummary:
    articles: int
    pages: WriteReport
    site_dir: Path
    search: SearchIndex | None
    seconds: dict[str, float]
    mode: str = ""  # "full build (why)" or "N articles rendered"

    def __str__(self) -> str:
        p = self.pages
        parts = [
            f"site: {self.articles} articles; listing pages {len(p.written)} written, "
            f"{p.unchanged} unchanged, {len(p.removed)} removed",
            f"built in {self.site_dir}" + (f" ({self.mode})" if self.mode else ""),
        ]
        if self.search:
            parts.append(f"search index {self.search.size / 1024:.0f} KB")
        timing = ", ".join(f"{k} {v:.1f}s" for k, v in self.seconds.items())
        return "; ".join(parts) + f" ({timing})"


def build_site(
    config_file: Path,
    site_dir: Path | None = None,
    search: bool = True,
    full: bool = False,
    cache: Cache | None = None,
    indexer: Indexer | None = None,
) -> SiteSummary:
    """Generate the listing pages, build the site with MkDocs, index it with Pagefind.

    Incremental unless ``full``: when nothing global changed since the last build into
    the same folder, only the pages a change affects are rendered and indexed
    (incremental.py). ``cache`` keeps the catalogue between calls and ``indexer`` a
    Pagefind service for the search deltas (``digest serve``)."""
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    count, report, inputs, data = _generate(config_file, cache)
    seconds["listings"] = time.perf_counter() - start
    start = time.perf_counter()
    overrides = {"site_dir": str(site_dir)} if site_dir else {}
    try:
        cfg = _load_config(config_file, data, overrides)
        built = Path(cfg["site_dir"])
        docs_dir = Path(cfg["docs_dir"])
        directory_urls = bool(cfg["use_directory_urls"])
        fingerprint = incremental.global_fingerprint(
            config_file, cfg["theme"].custom_dir, str(cfg["site_url"] or "")
        )
        state = None if full else incremental.load_state(built)
        work, files = incremental.plan(state, fingerprint, inputs, docs_dir, built, directory_urls)
        incremental.forget_state(built)  # a build that stops half-way: the next one is full
        build(cfg, dirty=not work.full)
    except MkDocsException as exc:
        raise SiteError(f"MkDocs build failed: {exc}", str(config_file)) from exc
    seconds["mkdocs"] = time.perf_counter() - start
    new_state = incremental.State(fingerprint, inputs, files)
    index = None
    if search:
        start = time.perf_counter()
        index = _index(built, work, state, new_state, len(inputs), indexer)
        seconds["search"] = time.perf_counter() - start
    incremental.save_state(built, new_state)
    mode = f"full build ({work.reason})" if work.full else f"{len(work.rendered)} articles rendered"
    return SiteSummary(count, report, built, index, seconds, mode)


def _index(
    site: Path,
    work: incremental.Plan,
    old: incremental.State | None,
    new: incremental.State,
    articles: int,
    indexer: Indexer | None = None,
) -> SearchIndex:
    """The full index after a full build or when the delta grew too big; else a delta
    bundle of every page rendered since the last full index."""
    if not work.full and old is not None and old.index:
        delta = sorted(set(old.delta) | set(work.rendered) | set(work.removed))
        if len(delta) <= max(DELTA_MIN_PAGES, DELTA_MAX_SHARE * articles):
            new.index, new.delta = old.index, delta
            if not work.rendered and not work.removed and delta_bundle_ok(site, bool(delta)):
                return SearchIndex(0, 0)  # nothing new to index: the bundle stands
            hidden = [old.index[u] for u in delta if u in old.index]
            pages = [u for u in delta if u not in work.removed]
            return index_delta(site, pages, hidden, indexer=indexer)
    index = index_site(site)
    new.index = fragment_ids(site)
    return index


def generate_docs(config_file: Path) -> tuple[int, WriteReport]:
    """Steps 1–2: the generated files in docs/. Returns (articles, what was written)."""
    count, report, _, _ = _generate(config_file)
    return count, report


def _generate(
    config_file: Path, cache: Cache | None = None
) -> tuple[int, WriteReport, dict[str, str], str]:
    """Steps 1–2, each article's data row (for the incremental build) and the text of
    the template data file."""
    raw = _raw_config(config_file)
    docs_dir = (config_file.parent / raw.get("docs_dir", "docs")).resolve()
    directory_urls = bool(raw.get("use_directory_urls", True))
    entries = read_catalog(docs_dir / "articles", docs_dir, directory_urls, cache)
    site_name = str(raw.get("site_name") or "Column Digest")
    files = plan_listings(entries, site_name)
    site_url = str(raw.get("site_url") or "http://localhost:8000/")
    files[FEED_FILE] = atom_feed(entries, site_url, site_name)
    files[DATA_FILE] = site_data(entries)
    files.update(plan_redirects(docs_dir, entries, directory_urls))
    report = write_generated(docs_dir, files)
    return len(entries), report, page_inputs(entries), files[DATA_FILE]


def _load_config(config_file: Path, data: str, overrides: dict[str, str]) -> MkDocsConfig:
    """MkDocs' configuration, with the template data taken from ``data`` (the text just
    written to docs/.digest-site.yml) instead of letting MkDocs parse that file again
    through ``INHERIT``: its YAML loader is pure Python, and at 10,000 articles the file
    took 6–12 s to parse on every build. Same result: the data is merged under
    mkdocs.yml's own ``extra`` exactly as ``INHERIT`` merges it (the file's values
    winning). A config that does not inherit our file is loaded as it is."""
    text = config_file.read_text(encoding="utf-8")
    inherit = _INHERIT.search(text)
    target = (config_file.parent / inherit.group(1).strip("'\" ")).resolve() if inherit else None
    docs_dir = config_file.parent / _raw_config(config_file).get("docs_dir", "docs")
    if target is None or target != (docs_dir / DATA_FILE).resolve():
        return load_config(str(config_file), **overrides)
    parent = json.loads(data.split("\n", 1)[1])  # JSON after the comment line
    stream = io.BytesIO(_INHERIT.sub("", text).encode("utf-8"))
    stream.name = str(config_file)  # type: ignore[attr-defined]  # for relative paths
    own = _raw_config(config_file).get("extra") or {}
    extra = _merge(parent.get("extra") or {}, own)
    return load_config(stream, config_file_path=str(config_file), extra=extra, **overrides)


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """``child`` over ``parent``, mappings merged key by key (as INHERIT's mergedeep)."""
    out = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


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
