"""The site-profile data type."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteProfile:
    """Rules for one site; selectors are tried in order.

    A profile's rules take precedence over generic extraction; an empty field means
    "use the generic method". Selectors are CSS (YAML profiles) or, with ``xpath`` set,
    XPath 1.0 expressions (a Five Filters site config, see siteconfig.py), which may
    also be string-valued (``substring-after(//title, '|')``).
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
    # Set only by site configs (siteconfig.py), not by YAML keys (see NOT_IN_YAML):
    xpath: bool = False  # every selector above is an XPath expression
    replace: tuple[tuple[str, str], ...] = ()  # literal (find, replace) on the raw HTML
    skip_json_ld: bool = False  # JSON-LD is not read for metadata
    lazy_src: str | None = None  # <img> attribute holding the real src
    source: str | None = None  # the file the profile was read from


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

# Fields a YAML profile cannot set: what the site-config reader fills in.
NOT_IN_YAML = frozenset({"xpath", "replace", "skip_json_ld", "lazy_src", "source"})
