"""Slugs of column, columnist and tag names: Japanese names read as Hepburn romaji, the
hash of the name kept (so the address stays unique and stable), other names as before."""

from __future__ import annotations

import hashlib
import time
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from converter.site.names import name_slug, previous_name_slug
from converter.slugs import SLUG_PATTERN

# pykakasi loads its dictionaries on first use (~0.5 s): not inside a timed example.
name_slug("日本")


def _hash(name: str) -> str:
    norm = unicodedata.normalize("NFKC", name).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:8]


def test_kanji_names_are_read_as_romaji_with_their_hash() -> None:
    assert name_slug("経済") == f"keizai-{_hash('経済')}"
    assert name_slug("観光公害") == f"kankou-kougai-{_hash('観光公害')}"
    # A person's reading is the dictionary's guess (正人: masahito or masato); the hash
    # keeps the address unique whatever the reading.
    assert name_slug("木村正人").startswith("kimura-masa")
    assert name_slug("木村正人").endswith(f"-{_hash('木村正人')}")
    assert name_slug("佐藤 健") == f"satou-takeshi-{_hash('佐藤 健')}"


def test_kana_and_mixed_names_use_the_same_rule() -> None:
    assert name_slug("ジャーナル") == f"jaanaru-{_hash('ジャーナル')}"
    assert name_slug("ｶﾀｶﾅ") == f"katakana-{_hash('カタカナ')}"  # NFKC: half-width kana
    assert name_slug("経済の現場") == f"keizai-no-genba-{_hash('経済の現場')}"
    assert name_slug("ロンドン通信") == f"rondon-tsuushin-{_hash('ロンドン通信')}"
    assert name_slug("東京 Tokyo") == f"toukyou-tokyo-{_hash('東京 Tokyo')}"


def test_ascii_and_accented_names_are_unchanged() -> None:
    assert name_slug("Jane Doe") == "jane-doe"
    assert name_slug("Zoë Müller") == f"zoe-muller-{_hash('Zoë Müller')}"
    assert name_slug("Łódź") == f"lodz-{_hash('Łódź')}"
    for name in ("Jane Doe", "Marcus  Webb", "Zoë Müller", "Łódź", "Ünïcödé", "서울", "!!!"):
        assert name_slug(name) == previous_name_slug(name), name


def test_the_hash_part_is_the_previous_address() -> None:
    """A kanji name was its hash alone: the new slug ends with it, so the old address is
    known from the new one (and redirects to it)."""
    for name in ("経済", "木村正人", "経済の現場", "佐藤 健", "東京 Tokyo"):
        assert previous_name_slug(name) == _hash(name)
        assert name_slug(name).endswith(f"-{previous_name_slug(name)}")
    # Kana names had python-slugify's transliteration; the hash is the same.
    assert previous_name_slug("ジャーナル") == f"siyanaru-{_hash('ジャーナル')}"
    # The same name written another way (full-width space, NFKC) is the same page.
    assert name_slug("佐藤\u3000健") == name_slug("佐藤 健") == name_slug(" 佐藤 健 ")


def test_names_that_read_alike_never_share_a_page() -> None:
    names = ["経済", "けいざい", "ケイザイ", "經濟", "経済の現場", "経済の 現場"]
    slugs = [name_slug(n) for n in names]
    assert len(set(slugs)) == len(names)
    # Four of them read "keizai": only the hash tells them apart.
    assert sum(s.startswith("keizai-") and len(s) == len("keizai-") + 8 for s in slugs) == 4


@given(st.text(max_size=30))
def test_every_name_gives_a_safe_slug(name: str) -> None:
    for slug in (name_slug(name), previous_name_slug(name)):
        assert SLUG_PATTERN.match(slug), (name, slug)
        assert len(slug) <= 49


@given(st.text(min_size=1, max_size=12), st.text(min_size=1, max_size=12))
def test_two_names_never_collide(a: str, b: str) -> None:
    """Names that differ (after NFKC), one of them not ASCII, get different slugs (ASCII
    names are plain slugs: ``Jane Doe`` and ``jane doe`` share a page, as before)."""
    na, nb = (unicodedata.normalize("NFKC", x).strip() for x in (a, b))
    if na != nb and not (na.isascii() and nb.isascii()):
        assert name_slug(a) != name_slug(b)


def test_name_slugs_are_memoised() -> None:
    """Every entry's column, columnists and tags are slugged: a name read once costs a
    dictionary lookup after."""
    names = [f"筆者{i}号" for i in range(200)]
    start = time.perf_counter()
    first = [name_slug(n) for n in names]
    cold = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(10):
        assert [name_slug(n) for n in names] == first
    warm = (time.perf_counter() - start) / 10
    assert warm < cold / 10, (cold, warm)
