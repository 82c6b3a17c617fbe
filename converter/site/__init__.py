"""The digest site, built after conversion by ``digest build``:

    1. read the articles' front matter          (catalog)
    2. apply the curator's notes: picks, hidden
       articles, excerpt pages                   (curation, notes, picks, published)
    3. write listing pages, digest issues, feeds,
       the template data and redirects from old
       article addresses into docs/, if changed  (listings, digests, feed, issuefeed,
                                                  sitedata, redirects, writer)
    4. when the site differs from the archive,
       a published copy of docs/                 (stage)
    5. render with MkDocs, only the pages a
       change affects when nothing global
       changed                                   (incremental; no plugin or hook)
    6. index the built articles with Pagefind,
       or only the rendered ones (a delta)       (search)

Everything the site shows is plain Markdown, front matter and static files in docs/, plus
theme overrides; an engine that reads ``mkdocs.yml`` can render the same content.
"""

from __future__ import annotations

import io
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.utils.yaml import get_yaml_loader

from ..errors import SiteError
from . import buildcache, incremental
from .catalog import Cache, page_url, read_catalog
from .curation import curation_settings
from .digests import DIGESTS_DIR, INDEX_SRC, issue_pages, plan_issues
from .feed import EMPTY_SITEMAP, FEED_FILE, SITEMAP_FILE, atom_feed, beside, listing_feeds
from .issuefeed import issues_feed
from .listings import plan_listings
from .notes import read_intros
from .picks import curate
from .redirects import plan_listing_redirects, plan_redirects
from .pagefind import Service
from .search import (
    INDEX_LANGUAGE,
    SearchIndex,
    delta_bundle_ok,
    fragment_ids,
    index_delta,
    index_site,
)
from .sitedata import DATA_FILE, site_data
from .stage import STAGE_DIR, stage_docs
from .writer import WriteReport, write_generated

__all__ = ["Prepared", "SiteSummary", "build_site", "generate_docs", "prepare_docs"]
# The digest feed, beside the issue index.
DIGEST_FEED = f"{DIGESTS_DIR}/{FEED_FILE}"
# The search delta (pages rendered since the last full index) is merged in the browser
# up to this many pages, or this share of the articles if more; past that, the next
# build indexes the whole site again (a merged delta costs the reader one more index).
DELTA_MIN_PAGES = 100
DELTA_MAX_SHARE = 0.05
# mkdocs.yml's INHERIT line (a top-level key: at the start of a line).
_INHERIT = re.compile(r"^INHERIT:[ \t]*(.+?)[ \t]*(?:#.*)?$\n?", re.M)


@dataclass(frozen=True)
class Prepared:
    """What steps 1–4 made: the docs folder MkDocs renders, counts for the summary, and
    what the incremental build compares (each article's data row, the template data)."""

    articles: int
    pages: WriteReport
    docs_dir: Path  # docs/, or its published copy
    publish: str = "full"
    picks: int = 0
    issues: int = 0
    inputs: dict[str, str] = field(default_factory=dict)  # page -> its data row
    data: str = ""  # the text of the template data file


@dataclass(frozen=True)
class SiteSummary:
    articles: int
    pages: WriteReport
    site_dir: Path
    search: SearchIndex | None
    seconds: dict[str, float]
    prepared: Prepared | None = None
    mode: str = ""  # "full build (why)" or "N articles rendered"

    def __str__(self) -> str:
        p = self.pages
        parts = [
            f"site: {self.articles} articles; listing pages {len(p.written)} written, "
            f"{p.unchanged} unchanged, {len(p.removed)} removed",
        ]
        if self.prepared:
            d = self.prepared
            parts.append(f"{d.publish} text; {d.picks} picks in {d.issues} digest issues")
        parts.append(f"built in {self.site_dir}" + (f" ({self.mode})" if self.mode else ""))
        if self.search:
            parts.append(f"search index {self.search.size / 1024:.0f} KB")
        timing = ", ".join(f"{k} {v:.1f}s" for k, v in self.seconds.items())
        return "; ".join(parts) + f" ({timing})"


def build_site(
    config_file: Path,
    site_dir: Path | None = None,
    search: bool = True,
    publish: str | None = None,
    full: bool = False,
    memory: buildcache.Memory | None = None,
    service: Service | None = None,
) -> SiteSummary:
    """Generate the listing pages, build the site with MkDocs, index it with Pagefind.

    ``publish`` (``full`` / ``excerpt``) overrides ``extra.curation.publish``.
    Incremental unless ``full``: when nothing global changed since the last build into
    the same folder, only the pages a change affects are rendered and indexed
    (incremental.py). ``memory``: what the previous build in this process left
    (``digest serve``; buildcache.py);
    ``service``, a Pagefind service already running and warm (started with the
    conversion, or kept by ``digest serve``), else one is started here."""
    own = None
    if search and service is None:
        service = own = Service()
        service.warm_up(INDEX_LANGUAGE)  # on the second core while the listings are made
    try:
        return _build_site(config_file, site_dir, service, publish, full, memory)
    finally:
        if own is not None:
            own.close()


