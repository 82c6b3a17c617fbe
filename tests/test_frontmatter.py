"""Front matter round-trips any value (issue 6.2), read back by PyYAML and by MkDocs."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from converter.frontmatter import dumps, loads, normalise, normalise_body, normalise_text

# Values scraped titles really take, and the ones YAML is known to mangle.
TRICKY = [
    "Title: with colon",
    "\"double\" and 'single' quotes",
    "---",
    "...",
    "a\n---\nb",
    "# not a comment",
    "* star",
    "& anchor",
    "! tag",
    "% directive",
    "@ at",
    "` backtick",
    "- dash",
    "? question",
    "| pipe",
    "> folded",
    "yes",
    "no",
    "null",
    "~",
    "true",
    "on",
    "off",
    "Y",
    "NO",
    "None",
    "2025-04-11",
    "2025年04月11日(金)17時33分",
    "12:30",
    "1e3",
    "0x1F",
    "0o17",
    "007",
    ".5",
    "3.14",
    "-1",
    "+1",
    "1_000",
    ".nan",
    ".inf",
    "絵文字 🎉👩‍👩‍👧",
    "مرحبا بالعالم",
    "שלום",
    "\u202eRTL override",
    "tab\there",
    "NUL\x00byte",
    "bell\x07",
    "C1\x85next",
    "\x9bcsi",
    "line\u2028sep",
    "bom\ufeffinside",
    "lone \ud800 surrogate",
    "nonchar \uffff",
    "trailing space ",
    " leading space",
    "",
    "x" * 20000,
]

text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=80)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), text, st.sampled_from(TRICKY))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)),
    max_leaves=12,
)
metas = st.dictionaries(st.one_of(text, st.sampled_from(TRICKY)), values, max_size=6)


def _check(meta: dict, body: str) -> None:
    page = dumps(meta, body)
    want_meta, want_body = normalise(meta), normalise_body(body)
    assert loads(page) == (want_meta, want_body)
    # The YAML block alone parses with safe_load, and MkDocs reads the same mapping.
    head = page[4 : page.index("\n---\n", 3) + 1]
    assert (yaml.safe_load(head) or {}) == want_meta
    doc, mk_meta = get_data(page)
    assert mk_meta == want_meta
    assert doc == want_body.lstrip("\n")
    # Only the two fences start a line with "---" or "..." before the body.
    fence_lines = [
        ln
        for ln in page[: len(page) - len(want_body)].splitlines()
        if ln.startswith(("---", "..."))
    ]
    assert fence_lines == ["---", "---"]
    page.encode("utf-8")  # always writable as UTF-8


def test_tricky_values_round_trip() -> None:
    for value in TRICKY:
        _check({"title": value, "tags": [value, None], value or "empty": 1}, f"{value}\n")


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(meta=metas, body=text)
def test_any_front_matter_round_trips(meta: dict, body: str) -> None:
    _check(meta, body)


@given(value=text)
def test_normalisation_is_idempotent_and_documented(value: str) -> None:
    once = normalise_text(value)
    assert normalise_text(once) == once
    assert not any(ch in once for ch in "\r\x00\x85\u2028\u2029\ufeff")
    assert all(not 0xD800 <= ord(ch) <= 0xDFFF for ch in once)


def test_titles_that_look_like_other_types_stay_strings() -> None:
    page = dumps({"title": "2025-04-11", "flag": "yes", "n": "007", "t": "12:30"}, "x")
    meta, _ = loads(page)
    assert meta == {"title": "2025-04-11", "flag": "yes", "n": "007", "t": "12:30"}


def test_key_order_is_kept_and_output_is_deterministic() -> None:
    meta = {"title": "b", "subtitle": "a", "authors": [{"name": "x", "links": []}]}
    assert dumps(meta, "body") == dumps(dict(meta), "body")
    assert list(loads(dumps(meta, "body"))[0]) == ["title", "subtitle", "authors"]


def test_loads_without_front_matter_and_with_crlf() -> None:
    assert loads("just text\n") == ({}, "just text\n")
    assert loads("---\r\ntitle: a\r\n---\r\n\r\nbody\r\n") == ({"title": "a"}, "body\n")


def test_loads_rejects_broken_yaml() -> None:
    import pytest

    with pytest.raises(ValueError):
        loads("---\ntitle: [unclosed\n---\n\nbody\n")
