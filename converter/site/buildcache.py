"""What one ``digest build`` keeps for the next, under ``build/cache/``: never published.

- the catalogue (catalog.py's :data:`~.catalog.Cache`): each article file's stamp and
  its entry, so a build reads again only the files that changed since the last one
  (at 1,000 articles, reading and parsing them all was a third of an unchanged build);
- the compiled theme templates (Jinja's bytecode cache): MkDocs compiles Material's
  templates in every run, even when it renders a single page.

A cache file that cannot be read, or was written by another version of the converter,
is ignored (the build reads everything, as the first one did); it is written atomically,
so an interrupted build leaves the previous one. Deleting ``build/`` is always safe.
The catalogue is JSON, checked value by value when read: a cache file is data, never
code (a pickle could run code, and a ``build/`` folder can come with a cloned project).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__, pipeline, slugs
from ..store import atomic_write
from . import catalog, names, reading
from .catalog import Cache, entry_data, entry_from_data

log = logging.getLogger(__name__)

CACHE_DIR = Path("build") / "cache"
CATALOG_FILE = "catalog.json"
TEMPLATES_DIR = "templates"
# Bumped when the cached data's shape changes (with the converter's version, the key).
FORMAT = 2


@dataclass
class Memory:
    """What a build hands the next one in the same process (``digest serve`` keeps one):
    the catalogue, the listing pages by their articles (listings.py), and the generated
    files as written, with their stamps (writer.py). ``digest build`` starts each run with
    the catalogue from disk and the rest empty."""

    catalog: Cache = field(default_factory=dict)
    listings: dict[Any, Any] = field(default_factory=dict)
    written: dict[str, Any] = field(default_factory=dict)


def cache_dir(project: Path) -> Path:
    return project / CACHE_DIR


def load_catalog(project: Path, variant: str = "") -> Cache:
    """The last build's catalogue cache, or an empty one. ``variant``: the settings the
    entries depend on (the URL style)."""
    path = cache_dir(project) / CATALOG_FILE
    try:
        data: Any = json.loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("key") != _key(variant):
            return {}
        out: Cache = {}
        for key, (stamp, entry) in data["entries"].items():
            if not (isinstance(stamp, list) and all(isinstance(n, int) for n in stamp)):
                raise ValueError("stamp")
            out[str(key)] = (tuple(stamp), None if entry is None else entry_from_data(entry))
        return out
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        log.debug("%s: ignored (%s)", path, exc)  # any unreadable cache: start afresh
        return {}


def save_catalog(project: Path, cache: Cache, variant: str = "") -> None:
    entries = {
        key: [list(stamp), None if entry is None else entry_data(entry)]
        for key, (stamp, entry) in cache.items()
    }
    data = {"key": _key(variant), "entries": entries}
    try:
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        atomic_write(cache_dir(project) / CATALOG_FILE, payload, sync_dir=False)
    except OSError as exc:  # a read-only project still builds, only slower next time
        log.warning("cannot write the build cache: %s", exc)


def stamps(cache: Cache) -> dict[str, tuple[int, ...]]:
    """Each cached file's stamp: compared before and after a build to know whether the
    cache changed and must be written again."""
    return {key: value[0] for key, value in cache.items()}


def templates_dir(project: Path) -> Path:
    return cache_dir(project) / TEMPLATES_DIR


def _key(variant: str) -> str:
    """The cache's validity: its format, the variant, and the code that makes an entry
    (the converter's version, and the modules' text, so that a changed rule between two
    releases is not hidden by a cached entry)."""
    h = hashlib.sha256(f"{FORMAT}\0{__version__}\0{variant}".encode())
    for module in (catalog, reading, names, slugs, pipeline):
        h.update(Path(module.__file__ or "").read_bytes())
    return h.hexdigest()


def cache_templates(theme: Any, folder: Path) -> None:
    """Make MkDocs' ``theme`` (``config.theme``) keep its compiled templates in
    ``folder``: Jinja checks each cached template against its source, so an edited
    override is compiled again."""
    import jinja2

    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return env
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
        return env

    theme.get_env = get_env