def _build_site(
    config_file: Path,
    site_dir: Path | None,
    service: Service | None,
    publish: str | None,
    full: bool,
    memory: buildcache.Memory | None,
) -> SiteSummary:
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    raw = _raw_config(config_file)
    curation = curation_settings(raw, config_file, publish)
    project = config_file.parent
    built = (site_dir or project / str(raw.get("site_dir") or "site")).resolve()
    theme = raw.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    custom_dir = str(project / str(custom)) if custom else None
    fingerprint = incremental.global_fingerprint(
        config_file, custom_dir, str(raw.get("site_url") or ""), f"publish={curation.publish}"
    )
    watched = [(project / str(raw.get("docs_dir") or "docs")).resolve(), curation.notes_dir]
    state = None if full else incremental.load_state(built)
    # `digest serve` (memory given) builds on a change, and its first build makes the
    # listings and the record of what was written that every later build starts from.
    if (
        state is not None
        and memory is None
        and state.quiet == incremental.inputs_key(fingerprint, watched)
        and (built / "index.html").is_file()
    ):  # nothing changed since the last build
        seconds["check"] = time.perf_counter() - start
        pages = WriteReport(unchanged=state.generated)
        return SiteSummary(state.articles, pages, built, None, seconds, mode="nothing changed")
    prepared = prepare_docs(config_file, publish, memory)
    seconds["listings"] = time.perf_counter() - start
    start = time.perf_counter()
    overrides = {"site_dir": str(built), "docs_dir": str(prepared.docs_dir)}
    try:
        cfg = _load_config(config_file, prepared.data, overrides)
        docs_dir = Path(cfg["docs_dir"])
        directory_urls = bool(cfg["use_directory_urls"])
        buildcache.cache_templates(cfg.theme, buildcache.templates_dir(config_file.parent))
        work, files = incremental.plan(
            state, fingerprint, prepared.inputs, docs_dir, built, directory_urls
        )
        incremental.forget_state(built)  # a build that stops half-way: the next one is full
        if not work.full:
            cfg.plugins["digest-incremental"] = incremental.ArticlesInPlay(work.sources)
        build(cfg, dirty=not work.full)
    except MkDocsException as exc:
        raise SiteError(f"MkDocs build failed: {exc}", str(config_file)) from exc
    seconds["mkdocs"] = time.perf_counter() - start
    new_state = incremental.State(fingerprint, prepared.inputs, files)
    index = None
    if service is not None:
        start = time.perf_counter()
        index = _index(built, work, state, new_state, len(prepared.inputs), service)
        seconds["search"] = time.perf_counter() - start
    if service is not None and memory is None:
        # A build without search must not pass for a complete one; `digest serve` leaves
        # the key empty (its next build knows what changed, and a later `digest build`
        # then takes the incremental path).
        new_state.quiet = incremental.inputs_key(fingerprint, watched)
    new_state.articles = prepared.articles
    new_state.generated = prepared.pages.unchanged + len(prepared.pages.written)
    incremental.save_state(built, new_state)
    mode = f"full build ({work.reason})" if work.full else f"{len(work.rendered)} articles rendered"
    return SiteSummary(prepared.articles, prepared.pages, built, index, seconds, prepared, mode)


def _index(
    site: Path,
    work: incremental.Plan,
    old: incremental.State | None,
    new: incremental.State,
    articles: int,
    service: Service,
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
            return index_delta(site, pages, hidden, service)
    index = index_site(site)
    new.index = fragment_ids(site)
    return index


def generate_docs(config_file: Path, publish: str | None = None) -> tuple[int, WriteReport]:
    """Steps 1–4. Returns (articles published, what was written into docs/)."""
    prepared = prepare_docs(config_file, publish)
    return prepared.articles, prepared.pages


def prepare_docs(
    config_file: Path, publish: str | None = None, memory: buildcache.Memory | None = None
) -> Prepared:
    """Steps 1–4: the generated files in docs/ and, if needed, the published copy.
    ``memory``: what the previous build in this process left (``digest serve``); without
    it, the catalogue comes from the last build's cache on disk."""
    raw = _raw_config(config_file)
    settings = curation_settings(raw, config_file, publish)
    docs_dir = (config_file.parent / raw.get("docs_dir", "docs")).resolve()
    directory_urls = bool(raw.get("use_directory_urls", True))
    project = config_file.parent.resolve()
    variant = f"directory_urls={directory_urls}"
    on_disk = memory is None  # `digest serve` keeps its own in memory
    if memory is None:
        memory = buildcache.Memory(catalog=buildcache.load_catalog(project, variant))
    cache = memory.catalog
    before = buildcache.stamps(cache)
    archive = read_catalog(docs_dir / "articles", docs_dir, directory_urls, cache)
    if on_disk and buildcache.stamps(cache) != before:
        buildcache.save_catalog(project, cache, variant)
    curated = curate(archive, docs_dir, settings)
    entries = curated.entries
    issues = plan_issues(
        curated.picks, settings.period, read_intros(settings.notes_dir, settings.period)
    )

    def url_of(src: str) -> str:
        return page_url(src, directory_urls)

    site_name = str(raw.get("site_name") or "Column Digest")
    site_url = str(raw.get("site_url") or "http://localhost:8000/")
    files = plan_listings(entries, site_name, memory.listings, directory_urls)
    files.update(issue_pages(issues, DIGEST_FEED))
    files[FEED_FILE] = atom_feed(entries, site_url, site_name)
    files.update(listing_feeds(entries, site_url, site_name, url_of))
    files[DIGEST_FEED] = issues_feed(
        issues, site_url, site_name, DIGEST_FEED, url_of(INDEX_SRC), url_of
    )
    files[beside(DIGEST_FEED, SITEMAP_FILE)] = EMPTY_SITEMAP
    files[DATA_FILE], inputs = site_data(entries, directory_urls)
    files.update(plan_redirects(docs_dir, entries, directory_urls))
    files.update(plan_listing_redirects(docs_dir, entries, files, directory_urls))
    report = write_generated(docs_dir, files, memory.written)
    build_dir = docs_dir
    if curated.differs:
        build_dir = config_file.parent.resolve() / STAGE_DIR
        stage_docs(docs_dir, build_dir, curated.pages, curated.hidden)
    return Prepared(
        len(entries),
        report,
        build_dir,
        settings.publish,
        len(curated.picks),
        len(issues),
        inputs,
        files[DATA_FILE],
    )


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
