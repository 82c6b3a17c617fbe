"""Content contracts on real pages of ../shared/corpus/scrapinghub (skipped when absent).

For a handful of pages: the opening and closing words of the annotated article body
(read from the corpus's ground truth at run time) must appear in our body text, exactly
once; chrome seen on those pages must not. The full benchmark is bench/extraction.py.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from pathlib import Path

import pytest

from converter.model import Source
from converter.pipeline import extract_article, markdown_to_text

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "scrapinghub"
WORD = re.compile(r"\w+")
SNIPPET_WORDS = 8

# page id prefix -> chrome that sits inside or next to the article container there
CHROME = {
    "3f65af7b": ["Subscribe to NJ.com", "newsletters"],  # newsletter box after the text
    "686bb170": ["Mysterious Icy Moon of Jupiter"],  # "Related:" link list inside the text
    "08f79376": ["Thanks for signing up", "Keep an eye on your inbox"],
    "7ab16ade": ["7:04 pm ET"],  # dateline repeating the metadata
    "d48aeb9c": [],  # body split into chunks between ad slots: all chunks needed
    "fde930b0": [],  # the article repeated further down the page: kept once
    "f6ac15a4": [],  # a page whose menu outweighs its short article
}


@pytest.fixture(scope="module")
def corpus_dir() -> Path:
    if not (CORPUS / "ground-truth.json").is_file():
        pytest.skip("../shared/corpus not found")
    return CORPUS


@cache
def _truth(folder: Path) -> dict[str, dict[str, str]]:
    return json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))


def _case(folder: Path, prefix: str) -> tuple[str, str]:
    """(our body text, the annotated body) for the page whose id starts with prefix."""
    key = next(k for k in _truth(folder) if k.startswith(prefix))
    data = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
    article = extract_article([Source(path=f"{key}.html", data=data)])
    shown = f"{article.lead}\n\n{article.markdown}" if article.lead else article.markdown
    return markdown_to_text(shown), _truth(folder)[key]["articleBody"]


def _words(text: str) -> str:
    return " ".join(WORD.findall(text))


@pytest.mark.corpus
@pytest.mark.parametrize("prefix", sorted(CHROME))
def test_article_text_in_and_chrome_out(corpus_dir: Path, prefix: str) -> None:
    ours, truth = _case(corpus_dir, prefix)
    ours_words = _words(ours)
    # the first and the last real paragraph (embedded posts and short lines left aside)
    paragraphs = [
        words
        for words in (WORD.findall(p) for p in truth.split("\n"))
        if len(words) >= 20 and "https" not in words
    ]
    first = " ".join(paragraphs[0][:SNIPPET_WORDS])
    last = " ".join(paragraphs[-1][-SNIPPET_WORDS:])
    assert ours_words.count(first) == 1, f"opening words missing or repeated: {first!r}"
    assert ours_words.count(last) == 1, f"closing words missing or repeated: {last!r}"
    for chrome in CHROME[prefix]:
        assert chrome not in ours, f"chrome kept: {chrome!r}"
