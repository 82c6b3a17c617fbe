"""A batch: every article among many sources, converted in parallel and written once.

discover pages ─► skip settled articles (manifest hashes, no parsing)
               ─► group the pages of each article
               ─► workers (-j): read + convert one article each (pipeline.py)
               ─► parent, in input order: atomic write + manifest (store.py)
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from . import __version__
from .errors import DigestError, InputError, InternalError
from .pages import SourceGroup, group_sources
from .parallel import ordered_map, progress
from .pipeline import extract_article, read_source, render_page
from .settings import Settings
from .slugs import article_slug
from .store import Store, file_sha256, sha256_bytes

log = logging.getLogger(__name__)

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".php")


@dataclass
class Report:
    """What a batch run did; the CLI prints it and derives the exit code from it."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    failed: list[DigestError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def discover(inputs: Iterable[Path]) -> tuple[list[Path], list[DigestError]]:
    """Files as given, and every page file under the given folders (hidden ones
    skipped), sorted and without duplicates; plus an error for each folder without pages.
    """
    # real path (os.path.realpath: Path.resolve() without its stat()) -> path as given
    found: dict[str, Path] = {}
    errors: list[DigestError] = []
    for item in inputs:
        if item.is_dir():
            pages = [
                p
                for p in sorted(item.rglob("*"))
                if p.suffix.lower() in PAGE_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(item).parts)
            ]
            if not pages:
                errors.append(
                    InputError(f"no pages found (looked for {', '.join(PAGE_SUFFIXES)})", str(item))
                )
            for p in pages:
                found.setdefault(os.path.realpath(p), p)
        else:
            found.setdefault(os.path.realpath(item), item)
    return list(found.values()), errors


def convert(
    inputs: Sequence[Path],
    settings: Settings,
    on_progress: Callable[[Path], None] | None = None,
) -> Report:
    """Convert every article found in ``inputs`` into ``settings.output_dir``.

    Incremental: pages whose sources and converter version are unchanged are skipped
    without parsing; pages edited by hand are left alone unless ``settings.force``; the
    pages of vanished sources are deleted only with ``settings.prune``. Every error is
    per article: the batch always goes on.
    """
    report = Report()
    paths, report.failed = discover(inputs)
    store = Store(settings.output_dir, __version__, force=settings.force)
    if store.manifest.warning:
        report.warnings.append(store.manifest.warning)
    last_save = time.monotonic()
    try:
        paths = _skip_settled(paths, store, report)
        groups = _groups(paths, settings, report)
        # Parent: read + hash, skip what is up to date; workers (-j): convert; parent,
        # in input order: write + manifest. Same output whatever the number of jobs.
        with progress(len(groups), settings.progress) as step:
            todo: list[tuple[SourceGroup, dict[str, str]]] = []
            for group in groups:
                pages = _per_article(_prepare_group, group, settings, store, report)
                if pages is None:  # up to date, or failed
                    step()
                else:
                    todo.append((group, pages))
            jobs = [(g.paths, g.missing, settings) for g, _ in todo]
            done = ordered_map(_convert_job, jobs, settings.jobs, on_crash=_crashed_job)
            for (group, pages), result in zip(todo, done, strict=True):
                _per_article(_write_group, group, settings, store, report, pages, result)
                step()
                if on_progress:
                    on_progress(group.paths[0])
                if time.monotonic() - last_save > MANIFEST_SAVE_SECONDS:
                    store.save()  # a killed run keeps most of its record
                    last_save = time.monotonic()
        report.removed, warnings = store.gone(settings.prune)
        report.warnings.extend(warnings)
    finally:
        store.save()
    return report


# Seconds between manifest checkpoints during a long batch.
MANIFEST_SAVE_SECONDS = 2.0


def _skip_settled(paths: list[Path], store: Store, report: Report) -> list[Path]:
    """Report the articles whose pages are all unchanged (hashes only, no parsing) and
    return the paths still to convert. A folder with any new or changed page is grouped
    again whole, so a page added to a known multi-page article joins it."""
    keys = {p: store.manifest.key(p) for p in paths}
    hashes = {keys[p]: h for p in paths if (h := file_sha256(p)) is not None}
    settled = store.settled(hashes)
    owner = {page: first for first, (_, pages) in settled.items() for page in pages}
    touched = {p.parent for p in paths if keys[p] not in owner}
    regroup = {owner[keys[p]] for p in paths if keys[p] in owner and p.parent in touched}
    for first, (target, _) in settled.items():
        if first not in regroup:
            store.keep(first)
            report.unchanged.append(target)
    return [p for p in paths if keys[p] not in owner or owner[keys[p]] in regroup]


