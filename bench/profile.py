"""Profile our single-process pipeline on the corpus with pyinstrument (statistical).

Converts every page of ``../shared/corpus`` (``--rounds`` times) with ``extract_article``
+ ``render_page`` under pyinstrument and prints the call tree (only frames above
``--min-percent`` of the time), then the time spent in each of our modules (self time,
summed by file: the place to look for hot spots).

    .venv/bin/python bench/profile.py [--corpus ../shared/corpus] [--rounds 1]
                                      [--min-percent 2] [--html out.html]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from throughput import DEFAULT_CORPUS, _ours, corpus_files, load_pages  # noqa: E402

WARM_UP = 5  # pages converted before profiling (imports, regex compilation)


def by_file(session: object, top: int = 25) -> list[tuple[str, float]]:
    """Self time (a frame's time minus its real callees') summed per source file."""
    totals: Counter[str] = Counter()

    def walk(frame: Any) -> None:
        calls = [c for c in frame.children if not c.is_synthetic]
        totals[_short(frame.file_path or "?")] += frame.time - sum(c.time for c in calls)
        for child in calls:
            walk(child)

    walk(session.root_frame())  # type: ignore[attr-defined]
    return totals.most_common(top)


def _short(path: str) -> str:
    if str(ROOT) in path:
        return path.split(str(ROOT) + "/", 1)[1]
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1]
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--min-percent", type=float, default=2.0)
    parser.add_argument("--html", type=Path, help="also write pyinstrument's HTML report")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir() or not corpus_files(args.corpus):
        print(f"profile: corpus not found at {args.corpus}; nothing to profile.")
        return 0
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("profile: pyinstrument is not installed (pip install -e '.[bench]')")
        return 0
    pages = load_pages(args.corpus, len(corpus_files(args.corpus)) * args.rounds)
    for page in pages[:WARM_UP]:
        _ours(page)
    profiler = Profiler(interval=0.001)
    start = time.perf_counter()
    profiler.start()
    for page in pages:
        _ours(page)
    profiler.stop()
    seconds = time.perf_counter() - start
    print(f"{len(pages)} pages in {seconds:.1f} s: {len(pages) / seconds:.1f} pages/s\n")
    options = {"filter_threshold": args.min_percent / 100}
    print(profiler.output_text(unicode=True, color=False, processor_options=options))
    print("self time by file:")
    total = sum(t for _, t in by_file(profiler.last_session, top=10_000)) or 1.0
    for name, t in by_file(profiler.last_session):
        print(f"  {t:7.2f} s  {100 * t / total:5.1f} %  {name}")
    if args.html:
        args.html.write_text(profiler.output_html(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
