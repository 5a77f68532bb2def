"""Bump the content generation in the transaction of any write readers would see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from cbook.content_state.models import ContentState
from cbook.db import has_changes_beyond

_FLAG = "cbook.content_changed"


def _noticing(watched: tuple[type, ...]) -> Callable[[Session, Any, Any], None]:
    def note_changes(session: Session, _context: Any, _instances: Any) -> None:
        if session.info.get(_FLAG):
            return
        touched = [*session.new, *session.deleted]
        if any(isinstance(obj, watched) for obj in touched) or any(
            isinstance(obj, watched) and has_changes_beyond(obj) for obj in session.dirty
        ):
            session.info[_FLAG] = True

    return note_changes


def _bump_before_commit(session: Session) -> None:
    # Commit runs this hook before its own final flush, so flush first to see everything.
    session.flush()
    if session.info.pop(_FLAG, False) and not _bump(session):
        # The row is made by a migration; a database restored without it recovers here.
        # Two first writers may both find it missing, so the insert yields to the other.
        session.execute(_insert_if_missing(session))
        _bump(session)


def _bump(session: Session) -> bool:
    bumped = session.execute(update(ContentState).values(generation=ContentState.generation + 1))
    return bool(bumped.rowcount)  # type: ignore[attr-defined]


def _insert_if_missing(session: Session) -> Any:
    values = {"id": 1, "generation": 0}
    if session.get_bind().dialect.name == "postgresql":
        return postgresql_insert(ContentState).values(**values).on_conflict_do_nothing()
    return sqlite_insert(ContentState).values(**values).on_conflict_do_nothing()


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_FLAG, None)


def track_content_changes(factory: sessionmaker[Session], watched: tuple[type, ...]) -> None:
    """Make every session from ``factory`` bump the generation when a row of one of the
    ``watched`` (reader-visible) models is added, deleted or changed."""
    event.listen(factory, "before_flush", _noticing(watched))
    event.listen(factory, "before_commit", _bump_before_commit)
    event.listen(factory, "after_rollback", _forget)

