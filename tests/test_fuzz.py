"""Fuzzing the public API (issue 6.7): random HTML and mutated sample pages.

Nothing but :class:`DigestError` subclasses may escape ``extract_article``; a longer
run is ``bench/fuzz.py --seconds N``.
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter.errors import DigestError
from converter.model import Source
from converter.pipeline import extract_article
from converter.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("digest_fuzz", ROOT / "bench" / "fuzz.py")
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)

SEEDS = fuzz.sample_pages([ROOT / "sources", ROOT / "tests" / "data"])
SETTINGS = Settings(jobs=1, progress=False)

_TAGS = (
    "html head body title meta article main div p span a img h1 h2 ul li table tr td "
    "script style svg iframe form figure figcaption pre code br b i time"
)
TAG_NAMES = _TAGS.split()
ATTRS = st.sampled_from(
    ['href="javascript:alert(1)"', "onclick=x", 'src="x"', 'class="credit"', "colspan=3",
     'content="0;url=x"', 'charset="shift_jis"', 'datetime="2025-04-11T17:33:00+09:00"',
     'property="og:title" content="T"', "id=a", "style=\"x:expression(1)\"", ""]
)  # fmt: skip
TEXT = st.text(
    alphabet=st.characters(codec=None, blacklist_categories=("Cs",)), max_size=40
) | st.sampled_from(
    ["次のページ", "プロフィール", "[x](javascript:1)", "{: onclick=x}", "&amp;", "<"]
)


@st.composite
def html_documents(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 60))):
        kind = draw(st.integers(0, 3))
        tag = draw(st.sampled_from(TAG_NAMES))
        if kind == 0:
            parts.append(f"<{tag} {draw(ATTRS)}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        else:
            parts.append(draw(TEXT))
    return "".join(parts)


def _only_digest_errors(data: bytes) -> None:
    try:
        article = extract_article([Source(path="fuzz.html", data=data)], SETTINGS)
    except DigestError as exc:
        assert str(exc).startswith("fuzz.html: ") and "\n" not in str(exc)
        return
    assert article.title and "\x00" not in article.markdown


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(doc=html_documents(), encoding=st.sampled_from(["utf-8", "shift_jis", "utf-16"]))
def test_random_html(doc: str, encoding: str) -> None:
    _only_digest_errors(doc.encode(encoding, errors="replace"))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(index=st.integers(min_value=0), seed=st.integers(0, 2**32 - 1))
def test_mutated_sample_pages(index: int, seed: int) -> None:
    assert SEEDS, "no sample pages to mutate"
    rng = random.Random(seed)
    _only_digest_errors(fuzz.mutate(SEEDS[index % len(SEEDS)], rng))


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    _only_digest_errors(data)
