"""The step writers' gate: one writer at a time per SQLite file, across threads and processes."""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cbook import write_gate
from cbook.db import make_engine

HOLD_SECONDS = 0.4


def _session(database: Path) -> Session:
    return Session(bind=make_engine(f"sqlite:///{database}"))


def _hold_gate(database: str, entered: Any, released_at: Any) -> None:
    with write_gate.serialised(_session(Path(database))):
        entered.set()
        time.sleep(HOLD_SECONDS)
        released_at.value = time.time()


def test_a_writer_in_another_process_waits_for_the_gate(tmp_path: Path) -> None:
    database = tmp_path / "book.db"
    context = multiprocessing.get_context("spawn")
    entered = context.Event()
    released_at = context.Value("d", 0.0)
    holder = context.Process(target=_hold_gate, args=(str(database), entered, released_at))
    holder.start()
    try:
        assert entered.wait(timeout=30)
        with write_gate.serialised(_session(database)):
            got_in_at = time.time()
    finally:
        holder.join(timeout=30)
    assert released_at.value > 0
    assert got_in_at >= released_at.value


def test_threads_of_one_process_take_turns(tmp_path: Path) -> None:
    session = _session(tmp_path / "book.db")
    inside = 0
    most_inside = 0
    counter = threading.Lock()

    def write() -> None:
        nonlocal inside, most_inside
        with write_gate.serialised(session):
            with counter:
                inside += 1
                most_inside = max(most_inside, inside)
            time.sleep(0.02)
            with counter:
                inside -= 1

    threads = [threading.Thread(target=write) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most_inside == 1

