"""Bringing the index up to date from the outbox, by a single writer.

tantivy allows one writer per index directory, so one process at a time is elected the
writer by an exclusive ``flock`` on ``writer.lock`` beside the index (released by the
kernel if that process dies, so another takes over). The writer applies outbox rows after
they commit: it reads a batch, recomputes the index's documents for each distinct ref
from the database as it is now, commits the index, and only then deletes those exact rows.
A crash between the two leaves rows that are applied again, which is harmless.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from cbook.books.models import Book, Chapter, Section
from cbook.library.models import Resource
from cbook.principles.models import Principle
from cbook.review.models import Comment
from cbook.search import documents
from cbook.search.engine import SearchIndex
from cbook.search.models import SearchOutboxRow
from cbook.search.outbox import ALL

log = logging.getLogger(__name__)

BATCH = 2000  # outbox rows per index commit
BUILT_MARKER = "cbook-built"  # written once a full build has committed


class WriterLock:
    """The exclusive, process-wide right to write the index in ``folder``."""

    def __init__(self, folder: Path) -> None:
        """Prepare the lock; nothing is held until ``try_acquire``."""
        self._path = folder / "writer.lock"
        self._file: IO[str] | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._file is not None

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; never waits."""
        if self._file is not None:
            return True
        self._path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self._path, "a")  # noqa: SIM115 - held open for the lock's lifetime
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._file = handle
        return True

    def release(self) -> None:
        """Give the lock up (closing the file releases the flock)."""
        if self._file is not None:
            self._file.close()
            self._file = None


def _apply_section(session: Session, index: SearchIndex, section_id: int) -> None:
    index.delete_where("section", str(section_id))
    section = session.get(Section, section_id)
    if section is not None:
        index.replace(documents.section_docs(session, section))


def _apply_draft(session: Session, index: SearchIndex, document_id: int) -> None:
    section = session.scalar(select(Section).where(Section.document_id == document_id))
    if section is None:
        return
    index.delete([f"draft:{section.id}"])
    draft = documents.draft_doc(session, section)
    if draft is not None:
        index.replace([draft])


def _apply_chapter(session: Session, index: SearchIndex, chapter_id: int) -> None:
    index.delete_where("chapter", str(chapter_id))
    chapter = session.get(Chapter, chapter_id)
    if chapter is None:
        return
    for section in chapter.sections:
        index.replace(documents.section_docs(session, section))


def _apply_comment(session: Session, index: SearchIndex, comment_id: int) -> None:
    index.delete([f"comment:{comment_id}"])
    comment = session.get(Comment, comment_id)
    if comment is None:
        return
    section = session.scalar(select(Section).where(Section.document_id == comment.document_id))
    if section is not None and not section.in_trash:
        index.replace([documents.comment_doc(section, comment)])


def _apply_resource(session: Session, index: SearchIndex, resource_id: int) -> None:
    index.delete([f"resource:{resource_id}"])
    resource = session.get(Resource, resource_id)
    if resource is not None:
        index.replace([documents.resource_doc(resource)])


def _apply_principle(session: Session, index: SearchIndex, principle_id: int) -> None:
    index.delete([f"principle:{principle_id}"])
    principle = session.get(Principle, principle_id)
    if principle is not None:
        index.replace([documents.principle_doc(principle)])
    else:
        # Its tag vanished from resources by cascade, which the ORM did not see.
        for resource in session.scalars(select(Resource)):
            index.replace([documents.resource_doc(resource)])


def _apply_book(session: Session, index: SearchIndex, book_id: int) -> None:
    book = session.get(Book, book_id)
    if book is None:
        return  # its chapters were deleted with it, each with its own ref
    for chapter in book.chapters:
        _apply_chapter(session, index, chapter.id)


_APPLIERS: dict[str, Callable[[Session, SearchIndex, int], None]] = {
    "section": _apply_section,
    "document": _apply_draft,
    "chapter": _apply_chapter,
    "comment": _apply_comment,
    "resource": _apply_resource,
    "principle": _apply_principle,
    "book": _apply_book,
}
# A section's refs make its draft and comment refs redundant; apply wide refs first.
_ORDER = ("book", "chapter", "section", "document", "comment", "resource", "principle")


def _parse(ref: str) -> tuple[str, int] | None:
    kind, _, ident = ref.partition(":")
    if kind in _APPLIERS and ident.isdigit():
        return kind, int(ident)
    return None


