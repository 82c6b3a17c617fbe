"""Throughput benchmark: our converter against trafilatura and a bare-parse floor.

Every page of ``../shared/corpus`` (scrapinghub + fundus-jp, gzip) is repeated until
there are at least ``--min`` conversions per mode, then each mode converts that list:

- ``ours 1 proc``: ``extract_article`` + ``render_page`` (full Markdown with front
  matter) in one process, one page after the other;
- ``ours -jN``: the same work through ``converter.parallel.ordered_map``, the process
  pool ``digest convert``/``build`` use, with N = all cores;
- ``trafilatura md+meta``: ``trafilatura.extract(html, output_format="markdown",
  with_metadata=True)``; ``trafilatura default``: ``trafilatura.extract(html)``;
- ``floor``: lxml parse + ``text_content()`` serialisation: no tool can convert a page
  faster than it can read it once.

The conversions are split into ``--rounds`` rounds (whole passes over the corpus); in
each round every mode runs once, one after the other, so a burst of load from another
program on a shared machine hits the modes alike instead of one mode's whole run. Each
mode's figure is its pages over its seconds summed over the rounds; the ratios of ours
to trafilatura are also given round by round (their spread shows the noise).

Each run of a mode happens in its own freshly *spawned* process (so no mode inherits
another's memory or warm caches), which first loads the pages and converts each distinct
corpus page once to warm up, then is timed on the whole list. The warm-up is a whole
pass because some set-up is lazy and runs the first time a rare path is taken
(trafilatura loads justext's stoplists for all languages, ~0.25 s, the first time it
runs justext): with a few warm-up pages that fell inside the timed run of a mode that
takes the path on one corpus page (ours) and inside the warm-up of one that takes it on
15, the first page among them (trafilatura default). The warm-up pass is timed too and
shown as ``cold s``: one-time costs are reported, not hidden. Peak memory is
``resource.getrusage`` ``ru_maxrss`` of that process (the largest over the rounds): the
real resident peak, C allocations (libxml2 trees) included, which tracemalloc would
miss. ``base`` is the RSS after imports and loading the pages, before the timed run; for
the pool mode the peak of the largest worker is shown as well.

    .venv/bin/python bench/throughput.py [--corpus ../shared/corpus] [--min 1000]
                                         [--rounds 3] [--modes ours,ours-j,...]

Prints a table and writes bench/results/throughput.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import platform
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
RESULTS = ROOT / "bench" / "results" / "throughput.json"
MODES = ("ours", "ours-j", "trafilatura-md", "trafilatura", "floor")
LABELS = {
    "ours": "ours 1 proc",
    "ours-j": "ours -j{jobs}",
    "trafilatura-md": "trafilatura md+meta",
    "trafilatura": "trafilatura default",
    "floor": "floor (lxml parse+text)",
}


def corpus_files(corpus: Path) -> list[Path]:
    """Every gzip page of both sets, in a fixed order."""
    pages = sorted((corpus / "scrapinghub" / "html").glob("*.html.gz"))
    return pages + sorted((corpus / "fundus-jp").glob("*.html.gz"))


def load_pages(corpus: Path, minimum: int) -> list[tuple[str, bytes]]:
    files = corpus_files(corpus)
    pages = [(f.name.removesuffix(".gz"), gzip.decompress(f.read_bytes())) for f in files]
    rounds = -(-minimum // len(pages))  # ceiling
    return [(f"r{r}/{name}", data) for r in range(rounds) for name, data in pages]


# Modes (each one converts a (name, bytes) page; errors count as converted pages) -------


def _ours(page: tuple[str, bytes]) -> int:
    from converter.errors import DigestError
    from converter.model import Source
    from converter.pipeline import extract_article, render_page

    try:
        return len(render_page(extract_article([Source(path=page[0], data=page[1])])))
    except DigestError:
        return 0


def _trafilatura_md(page: tuple[str, bytes]) -> int:
    import trafilatura

    out = trafilatura.extract(page[1], output_format="markdown", with_metadata=True)
    return len(out or "")


def _trafilatura(page: tuple[str, bytes]) -> int:
    import trafilatura

    return len(trafilatura.extract(page[1]) or "")


def _floor(page: tuple[str, bytes]) -> int:
    import lxml.html

    return len(lxml.html.document_fromstring(page[1]).text_content())


_FUNCS = {
    "ours": _ours,
    "ours-j": _ours,
    "trafilatura-md": _trafilatura_md,
    "trafilatura": _trafilatura,
    "floor": _floor,
}


def _rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size in MB (Linux reports KB, macOS bytes)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def _current_rss_mb() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return _rss_mb()


def run_mode(mode: str, corpus: str, minimum: int, jobs: int) -> dict[str, Any]:
    """Body of one spawned child: load, warm up, time the whole list."""
    pages = load_pages(Path(corpus), minimum)
    func = _FUNCS[mode]
    start = time.perf_counter()
    for page in pages[: len(corpus_files(Path(corpus)))]:  # each distinct page once
        func(page)
    cold = time.perf_counter() - start
    base = _current_rss_mb()
    start, cpu_start = time.perf_counter(), time.process_time()
    if mode == "ours-j":
        from converter.parallel import ordered_map

        done = sum(1 for _ in ordered_map(func, pages, jobs))
    else:
        done = sum(1 for page in pages if func(page) >= 0)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return {
        "pages": done,
        "seconds": seconds,
        "pages_per_s": done / seconds,
        # the pool's work is done in its workers, whose CPU time this process does not see
        "cpu_seconds": None if mode == "ours-j" else cpu,
        "cold_seconds": cold,
        "base_rss_mb": base,
        "peak_rss_mb": _rss_mb(),
        "worker_peak_rss_mb": _rss_mb(resource.RUSAGE_CHILDREN) if mode == "ours-j" else None,
    }


def _child(mode: str, corpus: str, minimum: int, jobs: int, out: Any) -> None:
    try:
        out.send(run_mode(mode, corpus, minimum, jobs))
    except Exception as exc:  # reported in the table, the other modes still run
        out.send({"error": f"{type(exc).__name__}: {exc}"})


def measure(mode: str, corpus: Path, minimum: int, jobs: int) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(mode, str(corpus), minimum, jobs, send))
    proc.start()
    result = receive.recv()
    proc.join()
    return result


def combine(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One mode's rounds as one figure: pages and seconds summed, peaks the largest."""
    failed = [r for r in runs if "error" in r]
    if failed:
        return failed[0]
    pages = sum(r["pages"] for r in runs)
    seconds = sum(r["seconds"] for r in runs)
    workers = [r["worker_peak_rss_mb"] for r in runs if r.get("worker_peak_rss_mb")]
    cpu = None if runs[0]["cpu_seconds"] is None else sum(r["cpu_seconds"] for r in runs)
    return {
        "pages": pages,
        "seconds": seconds,
        "pages_per_s": pages / seconds,
        "cpu_pages_per_s": pages / cpu if cpu else None,
        "cold_seconds": sum(r["cold_seconds"] for r in runs) / len(runs),
        "base_rss_mb": max(r["base_rss_mb"] for r in runs),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "worker_peak_rss_mb": max(workers) if workers else None,
        "rounds_pages_per_s": [r["pages_per_s"] for r in runs],
    }


