"""Per-site profiles (YAML data) and their validating loader. First cut: none."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteProfile:
    name: str


def find_profile(url: str | None, html: str) -> SiteProfile | None:
    return None
