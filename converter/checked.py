"""Reading back what a cache file holds: each value checked for the type it must have.

A cache file is data (JSON), never code, and never trusted to be well formed: a value of
the wrong type raises ValueError, and the caller ignores the whole file (the build reads
the sources again). Used by the build cache (site/buildcache.py) and the sources cache
(sourcecache.py).
"""

from __future__ import annotations

from typing import Any


def as_list(value: Any, length: int | None = None) -> list[Any]:
    if not isinstance(value, list) or (length is not None and len(value) != length):
        raise ValueError("not a list")
    return value


def as_str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


def as_opt_str(value: Any) -> str | None:
    return None if value is None else as_str(value)


def as_int(value: Any) -> int:
    if type(value) is not int:  # not a bool
        raise ValueError("not a number")
    return value


def as_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("not a boolean")
    return value
