"""A generation number that changes whenever anything readers can see changes.

Every write that touches reader-visible content bumps it in the same transaction, so any
process or host can tell in one cheap query whether a cached page is still current.
Edits to a section's working draft (its Document and step log, not tracked here) do not
count: readers only ever see published text, and collaborative editing must not contend
on this one row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from cbook.books.models import Book, Chapter, Section, Trio
from cbook.db import BOOKKEEPING_ATTRIBUTES, Base
from cbook.library.models import Resource, ResourceTag
from cbook.principles.models import Audience, Principle

READER_VISIBLE = (Book, Chapter, Section, Trio, Principle, Audience, Resource, ResourceTag)
_FLAG = "cbook.content_changed"


class ContentState(Base):
    """The single row holding the reader-visible content generation."""

    __tablename__ = "content_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(default=0)


def _changes_readers_see(obj: object) -> bool:
    state = inspect(obj)
    for attribute in state.mapper.attrs:
        if attribute.key in BOOKKEEPING_ATTRIBUTES:
            continue
        if state.attrs[attribute.key].history.has_changes():
            return True
    return False


def _note_changes(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(_FLAG):
        return
    touched = [*session.new, *session.deleted]
    if any(isinstance(obj, READER_VISIBLE) for obj in touched) or any(
        isinstance(obj, READER_VISIBLE) and _changes_readers_see(obj) for obj in session.dirty
    ):
        session.info[_FLAG] = True


def _bump_before_commit(session: Session) -> None:
    # Commit runs this hook before its own final flush, so flush first to see everything.
    session.flush()
    if session.info.pop(_FLAG, False):
        bumped = session.execute(
            update(ContentState).values(generation=ContentState.generation + 1)
        )
        if not bumped.rowcount:  # type: ignore[attr-defined]
            # The row is made by a migration; a database restored without it recovers here.
            session.add(ContentState(id=1, generation=1))
            session.flush()


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_FLAG, None)


def track_content_changes(factory: sessionmaker[Session]) -> None:
    """Make every session from ``factory`` bump the generation when content changes."""
    event.listen(factory, "before_flush", _note_changes)
    event.listen(factory, "before_commit", _bump_before_commit)
    event.listen(factory, "after_rollback", _forget)


def current_generation(session: Session) -> int:
    """The content generation now (0 before the first change)."""
    return session.scalar(select(ContentState.generation).where(ContentState.id == 1)) or 0
