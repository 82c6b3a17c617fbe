"""Project-wide pytest options and fixtures (tests/conftest.py holds the site fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
CORPUS = ROOT.parent / "shared" / "corpus"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/cases/*/expected.md from the current output (review the diff!)",
    )


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """../shared/corpus, or a clean skip when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus not found (corpus tests need the shared folder)")
    return CORPUS


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT
