"""A killed export never leaves a file under the real name; its leftovers are swept."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.db import utcnow
from cbook.export import jobs
from cbook.roles import Role
from tests.cli.helpers import CBOOK
from tests.support import make_user

WORDS = "Leaders name the barrier out loud and shift it together across the system. " * 12


def big_book(session: Session) -> str:
    admin = make_user(session, Role.ADMIN)
    book = books.create_book(session, admin, title="Big book")
    for c in range(6):
        chapter = books.create_chapter(session, admin, book, title=f"Chapter {c}")
        for s in range(10):
            doc = {"type": "doc", "content": [
                {"type": "paragraph", "attrs": {"id": f"p{n}"},
                 "content": [{"type": "text", "text": WORDS}]} for n in range(12)]}
            section = books.create_section(session, admin, chapter, title=f"S {c}.{s}",
                                           doc=doc)
            session.flush()
            books.publish_section(session, admin, section)
    session.commit()
    return book.slug


def test_killing_an_export_midway_publishes_no_file(
        session: Session, env: dict[str, str], tmp_path: Path) -> None:
    slug = big_book(session)
    target = tmp_path / "out" / "book.pdf"
    process = subprocess.Popen(
        [CBOOK, "export", slug, "--format", "pdf", "-o", str(target)], env=env,
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, start_new_session=True)
    assert process.stderr is not None
    seen = b""
    deadline = time.monotonic() + 60
    while b"writing" not in seen:  # converting has begun: kill it now
        assert time.monotonic() < deadline and process.poll() is None, seen
        seen += os.read(process.stderr.fileno(), 4096)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    process.stderr.close()
    time.sleep(1.0)  # an orphaned child, had one survived, would have finished by now
    assert not target.exists()
    # At most hidden partial files remain (swept later by the export runner).
    left = list(target.parent.iterdir()) if target.parent.exists() else []
    assert all(p.name.startswith(".book.pdf.") and p.name.endswith(".part") for p in left)


def test_leftover_partial_files_are_swept(tmp_path: Path) -> None:
    folder = jobs.exports_folder(tmp_path)
    folder.mkdir(parents=True)
    old = folder / ".abc.epub.1234.part"
    old.write_bytes(b"half")
    fresh = folder / ".def.epub.5678.part"
    fresh.write_bytes(b"half")
    finished = folder / "abc.epub"
    finished.write_bytes(b"whole")
    past = (utcnow() - timedelta(hours=1)).timestamp()
    os.utime(old, (past, past))
    assert jobs.sweep_partials(tmp_path) == 1
    assert not old.exists() and fresh.exists() and finished.exists()
