"""A batch: every article among many sources, converted in parallel and written once.

discover pages ─► skip settled articles (manifest hashes, no parsing)
               ─► group the pages of each article
               ─► workers (-j): read + convert one article each (pipeline.py)
               ─► parent, in input order: atomic write + manifest (store.py)
"""

from __future__ import annotations

import logging
import os
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from . import __version__
from .capture import page_count
from .errors import DigestError, InputError, InternalError
from .members import member
from .pages import SourceGroup, group_sources
from .parallel import ordered_map, progress
from .pipeline import extract_article, read_source, render_page
from .settings import Settings
from .slugs import article_slug
from .sourcecache import Scanner, SourceCache
from .store import IMAGES_FOLDER, Store, sha256_bytes

log = logging.getLogger(__name__)

# .txt: a copy of a page's text (capture/text.py); any of these may hold any capture.
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".php", ".txt")
# Captures found in folders besides pages (their content decides how they are read).
CAPTURE_SUFFIXES = (".mhtml", ".mht", ".warc", ".warc.gz", ".wacz")
# The resource folder of a "complete" save: Chrome and Firefox NAME_files, old IE NAME.files.
RESOURCE_FOLDER_SUFFIXES = ("_files", ".files")


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
    """Files as given, and every page file under the given folders (hidden ones and the
    resource folders of "complete" saves skipped), sorted and without duplicates; plus an
    error for each folder without pages and for each file refused by :func:`refusal`."""
    # real path (os.path.realpath: Path.resolve() without its stat()) -> path as given
    found: dict[str, Path] = {}
    errors: list[DigestError] = []
    for item in inputs:
        if item.is_dir():
            root = os.path.realpath(item)
            pages = [
                p
                for p in sorted(item.rglob("*"))
                if is_page_name(p)
                and not any(part.startswith(".") for part in p.relative_to(item).parts)
                and not resource_folder_of(p, item)
            ]
            refused = {p: why for p in pages if (why := refusal(p, root))}
            errors += [InputError(why, str(p)) for p, why in refused.items()]
            pages = [p for p in pages if p not in refused and p.is_file()]
            if not pages and not refused:
                errors.append(
                    InputError(f"no pages found (looked for {', '.join(PAGE_SUFFIXES)})", str(item))
                )
            for p in pages:
                found.setdefault(os.path.realpath(p), p)
        else:
            found.setdefault(os.path.realpath(item), item)
    return _members(list(found.values()), errors), errors


def _members(paths: list[Path], errors: list[DigestError]) -> list[Path]:
    """Each file as it is, but a capture holding several pages (a web archive) as its
    pages ``FILE::1`` … ``FILE::N`` (converter/members.py); one without pages is an error."""
    out: list[Path] = []
    for path in paths:
        count = _page_count(path)
        if count is None:
            out.append(path)
        elif count == 0:
            errors.append(InputError("no HTML pages in this archive", str(path)))
        else:
            out += [member(path, n) for n in range(1, count + 1)]
    return out


