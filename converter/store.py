"""Writing pages: atomic writes, and the manifest that makes runs incremental.

Atomic write: the text goes to a hidden temp file in the target's own folder, is
flushed and fsync'ed, then renamed over the target (``os.replace``, atomic on POSIX and
Windows), and the folder is fsync'ed. A run killed at any moment leaves either the old
file or the new one, never half of one; stray temp files are removed by the next run.

The manifest, ``<output>/.digest-manifest.json`` (written the same way)::

    {
      "format": 1,
      "converter": "0.2.0",
      "slugs": 2,
      "articles": {
        "<source key>": {
          "pages": {"<source key>": "<sha256 of the page file>", ...},
          "output": "<file name in the output folder>",
          "output_sha256": "<sha256 of the file as written>",
          "aliases": ["<an earlier output file name>", ...]
        }
      }
    }

A source key is the page file's path relative to the output folder, with ``/``
(``../../sources/a.html``), so it survives moving the whole project. An article is
keyed by its first page; ``pages`` lists every page of it, in reading order.

``slugs`` is the slug scheme the output names follow (:data:`converter.slugs.SLUG_SCHEME`):
under another scheme every article is converted again and moves to its new name.
``aliases`` (only when there are any) are the names an article's page had before (its
title changed, or the slug scheme did): the site keeps a redirect at each of those
addresses (converter/site/redirects.py).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import DigestError
from .members import container, split
from .slugs import SLUG_SCHEME

log = logging.getLogger(__name__)

MANIFEST_NAME = ".digest-manifest.json"
MANIFEST_FORMAT = 1
IMAGES_FOLDER = "images"  # the site's images, inside the output folder (images.py)
_TEMP_PREFIX = ".digest-tmp-"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inside(root: Path, path: Path) -> bool:
    """True when ``path`` (resolved, symlinks followed) lies under ``root``."""
    return path.resolve().is_relative_to(root.resolve())


def atomic_write(
    path: Path, text: str | bytes, root: Path | None = None, sync_dir: bool = True
) -> str:
    """Write ``text`` (UTF-8, ``\\n`` newlines; or bytes as they are) to ``path``
    atomically; return its sha256.

    With ``root``, refuse (:class:`DigestError`) any ``path`` that resolves outside it.
    ``sync_dir=False`` leaves the folder's fsync to the caller (once per batch).
    """
    if root is not None and not inside(root, path.parent / "x"):
        raise DigestError(f"refusing to write outside {root}", str(path))
    data = text.encode("utf-8") if isinstance(text, str) else text
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_TEMP_PREFIX, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if sync_dir:
        _fsync_dir(path.parent)
    return sha256_bytes(data)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remove_stale_temp_files(folder: Path) -> int:
    """Delete temp files a killed run left in ``folder``; return how many."""
    count = 0
    if folder.is_dir():
        for tmp in folder.glob(f"{_TEMP_PREFIX}*.tmp"):
            tmp.unlink(missing_ok=True)
            count += 1
    return count


def file_stats(
    folder: Path | str, skip_dir: Callable[[str], bool] = lambda name: False
) -> Iterator[tuple[str, os.stat_result]]:
    """Every file under ``folder`` (sorted, folders named by ``skip_dir`` left out) with
    its stat: what the caches stamp files by. A file gone meanwhile is left out."""
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not skip_dir(d))
        for name in sorted(files):
            path = os.path.join(top, name)
            try:
                yield path, os.stat(path)
            except OSError:
                continue


def file_sha256(path: Path) -> str | None:
    """sha256 of the file's bytes, or None when it does not exist / cannot be read. A
    page inside an archive (``ARCHIVE::N``) has the archive's (hashed once a run)."""
    file, number = split(path)
    try:
        if number is None:
            return sha256_bytes(file.read_bytes())
        info = file.stat()
        return _archive_sha256(str(file), info.st_mtime_ns, info.st_size)
    except OSError:
        return None


@functools.lru_cache(maxsize=64)
def _archive_sha256(path: str, mtime_ns: int, size: int) -> str:
    return sha256_bytes(Path(path).read_bytes())


@dataclass(frozen=True)
class Entry:
    """What the manifest knows about one article."""

    pages: dict[str, str]  # source key -> sha256, in reading order
    output: str  # file name inside the output folder
    output_sha256: str
    images: tuple[str, ...] = ()  # paths of its images inside the output folder
    aliases: tuple[str, ...] = ()  # earlier output file names, oldest first


