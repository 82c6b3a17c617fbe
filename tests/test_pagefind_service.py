"""The Pagefind service client (converter/site/pagefind.py): the index it streams during
a build is the index `pagefind --site` makes of the same site; a service that fails
gives one clear error, never a hang or a traceback."""

from __future__ import annotations

import json
import shutil
import zlib
from pathlib import Path

import pytest

from converter.errors import SiteError
from converter.site.pagefind import Index, Service
from converter.site.search import BUNDLE_DIR, DELTA_DIR, INDEX_LANGUAGE, index_delta


def _fragments(bundle: Path) -> dict[str, dict[str, object]]:
    """Each indexed page's record (URL -> its text, word count, metadata, filters)."""
    out = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        data = zlib.decompress(path.read_bytes(), 16 + zlib.MAX_WBITS)
        record = json.loads(data.removeprefix(b"pagefind_dcd"))
        out[record["url"]] = record
    return out


def test_the_service_indexes_pages_as_pagefind_site_does(fixture_site, tmp_path) -> None:
    """The delta bundle an incremental build makes through the service holds, for the
    same pages, what the site's main index (`pagefind --site`) holds."""
    site = tmp_path / "site"
    shutil.copytree(fixture_site.site, site)
    urls = sorted(_fragments(site / BUNDLE_DIR))
    assert len(urls) >= 5
    with Service() as service:
        index_delta(site, [u.lstrip("/") for u in urls], [], service)
    assert _fragments(site / DELTA_DIR) == _fragments(site / BUNDLE_DIR)


def test_pages_are_indexed_at_the_paths_they_are_served_from(tmp_path: Path) -> None:
    with Service() as service:
        index = Index(service, INDEX_LANGUAGE)
        page = "<html><body><main data-pagefind-body>{}</main></body></html>"
        index.add("a/index.html", page.format("一つ目の記事"))
        index.add("b/index.html", page.format("二つ目の記事"))
        index.add("c/index.html", "<html><body><main>索引にない頁</main></body></html>")
        assert index.pages() == 3
        index.write(tmp_path / "bundle")
    # As `pagefind --site` does: with the indexed element on some pages, the others are out.
    assert set(_fragments(tmp_path / "bundle")) == {"/a/", "/b/"}


def test_a_missing_binary_is_a_site_error(tmp_path: Path) -> None:
    with pytest.raises(SiteError, match="cannot start Pagefind"):
        Service(tmp_path / "no-such-pagefind")


def test_a_service_that_dies_fails_every_request(tmp_path: Path) -> None:
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\nexit 3\n")
    fake.chmod(0o755)
    with Service(fake) as service, pytest.raises(SiteError, match="Pagefind"):
        Index(service, INDEX_LANGUAGE)


def test_an_answer_in_error_is_a_site_error(tmp_path: Path) -> None:
    with Service() as service, pytest.raises(SiteError, match="Pagefind"):
        service.call({"type": "WriteFiles", "index_id": 999, "output_path": str(tmp_path)})
