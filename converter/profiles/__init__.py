"""Per-site profiles: YAML data (one file per site) and the lookup by host.

Shipped profiles live beside this module (``converter/profiles/*.yaml``); a user's
folder of profiles (``Settings.profiles_dir``, CLI ``--profiles``) comes first, so a
user can override a shipped profile for the same site. Every folder is read and
validated once per process.

A folder may also hold Five Filters site configs (``<host>.txt``, ``.<parent>.txt``,
``global.txt``; siteconfig.py), found by file name as that format defines: a YAML
profile for the host wins over any config, and a config in the user's folder over one
beside this module. Each config file is read once per process, when a page needs it.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import ProfileError
from ..headscan import page_url
from .loader import load_profile
from .model import SELECTOR_FIELDS, SiteProfile
from .siteconfig import SiteConfig, config_names, merge_global, read_config, to_profile

__all__ = [
    "SELECTOR_FIELDS",
    "SiteProfile",
    "find_profile",
    "find_site_config",
    "folder_stamps",
    "load_profiles",
]

GLOBAL_CONFIG = "global.txt"

SHIPPED_DIR = Path(__file__).parent


def find_profile(
    url: str | None, html: str, profiles_dir: Path | None = None
) -> SiteProfile | None:
    """The profile for the page's site, or None.

    ``url`` is the page's own URL; when absent, the canonical / ``og:url`` in the head
    of ``html`` is used. The YAML profile whose domain is the longest suffix of the host
    wins; at equal length, a user profile beats a shipped one. Without one, the site
    config for the host (:func:`find_site_config`).
    """
    host = _host(url or page_url(html))
    if not host:
        return None
    best: tuple[int, SiteProfile] | None = None
    folders = _folders(profiles_dir)
    for folder in folders:
        for profile in load_profiles(folder):
            for domain in profile.domains:
                if (host == domain or host.endswith("." + domain)) and (
                    best is None or len(domain) > best[0]
                ):
                    best = (len(domain), profile)
    return best[1] if best else find_site_config(host, folders)


def find_site_config(host: str, folders: list[Path]) -> SiteProfile | None:
    """The site config for ``host`` as a profile, or None: the most specific file name
    first (``<host>.txt``, then ``.<parent>.txt``), at equal name the first folder's;
    ``global.txt`` (the first folder's that has one) merged in."""
    listed = [(folder, _config_files(str(Path(folder).resolve()))) for folder in folders]
    for name in config_names(host):
        for folder, names in listed:
            if name in names:
                shared = next((f for f, n in listed if GLOBAL_CONFIG in n), None)
                return _config_profile(
                    str(Path(folder).resolve() / name),
                    str(Path(shared).resolve() / GLOBAL_CONFIG) if shared else None,
                )
    return None


def _folders(profiles_dir: Path | None) -> list[Path]:
    return ([profiles_dir] if profiles_dir else []) + [SHIPPED_DIR]


@lru_cache(maxsize=16)
def _config_files(folder: str) -> frozenset[str]:
    """The ``*.txt`` file names of a folder (a full collection is ~2,000 files)."""
    _folder_stamps(folder)
    try:
        return frozenset(n for n in os.listdir(folder) if n.endswith(".txt"))
    except OSError:
        return frozenset()


@lru_cache(maxsize=256)
def _config_profile(path: str, shared: str | None) -> SiteProfile:
    config = read_config(Path(path))
    if shared and shared != path:
        config = merge_global(config, _read_config(shared))
    return to_profile(config, Path(path).name.removesuffix(".txt").lstrip("."))


@lru_cache(maxsize=16)
def _read_config(path: str) -> SiteConfig:
    return read_config(Path(path))


def load_profiles(folder: Path) -> tuple[SiteProfile, ...]:
    """Every ``*.yaml``/``*.yml`` profile in ``folder``, validated, in file-name order.

    Raises :class:`ProfileError` for the first invalid file, or when two files of the
    folder claim the same domain.
    """
    return _load_folder(str(Path(folder).resolve()))


@lru_cache(maxsize=16)
def _load_folder(folder: str) -> tuple[SiteProfile, ...]:
    _folder_stamps(folder)
    root = Path(folder)
    if not root.is_dir():
        raise ProfileError("profiles folder not found", folder)
    files = sorted([*root.glob("*.yaml"), *root.glob("*.yml")])
    profiles = tuple(load_profile(f) for f in files)
    owners: dict[str, Path] = {}
    for path, profile in zip(files, profiles, strict=True):
        for domain in profile.domains:
            if domain in owners:
                raise ProfileError(
                    f"key 'domains': '{domain}' is already claimed by {owners[domain].name}",
                    str(path),
                )
            owners[domain] = path
    return profiles


def folder_stamps(folder: Path) -> tuple[tuple[str, int, int, int], ...]:
    """``(name, size, mtime_ns, ctime_ns)`` of each file in a profiles folder as this
    process first saw it: before it read any profile or config there (and it reads each
    once), so a cache of what they decided (converter/sourcecache.py) is keyed by what
    was read. A file edited later was either read later (its stamp is newer than the
    key: that key never comes back) or not read again by this process."""
    return _folder_stamps(str(Path(folder).resolve()))


@lru_cache(maxsize=16)
def _folder_stamps(folder: str) -> tuple[tuple[str, int, int, int], ...]:
    found = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return ()
    for entry in entries:
        try:
            if entry.is_file():
                info = entry.stat()
                found.append((entry.name, info.st_size, info.st_mtime_ns, info.st_ctime_ns))
        except OSError:
            continue
    return tuple(found)


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.lower().rstrip(".") if host else None
