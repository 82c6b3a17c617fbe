"""YAML front matter out and back, like the json module: ``dumps`` / ``loads``.

Guarantee: for any front matter of str / int / float / bool / None / list / dict values,
``loads(dumps(meta, body)) == (normalise(meta), normalise_body(body))``, and the output
is read the same way by ``yaml.safe_load`` and by MkDocs' own reader
(``mkdocs.utils.meta.get_data``).

The documented normalisation (what YAML or a UTF-8 file cannot carry, or is junk in a
scraped title, is removed; nothing else changes):

* Unicode NFC;
* line breaks ``\\r\\n``, ``\\r``, U+0085, U+2028, U+2029 become ``\\n``;
* removed: C0 controls except TAB and LF, DEL, C1 controls, lone surrogates,
  U+FEFF (BOM / zero-width no-break space), the non-characters U+FFFE and U+FFFF.

How it stays safe: every string that holds a line break, a tab or a character outside
printable Unicode is written double-quoted with escapes, on one line (no wrapping), so
no line of the YAML block can ever read as the ``---`` / ``...`` closing fence. PyYAML
already quotes strings that would resolve to something else (``yes``, ``null``, ``~``,
``2025-04-11``, ``1e3``, leading ``*&!%@`- ``...).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import yaml

# Characters a YAML stream or a UTF-8 file cannot hold, or that are junk in page text.
_UNCARRIABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff]"
)
# Every line break YAML or Python knows, folded to LF.
_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")
_LINE_BREAK_CHARS = ("\r", "\x85", "\u2028", "\u2029")  # what _LINE_BREAKS can match
# Strings that must be double-quoted: anything but ordinary printable text on one line.
_NEEDS_ESCAPES = re.compile("[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# The opening fence, and the closing fence MkDocs accepts (``---`` or ``...``).
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def normalise_text(text: str) -> str:
    """The documented normalisation of one string (idempotent)."""
    # Speed: printable text (most front matter values) has no line break and nothing
    # uncarriable, so both passes are skipped; the line-break pass (an alternation, slow
    # to scan) runs only when one of its characters is present (~20 ms per 200 bodies).
    if not text.isprintable():
        if any(char in text for char in _LINE_BREAK_CHARS):
            text = _LINE_BREAKS.sub("\n", text)
        text = _UNCARRIABLE.sub("", text)
    return unicodedata.normalize("NFC", text)


def normalise(value: Any) -> Any:
    """``value`` with every string in it (keys included) normalised."""
    if isinstance(value, str):
        return normalise_text(value)
    if isinstance(value, dict):
        return {normalise(k): normalise(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [normalise(v) for v in value]
    return value


def normalise_body(body: str) -> str:
    """The body as written: normalised, ending with exactly one newline unless empty."""
    body = normalise_text(body)
    return body if not body or body.endswith("\n") else body + "\n"


# libyaml's emitter when PyYAML has it (bench/profile.py: the pure-Python emitter was ~8 %
# of a page's conversion; libyaml is ~4x faster and gave byte-identical front matter on
# the samples and 70 corpus pages), else PyYAML's own.
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[valid-type,misc]
    """SafeDumper that writes risky strings double-quoted and never re-orders keys."""


def _str_style(value: str) -> str | None:
    return '"' if _NEEDS_ESCAPES.search(value) or "\n" in value or "\t" in value else None


def _represent_str(dumper: yaml.BaseDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=_str_style(value))


_Dumper.add_representer(str, _represent_str)

# What the emitter writes, with every setting dumps uses (the key order is kept).
_EMITTER: dict[str, Any] = {"allow_unicode": True, "width": 2**31 - 1}
_TAG = "tag:yaml.org,2002:"


class _OtherType(Exception):
    """A value :func:`_node` leaves to PyYAML's representer."""


def _node(value: Any) -> yaml.Node:
    """The node _Dumper's representer makes of ``value`` (SafeRepresenter with
    ``default_flow_style=False``), for the types normalised front matter holds.

    Speed: the representer's per-value dispatch and alias bookkeeping were ~40 % of
    ``dumps`` (its own list and dict objects are never shared: no alias to find)."""
    kind = type(value)
    if kind is str:
        return yaml.ScalarNode(_TAG + "str", value, style=_str_style(value))
    if value is None:
        return yaml.ScalarNode(_TAG + "null", "null")
    if kind is bool:
        return yaml.ScalarNode(_TAG + "bool", "true" if value else "false")
    if kind is int:
        return yaml.ScalarNode(_TAG + "int", str(value))
    if kind is list:
        return yaml.SequenceNode(_TAG + "seq", [_node(v) for v in value], flow_style=False)
    if kind is dict:
        pairs = [(_node(k), _node(v)) for k, v in value.items()]
        return yaml.MappingNode(_TAG + "map", pairs, flow_style=False)
    raise _OtherType(kind)


def dumps(meta: dict[str, Any], body: str) -> str:
    """The page: ``---``, the YAML of ``meta`` (key order kept), ``---``, blank line, body."""
    data = normalise(meta)
    try:
        head = yaml.serialize(_node(data), Dumper=_Dumper, **_EMITTER)
    except _OtherType:  # a float, a date...: PyYAML's representer knows how to write it
        head = yaml.dump(
            data, Dumper=_Dumper, sort_keys=False, default_flow_style=False, **_EMITTER
        )
    return f"---\n{head}---\n\n{normalise_body(body)}"


def loads(text: str) -> tuple[dict[str, Any], str]:
    """``(meta, body)`` from a page; ``({}, text)`` when it has no front matter.

    Raises :class:`ValueError` when the front matter is not a valid YAML mapping.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"invalid YAML front matter: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError("front matter is not a YAML mapping")
    return data, text[match.end() :].removeprefix("\n")
