"""Per-site profiles (YAML data) and their validating loader. First cut: the data type."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteProfile:
    """Rules for one site; every selector is a CSS selector, tried in order.

    A profile's rules take precedence over generic extraction; an empty field means
    "use the generic method".
    """

    name: str
    domains: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    date_format: str | None = None
    timezone: str | None = None  # IANA name, e.g. Asia/Tokyo
    author: tuple[str, ...] = ()
    author_exclude: tuple[str, ...] = ()  # removed from the author element first
    column: tuple[str, ...] = ()
    section: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    profile: tuple[str, ...] = ()
    image: tuple[str, ...] = ()
    caption: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    next_page: tuple[str, ...] = ()


def find_profile(url: str | None, html: str) -> SiteProfile | None:
    """The profile for the page's site, or None."""
    return None
