"""The search index: Pagefind (extended build, with a Japanese segmenter) over the built site.

Only article pages are indexed: the article template marks its container with
``data-pagefind-body``, which makes Pagefind skip every page without it. The whole site
is indexed as one language (``ja``: the site's language) so that one search page finds
Japanese and English articles alike; the extended binary segments Japanese text with
its dictionary and leaves space-separated words as they are.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import SiteError

# Where Pagefind writes its bundle, under the built site.
BUNDLE_DIR = "pagefind"
# One index language for the whole site (see the module docstring).
INDEX_LANGUAGE = "ja"


@dataclass(frozen=True)
class SearchIndex:
    files: int
    size: int  # bytes, the whole bundle (UI included)


def index_site(site_dir: Path, language: str = INDEX_LANGUAGE) -> SearchIndex:
    """Run Pagefind on ``site_dir``; raises :class:`DigestError` if it fails."""
    cmd = [
        sys.executable, "-m", "pagefind", "--site", str(site_dir),
        "--output-subdir", BUNDLE_DIR, "--force-language", language, "--silent",
    ]  # fmt: skip
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SiteError(f"search index: cannot run Pagefind ({exc})", str(site_dir)) from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise SiteError(f"search index: Pagefind failed: {' '.join(detail)}", str(site_dir))
    bundle = [p for p in (site_dir / BUNDLE_DIR).rglob("*") if p.is_file()]
    return SearchIndex(files=len(bundle), size=sum(p.stat().st_size for p in bundle))
