"""Project-wide pytest options and fixtures (tests/conftest.py holds the site fixtures)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
CORPUS = ROOT.parent / "shared" / "corpus"
# The user cache folder (XDG_CACHE_HOME: converter/kanwa.py's index) is one of the test
# run's own, never the real one; xdist workers inherit it, the controller removes it.
_CACHE_ENV = "DIGEST_TEST_CACHE"
_CACHE_KEY = pytest.StashKey[tuple[str, str | None]]()


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get(_CACHE_ENV):  # an xdist worker, or a run inside a run
        return
    folder = tempfile.mkdtemp(prefix="digest-test-cache-")
    config.stash[_CACHE_KEY] = (folder, os.environ.get("XDG_CACHE_HOME"))
    os.environ[_CACHE_ENV] = os.environ["XDG_CACHE_HOME"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    if _CACHE_KEY not in config.stash:
        return
    folder, previous = config.stash[_CACHE_KEY]
    shutil.rmtree(folder, ignore_errors=True)
    del os.environ[_CACHE_ENV]
    if previous is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = previous


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
