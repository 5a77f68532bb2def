"""One step-writer at a time per SQLite database, across threads and worker processes.

SQLite has a single write lock per database. A writer that finds it taken waits in
SQLite's busy handler, which sleeps in growing steps (up to 100 ms) and so often wakes
long after the lock was freed: with twenty people typing into one section, the slowest
requests spent most of their time asleep. Writers queue on a file lock here instead, and
the next one runs the moment the last one has committed.

The gate only orders writers; correctness never depends on it (the database still refuses
a second version N). PostgreSQL queues row locks itself, so there the gate is open.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

_gates: dict[tuple[int, str], tuple[threading.Lock, int]] = {}
_registry_lock = threading.Lock()


def _gate(database: str) -> tuple[threading.Lock, int]:
    # One descriptor per process (keyed by pid: a forked worker must not share its parent's,
    # since flock belongs to the open file). The threads of a process take turns on the
    # thread lock, so only one of them at a time holds or waits for the flock.
    key = (os.getpid(), database)
    with _registry_lock:
        if key not in _gates:
            descriptor = os.open(f"{database}-writers.lock", os.O_RDWR | os.O_CREAT, 0o600)
            _gates[key] = (threading.Lock(), descriptor)
        return _gates[key]


def _sqlite_file(session: Session) -> str | None:
    url = session.get_bind().engine.url
    if url.get_backend_name() != "sqlite" or not url.database or ":memory:" in url.database:
        return None
    return os.path.abspath(url.database)


@contextmanager
def serialised(session: Session) -> Iterator[None]:
    """Run the block as the only gated writer of the session's database."""
    database = _sqlite_file(session)
    if database is None:
        yield
        return
    thread_lock, descriptor = _gate(database)
    with thread_lock:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
