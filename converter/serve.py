"""``digest serve``: a live preview of the site, search included.

    1. build once (``digest build``: convert, listings, MkDocs, Pagefind; incremental
       when the site folder holds an earlier build)
    2. serve the built site with MkDocs' live-reload server (pages reload by themselves)
    3. on every change under the watched paths (sources, docs/, the curator's notes/,
       mkdocs.yml, the theme overrides, any --watch folder): convert the changed
       sources' folders, then build again, incrementally: only the pages the change
       affects are rendered and indexed (converter/site/incremental.py)

The files the build itself writes into docs/ (listings, feed, template data, converted
articles) are told apart from the curator's edits by their modification time, recorded
after each build, so a build does not trigger another.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

import watchdog.events
import watchdog.observers
from mkdocs.livereload import LiveReloadServer
from watchdog.utils.dirsnapshot import EmptyDirectorySnapshot

from .batch import Report, convert
from .errors import DigestError
from .settings import Settings
from .site import build_site
from .site.buildcache import Memory
from .site.curation import NOTES_DIR
from .site.pagefind import Service
from .site.search import INDEX_LANGUAGE
from .sourcecache import SourceCache

log = logging.getLogger(__name__)


class Preview:
    """The state of one preview: what to convert, and the catalogue kept between builds."""

    def __init__(
        self,
        sources: Path,
        config: Path,
        settings: Settings,
        site_dir: Path | None = None,
        on_report: Callable[[Report], None] | None = None,
    ) -> None:
        self.sources = sources.resolve()
        self.config = config
        self.settings = settings
        self.site_dir = site_dir
        self.docs_dir = settings.output_dir.parent.resolve()
        self.on_report = on_report
        self.memory = Memory()  # what each build leaves the next (site/buildcache.py)
        self.source_cache = SourceCache.load(settings.cache_dir)  # hashes and page scans
        self.service = Service()  # kept up (and warm) between builds
        self.service.warm_up(INDEX_LANGUAGE)
        self.written: dict[str, int] = {}  # docs/ files -> mtime_ns after the last build
        self.lock = threading.Lock()
        self.changed: set[str] = set()

    def build(self, first: bool = False) -> str:
        """Convert what changed (everything the first time), build; return the summary."""
        with self.lock:
            changed, self.changed = self.changed, set()
        folders = self._folders(changed) if not first else [self.sources]
        start = time.perf_counter()
        if folders:
            report = convert(folders, self.settings, sources=self.source_cache)
            if first:  # for the next `digest build`; also saved when the preview stops
                self.source_cache.save(self.settings.cache_dir)
            if self.on_report:
                self.on_report(report)
        summary = build_site(self.config, self.site_dir, memory=self.memory, service=self.service)
        self.written = _mtimes(self.docs_dir)
        with self.lock:  # events for this build's own writes that came in meanwhile
            self.changed = {p for p in self.changed if not self._own(p)}
        return f"{summary} [{time.perf_counter() - start:.1f} s]"

    def note(self, path: str) -> None:
        """A watched file changed (unless this build wrote it)."""
        if not self._own(path):
            with self.lock:
                self.changed.add(path)

    def _own(self, path: str) -> bool:
        """True for a docs/ file as the last build left it (or removed it)."""
        return _is_under(path, self.docs_dir) and _mtime(path) == self.written.get(path, -1)

    def _folders(self, changed: set[str]) -> list[Path]:
        """The folders of the changed sources: a page's whole folder is converted so
        that the pages of a multi-page article are grouped again."""
        found = {
            Path(p).parent
            for p in changed
            if _is_under(p, self.sources) and Path(p).parent.is_dir()
        }
        return sorted(found)


# The file events that are changes. Native observers would also report every file and
# folder opened and closed without writing (each build's own reads and folder walks:
# tens of thousands of events at 10,000 articles, each handled in Python while the build
# waits for the interpreter); asking only for these keeps them out of the kernel's queue.
_CHANGES = (
    watchdog.events.FileCreatedEvent,
    watchdog.events.FileModifiedEvent,
    watchdog.events.FileMovedEvent,
    watchdog.events.FileDeletedEvent,
    watchdog.events.FileClosedEvent,
)


class _Server(LiveReloadServer):
    """MkDocs' live-reload server, telling the preview which file changed.

    MkDocs watches by polling (every file of every watched tree stat'ed twice a second):
    at 10,000 articles, 30,000 files, that took a core's worth of time and up to a
    second to notice a save. The preview uses the system's file events instead
    (watchdog's native observer: inotify, FSEvents, ReadDirectoryChangesW), and falls
    back to MkDocs' polling where they cannot be had (a full inotify watch table)."""

    def __init__(self, preview: Preview, **kwargs: object) -> None:
        super().__init__(builder=self._rebuild, **kwargs)  # type: ignore[arg-type]
        self.preview = preview
        self._polling = self.observer
        self._appeared: set[str] = set()  # folders watch_for saw appear, to watch
        self.observer = watchdog.observers.Observer()

    def _rebuild(self) -> None:
        with self._rebuild_cond:
            appeared, self._appeared = self._appeared, set()
        for folder in sorted(appeared):
            if os.path.isdir(folder) and folder not in self._watched_paths:
                self.watch(folder)
                for path in Path(folder).rglob("*"):
                    if path.is_file():
                        self.preview.note(str(path))
        with self.preview.lock:
            if not self.preview.changed:
                return  # only the build's own writes
        try:
            print(self.preview.build(), file=sys.stderr)
        except DigestError as exc:  # e.g. mkdocs.yml half-edited: said, and served on
            print(f"digest: error: {exc} (the preview shows the last good build)", file=sys.stderr)

    def serve(self, *, open_in_browser: bool = False) -> None:
        """MkDocs' serve(), saying "serving on" only once every watched tree has its first
        snapshot: a change made before that would be part of the snapshot, and missed."""
        self.server_bind()
        self.server_activate()
        self.observer.start()
        for emitter in list(self.observer.emitters):
            while isinstance(getattr(emitter, "_snapshot", None), EmptyDirectorySnapshot):
                time.sleep(0.05)
        print(f"serving on {self.url} (Ctrl+C stops)", file=sys.stderr)
        self.serve_thread.start()
        self._build_loop()

    def _changed(self, paths: Iterable[str]) -> None:
        """Note the changed files; a build follows unless the build wrote them all."""
        before = len(self.preview.changed)
        for path in paths:
            self.preview.note(path)
        if len(self.preview.changed) != before:
            self._wake()

    def _wake(self) -> None:
        """Have the build loop build (once the changes stop coming)."""
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def watch_for(self, folder: Path) -> None:
        """Watch a folder that does not exist yet (the curator's first note), by
        watching its parent alone until it appears; then as any other."""
        target = os.path.abspath(folder)

        def callback(event: watchdog.events.FileSystemEvent) -> None:
            paths = {os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", ""))}
            if target in paths:  # watched from the build loop, which then gathers the
                # files the folder came with (moved in, or written before the watch)
                with self._rebuild_cond:
                    self._appeared.add(target)
                self._wake()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = callback  # type: ignore[method-assign]
        # The changes too, though only the folder's arrival matters here: inotify keeps
        # one mask per folder, the last asked for, and a single file (mkdocs.yml) is
        # watched through its folder, which is this folder's parent too. Creation and
        # moves of folders add no bit to the changes' mask.
        appear = [*_CHANGES, watchdog.events.DirCreatedEvent, watchdog.events.DirMovedEvent]
        parent = os.path.dirname(target)
        self.observer.schedule(handler, parent, recursive=False, event_filter=appear)

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        path = os.path.abspath(path)
        if path in self._watched_paths:
            return
        self._watched_paths[path] = 1

        def callback(event: watchdog.events.FileSystemEvent) -> None:
            if event.is_directory or not isinstance(event, _CHANGES):
                return  # a file opened or closed unwritten (the polling fallback)
            paths = [event.src_path, getattr(event, "dest_path", "")]
            self._changed(os.fsdecode(p) for p in paths if p)

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = callback  # type: ignore[method-assign]
        try:
            self._watch_refs[path] = self.observer.schedule(
                handler, path, recursive=recursive, event_filter=list(_CHANGES)
            )
        except OSError as exc:  # e.g. the inotify watch limit: poll, as MkDocs does
            log.warning("file events unavailable for %s (%s); polling instead", path, exc)
            if self.observer is not self._polling:
                self.observer.unschedule_all()
                self.observer = self._polling
                for watched in list(self._watched_paths):
                    del self._watched_paths[watched]
                    self.watch(watched, recursive=recursive)
            else:
                raise


def serve(
    preview: Preview,
    host: str,
    port: int,
    watch: Sequence[Path] = (),
    site_url: str = "/",
) -> None:
    """Build, then serve and rebuild on changes until interrupted."""
    print(preview.build(first=True), file=sys.stderr)
    site = preview.site_dir or _site_dir(preview.config)
    server = _Server(
        preview, host=host, port=port, root=str(site), mount_path=urlsplit(site_url).path or "/"
    )
    from .site import _raw_config

    theme = _raw_config(preview.config).get("theme") or {}
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    overrides = preview.config.parent / str(custom or "overrides")
    notes = preview.config.parent / NOTES_DIR  # the curator's notes (site/curation.py)
    for path in (preview.sources, preview.docs_dir, preview.config, overrides, notes, *watch):
        if path.exists():
            server.watch(str(path))
    if not notes.exists():  # the first note may come while the preview runs
        server.watch_for(notes)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        preview.service.close()
        preview.source_cache.save(preview.settings.cache_dir)


def _site_dir(config: Path) -> Path:
    from .site import _raw_config

    return config.parent / str(_raw_config(config).get("site_dir", "site"))


def _mtimes(root: Path) -> dict[str, int]:
    out = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            out[path] = _mtime(path)
    return out


def _mtime(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return -1


def _is_under(path: str, root: Path) -> bool:
    return os.path.abspath(path).startswith(str(root) + os.sep)