def round_ratios(
    rounds: dict[str, list[dict[str, Any]]], peer: str, key: str = "seconds"
) -> list[float]:
    """ours ÷ ``peer`` in pages per ``key`` (wall or CPU seconds) in each round (both ran
    back to back in that round)."""
    pairs = zip(rounds.get("ours", []), rounds.get(peer, []), strict=False)
    return [
        (a["pages"] / a[key]) / (b["pages"] / b[key])
        for a, b in pairs
        if "error" not in a and "error" not in b
    ]


def print_table(results: dict[str, dict[str, Any]], jobs: int) -> None:
    ours = results.get("ours", {}).get("pages_per_s")
    floor = results.get("floor", {}).get("pages_per_s")
    head = (
        f"{'mode':<24} {'pages':>6} {'s':>7} {'pages/s':>8} {'ours/it':>8} {'it/floor':>9}"
        f" {'cold s':>7} {'base MB':>8} {'peak MB':>20}"
    )
    print(head)
    print("-" * len(head))
    for mode, r in results.items():
        label = LABELS[mode].format(jobs=jobs)
        if "error" in r:
            print(f"{label:<24} error: {r['error']}")
            continue
        pps = r["pages_per_s"]
        vs_it = f"{ours / pps:.2f}" if ours else "-"
        vs_floor = f"{pps / floor:.2f}" if floor else "-"
        peak = f"{r['peak_rss_mb']:.0f}"
        if r.get("worker_peak_rss_mb"):
            peak += f" + {r['worker_peak_rss_mb']:.0f}/worker"
        print(
            f"{label:<24} {r['pages']:>6} {r['seconds']:>7.1f} {pps:>8.1f} {vs_it:>8} "
            f"{vs_floor:>9} {r['cold_seconds']:>7.2f} {r['base_rss_mb']:>8.0f} {peak:>20}"
        )
    print()
    for peer in ("trafilatura", "trafilatura-md"):
        if ours and results.get(peer, {}).get("pages_per_s"):
            ratios = ", ".join(f"{x:.2f}" for x in results[peer]["ours_ratio_by_round"])
            total = ours / results[peer]["pages_per_s"]
            print(f"ours / {LABELS[peer]}, one process: {total:.2f}x (by round: {ratios})")
            cpu_ours, cpu_peer = (results[m].get("cpu_pages_per_s") for m in ("ours", peer))
            if cpu_ours and cpu_peer:
                ratios = ", ".join(f"{x:.2f}" for x in results[peer]["ours_cpu_ratio_by_round"])
                print(f"  by CPU time: {cpu_ours / cpu_peer:.2f}x (by round: {ratios})")
    if ours and floor:
        print(f"ours / floor, one process: {ours / floor:.2f}x")
    print("ours/it = ours 1 proc ÷ this mode; it/floor = this mode ÷ floor.")
    print("by CPU time: pages per second of the process's own CPU time (time.process_time),")
    print("  which time other programs take from a shared machine does not inflate.")
    print("cold s = the untimed warm-up pass (each distinct page once), mean over the rounds.")
    print("peak MB = ru_maxrss of the mode's own spawned process (C allocations included);")
    print("  + N/worker: the largest pool worker's ru_maxrss (forked: shares the base pages).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--min", type=int, default=1000, help="conversions per mode, in all")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds the conversions are split into"
    )
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir() or not corpus_files(args.corpus):
        print(f"throughput: corpus not found at {args.corpus}; nothing to measure.")
        return 0
    modes = [m for m in args.modes.split(",") if m]
    unknown = set(modes) - set(MODES)
    if unknown:
        parser.error(f"unknown mode(s): {', '.join(sorted(unknown))}")
    if args.rounds < 1 or args.min < 1:
        parser.error("--rounds and --min must be at least 1")
    per_round = -(-args.min // args.rounds)  # ceiling
    count = len(load_pages(args.corpus, per_round))
    print(
        f"{len(corpus_files(args.corpus))} corpus pages repeated to {count} conversions per "
        f"round, {args.rounds} rounds ({count * args.rounds} per mode); {os.cpu_count()} "
        f"cores; Python {platform.python_version()}\n"
    )
    rounds: dict[str, list[dict[str, Any]]] = {mode: [] for mode in modes}
    for number in range(1, args.rounds + 1):
        for mode in modes:
            label = LABELS[mode].format(jobs=args.jobs)
            print(f"  round {number}/{args.rounds}: {label} ...", file=sys.stderr)
            rounds[mode].append(measure(mode, args.corpus, per_round, args.jobs))
    results = {mode: combine(runs) for mode, runs in rounds.items()}
    for peer in ("trafilatura", "trafilatura-md"):
        if peer in results and "error" not in results[peer]:
            results[peer]["ours_ratio_by_round"] = round_ratios(rounds, peer)
            results[peer]["ours_cpu_ratio_by_round"] = round_ratios(rounds, peer, "cpu_seconds")
    print_table(results, args.jobs)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "conversions_per_mode": count * args.rounds,
                "rounds": args.rounds,
                "jobs": args.jobs,
                "cores": os.cpu_count(),
                "modes": results,
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
