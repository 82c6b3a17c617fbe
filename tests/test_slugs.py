"""Paths are safe (issue 6.3): slugs and the output-folder guard."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from converter.errors import DigestError
from converter.slugs import MAX_WORDS_LENGTH, SLUG_PATTERN, article_slug
from converter.store import atomic_write

# pykakasi loads its dictionaries on first use (~0.5 s): not inside a timed example.
article_slug("日本", "warm-up")

RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}
HOSTILE_TITLES = [
    "../../etc/passwd",
    "..",
    ".",
    ".hidden",
    "a/b\\c",
    "C:\\Windows\\x",
    "CON",
    "nul",
    "Com1",
    "aux.txt",
    "---",
    "",
    "   ",
    "\x00\x01",
    "日本の経済見通し",
    "経済",
    "🎉🎉",
    "a" * 500,
    "ＣＯＮ",
    "%2e%2e%2f",
    "file:///etc/passwd",
    "<script>",
    "Ünïcödé Tïtlé",
    "\u202e gnp.exe",
]


@given(title=st.text(max_size=300), key=st.text(max_size=100))
def test_slug_is_safe_ascii_and_bounded(title: str, key: str) -> None:
    slug = article_slug(title, key)
    assert SLUG_PATTERN.match(slug), slug
    assert slug.isascii() and ".." not in slug and "/" not in slug and "\\" not in slug
    assert not slug.startswith((".", "-"))
    assert len(slug) <= MAX_WORDS_LENGTH + 9
    assert slug not in RESERVED  # Windows reserves the name before the first dot


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles(title: str) -> None:
    slug = article_slug(title, "https://example.com/a")
    assert SLUG_PATTERN.match(slug)
    assert slug not in RESERVED and f"{slug}.md".split(".")[0] not in RESERVED
    if title.strip().lower() in RESERVED:
        assert slug.startswith("article-")


def test_stable_across_runs_and_unique_per_key() -> None:
    assert article_slug("Same title", "https://a.example/1") == article_slug(
        "Same title", "https://a.example/1"
    )
    assert article_slug("Same title", "https://a.example/1") != article_slug(
        "Same title", "https://a.example/2"
    )
    # Japanese titles transliterate; two different articles never share a file.
    one, two = (
        article_slug("経済の見通し", "src/a.html"),
        article_slug("経済の見通し", "src/b.html"),
    )
    assert one != two
    assert article_slug("", "k1") != article_slug("", "k2")


def test_nothing_is_written_outside_the_output_folder(tmp_path: Path) -> None:
    root = tmp_path / "out"
    root.mkdir()
    with pytest.raises(DigestError):
        atomic_write(root / ".." / "escaped.md", "x", root)
    (root / "link").symlink_to(tmp_path)
    with pytest.raises(DigestError):
        atomic_write(root / "link" / "escaped.md", "x", root)
    assert not (tmp_path / "escaped.md").exists()
    atomic_write(root / "ok.md", "x", root)
    assert (root / "ok.md").read_text() == "x"


_JAPANESE = st.characters(
    min_codepoint=0x3000, max_codepoint=0x9FFF, exclude_categories=("Cs",)
) | st.sampled_from("ーー々・「」、。 ABC123")


@given(title=st.text(_JAPANESE, max_size=80), lang=st.sampled_from([None, "ja", "zh", "en"]))
def test_japanese_slug_is_safe_ascii_and_bounded(title: str, lang: str | None) -> None:
    slug = article_slug(title, "k", lang)
    assert SLUG_PATTERN.match(slug), slug
    assert len(slug) <= MAX_WORDS_LENGTH + 9
    assert slug == article_slug(title, "k", lang)  # stable
