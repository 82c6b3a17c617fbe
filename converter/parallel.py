"""Running one function over many items in a pool of processes, results in input order.

``digest convert``/``build`` convert articles this way: each worker turns one article's
pages into plain, picklable data (the page text, its title and URL, or an error), and
the parent alone writes files and the manifest, in the order of the input. The output is
therefore the same whatever the number of jobs; ``jobs=1`` runs in this process, with no
pool at all.

Workers are forked where the platform allows it (Linux): they start in milliseconds and
inherit the loaded modules and compiled patterns. Elsewhere the platform's default start
method is used. Items go to the workers in chunks (fewer round trips), and results come
back chunk by chunk, in order.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["ordered_map", "progress"]

T = TypeVar("T")
R = TypeVar("R")

# Items per chunk sent to a worker: large enough to amortise the round trip (a page
# takes milliseconds), small enough that the progress bar moves and the jobs stay
# balanced: about CHUNKS_PER_JOB chunks per job, at most MAX_CHUNK items each.
CHUNKS_PER_JOB = 8
MAX_CHUNK = 16


def ordered_map(
    func: Callable[[T], R],
    items: Sequence[T],
    jobs: int,
    on_crash: Callable[[T, BaseException], R] | None = None,
) -> Iterator[R]:
    """Yield ``func(item)`` for every item, in the order of ``items``.

    ``func`` must be a module-level function that handles its own errors (a worker that
    raises would lose its whole chunk). If a worker process dies (killed, out of memory,
    a crash in C code) and ``on_crash`` is given, the items not done yet are run again
    one at a time, each alone in a worker, so that only the item that kills its worker
    gets ``on_crash(item, exc)``; without ``on_crash`` the exception propagates.
    """
    jobs = max(1, min(jobs, len(items)))
    if jobs == 1:
        yield from map(func, items)
        return
    size = max(1, min(MAX_CHUNK, len(items) // (jobs * CHUNKS_PER_JOB)))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=_context(), initializer=_start_worker
    ) as pool:
        futures: list[Future[list[R]]] = [pool.submit(_run_chunk, func, c) for c in chunks]
        try:
            for done, future in enumerate(futures):
                try:
                    results = future.result()
                except BrokenProcessPool:
                    if on_crash is None:
                        raise
                    rest = [item for chunk in chunks[done:] for item in chunk]
                    yield from _one_by_one(func, rest, on_crash)
                    return
                yield from results
        finally:  # an interrupted run (Ctrl-C, a closed generator) drops the queued work
            for future in futures:
                future.cancel()


def _one_by_one(
    func: Callable[[T], R], items: Sequence[T], on_crash: Callable[[T, BaseException], R]
) -> Iterator[R]:
    """After a worker died: each item alone in a one-worker pool (a new pool after each
    death), so the item that kills its worker is known and the others are done."""
    pool = ProcessPoolExecutor(1, mp_context=_context(), initializer=_start_worker)
    try:
        for item in items:
            try:
                yield pool.submit(func, item).result()
            except BrokenProcessPool as exc:
                yield on_crash(item, exc)
                pool.shutdown(wait=False)
                pool = ProcessPoolExecutor(1, mp_context=_context(), initializer=_start_worker)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start_worker() -> None:
    """Each worker: leaves Ctrl-C to the parent (which stops the batch once, cleanly),
    and exits when the parent is gone (killed with SIGKILL, a worker would otherwise
    wait forever for work: it holds the queue's pipe open itself)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="digest-parent-watch", daemon=True).start()


# How often a worker checks that its parent is still alive.
PARENT_CHECK_SECONDS = 1.0


def _run_chunk(func: Callable[[T], R], chunk: Sequence[T]) -> list[R]:
    return [func(item) for item in chunk]


def _context() -> multiprocessing.context.BaseContext:
    """Fork where available (fast start, inherited imports), else the platform default."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


@contextmanager
def progress(
    total: int, enabled: bool, label: str = "converting", console: Console | None = None
) -> Iterator[Callable[[], None]]:
    """A rich progress bar on stderr for ``total`` steps; yields the function that counts
    one step. Disabled (``enabled`` false, e.g. stderr is not a terminal, or fewer than
    two steps): a function that does nothing, and no output at all, so logs stay clean.
    ``console``: where to draw (default: a rich console on stderr).

    The bar is redrawn by the caller's steps (at most every REFRESH_SECONDS), not by a
    background thread: no thread is running when the worker processes are forked.
    """
    if not enabled or total < 2:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(
        *columns,
        console=console or Console(stderr=True),
        auto_refresh=False,  # no refresh thread (see above)
        transient=True,  # the summary that follows stays the only output
        redirect_stdout=False,  # forked workers keep the real streams
        redirect_stderr=False,
    ) as bar:
        task = bar.add_task(label, total=total)
        shown = [time.monotonic()]

        def step() -> None:
            bar.advance(task)
            now = time.monotonic()
            if now - shown[0] >= REFRESH_SECONDS or bar.finished:
                bar.refresh()
                shown[0] = now

        bar.refresh()
        yield step


# Least time between two redraws of the progress bar.
REFRESH_SECONDS = 0.1
