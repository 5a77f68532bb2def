"""The production server: gunicorn with threaded workers, started from ``cbook serve``."""

from __future__ import annotations

import gc
import sys
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from cbook.config import Settings

# A thread back from the database waits for the interpreter lock until the running thread
# yields it, 5 ms by default; with many short requests in flight those waits were most of
# a busy editor's latency. Handing over every 1 ms cut the slowest 5% of step requests by
# about a fifth (bench/collab.py). Readers do not pay for it: with cached pages and static
# files answered in front of Flask, bench/reader.py measured 1 ms against 5 ms, and 16
# threads a worker against 4, within the noise (2,000-3,400 req/s either way), while 4
# threads served signed-in pages slower (46 against 64 req/s) and would starve
# long-polling editors, who each hold a thread.
SWITCH_INTERVAL_SECONDS = 0.001
# Collect the youngest generation every 50,000 allocations instead of 700: a worker keeps
# large parsed documents in memory, and each collection that reaches them stalls every
# request in the process (a 10,000-word merge preview spent three quarters of its time
# in the collector). Cycles are still collected, just in fewer, larger batches.
GC_THRESHOLDS = (50_000, 20, 20)


def tune_interpreter() -> None:
    """Interpreter settings for a server process (also used by the benchmarks)."""
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    gc.set_threshold(*GC_THRESHOLDS)


class CultureBookServer(BaseApplication):  # type: ignore[misc]
    """Gunicorn configured in code, so ``cbook serve`` needs no config file."""

    def __init__(self, settings: Settings, options: dict[str, Any]) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        """Apply our options to gunicorn's config."""
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        """Build the app in each worker (after fork, so no connection is shared)."""
        from cbook.app import create_app

        tune_interpreter()

        return create_app(settings=self.settings)


def run_server(settings: Settings, *, host: str, port: int, workers: int, threads: int) -> None:
    """Serve until interrupted."""
    CultureBookServer(settings, {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        # Long-polls hold a request open for up to 30 s; give them room.
        "timeout": 60,
        "graceful_timeout": 10,
        "keepalive": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
    }).run()
