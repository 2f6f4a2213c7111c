"""A pool of query workers (csckg/query/worker.py): parallel queries, each one bounded in time.

A request takes an idle worker (waiting at most its time limit for one), sends the query and
waits for the answer until the limit. Past it, the worker is killed, which is the only way to
stop a query inside pyoxigraph, and a fresh worker is started in the background; the request
gets QueryTimeout at once and the other workers go on answering.

An update takes every worker, so that no query sees it half-applied. On an in-memory source each
worker holds its own copy, so the update is applied to each, and remembered so that a worker
started later (after a timeout) replays it. On a store folder there is one worker, opened
writable: Oxigraph lets one process at a time write a store, and applies an update as a
transaction, so killing that worker mid-update leaves the store as it was.

The cost of a process is measured in bench/README.md (the load test).
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection

from .. import paths
from ..store.errors import QueryError, QueryTimeout
from .worker import Source

#: How long a worker may take to load its source before the server gives up on it.
STARTUP_SECONDS = 300.0


class WorkerFailed(QueryError):
    """A worker could not load the source (a damaged store, a missing file) or stopped."""

    exit_code = 3


class Busy(QueryError):
    """No worker came free in time: every one was busy with a longer query."""


class Retired(Busy):
    """The pool was closed (the server reloaded a rebuilt graph) while a request waited for it."""


class Worker:
    """One child process (``python -m csckg.query.worker``) holding the source.

    A plain subprocess rather than multiprocessing's spawn, which would import the parent's
    main script again in the child."""

    def __init__(self, source: Source, updates: list[str]):
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(paths.ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
        self.process = subprocess.Popen([sys.executable, "-m", "csckg.query.worker"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, env=environment, cwd=paths.ROOT)
        self.requests = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.connection = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()
        self.source = source
        self.requests.send((source, updates))

    def wait_ready(self, seconds: float = STARTUP_SECONDS) -> None:
        if not self.connection.poll(seconds):
            self.kill()
            raise WorkerFailed(f"{self.source.description} did not load within {seconds:g} s")
        try:
            status, detail = self.connection.recv()
        except EOFError:
            status, detail = "failed", "the worker process stopped"
        if status != "ready":
            self.kill()
            raise WorkerFailed(f"could not load {self.source.description}: {detail}")

    def ask(self, kind: str, text: str, seconds: float) -> tuple[str, object]:
        """The worker's reply, or QueryTimeout after ``seconds`` (the caller then kills it)."""
        try:
            self.requests.send((kind, text))
            if not self.connection.poll(seconds):
                raise QueryTimeout(seconds)
            return self.connection.recv()
        except (EOFError, OSError):
            raise WorkerFailed(f"the query worker for {self.source.description} stopped while "
                               "answering (out of memory?)") from None

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(5)
        self.requests.close()
        self.connection.close()


class WorkerPool:
    """``size`` workers holding ``source``; one at most when the source is a writable store."""

    def __init__(self, source: Source, size: int = 4, log=None):
        self.source = source
        self.size = 1 if source.kind == "store" and source.writable else max(1, size)
        self.updates: list[str] = []  # applied to in-memory copies; replayed by new workers
        self.idle: queue.LifoQueue[Worker] = queue.LifoQueue()
        self.closed = False
        self.log = log or (lambda message: None)
        started = [Worker(source, []) for _ in range(self.size)]
        try:
            for one in started:
                one.wait_ready()
        except WorkerFailed:
            for one in started:
                one.kill()
            raise
        for one in started:
            self.idle.put(one)

    def _take(self, seconds: float) -> Worker:
        deadline = time.monotonic() + seconds
        while not self.closed:
            try:
                return self.idle.get(timeout=max(0.0, min(0.5, deadline - time.monotonic())))
            except queue.Empty:
                if time.monotonic() >= deadline:
                    raise Busy(f"every query worker stayed busy for {seconds:g} s (other queries are running "
                               "long); try again, or start the server with more --workers") from None
        raise Retired("the server is loading a rebuilt graph; try again")

    def _give_back(self, one: Worker) -> None:
        if self.closed:
            one.kill()
        else:
            self.idle.put(one)

    def _replace(self, one: Worker) -> None:
        """Kill a worker and start another in the background; it joins the pool once loaded."""
        one.kill()

        def start() -> None:
            fresh = Worker(self.source, list(self.updates))
            try:
                fresh.wait_ready()
            except WorkerFailed as error:
                self.log(f"a query worker could not be restarted: {error}")
                return
            self._give_back(fresh)

        threading.Thread(target=start, daemon=True, name="csckg-worker-restart").start()

    def _ask(self, one: Worker, kind: str, text: str, seconds: float) -> tuple[str, object]:
        try:
            reply = one.ask(kind, text, seconds)
        except (QueryTimeout, WorkerFailed):
            self._replace(one)
            raise
        self._give_back(one)
        return reply

    def run(self, text: str, seconds: float) -> tuple[str, object]:
        """Run a query: ('ok', (kind, bytes)), ('syntax', message) or ('error', message)."""
        return self._ask(self._take(seconds), "query", text, seconds)

    def update(self, text: str, seconds: float) -> tuple[str, object]:
        """Apply an update to every worker's copy (one worker for a store folder)."""
        deadline = time.monotonic() + seconds
        taken: list[Worker] = []
        try:
            for _ in range(self.size):
                taken.append(self._take(max(0.0, deadline - time.monotonic())))
        except Busy:
            for one in taken:
                self._give_back(one)
            raise
        first, rest = taken[0], taken[1:]
        try:
            reply = self._ask(first, "update", text, max(0.01, deadline - time.monotonic()))
        except (QueryTimeout, WorkerFailed):
            for one in rest:
                self._give_back(one)
            raise
        if reply[0] != "ok":
            for one in rest:
                self._give_back(one)
            return reply
        if self.source.kind != "store":
            self.updates.append(text)
        for one in rest:  # the same update on the same data: it succeeds here too
            try:
                self._ask(one, "update", text, seconds)
            except (QueryTimeout, WorkerFailed):
                pass  # replaced by a worker that replays self.updates, this one included
        return reply

    def close(self) -> None:
        """Stop every worker: the idle ones now, the busy ones when their query returns."""
        self.closed = True
        while True:
            try:
                self.idle.get_nowait().kill()
            except queue.Empty:
                return
