"""A client for Pagefind's service mode: the indexer as a process that stays up.

Pagefind's binary, started with ``--service``, reads requests on stdin and answers on
stdout, each message a base64-encoded JSON object followed by a comma; a request carries
a ``message_id`` that its answer repeats. This is the protocol the ``pagefind`` Python
package speaks; we speak it ourselves because that package reads answers one per tenth
of a second (fine for a handful of requests, 17 minutes for 10,000 pages sent one by
one), and because a service we own can be started early.

The extended binary loads its Japanese dictionary on the first Japanese page it sees
(about a second of CPU). :meth:`Service.warm_up` sends it a one-line Japanese page at
once, so the dictionary loads on the second core while Python converts and MkDocs
renders; the incremental build's delta then costs a fraction of a second. (A full index
still goes through ``pagefind --site``: the service handles one page at a time, the
command line uses every core.)

Requests are written from one thread (the build's); a reader thread resolves answers,
so the service never blocks on a full pipe.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import subprocess
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import IO, Any

from ..errors import SiteError

log = logging.getLogger(__name__)

# Seconds to wait for any one answer (a whole-site write included) before giving up.
ANSWER_TIMEOUT_S = 3600
# What the warm-up indexes: enough Japanese for the segmenter to load its dictionary.
_WARM_PAGE = (
    '<html lang="ja"><body><main data-pagefind-body><p>日本語の辞書を読み込む。</p>'
    "</main></body></html>"
)


def executable() -> Path:
    """The Pagefind binary the ``pagefind`` package installed (the extended one, which
    segments Japanese, when present)."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise SiteError("search index: no Pagefind binary found (pip install 'pagefind[extended]')")
    return Path(found)


class Service:
    """One running ``pagefind --service`` process. Use as a context manager or call
    :meth:`close`; requests come from one thread at a time."""

    def __init__(self, binary: Path | None = None) -> None:
        cmd = [str(binary or executable()), "--service"]
        try:
            self._proc = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
            )
        except OSError as exc:
            raise SiteError(f"search index: cannot start Pagefind ({exc})") from exc
        self._next_id = 0
        self._pending: dict[int, Future[dict[str, Any]]] = {}
        self._lock = threading.Lock()  # the pending answers
        self._write_lock = threading.Lock()  # stdin, for a warm-up thread beside the build
        self._failure: str | None = None
        assert self._proc.stdout is not None
        self._reader = threading.Thread(target=self._read, args=(self._proc.stdout,), daemon=True)
        self._reader.start()

    def __enter__(self) -> Service:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, payload: dict[str, Any]) -> Future[dict[str, Any]]:
        """Send one request; its answer (the payload) resolves the returned future, or an
        error does (:class:`SiteError`)."""
        future: Future[dict[str, Any]] = Future()
        with self._lock:
            if self._failure is not None:
                future.set_exception(SiteError(self._failure))
                return future
            self._next_id += 1
            message_id = self._next_id
            self._pending[message_id] = future
        data = json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")
        try:
            with self._write_lock:
                assert self._proc.stdin is not None
                self._proc.stdin.write(base64.b64encode(data) + b",")
                self._proc.stdin.flush()
        except (OSError, ValueError) as exc:
            self._fail(f"search index: Pagefind stopped ({exc})")
        return future

    def call(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one request and wait for its answer."""
        return self.send(payload).result(timeout=ANSWER_TIMEOUT_S)

    def warm_up(self, language: str) -> None:
        """Make the service load what indexing ``language`` needs, in a thread: the call
        returns at once."""

        def run() -> None:
            try:
                index = Index(self, language)
                index.add("digest-warm-up/index.html", _WARM_PAGE)
                index.pages()
                index.delete()
            except Exception as exc:  # noqa: BLE001  # the real index reports any failure
                log.debug("Pagefind warm-up: %s", exc)

        threading.Thread(target=run, daemon=True).start()

    def close(self) -> None:
        """Stop the service at once: every answer a build needed has been waited for, and
        a warm-up still loading its dictionary (a build with nothing to index) is not
        worth waiting for."""
        if self._proc.poll() is None:
            with contextlib.suppress(OSError):
                assert self._proc.stdin is not None
                self._proc.stdin.close()
            self._proc.terminate()
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._fail("search index: the Pagefind service was closed")

    def _read(self, stream: IO[bytes]) -> None:
        buffer = b""
        while True:
            chunk = stream.read1(1 << 16)  # type: ignore[attr-defined]
            if not chunk:
                break
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for message in messages:
                if message.strip():
                    self._answer(message)
        self._fail("search index: Pagefind stopped unexpectedly")

    def _answer(self, message: bytes) -> None:
        try:
            answer = json.loads(base64.b64decode(message))
        except ValueError:
            log.debug("Pagefind: unreadable answer %r", message[:80])
            return
        if not isinstance(answer, dict):
            return
        payload = answer.get("payload") or {}
        message_id = answer.get("message_id")
        if message_id is None and isinstance(payload.get("original_message"), str):
            try:  # a request it could not parse comes back without its id
                message_id = json.loads(payload["original_message"]).get("message_id")
            except (ValueError, AttributeError):
                message_id = None
        with self._lock:
            future = self._pending.pop(message_id, None) if message_id is not None else None
        if future is None:
            log.debug("Pagefind: answer to no request: %s", str(payload)[:200])
        elif payload.get("type") == "Error":
            future.set_exception(SiteError(f"search index: Pagefind: {payload.get('message')}"))
        else:
            future.set_result(payload)

    def _fail(self, reason: str) -> None:
        with self._lock:
            if self._failure is None:
                self._failure = reason
            pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(SiteError(reason))


class Index:
    """One index in a service: pages added one by one (without waiting for each), then
    written as a bundle."""

    def __init__(self, service: Service, language: str) -> None:
        self._service = service
        self._adds: list[Future[dict[str, Any]]] = []
        answer = service.call({"type": "NewIndex", "config": {"force_language": language}})
        self.index_id = int(answer["index_id"])

    def add(self, path: str, html: str) -> None:
        """Index the page that the site serves from ``path`` (site-relative, e.g.
        ``articles/x/index.html``: Pagefind makes its URL from it)."""
        self._adds.append(
            self._service.send(
                {"type": "AddFile", "index_id": self.index_id, "file_path": path,
                 "url": None, "file_contents": html}
            )
        )  # fmt: skip

    def pages(self) -> int:
        """Wait for every page added so far; how many there are. (When any page has
        ``data-pagefind-body``, pages without it are read but left out of the bundle.)"""
        for added in self._adds:
            added.result(timeout=ANSWER_TIMEOUT_S)
        return len(self._adds)

    def write(self, output: Path) -> int:
        """Wait for every page, write the bundle into ``output``; returns the pages."""
        count = self.pages()
        self._service.call(
            {"type": "WriteFiles", "index_id": self.index_id, "output_path": str(output)}
        )
        return count

    def delete(self) -> None:
        self._service.send({"type": "DeleteIndex", "index_id": self.index_id})