def _groups(paths: list[Path], settings: Settings, report: Report) -> list[SourceGroup]:
    """The articles among ``paths``; if grouping itself fails, one article per file."""
    try:
        return group_sources(paths, settings.profiles_dir)
    except Exception as exc:  # a bug in grouping must not lose the whole batch
        if settings.debug:
            log.exception("grouping pages failed")
        report.warnings.append(f"{InternalError(exc)} (pages grouped one per file)")
        return [SourceGroup((p,)) for p in paths]


_T = TypeVar("_T")


def _per_article(
    step: Callable[..., _T],
    group: SourceGroup,
    settings: Settings,
    store: Store,
    report: Report,
    *args: Any,
) -> _T | None:
    """Run one step for one article; its error goes into the report, the batch goes on."""
    try:
        return step(group, settings, store, report, *args)
    except DigestError as exc:
        report.failed.append(exc)
    except Exception as exc:  # a bug on one page must not stop the batch
        if settings.debug:
            log.exception("internal error on %s", group.paths[0])
        report.failed.append(InternalError(exc, str(group.paths[0])))
    return None


def _prepare_group(
    group: SourceGroup, settings: Settings, store: Store, report: Report
) -> dict[str, str] | None:
    """Source key -> sha256 of the article's pages, or None when its page is up to date."""
    sources = [read_source(p, settings) for p in group.paths]
    pages = {
        store.manifest.key(p): sha256_bytes(s.data)
        for p, s in zip(group.paths, sources, strict=True)
    }
    existing = store.up_to_date(pages)
    if existing is not None:
        report.unchanged.append(existing)
        return None
    return pages


@dataclass(frozen=True)
class Converted:
    """A worker's answer for one article: plain data only (it crosses processes)."""

    shas: tuple[str, ...] = ()  # sha256 of each page as read by the worker
    title: str = ""
    url: str | None = None
    lang: str | None = None
    text: str = ""  # the rendered page: front matter + body
    error: tuple[str, str, str | None] | None = None  # (DigestError class, message, path)


def _convert_job(job: tuple[tuple[Path, ...], tuple[str, ...], Settings]) -> Converted:
    """The worker: read and convert one article; never raises."""
    paths, missing, settings = job
    try:
        sources = [read_source(p, settings) for p in paths]
        article = extract_article(sources, settings, missing)
        shas = tuple(sha256_bytes(s.data) for s in sources)
        return Converted(shas, article.title, article.url, article.lang, render_page(article))
    except DigestError as exc:
        return Converted(error=(type(exc).__name__, exc.message, exc.path))
    except Exception as exc:  # a bug on one page must not stop the batch
        if settings.debug:
            log.exception("internal error on %s", paths[0])
        return Converted(error=("InternalError", InternalError(exc).message, str(paths[0])))


def _crashed_job(
    job: tuple[tuple[Path, ...], tuple[str, ...], Settings], exc: BaseException
) -> Converted:
    """The answer for an article whose worker process died (killed, out of memory)."""
    message = f"worker process died ({type(exc).__name__}: {exc}); retry with -j 1"
    return Converted(error=("InternalError", message, str(job[0][0])))


def _error(kind: str, message: str, path: str | None) -> DigestError:
    """A worker's error as the exception it was (rebuilt: the class and its fields)."""
    known: list[type[DigestError]] = [DigestError, *DigestError.__subclasses__()]
    classes = {c.__name__: c for c in known}
    exc = DigestError.__new__(classes.get(kind, DigestError))
    DigestError.__init__(exc, message, path)
    return exc


def _write_group(
    group: SourceGroup,
    settings: Settings,
    store: Store,
    report: Report,
    pages: dict[str, str],
    result: Converted,
) -> None:
    if result.error is not None:
        raise _error(*result.error)
    pages = dict(zip(pages, result.shas, strict=True))  # what the worker converted
    if group.missing:
        report.warnings.append(
            f"{group.paths[0]}: incomplete article, missing page(s): {', '.join(group.missing)}"
        )
    key = next(iter(pages))
    stable = (result.url or "").split("#")[0] or key
    names = [article_slug(result.title, k, result.lang) for k in (stable, key)]
    name = store.place(key, [f"{n}.md" for n in names])
    outcome, target = store.write(pages, name, result.text)
    if outcome == "edited":
        report.skipped.append((target, "edited by hand; not overwritten (--force overwrites)"))
    elif outcome == "unchanged":
        report.unchanged.append(target)
    else:
        report.written.append(target)
