"""Admission control: how many requests of one process run Python at the same time.

A worker process has many threads so that long-polling editors can each hold one while
they wait. But CPython runs one thread at a time: when a dozen requests are runnable at
once they convoy on the interpreter lock and every one of them gets slow. Requests queue
here instead, a few at a time, and a long-poll gives its place back while it waits.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g
from werkzeug.exceptions import ServiceUnavailable

QUEUE_TIMEOUT_SECONDS = 30


def _enter() -> None:
    gate: threading.BoundedSemaphore = current_app.extensions["cbook.admission"]
    if not gate.acquire(timeout=QUEUE_TIMEOUT_SECONDS):
        raise ServiceUnavailable("the server is too busy; try again in a moment")
    g.admitted = True


def _leave(_error: BaseException | None) -> None:
    if g.pop("admitted", False):
        current_app.extensions["cbook.admission"].release()


@contextmanager
def stepped_aside() -> Iterator[None]:
    """Give this request's place to others while it waits (e.g. a long-poll)."""
    admitted = g.pop("admitted", False)
    if admitted:
        current_app.extensions["cbook.admission"].release()
    try:
        yield
    finally:
        if admitted:
            _enter()


def init_app(app: Flask, active: int) -> None:
    """Admit at most ``active`` requests at once in this process (0: no limit)."""
    if active <= 0:
        return
    app.extensions["cbook.admission"] = threading.BoundedSemaphore(active)
    # First in, so queued requests do no work (not even auth) until admitted.
    app.before_request_funcs.setdefault(None, []).insert(0, _enter)
    app.teardown_request(_leave)
