"""Metadata on real pages from ../shared/corpus (skipped when it is absent).

fundus-jp has ground truth for title, date and authors. Its ``authors`` sometimes name
the organisation (the fundus parsers' choice); we keep organisations apart, so an
expected list that is exactly our ``organization`` counts as the same answer.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from pathlib import Path

import pytest

from converter.metadata import extract_metadata
from converter.model import Metadata, Source
from converter.pipeline import load_page


def _load(path: Path) -> Metadata:
    return extract_metadata(load_page(Source(str(path), gzip.decompress(path.read_bytes()))))


def _fundus_cases(corpus_dir: Path) -> list[tuple[Path, dict]]:
    folder = corpus_dir / "fundus-jp"
    if not folder.is_dir():
        pytest.skip("fundus-jp corpus not found")
    cases = []
    for page in sorted(folder.glob("*.html.gz")):
        truth = json.loads((folder / f"{page.name.split('_')[0]}.json").read_text())["V1"]
        cases.append((page, truth))
    return cases


def _spaces(text: str) -> str:
    """fundus normalises some ideographic spaces to ASCII ones: compare without."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@pytest.mark.corpus
def test_fundus_title_date_authors(corpus_dir: Path) -> None:
    failures = []
    for page, truth in _fundus_cases(corpus_dir):
        meta = _load(page)
        if _spaces(meta.title or "") != _spaces(truth["title"]):
            failures.append(f"{page.name}: title {meta.title!r} != {truth['title']!r}")
        published = meta.published.strftime("%Y-%m-%d %H:%M%z") if meta.published else None
        expected = truth["publishing_date"][:16] + truth["publishing_date"][-6:].replace(":", "")
        if published != expected:
            failures.append(f"{page.name}: date {published} != {expected}")
        names = [a.name for a in meta.authors]
        authors = truth.get("authors", [])
        if authors not in (names, [meta.organization]):
            failures.append(f"{page.name}: authors {names} / {meta.organization} != {authors}")
    assert not failures, "\n".join(failures)


@pytest.mark.corpus
def test_scrapinghub_never_raises_and_has_titles(corpus_dir: Path) -> None:
    folder = corpus_dir / "scrapinghub" / "html"
    if not folder.is_dir():
        pytest.skip("scrapinghub corpus not found")
    untitled = [p.name for p in sorted(folder.glob("*.html.gz")) if not (_load(p).title or "")]
    assert not untitled
