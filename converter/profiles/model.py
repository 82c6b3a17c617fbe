"""The site-profile data type."""

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


# The fields that hold CSS selectors (everything but name, domains, date_format, timezone).
SELECTOR_FIELDS = frozenset(
    {
        "title",
        "date",
        "author",
        "author_exclude",
        "column",
        "section",
        "lead",
        "profile",
        "image",
        "caption",
        "body",
        "remove",
        "next_page",
    }
)
