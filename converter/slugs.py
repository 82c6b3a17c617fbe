"""Stable, safe ASCII slugs for page paths."""

from __future__ import annotations

import hashlib

from slugify import slugify


def article_slug(title: str, key: str) -> str:
    """ASCII slug from the title, plus a short hash of ``key`` (URL or source path) so
    that Japanese titles that transliterate to nothing never collide."""
    base = slugify(title, max_length=60, word_boundary=True) or "article"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    return f"{base}-{digest}"
