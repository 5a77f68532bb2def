"""Running export jobs in the background: one daemon thread per serving process.

Each thread claims queued jobs (a conditional UPDATE, so exactly one runner gets each, in
any process or host) and builds them one at a time. At start it marks jobs left running
by a crashed process as failed. Tests use ``run_pending`` instead of a thread.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from flask import Flask
from sqlalchemy.orm import Session, sessionmaker

from cbook.db import session_scope
from cbook.export import jobs

log = logging.getLogger(__name__)
POLL_SECONDS = 0.5
SWEEP_SECONDS = 30.0  # how often a runner looks for jobs orphaned by a crash elsewhere
_EXTENSION = "cbook.export_runner"


class Runner:
    """Claims and builds jobs until stopped."""

    def __init__(self, factory: sessionmaker[Session], instance: Path) -> None:
        """Prepare; nothing runs until ``start()``."""
        self.factory = factory
        self.instance = instance
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def wake(self) -> None:
        """Look for work now (a job was just queued in this process)."""
        self._wake.set()

    def run_pending(self) -> int:
        """Build every queued job now, in this thread; returns how many ran."""
        ran = 0
        while True:
            with session_scope(self.factory) as session:
                job_id = jobs.claim_next(session)
            if job_id is None:
                return ran
            jobs.run_job(self.factory, self.instance, job_id)
            ran += 1

    def start(self) -> None:
        """Recover from a crash, then run the loop in a daemon thread (once)."""
        if self._thread is not None and self._thread.is_alive():
            return
        with session_scope(self.factory) as session:
            jobs.fail_stale(session)
        jobs.sweep_partials(self.instance)
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="cbook-export-runner",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the current job (tests, shutdown)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        last_sweep = time.monotonic()
        while not self._stop.is_set():
            try:
                if time.monotonic() - last_sweep > SWEEP_SECONDS:
                    # Another process may have died mid-job since we started.
                    with session_scope(self.factory) as session:
                        jobs.fail_stale(session)
                    last_sweep = time.monotonic()
                self.run_pending()
            except Exception:  # keep serving jobs after a bad moment (database restart...)
                log.exception("export runner failed; retrying")
            self._wake.wait(POLL_SECONDS)
            self._wake.clear()


def get_runner(app: Flask) -> Runner:
    """The app's runner (created on first use)."""
    runner: Runner | None = app.extensions.get(_EXTENSION)
    if runner is None:
        runner = Runner(app.extensions["cbook.sessions"], app.config["CBOOK_SETTINGS"].instance)
        app.extensions[_EXTENSION] = runner
    return runner


def stop_runner(app: Flask) -> None:
    """Stop the app's export runner, if it was created (the composition root's shutdown)."""
    runner: Runner | None = app.extensions.pop(_EXTENSION, None)
    if runner is not None:
        runner.stop()


def init_app(app: Flask) -> None:
    """Start the runner with the first request, unless the app runs jobs by hand (tests)."""
    mode = app.config.get("CBOOK_EXPORT_RUNNER") or ("manual" if app.config.get("TESTING")
                                                      else "thread")
    if mode != "thread":
        return
    started = threading.Event()

    @app.before_request
    def _start_runner() -> None:
        if not started.is_set():
            started.set()
            get_runner(app).start()