def _page_count(path: Path) -> int | None:
    """How many pages the file holds when it is an archive (its content says so)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > Settings().max_bytes:
            return None  # read_source refuses it with its reason
        with path.open("rb") as fh:
            head = fh.read(4096)
        if not head.startswith((b"WARC/", b"\x1f\x8b", b"PK\x03\x04")):
            return None  # speed: only these can be archives; no page is read whole
        return page_count(path.read_bytes())
    except Exception as exc:  # a broken archive: its conversion reports the problem
        log.debug("%s: not read as an archive (%s)", path, exc)
        return None


def is_page_name(path: Path) -> bool:
    """A file name a saved page (or a capture holding pages) may have."""
    name = path.name.lower()
    return path.suffix.lower() in PAGE_SUFFIXES or name.endswith(CAPTURE_SUFFIXES)


def refusal(path: Path, root: str) -> str | None:
    """Why a file found under the sources folder ``root`` (a real path) must not be
    read, or None: a link leading outside the folder, or no regular file (a FIFO, a
    device, a socket: reading one could block or read anything)."""
    real = os.path.realpath(path)
    if not (real == root or real.startswith(root.rstrip(os.sep) + os.sep)):
        return f"refused: a link leading outside the sources folder (to {real})"
    try:
        mode = os.stat(real).st_mode
    except OSError:
        return None  # a dangling link: reading it reports the error
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return None
    return f"refused: {_file_kind(mode)}, not a page file"


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def resource_folder_of(path: Path, top: Path) -> bool:
    """True for a file inside the resource folder of a browser's "complete" save
    (``NAME_files/`` or ``NAME.files/`` beside ``NAME.html``): frames and scripts it
    saved are parts of that page, not pages."""
    folder = path.parent
    while folder != top and folder != folder.parent:
        for suffix in RESOURCE_FOLDER_SUFFIXES:
            if folder.name.endswith(suffix):
                stem = folder.name[: -len(suffix)]
                if any((folder.parent / f"{stem}{ext}").is_file() for ext in PAGE_SUFFIXES):
                    return True
        folder = folder.parent
    return False


def convert(
    inputs: Sequence[Path],
    settings: Settings,
    on_progress: Callable[[Path], None] | None = None,
    sources: SourceCache | None = None,
) -> Report:
    """Convert every article found in ``inputs`` into ``settings.output_dir``.

    Incremental: pages whose sources and converter version are unchanged are skipped
    without parsing; pages edited by hand are left alone unless ``settings.force``; the
    pages of vanished sources are deleted only with ``settings.prune``. Every error is
    per article: the batch always goes on.

    ``sources``: the caller's cache of file hashes and page scans (sourcecache.py), kept
    up to date for the inputs' files, and saved by the caller; without one, the cache
    kept in ``settings.cache_dir``, loaded and saved again (none: this run's only).
    """
    report = Report()
    found, report.failed = discover(inputs)
    cache = sources if sources is not None else SourceCache.load(settings.cache_dir)
    store = Store(settings.output_dir, __version__, force=settings.force)
    if store.manifest.warning:
        report.warnings.append(store.manifest.warning)
    last_save = time.monotonic()
    try:
        shas = {p: cache.sha256(p) for p in found}
        paths = _skip_settled(found, shas, store, report)
        scanner = cache.scanner(settings.profiles_dir, shas)
        groups = _groups(paths, settings, report, scanner)
        # Parent: read + hash, skip what is up to date; workers (-j): convert; parent,
        # in input order: write + manifest. Same output whatever the number of jobs.
        with progress(len(groups), settings.progress) as step:
            todo: list[tuple[SourceGroup, dict[str, str]]] = []
            for group in groups:
                pages = _per_article(_prepare_group, group, settings, store, report, shas)
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
        if sources is not None:  # the caller's: it may hold files outside these inputs
            sources.retain(found, inputs)
        elif settings.cache_dir is not None:
            cache.retain(found)
            cache.save(settings.cache_dir)
    return report


# Seconds between manifest checkpoints during a long batch.
MANIFEST_SAVE_SECONDS = 2.0


def _skip_settled(
    paths: list[Path], shas: dict[Path, str | None], store: Store, report: Report
) -> list[Path]:
    """Report the articles whose pages are all unchanged (``shas``: hashes only, no
    parsing) and return the paths still to convert. A folder with any new or changed
    page is grouped again whole, so a page added to a known multi-page article joins it."""
    keys = {p: store.manifest.key(p) for p in paths}
    hashes = {keys[p]: h for p in paths if (h := shas[p]) is not None}
    settled = store.settled(hashes)
    owner = {page: first for first, (_, pages) in settled.items() for page in pages}
    touched = {p.parent for p in paths if keys[p] not in owner}
    regroup = {owner[keys[p]] for p in paths if keys[p] in owner and p.parent in touched}
    for first, (target, _) in settled.items():
        if first not in regroup:
            store.keep(first)
            report.unchanged.append(target)
    return [p for p in paths if keys[p] not in owner or owner[keys[p]] in regroup]


def _groups(
    paths: list[Path], settings: Settings, report: Report, scanner: Scanner
) -> list[SourceGroup]:
    """The articles among ``paths``; if grouping itself fails, one article per file."""
    try:
        return group_sources(paths, settings.profiles_dir, scanner)
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
    group: SourceGroup,
    settings: Settings,
    store: Store,
    report: Report,
    shas: dict[Path, str | None],
) -> dict[str, str] | None:
    """Source key -> sha256 of the article's pages, or None when its page is up to date.
    The hashes are this run's (``shas``); a page they lack is read now, which reports
    why it cannot be (the worker's hashes are the ones recorded)."""
    known = [sha for p in group.paths if (sha := shas.get(p)) is not None]
    if len(known) != len(group.paths):
        known = [sha256_bytes(read_source(p, settings).data) for p in group.paths]
    pages = {store.manifest.key(p): sha for p, sha in zip(group.paths, known, strict=True)}
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
    images: tuple[tuple[str, bytes], ...] = ()  # (path in the output folder, bytes)
    warnings: tuple[str, ...] = ()
    error: tuple[str, str, str | None] | None = None  # (DigestError class, message, path)


def _convert_job(job: tuple[tuple[Path, ...], tuple[str, ...], Settings]) -> Converted:
    """The worker: read and convert one article; never raises."""
    paths, missing, settings = job
    try:
        sources = [read_source(p, settings) for p in paths]
        article = extract_article(sources, settings, missing)
        shas = tuple(sha256_bytes(s.data) for s in sources)
        images = tuple((f"{IMAGES_FOLDER}/{i.name}", i.data) for i in article.site_images)
        return Converted(
            shas,
            article.title,
            article.url,
            article.lang,
            render_page(article),
            images,
            article.warnings,
        )
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
    report.warnings.extend(result.warnings)
    for path, data in result.images:  # before the page: a page never shows a missing image
        store.write_image(path, data)
    if group.missing:
        report.warnings.append(
            f"{group.paths[0]}: incomplete article, missing page(s): {', '.join(group.missing)}"
        )
    key = next(iter(pages))
    stable = (result.url or "").split("#")[0] or key
    names = [article_slug(result.title, k, result.lang) for k in (stable, key)]
    name = store.place(key, [f"{n}.md" for n in names])
    outcome, target = store.write(pages, name, result.text, tuple(p for p, _ in result.images))
    if outcome == "edited":
        report.skipped.append((target, "edited by hand; not overwritten (--force overwrites)"))
    elif outcome == "unchanged":
        report.unchanged.append(target)
    else:
        report.written.append(target)
