"""What reading a source costs, remembered: each file's sha256 by its stamp, and each
page's scan for grouping (pagescan.py) by its bytes.

A run hashes every source to find the settled articles, and scans every page of a
folder holding a new or changed page to group it again. At 10,000 sources, 1,000 a
folder (bench/site_scale.py, two shared cores), hashing took 0.23 s with the files in
the OS's cache (more read from disk) and scanning the 999 unchanged neighbours of one
edited page ~1 s; with this cache a run reads only the files whose stamp changed (0.05
s for the others) and scans only the pages whose bytes changed (grouping: 10 ms).

Each key holds everything its value depends on, so that a hit is never wrong:

- sha256 by the file's stamp at its absolute path: device, inode, size, mtime and
  ctime (nanoseconds). A program can set a file's mtime back (``os.utime``) but not
  its ctime, which every write and every ``utime`` moves on: an in-place edit of the
  same size with the old mtime restored still changes the stamp; an atomic save (a new
  file renamed over the old one) changes the inode too. A file changed less than
  :data:`RACY_NS` before it was looked at is hashed but not remembered: a second edit
  within the same tick of the file system's clock could leave the very same stamp
  (git's "racily clean" entries). On Windows ``st_ctime`` is the creation time, so
  there an edit keeping size and mtime is not seen: POSIX is what this is built for.
  A page inside an archive (``ARCHIVE::N``) keeps store.file_sha256's own memo.
- a page's scan by (its path as given, the sha256 of its bytes, the profiles key): a
  scan reads the file's bytes and the site profiles, and, for a page that names no URL
  of its own, the file's resolved location (its ``file:`` URI), which is then checked
  too. The profiles key is the converter's version and the stamps (size, mtime and
  ctime) of the converter's own files (its code and the shipped profiles) and of the
  files in ``Settings.profiles_dir``, each as this process first read them (a process
  reads them once): an edited profile or rule scans the pages again in the next run.

It lives in memory, passed explicitly: ``digest serve`` keeps one across its rebuilds;
``digest build`` (``Settings.cache_dir``) keeps it in ``build/cache/sources.json``,
written atomically. As the build's other caches (site/buildcache.py) it is JSON, data
checked when read, never a pickle; a file that cannot be read, or is of another format
or converter version, is ignored (everything is read again, as in a first run), and a
scan of the wrong shape is made again. It remembers only the sources the last run
found, so it never grows past the sources folder. Deleting ``build/`` is always safe.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import stat
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .members import container, split
from .pagescan import PageScan, scan_data, scan_from_data, scan_page
from .profiles import folder_stamps
from .store import atomic_write, file_sha256, file_stats, sha256_bytes

log = logging.getLogger(__name__)

CACHE_FILE = "sources.json"
# Bumped when the file's shape changes (with the converter's version, the file's key).
FORMAT = 1
# A file changed this recently when it is looked at is not remembered by its stamp: a
# second edit within one tick of the file system's clock (coarse on Linux, 2 s on FAT)
# could keep the same stamp. Its page is hashed again by the next run, nothing more.
RACY_NS = 2_000_000_000
# The converter's own files: its code and the shipped site profiles.
CONVERTER_DIR = Path(__file__).resolve().parent

# (st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns)
Stamp = tuple[int, int, int, int, int]
# A remembered scan: (path as given, sha256 of the bytes, profiles key, resolved path
# when the scan used it (a page without its own URL), else None; the scan as data,
# pagescan.scan_data's, checked when used).
ScanEntry = tuple[str, str, str, str | None, Any]
Scanner = Callable[[Path], PageScan]


class SourceCache:
    """File stamps -> sha256 and page bytes -> scan, for the sources of one project."""

    def __init__(self) -> None:
        self.shas: dict[str, tuple[Stamp, str]] = {}  # absolute path -> (stamp, sha256)
        self.scans: dict[str, ScanEntry] = {}  # absolute path -> its page's last scan
        self.changed = False  # since it was loaded or saved

    # Hashing -----------------------------------------------------------------------

    def sha256(self, path: Path) -> str | None:
        """sha256 of the file's bytes (None when it cannot be read, or is no regular
        file), read only when its stamp is not the one remembered."""
        if split(path)[1] is not None:
            return file_sha256(path)  # an archive's page: the archive's hash, once a run
        name = os.path.abspath(path)
        now = time.time_ns()  # before the stat: a later edit has a later ctime
        try:
            info = os.stat(name)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):
            return None  # a FIFO could block: reading it reports the refusal
        stamp = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        known = self.shas.get(name)
        if known is not None and known[0] == stamp:
            return known[1]
        sha = file_sha256(path)
        if sha is not None and max(info.st_mtime_ns, info.st_ctime_ns) < now - RACY_NS:
            self.shas[name] = (stamp, sha)
            self.changed = True
        elif known is not None:
            del self.shas[name]
            self.changed = True
        return sha

    # Scanning ----------------------------------------------------------------------

    def scanner(self, profiles_dir: Path | None, shas: Mapping[Path, str | None]) -> Scanner:
        """:func:`~converter.pagescan.scan_page` through this cache, for pages whose
        sha256 this run knows (``shas``)."""
        profiles = profiles_key(profiles_dir)

        def scan(path: Path) -> PageScan:
            return self.scan(path, shas.get(path), profiles_dir, profiles)

        return scan

    def scan(
        self, path: Path, sha: str | None, profiles_dir: Path | None, profiles: str
    ) -> PageScan:
        """The page's scan: remembered when ``sha`` (its bytes' sha256, None if unknown)
        and ``profiles`` (:func:`profiles_key`) are those of its last scan; else
        scanned now (OSError and DigestError propagate, as scan_page's do)."""
        name = os.path.abspath(path)
        known = self.scans.get(name)
        if (
            known is not None
            and sha is not None
            and known[1:3] == (sha, profiles)  # the path as spelt does not matter: the
            # CLI gives sources/…, `digest serve` absolute paths, one file either way
            and (known[3] is None or known[3] == os.path.realpath(path))
        ):
            try:
                return scan_from_data(path, known[4])
            except ValueError:  # not what scan_data writes: scanned again
                pass
        data = container(path).read_bytes()
        scan = scan_page(path, profiles_dir, data)
        # A page without a URL of its own is keyed by its file's URI (pagescan.py).
        resolved = os.path.realpath(path) if scan.key.startswith("file:") else None
        entry = (str(path), sha256_bytes(data), profiles, resolved, scan_data(scan))
        self.scans[name] = entry
        self.changed = True
        return scan

    # Keeping it small --------------------------------------------------------------

    def retain(self, paths: Sequence[Path], within: Sequence[Path] | None = None) -> None:
        """Forget every file but ``paths`` (the sources a run found); with ``within``
        (the run's inputs, when it looked at part of the sources only), forget only
        the files under those inputs."""
        keep = {os.path.abspath(p) for p in paths}
        scope = None if within is None else [os.path.abspath(p) for p in within]

        def gone(name: str) -> bool:
            if name in keep:
                return False
            return scope is None or any(
                name == top or name.startswith(top.rstrip(os.sep) + os.sep) for top in scope
            )

        for table in (self.shas, self.scans):
            stale = [name for name in table if gone(name)]
            for name in stale:
                del table[name]
            self.changed = self.changed or bool(stale)

    # On disk -----------------------------------------------------------------------

    @classmethod
    def load(cls, folder: Path | None) -> SourceCache:
        """The cache kept in ``folder`` (``build/cache/``), or an empty one: no folder,
        no file, a file that cannot be read, or one of another format or version."""
        cache = cls()
        if folder is None:
            return cache
        path = folder / CACHE_FILE
        try:
            # File names that are not UTF-8 come back as they went (surrogateescape).
            data: Any = json.loads(path.read_bytes().decode("utf-8", "surrogateescape"))
            if not isinstance(data, dict) or data.get("key") != _file_key():
                return cache  # another format or converter version
            shas: dict[str, tuple[Stamp, str]] = {}
            for name, (stamp, sha) in data["shas"].items():
                if not (_ints(stamp, 5) and isinstance(sha, str)):
                    raise ValueError("stamp")
                dev, ino, size, mtime, ctime = stamp
                shas[name] = ((dev, ino, size, mtime, ctime), sha)
            scans: dict[str, ScanEntry] = {}
            for name, (given, sha, profiles, resolved, scan) in data["scans"].items():
                if not all(isinstance(v, str) for v in (given, sha, profiles, resolved or "")):
                    raise ValueError("scan key")
                scans[name] = (given, sha, profiles, resolved, scan)
        except FileNotFoundError:
            return cache
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            log.debug("%s: ignored (%s)", path, exc)  # any unreadable cache: start afresh
            return cache
        cache.shas, cache.scans = shas, scans
        return cache

    def save(self, folder: Path | None) -> None:
        """Write the cache into ``folder`` (none: nowhere) when it changed, atomically."""
        if folder is None or not self.changed:
            return
        data = {"key": _file_key(), "shas": self.shas, "scans": self.scans}
        try:
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            payload = text.encode("utf-8", "surrogateescape")
            atomic_write(folder / CACHE_FILE, payload, sync_dir=False)
        except (OSError, UnicodeError) as exc:  # a read-only project still builds
            log.warning("cannot write the sources cache: %s", exc)
            return
        self.changed = False


def profiles_key(profiles_dir: Path | None) -> str:
    """What a page's scan depends on besides its path and bytes: the converter (its
    version, and its files as this process imported them) and the user's profiles
    folder as this process read it (:func:`~converter.profiles.folder_stamps`)."""
    user = folder_stamps(profiles_dir) if profiles_dir is not None else ()
    return sha256_bytes(repr((FORMAT, __version__, _CONVERTER_FILES, user)).encode())


def _files(folder: Path) -> tuple[tuple[str, int, int, int], ...]:
    """``(name relative to folder, size, mtime_ns, ctime_ns)`` of every file under
    ``folder``, but bytecode caches and hidden folders."""
    return tuple(
        (os.path.relpath(path, folder), info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        for path, info in file_stats(folder, lambda d: d == "__pycache__" or d.startswith("."))
    )


_CONVERTER_FILES = _files(CONVERTER_DIR)


def _file_key() -> str:
    """Which files this code reads: its format, the converter's version, the fields of
    a scan (a new one in pagescan.py makes older files foreign)."""
    fields = " ".join(f.name for f in dataclasses.fields(PageScan))
    return f"{FORMAT} {__version__} {fields}"


def _ints(value: Any, length: int) -> bool:
    return isinstance(value, list) and len(value) == length and all(type(n) is int for n in value)