def rebuild(session: Session, index: SearchIndex) -> int:
    """Replace the whole index with documents computed afresh; returns how many."""
    index.clear()
    count = 0
    batch = []
    for doc in documents.all_docs(session):
        batch.append(doc)
        if len(batch) >= 500:
            index.replace(batch)
            count += len(batch)
            batch = []
    index.replace(batch)
    count += len(batch)
    index.commit()
    return count


def apply_pending(session: Session, index: SearchIndex, *, limit: int = BATCH) -> int:
    """Apply up to ``limit`` outbox rows; returns how many rows were consumed.

    The caller must hold the writer lock. The session sees the database as of now, which
    is at least as new as every row read.
    """
    session.expire_all()  # objects from an earlier batch may have changed since
    rows = session.execute(
        select(SearchOutboxRow.id, SearchOutboxRow.ref).order_by(SearchOutboxRow.id)
        .limit(limit)
    ).all()
    if not rows:
        return 0
    refs = {ref for _, ref in rows}
    if ALL in refs:
        rebuild(session, index)
    else:
        parsed = sorted({p for p in map(_parse, refs) if p is not None},
                        key=lambda p: (_ORDER.index(p[0]), p[1]))
        done_sections = {i for kind, i in parsed if kind == "section"}
        for kind, ident in parsed:
            if kind == "document":
                owner = session.scalar(select(Section.id).where(Section.document_id == ident))
                if owner in done_sections:
                    continue
            _APPLIERS[kind](session, index, ident)
        index.commit()
    # Delete exactly what was read: on PostgreSQL a lower id may commit after a higher
    # one, and a range delete would drop it unapplied.
    ids = [row_id for row_id, _ in rows]
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        session.execute(delete(SearchOutboxRow).where(SearchOutboxRow.id.in_(chunk)))
    session.commit()
    return len(rows)


def pending_count(session: Session) -> int:
    """Outbox rows not yet applied."""
    return session.scalar(select(func.count()).select_from(SearchOutboxRow)) or 0


def is_built(folder: Path) -> bool:
    """Whether a full build has ever committed into this index folder."""
    return (folder / BUILT_MARKER).exists()


def mark_built(folder: Path) -> None:
    """Note that the index in ``folder`` holds a full build (written after it commits)."""
    (folder / BUILT_MARKER).write_text("1\n")


def full_build(factory: sessionmaker[Session], index: SearchIndex, folder: Path) -> int:
    """Rebuild from the database and forget the outbox rows that rebuild covered."""
    with factory() as session:
        # Rows read before the rebuild are covered by it; later ones are applied after.
        ids = list(session.scalars(select(SearchOutboxRow.id)))
        count = rebuild(session, index)
        for start in range(0, len(ids), 500):
            session.execute(
                delete(SearchOutboxRow).where(SearchOutboxRow.id.in_(ids[start:start + 500])))
        session.commit()
    mark_built(folder)
    return count


class Writer:
    """This process's bid to be the index writer, and the loop applying the outbox.

    ``start()`` runs a daemon thread: it tries for the writer lock every ``poll`` seconds
    until it wins (another process may hold it), then applies outbox rows whenever woken
    by a local commit or every ``poll`` seconds for commits made elsewhere.
    """

    def __init__(self, factory: sessionmaker[Session], index: SearchIndex, folder: Path,
                 *, poll: float = 0.1) -> None:
        """Prepare; nothing runs until ``start()`` or ``catch_up()``."""
        self.factory = factory
        self.index = index
        self.folder = folder
        self.poll = poll
        self.lock = WriterLock(folder)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._apply_lock = threading.Lock()

    def wake(self) -> None:
        """Ask the loop to look at the outbox now."""
        self._wake.set()

    def catch_up(self) -> bool:
        """Apply everything pending now, if this process is (or can become) the writer.

        Returns False when another process holds the writer lock.
        """
        with self._apply_lock:
            if not self.lock.try_acquire():
                return False
            if not is_built(self.folder):
                full_build(self.factory, self.index, self.folder)
            with self.factory() as session:
                while apply_pending(session, self.index):
                    pass
            return True

    def start(self) -> None:
        """Run the loop in a daemon thread (once per process; later calls do nothing)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="cbook-search-writer",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the loop and give up the writer role (tests, shutdown)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        with self._apply_lock:
            self.index.close()
            self.lock.release()

    def _run(self) -> None:
        pid = os.getpid()
        while not self._stop.is_set():
            self._wake.wait(self.poll)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                self.catch_up()
            except Exception:  # the loop must outlive a bad moment (database restarting...)
                log.exception("search writer in process %s failed; retrying", pid)
                self._stop.wait(1.0)
