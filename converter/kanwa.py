"""pykakasi's kanji dictionary, read a row at a time from an index on disk.

pykakasi unpickles its whole kanji dictionary (``kanwadict4.db``: 9.7 MB, the readings
of 269,000 words filed under 6,823 first characters) before it reads anything: ~0.48 s
in every process that reads a Japanese title, a fifth of a ``digest build`` that adds
one article. A title needs a handful of those rows.

So the first process writes the dictionary into an SQLite file in the user's cache
folder (``$XDG_CACHE_HOME/column-digest/``, else ``~/.cache/column-digest/``): one row
per first character, its words as JSON (a cache file is data; unpickling one could run
code), written to a temp file and renamed into place. Later processes put a
:class:`KanwaIndex` where pykakasi keeps its table (``Kanwa._shared_state
["_jisyo_table"]``, which it reads only with ``.get(code point)``), so pykakasi never
unpickles, and each row is read and decoded the first time a title needs it. The
file's name holds a key of pykakasi's version and the dictionary file's size and mtime
(~2 ms; a SHA-256 of the file takes ~7 ms): another dictionary gets another index.

Anything unexpected means pykakasi's own load: internals not as described above, a
cache folder that cannot be written, a damaged index (SQLite's checks, a CRC-32 on each
row). A damaged index is deleted, for the next process to build again. The readings
are the same either way (tests/test_kanwa.py); deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import logging
import os
import pickle
import sqlite3
import tempfile
import threading
import time
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

CACHE_FOLDER = "column-digest"
# Bumped when the index's layout changes (it is part of the key, so a new name).
INDEX_FORMAT = 1
KEY_DIGITS = 16  # hex digits of the key in the file's name
_NAME = "kanwa-{key}.sqlite3"
_TEMP_PREFIX = ".kanwa-tmp-"
_STALE_TEMP_SECONDS = 3600  # a temp file this old is a killed build's, not a running one's
_SCHEMA = (
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # words: {word: [[reading, contexts or null], ...]} as UTF-8 JSON; crc: its CRC-32
    "CREATE TABLE kanwa (code INTEGER PRIMARY KEY, crc INTEGER NOT NULL, words BLOB NOT NULL)",
)
_SELECT_ROW = "SELECT crc, words FROM kanwa WHERE code = ?"

# A first character's words: {word: [(reading, contexts or None), ...]}; lists, not
# tuples, once read from JSON (pykakasi only unpacks them and tests ``in``).
Words = dict[str, list[Any]]


def install() -> bool:
    """Give pykakasi its kanji dictionary before its first converter is made: the index
    (built now from pykakasi's own file if there is none). False, with a debug line,
    when that cannot be done and pykakasi will load the dictionary itself."""
    try:
        from pykakasi import kanji

        state = getattr(kanji.Kanwa, "_shared_state", None)
        if not (isinstance(state, dict) and state.get("_jisyo_table", False) is None):
            log.debug("pykakasi's Kanwa table is not as expected: pykakasi loads it")
            return False
        source = dictionary_path()
        key = _key(source)
        path = cache_dir() / _NAME.format(key=_digest(key))
        with state.get("_lock") or contextlib.nullcontext():
            if state["_jisyo_table"] is None:
                state["_jisyo_table"] = _open(path, key, source) or _build(path, key, source)
        return True
    except Exception as exc:  # any failure: pykakasi's own load
        log.debug("kanji dictionary index not used (%s): pykakasi loads its own", exc)
        return False


def dictionary_path() -> Path:
    """pykakasi's kanji dictionary file, as pykakasi finds it."""
    from pykakasi import kanji

    config: Any = kanji.Configurations  # an instance under its class's name
    return Path(config.dictpath(config.jisyo_kanwa))


def cache_dir() -> Path:
    """Where the index lives: ``$XDG_CACHE_HOME/column-digest`` (an absolute path, as the
    XDG spec requires), else ``~/.cache/column-digest``."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / CACHE_FOLDER


class KanwaIndex(Mapping[int, Words]):
    """pykakasi's kanji table (first character's code point -> its words) read from the
    index one row at a time, each decoded once. Read-only. A row that cannot be read
    sends every later lookup to pykakasi's own dictionary and deletes the index."""

    def __init__(self, path: Path, source: Path) -> None:
        self._path, self._source = path, source
        self._rows: dict[int, Words | None] = {}
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._pid = 0  # the process that opened the connection (workers are forked)
        self._fallback: dict[int, Words] | None = None
        stat = path.stat()
        self._identity = (stat.st_ino, stat.st_mtime_ns)

    def get(self, code: int, default: Any = None) -> Any:
        if code not in self._rows:
            with self._lock:
                if code not in self._rows:
                    self._rows[code] = self._read(code)
        words = self._rows[code]
        return default if words is None else words

    def __getitem__(self, code: int) -> Words:
        words = self.get(code)
        if words is None:
            raise KeyError(code)
        return words

    def __iter__(self) -> Iterator[int]:
        with self._lock:
            if self._fallback is not None:
                return iter(list(self._fallback))
            rows = self._db().execute("SELECT code FROM kanwa ORDER BY code").fetchall()
        return iter([code for (code,) in rows])

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def meta(self, name: str) -> str | None:
        row = self._db().execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def _read(self, code: int) -> Words | None:
        if self._fallback is None:
            try:
                row = self._db().execute(_SELECT_ROW, (code,)).fetchone()
                if row is None:
                    return None
                crc, data = row
                if zlib.crc32(data) != crc:
                    raise ValueError(f"row {code} fails its CRC-32")
                words: Words = json.loads(data)
                return words
            except (sqlite3.Error, ValueError, TypeError) as exc:
                self._fall_back(exc)
        assert self._fallback is not None
        return self._fallback.get(code)

    def _db(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            self._connection, self._pid = _connect(self._path), os.getpid()
        return self._connection

    def _fall_back(self, exc: Exception) -> None:
        log.debug("%s: %s; pykakasi's dictionary from now on, index deleted", self._path, exc)
        self._fallback = _load(self._source)
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        with contextlib.suppress(OSError):
            stat = self._path.stat()
            if (stat.st_ino, stat.st_mtime_ns) == self._identity:  # not a newer build
                self._path.unlink()


def _key(source: Path) -> str:
    """What the index depends on: its layout, pykakasi's version, the dictionary file."""
    stat = source.stat()
    version = importlib.metadata.version("pykakasi")
    return f"format {INDEX_FORMAT}, pykakasi {version}, {stat.st_size} B, {stat.st_mtime_ns}"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:KEY_DIGITS]


