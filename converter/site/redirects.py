"""Redirect pages at the addresses articles had before.

An article's page moves when its title changes or the slug rule does (the old
transliterated slugs became Hepburn romaji, see converter/slugs.py). The converter's
manifest records each earlier file name as an *alias* of the article; for each alias
this stage writes a small static HTML page at the old address (``articles/<old>/
index.html``, which MkDocs copies as it is) that sends the reader on to the article.

The page is not a script: an HTML ``<meta http-equiv="refresh">`` with a link for
readers whose browser ignores it, and ``rel=canonical`` for crawlers. The only values
in it are the two slugs, which must match :data:`converter.slugs.SLUG_PATTERN`
(anything else in the manifest is ignored), and the article's title, escaped.
"""

from __future__ import annotations

import html
import logging
import posixpath
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..slugs import SLUG_PATTERN
from ..store import Manifest
from .catalog import Entry, page_url

log = logging.getLogger(__name__)

# Marks a redirect page as made by this stage (so a later build may remove it).
REDIRECT_MARKER = '<meta name="generator" content="column-digest redirect">'

_PAGE = """<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
{marker}
<title>{title}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{href}">
<meta http-equiv="refresh" content="0; url={href}">
</head>
<body>
<p>この記事は新しいアドレスに移りました: <a href="{href}">{title}</a></p>
</body>
</html>
"""


def plan_redirects(
    docs_dir: Path, entries: Sequence[Entry], use_directory_urls: bool = True
) -> dict[str, str]:
    """docs-relative path → redirect page text, one per alias of a listed article."""
    articles = docs_dir / "articles"
    manifest = Manifest(articles, __version__)
    if manifest.warning:
        log.warning("%s", manifest.warning)
    titles = {e.src: e.title for e in entries}
    out: dict[str, str] = {}
    for record in manifest.entries.values():
        target = f"articles/{record.output}"
        if not _valid(record.output) or target not in titles:
            continue
        for alias in record.aliases:
            if not _valid(alias) or (articles / alias).exists():
                continue  # a page lives at that name now (kept after an edit by hand)
            old_url = page_url(f"articles/{alias}", use_directory_urls)
            path = old_url + "index.html" if old_url.endswith("/") else old_url
            out[path] = redirect_page(old_url, page_url(target, use_directory_urls), titles[target])
    return out


def redirect_page(old_url: str, new_url: str, title: str) -> str:
    """The page at site-relative ``old_url`` that sends the reader to ``new_url``."""
    here = old_url if old_url.endswith("/") else posixpath.dirname(old_url) + "/"
    href = posixpath.relpath(new_url, here) + ("/" if new_url.endswith("/") else "")
    return _PAGE.format(
        marker=REDIRECT_MARKER, title=html.escape(title), href=html.escape(href, quote=True)
    )


def _valid(name: str) -> bool:
    return name.endswith(".md") and bool(SLUG_PATTERN.match(name.removesuffix(".md")))
