"""Per-site profiles: YAML data (one file per site) and the lookup by host.

Shipped profiles live beside this module (``converter/profiles/*.yaml``); a user's
folder of profiles (``Settings.profiles_dir``, CLI ``--profiles``) comes first, so a
user can override a shipped profile for the same site. Every folder is read and
validated once per process.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import ProfileError
from ..headscan import page_url
from .loader import load_profile
from .model import SELECTOR_FIELDS, SiteProfile

__all__ = ["SELECTOR_FIELDS", "SiteProfile", "find_profile", "load_profiles"]

SHIPPED_DIR = Path(__file__).parent


def find_profile(
    url: str | None, html: str, profiles_dir: Path | None = None
) -> SiteProfile | None:
    """The profile for the page's site, or None.

    ``url`` is the page's own URL; when absent, the canonical / ``og:url`` in the head
    of ``html`` is used. The profile whose domain is the longest suffix of the host
    wins; at equal length, a user profile beats a shipped one.
    """
    host = _host(url or page_url(html))
    if not host:
        return None
    best: tuple[int, SiteProfile] | None = None
    folders = ([profiles_dir] if profiles_dir else []) + [SHIPPED_DIR]
    for folder in folders:
        for profile in load_profiles(folder):
            for domain in profile.domains:
                if (host == domain or host.endswith("." + domain)) and (
                    best is None or len(domain) > best[0]
                ):
                    best = (len(domain), profile)
    return best[1] if best else None


def load_profiles(folder: Path) -> tuple[SiteProfile, ...]:
    """Every ``*.yaml``/``*.yml`` profile in ``folder``, validated, in file-name order.

    Raises :class:`ProfileError` for the first invalid file, or when two files of the
    folder claim the same domain.
    """
    return _load_folder(str(Path(folder).resolve()))


@lru_cache(maxsize=16)
def _load_folder(folder: str) -> tuple[SiteProfile, ...]:
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


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.lower().rstrip(".") if host else None