def _open(path: Path, key: str, source: Path) -> KanwaIndex | None:
    """The index at ``path`` if it is there, whole and built for ``key``."""
    if not path.is_file():
        return None
    try:
        index = KanwaIndex(path, source)
        found = index.meta("key")  # reads the header: a truncated file fails here
    except (OSError, sqlite3.Error) as exc:
        log.debug("%s: %s; built again", path, exc)
        return None
    if found != key:
        log.debug("%s: built for %r, not %r; built again", path, found, key)
        return None
    return index


def _build(path: Path, key: str, source: Path) -> dict[int, Words]:
    """Write the index of pykakasi's dictionary at ``path``; the dictionary itself is
    returned for this process (it is loaded anyway). Raises before loading anything if
    the cache folder cannot be written; the dictionary is returned even if writing the
    index fails later."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(path.parent)
    fd, temp = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=path.parent)
    os.close(fd)
    try:
        table = _load(source)
        try:
            _write(Path(temp), key, table)
            os.replace(temp, path)
            log.debug("%s: kanji dictionary index written", path)
        except (OSError, sqlite3.Error) as exc:
            log.debug("%s: not written (%s)", path, exc)
        return table
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _write(temp: Path, key: str, table: dict[int, Words]) -> None:
    connection = sqlite3.connect(temp)
    try:
        # Nothing to journal: the file is renamed into place once it is whole.
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        for statement in _SCHEMA:
            connection.execute(statement)
        connection.execute("INSERT INTO meta VALUES ('key', ?)", (key,))
        # JSON keeps the order of each word's readings: pykakasi takes the first match.
        rows = (
            (code, zlib.crc32(data), data)
            for code, words in table.items()
            for data in [json.dumps(words, ensure_ascii=False, separators=(",", ":")).encode()]
        )
        connection.executemany("INSERT INTO kanwa VALUES (?, ?, ?)", rows)
        connection.commit()
    finally:
        connection.close()
    with temp.open("rb") as fh:
        os.fsync(fh.fileno())


def _connect(path: Path) -> sqlite3.Connection:
    # immutable: the file is replaced by a rename, never changed in place, so no locks.
    connection = sqlite3.connect(
        f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False
    )
    connection.execute("PRAGMA trusted_schema = OFF")
    return connection


def _load(source: Path) -> dict[int, Words]:
    with source.open("rb") as fh:
        table: dict[int, Words] = pickle.load(fh)  # pykakasi's own file, as it loads it
    return table


def _remove_stale_temps(folder: Path) -> None:
    now = time.time()
    for temp in folder.glob(f"{_TEMP_PREFIX}*"):
        with contextlib.suppress(OSError):
            if now - temp.stat().st_mtime > _STALE_TEMP_SECONDS:
                temp.unlink()
