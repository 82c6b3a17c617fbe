"""Reading and validating site-profile YAML files.

A profile file is a mapping; every key is a field of :class:`SiteProfile`. Selector
fields take one CSS selector or a list of them. Errors name the file and the key and
say what is wrong (unknown key with a did-you-mean, wrong type, a CSS selector that
does not compile, an unknown time zone, a bad date format).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from cssselect import HTMLTranslator, SelectorError

from ..errors import ProfileError
from .model import NOT_IN_YAML, SELECTOR_FIELDS, SiteProfile

_KEYS = tuple(f.name for f in fields(SiteProfile) if f.name not in NOT_IN_YAML)
# Host suffixes: letters, digits, dots, hyphens (IDNs as punycode); no scheme, no path.
_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9-]+$")
# strptime directives Python understands (plus %% for a literal percent sign).
_STRPTIME_DIRECTIVE = re.compile(r"%(.)")
_KNOWN_DIRECTIVES = set("aAwdbBmyYHIpMSfzZjUWcxXGuV%")
_TRANSLATOR = HTMLTranslator()


def load_profile(path: Path) -> SiteProfile:
    """Read one YAML profile; raise :class:`ProfileError` naming the file and key."""
    where = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError(f"cannot read profile ({exc.strerror or exc})", where) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ProfileError(f"not valid YAML: {exc}", where) from exc
    if not isinstance(data, dict):
        raise ProfileError("a profile must be a mapping of keys to values", where)
    return build_profile(data, where)


def build_profile(data: dict[str, Any], where: str) -> SiteProfile:
    """Validate a mapping (already read from YAML) and build the profile."""
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _KEYS:
            raise ProfileError(_unknown_key(str(key)), where)
        values[key] = _check(key, value, where)
    for required in ("name", "domains"):
        if not values.get(required):
            raise ProfileError(f"key '{required}' is required", where)
    return SiteProfile(**values)


def _unknown_key(key: str) -> str:
    close = difflib.get_close_matches(key, _KEYS, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"key '{key}': unknown key{hint}; known keys: {', '.join(_KEYS)}"


def _check(key: str, value: Any, where: str) -> Any:
    if key == "name":
        return _string(key, value, where)
    if key == "domains":
        return tuple(_domain(d, where) for d in _strings(key, value, where))
    if key == "timezone":
        return _timezone(_string(key, value, where), where)
    if key == "date_format":
        return _date_format(_string(key, value, where), where)
    if key in SELECTOR_FIELDS:
        return tuple(_selector(key, css, where) for css in _strings(key, value, where))
    raise ProfileError(f"key '{key}': not settable in a profile", where)  # pragma: no cover


def _string(key: str, value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ProfileError(f"key '{key}': expected a non-empty string, got {_kind(value)}", where)
    return value.strip()


def _strings(key: str, value: Any, where: str) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise ProfileError(
            f"key '{key}': expected a string or a non-empty list of strings, got {_kind(value)}",
            where,
        )
    return [_string(f"{key}[{i}]", item, where) for i, item in enumerate(items)]


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", bool: "a boolean"}.get(
        type(value), f"{type(value).__name__} {value!r}"
    )


def _domain(value: str, where: str) -> str:
    domain = value.lower().strip(".")
    if not _DOMAIN.match(domain):
        raise ProfileError(
            f"key 'domains': '{value}' is not a host name (write 'example.com', without "
            "scheme or path)",
            where,
        )
    return domain


def _selector(key: str, css: str, where: str) -> str:
    try:
        _TRANSLATOR.css_to_xpath(css)
    except SelectorError as exc:
        raise ProfileError(f"key '{key}': invalid CSS selector '{css}' ({exc})", where) from exc
    return css


def _timezone(name: str, where: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ProfileError(
            f"key 'timezone': unknown time zone '{name}' (use an IANA name such as 'Asia/Tokyo')",
            where,
        ) from exc
    return name


def _date_format(fmt: str, where: str) -> str:
    directives = _STRPTIME_DIRECTIVE.findall(fmt)
    bad = sorted({d for d in directives if d not in _KNOWN_DIRECTIVES})
    if not directives or bad:
        detail = (
            f"unknown directive(s) {', '.join('%' + d for d in bad)}" if bad else ("no % directive")
        )
        raise ProfileError(
            f"key 'date_format': '{fmt}' is not a strptime format ({detail}); example: "
            "'%Y年%m月%d日 %H時%M分'",
            where,
        )
    return fmt
