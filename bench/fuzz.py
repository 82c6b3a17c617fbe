"""Fuzz the public API: mutated sample pages into ``extract_article``.

Only :class:`converter.errors.DigestError` subclasses may come out; anything else is a
failure, saved (input bytes + traceback) under ``--save`` for reproduction.

    .venv/bin/python bench/fuzz.py --seconds 60 --seed 1
    .venv/bin/python bench/fuzz.py --count 500 --pages sources tests/data/hostile

Mutations: byte flips, truncation, tag insertion and deletion, deep nesting, encoding
swaps (declared charset changed, text re-encoded), NUL / control bytes, duplicated
chunks, unclosed comments and CDATA, attribute soup. Prints how many inputs were tried
and how many failed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from converter.errors import DigestError  # noqa: E402
from converter.model import Source  # noqa: E402
from converter.pipeline import extract_article  # noqa: E402
from converter.settings import Settings  # noqa: E402

TAGS = [
    b"<p>", b"</p>", b"<div>", b"</div>", b"<article>", b"</article>", b"<table>", b"<tr>",
    b"<td colspan=999999>", b"<li>", b"<ul>", b"<h2>", b"<script>", b"</script>", b"<style>",
    b"<svg>", b"<math>", b"<template>", b"<iframe>", b"<img src=x onerror=alert(1)>",
    b"<a href='javascript:alert(1)'>", b"<!--", b"-->", b"<![CDATA[", b"]]>", b"<?xml ?>",
    b"<meta charset=shift_jis>", b"<meta charset=x-unknown>", b"<base href=//evil>",
    b"<figure><figcaption>", b"<pre>", b"<code>", b"<br/>", b"&#0;", b"&#xD800;",
    b"&nbsp;", b"&", b"<", b">", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"{: onclick=x}",
    b"[x](javascript:alert(1))", b"---\n", b"\r", b"\x1b[31m",
]  # fmt: skip
ENCODINGS = ["utf-8", "shift_jis", "euc-jp", "iso-2022-jp", "utf-16", "latin-1", "cp1252"]


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _insert_tags(data: bytes, rng: random.Random) -> bytes:
    for _ in range(rng.randint(1, 15)):
        at = rng.randrange(len(data) + 1)
        data = data[:at] + rng.choice(TAGS) + data[at:]
    return data


def _delete_tags(data: bytes, rng: random.Random) -> bytes:
    for _ in range(rng.randint(1, 15)):
        start = data.find(b"<", rng.randrange(len(data) + 1))
        end = data.find(b">", start)
        if start < 0 or end < 0:
            break
        data = data[:start] + data[end + 1 :]
    return data


def _deep(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([50, 300, 500, 3000, 12000])
    tag = rng.choice([b"div", b"span", b"b", b"blockquote", b"li", b"table"])
    at = data.find(b"<p") if b"<p" in data else len(data) // 2
    return data[:at] + (b"<" + tag + b">") * depth + data[at:]


def _encoding_swap(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", errors="replace")
    target = rng.choice(ENCODINGS)
    declared = rng.choice([*ENCODINGS, "bogus-charset"])
    text = text.replace("charset=", f"charset={declared} data-old=", 1)
    return text.encode(target, errors="replace")


def _duplicate(data: bytes, rng: random.Random) -> bytes:
    a = rng.randrange(len(data) + 1)
    b = min(len(data), a + rng.randrange(1, 5000))
    return data[:b] + data[a:b] * rng.randint(1, 20) + data[b:]


def _controls(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 30)):
        out.insert(rng.randrange(len(out) + 1), rng.choice([0, 1, 8, 11, 12, 27, 127, 0x85]))
    return bytes(out)


MUTATORS: list[Callable[[bytes, random.Random], bytes]] = [
    _flip, _truncate, _insert_tags, _delete_tags, _deep, _encoding_swap, _duplicate, _controls,
]  # fmt: skip


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to three random mutations of ``data``."""
    for _ in range(rng.randint(1, 3)):
        data = rng.choice(MUTATORS)(data, rng)
    return data


def check(data: bytes, name: str = "fuzz.html") -> BaseException | None:
    """Run the public API on ``data``; return an exception that should not escape."""
    try:
        extract_article([Source(path=name, data=data)], Settings(jobs=1, progress=False))
    except DigestError:
        return None
    except Exception as exc:  # the failures we are looking for
        return exc
    return None


def sample_pages(folders: list[Path]) -> list[bytes]:
    pages = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in {".html", ".htm", ".php"} and path.is_file():
                pages.append(path.read_bytes())
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=None, help="time budget")
    parser.add_argument("--count", type=int, default=None, help="number of inputs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--pages", type=Path, nargs="+", default=[ROOT / "sources", ROOT / "tests" / "data"]
    )
    parser.add_argument(
        "--save",
        type=Path,
        default=Path("/tmp/digest-fuzz"),
        help="folder for the first failures (default: %(default)s)",
    )
    parser.add_argument("--keep", type=int, default=20, help="failures saved at most")
    args = parser.parse_args(argv)
    if args.seconds is None and args.count is None:
        args.seconds = 60.0
    seeds = sample_pages(args.pages)
    if not seeds:
        parser.error("no sample pages found")
    rng = random.Random(args.seed)
    tried = failed = 0
    kinds: dict[str, int] = {}
    start = time.monotonic()
    while True:
        if args.count is not None and tried >= args.count:
            break
        if args.seconds is not None and time.monotonic() - start >= args.seconds:
            break
        data = mutate(rng.choice(seeds), rng)
        tried += 1
        exc = check(data)
        if exc is None:
            continue
        failed += 1
        kind = f"{type(exc).__name__}: {str(exc)[:80]}"
        kinds[kind] = kinds.get(kind, 0) + 1
        if failed <= args.keep:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"fail-{failed:03d}.html").write_bytes(data)
            trace = "".join(traceback.format_exception(exc))
            (args.save / f"fail-{failed:03d}.txt").write_text(trace, encoding="utf-8")
    elapsed = time.monotonic() - start
    print(f"seed {args.seed}: {tried} inputs tried in {elapsed:.0f} s, {failed} failed")
    for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1]):
        print(f"  {n:5d}  {kind}")
    if failed:
        print(f"first failures saved in {args.save}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
