"""Run a query in this process with a time limit: in a thread, given up on when it is late.

A query inside pyoxigraph cannot be stopped from Python, so a late one is abandoned, not
stopped: the caller gets QueryTimeout at once and the thread runs on in the background. That
suits a command, which then ends its process (cli.main leaves at once when a query was
abandoned, rather than wait for it); the server instead runs queries in worker processes that
it can kill (csckg/query/pool.py).
"""

from __future__ import annotations

import threading
from typing import Callable, TypeVar

from .errors import QueryTimeout

T = TypeVar("T")
_abandoned = threading.Event()


def within(seconds: float | None, work: Callable[[], T]) -> T:
    """``work()``, or QueryTimeout if it has not finished after ``seconds`` (None: no limit)."""
    if seconds is None:
        return work()
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True, name="csckg-query")
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        _abandoned.set()
        raise QueryTimeout(seconds)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def abandoned() -> bool:
    """Whether a query of this process was given up on and may still be running."""
    return _abandoned.is_set()