class Manifest:
    """The output folder's record of what was generated from what."""

    def __init__(self, root: Path, version: str) -> None:
        self.root = root
        self.version = version
        self._real_root = os.path.realpath(root)  # for key(): resolved once
        self.entries: dict[str, Entry] = {}
        self.same_version = True
        self.warning: str | None = None
        self._saved = ""
        # Whether the entries, the version or the format differ from the file's: save()
        # serialises only then (speed: ~35 ms per 1,000 articles on an unchanged re-run).
        self._dirty = False
        self._load()

    @property
    def path(self) -> Path:
        return self.root / MANIFEST_NAME

    def key(self, source: Path) -> str:
        """The source key of a page file (see the module docstring)."""
        # Speed: os.path.realpath is what Path.resolve() calls, without building a Path
        # and a stat() each time; the root is resolved once (a re-run over an unchanged
        # archive asks for every page's key, and this was a third of its time).
        real = os.path.realpath(source)
        try:
            rel = os.path.relpath(real, self._real_root)
        except ValueError:  # another drive (Windows)
            rel = real
        return Path(rel).as_posix()

    def source_path(self, key: str) -> Path:
        return self.root / key

    def owner(self, output: str) -> str | None:
        """The key of the article whose page is ``output``, if any."""
        for key, entry in self.entries.items():
            if entry.output == output:
                return key
        return None

    def _load(self) -> None:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except OSError as exc:
            self.warning = f"{self.path}: cannot read the manifest ({exc}); starting afresh"
            return
        self._saved = raw
        try:
            data = json.loads(raw)
            articles = data["articles"]
            # A page named under another slug scheme is converted again (and moved).
            self.same_version = (
                data.get("converter") == self.version and data.get("slugs", 1) == SLUG_SCHEME
            )
            self._dirty = not self.same_version or data.get("format") != MANIFEST_FORMAT
            for key, e in articles.items():
                images = tuple(str(i) for i in e.get("images", ()))
                aliases = tuple(str(a) for a in e.get("aliases") or ())
                self.entries[key] = Entry(
                    dict(e["pages"]), str(e["output"]), e["output_sha256"], images, aliases
                )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            self.entries.clear()
            self._dirty = True
            self.warning = f"{self.path}: manifest unreadable ({exc}); starting afresh"

    def put(self, key: str, entry: Entry) -> None:
        if self.entries.get(key) != entry:
            self.entries[key] = entry
            self._dirty = True

    def drop(self, key: str) -> None:
        del self.entries[key]
        self._dirty = True

    def to_json(self) -> str:
        """The manifest as JSON, one article a line (readable, and fast to write: Python's
        JSON encoder is in C only without ``indent``; at 10,000 articles the indented
        form took a fifth of a one-article rebuild under ``digest serve``)."""
        head = {"format": MANIFEST_FORMAT, "converter": self.version, "slugs": SLUG_SCHEME}
        lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "articles": {']
        rows = [
            f"{_dumps(key)}: {_dumps(_entry_json(e))}" for key, e in sorted(self.entries.items())
        ]
        return "\n".join(lines) + "\n" + ",\n".join(rows) + ("\n" if rows else "") + "}}\n"

    def save(self) -> None:
        """Write the manifest atomically, only if it changed (a rerun changes no byte)."""
        if not self._dirty:
            return
        text = self.to_json()
        if text != self._saved and (self.entries or self._saved):
            atomic_write(self.path, text, self.root)
            self._saved = text
        self._dirty = False


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _entry_json(e: Entry) -> dict[str, Any]:
    data: dict[str, Any] = {"pages": e.pages, "output": e.output, "output_sha256": e.output_sha256}
    if e.images:  # absent when none: manifests of image-less articles are unchanged
        data["images"] = list(e.images)
    if e.aliases:
        data["aliases"] = list(e.aliases)
    return data


class Store:
    """The output folder of a batch: decides, per article, whether to skip, write or
    refuse (a page edited by hand), and records every decision in the manifest."""

    def __init__(self, root: Path, version: str, force: bool = False) -> None:
        self.root = root
        self.force = force
        self.manifest = Manifest(root, version)
        self.seen: set[str] = set()
        remove_stale_temp_files(root)
        remove_stale_temp_files(root / IMAGES_FOLDER)
        # The recorded articles whose sources exist when the run starts, looked up once
        # (for gone() at the end too), and the output names they hold.
        self._present = {
            key
            for key in self.manifest.entries
            if container(self.manifest.source_path(key)).exists()
        }
        self._claims = {
            e.output: key for key, e in self.manifest.entries.items() if key in self._present
        }

    def settled(self, hashes: dict[str, str]) -> dict[str, tuple[Path, frozenset[str]]]:
        """Articles that need no work at all, found from page hashes alone (no parsing):
        every page is in ``hashes`` (source key -> sha256) unchanged, the converter
        version is the same, the page exists, no --force. Returns first-page key ->
        (page path, keys of all its pages)."""
        if self.force or not self.manifest.same_version:
            return {}
        found = {}
        for key, entry in self.manifest.entries.items():
            target = self.root / entry.output
            if (
                all(hashes.get(k) == sha for k, sha in entry.pages.items())
                and target.is_file()
                and self._images_present(entry)
            ):
                found[key] = (target, frozenset(entry.pages))
        return found

    def keep(self, key: str) -> None:
        """Record that the article keyed ``key`` was seen in this run and left as it is."""
        self.seen.add(key)

    def up_to_date(self, pages: dict[str, str]) -> Path | None:
        """The existing page when these exact page files were converted by this converter
        version and the page is still there; else None (convert again)."""
        key = next(iter(pages))
        self.seen.add(key)
        entry = self.manifest.entries.get(key)
        if self.force or not self.manifest.same_version or entry is None or entry.pages != pages:
            return None
        target = self.root / entry.output
        if not target.is_file() or not self._images_present(entry):
            return None
        self._claims[entry.output] = key
        return target

    def _images_present(self, entry: Entry) -> bool:
        return all((self.root / image).is_file() for image in entry.images)

    def write_image(self, relpath: str, data: bytes) -> bool:
        """Write one image of the site (``images/<hash>.<ext>``) unless a file of that
        name is there already (the name is the content's hash: the same bytes); atomic,
        so a killed run never leaves half an image. Returns True when written."""
        target = self.root / relpath
        if target.is_file() and target.stat().st_size == len(data):
            return False
        atomic_write(target, data, self.root, sync_dir=False)
        return True

    def place(self, key: str, names: list[str]) -> str:
        """The first of ``names`` no other article owns (the last one is unique per key)."""
        for name in names:
            if self._claims.get(name, key) == key:
                break
        self._claims[name] = key
        return name

    def write(
        self, pages: dict[str, str], name: str, text: str, images: tuple[str, ...] = ()
    ) -> tuple[str, Path]:
        """Write one article's page. Returns ``(outcome, path)``, outcome one of
        ``written``, ``unchanged``, ``edited`` (left alone: edited by hand, no --force)."""
        key = next(iter(pages))
        target = self.root / name
        new_sha = sha256_bytes(text.encode("utf-8"))
        current = file_sha256(target)
        old = self.manifest.entries.get(key)
        if current == new_sha:
            outcome = "unchanged"
        elif current is not None and not self.force and not self._generated(name, current):
            return "edited", target
        else:
            atomic_write(target, text, self.root, sync_dir=False)
            outcome = "written"
        aliases = _aliases(old, name)
        self.manifest.put(key, Entry(pages, name, new_sha, images, aliases))
        if old is not None and old.output != name:
            self._remove_page(old, key)  # the title or the slug scheme changed
        return outcome, target

    def _generated(self, name: str, sha: str) -> bool:
        """True when a file's content is what some recorded run generated."""
        return any(
            e.output == name and e.output_sha256 == sha for e in self.manifest.entries.values()
        )

    def _remove_page(self, entry: Entry, key: str) -> str | None:
        """Delete an article's old page unless edited by hand; return a warning if kept."""
        path = self.root / entry.output
        if self.manifest.owner(entry.output) not in (None, key):
            return None  # another article owns that name now
        current = file_sha256(path)
        if current is None:
            return None
        if current != entry.output_sha256 and not self.force:
            return f"{path}: edited by hand, not removed (use --force)"
        path.unlink(missing_ok=True)
        return None

    def gone(self, prune: bool) -> tuple[list[Path], list[str]]:
        """Articles whose first page no longer exists: with ``prune``, delete their pages
        and entries. Returns ``(removed pages, warnings)``."""
        removed: list[Path] = []
        warnings: list[str] = []
        for key, entry in sorted(self.manifest.entries.items()):
            if key in self.seen or key in self._present:
                continue
            page = self.root / entry.output
            if not prune:
                warnings.append(f"{page}: source {key} is gone; page kept (--prune removes it)")
                continue
            kept = self._remove_page(entry, key)
            if kept:
                warnings.append(kept)
                continue
            self.manifest.drop(key)
            removed.append(page)
            self._remove_orphan_images(entry.images)
        return removed, warnings

    def _remove_orphan_images(self, images: tuple[str, ...]) -> None:
        """Delete the images of a pruned article that no other article shows."""
        shown = {i for e in self.manifest.entries.values() for i in e.images}
        for image in images:
            if image not in shown and image.startswith(f"{IMAGES_FOLDER}/"):
                (self.root / image).unlink(missing_ok=True)

    def save(self) -> None:
        """Checkpoint: the manifest, and the renames of the pages written so far."""
        if self.root.is_dir():
            _fsync_dir(self.root)
        self.manifest.save()


def _aliases(old: Entry | None, name: str) -> tuple[str, ...]:
    """The earlier names of an article now written as ``name``: its recorded aliases,
    plus its previous name when that changed (a name in use again is no alias)."""
    if old is None:
        return ()
    earlier = (*old.aliases, old.output)
    return tuple(a for a in dict.fromkeys(earlier) if a != name)
