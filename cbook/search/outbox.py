"""The search outbox: what changed, written in the same transaction as the change.

Every session from the app's factory watches its flushes for content the index holds
(sections, chapters, resources, principles, comments) and, just before commit, writes one
outbox row per changed thing. The search writer (``cbook.search.sync``) applies rows
after commit and deletes them once the index has committed, so a crash anywhere leaves
either a row still to apply or an index already current: the index cannot drift.

Refs name things, not changes: ``section:12`` means "make the index's view of section 12
match the database", which is idempotent and lets many edits to one thing coalesce.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.orm import Session, sessionmaker

from cbook.books.models import Book, Chapter, Section
from cbook.db import BOOKKEEPING_ATTRIBUTES, has_changes_beyond
from cbook.library.models import Resource, ResourceTag
from cbook.principles.models import Principle
from cbook.review.models import Comment
from cbook.search.models import SearchOutboxRow
from cbook.search.pending import PENDING_KEY

_WROTE = "cbook.search_wrote"
ALL = "all"  # ref asking the writer for a full rebuild

# Attributes whose changes the index never shows (timestamps, anchors kept current by the
# comment machinery, lazily written snapshots...).
_IGNORED = BOOKKEEPING_ATTRIBUTES | frozenset({
    "anchor_from", "anchor_to", "anchor_version", "anchor_offset", "anchor_span", "detached",
    "allow_self_merge", "position", "cover_file"})


def _ref_for(obj: object) -> str | None:
    match obj:
        case Section():
            return f"section:{obj.id}"
        case Chapter():
            return f"chapter:{obj.id}"
        case Book():
            return f"book:{obj.id}"
        case Resource():
            return f"resource:{obj.id}"
        case ResourceTag():
            return f"resource:{obj.resource_id}"
        case Principle():
            return f"principle:{obj.id}"
        case Comment():
            return f"comment:{obj.id}"
    return None


def _after_flush(session: Session, _context: Any) -> None:
    # After the flush, so new objects have their ids; new/dirty/deleted still list them.
    refs: set[str] = session.info.setdefault(PENDING_KEY, set())
    for obj in (*session.new, *session.deleted):
        ref = _ref_for(obj)
        if ref is not None:
            refs.add(ref)
    for obj in session.dirty:
        ref = _ref_for(obj)
        if ref is not None and ref not in refs and has_changes_beyond(obj, _IGNORED):
            refs.add(ref)


def _write_before_commit(session: Session) -> None:
    session.flush()
    refs: set[str] | None = session.info.pop(PENDING_KEY, None)
    if refs:
        session.execute(insert(SearchOutboxRow), [{"ref": ref} for ref in sorted(refs)])
        session.info[_WROTE] = True


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(PENDING_KEY, None)
    session.info.pop(_WROTE, None)


_WAKE = "cbook.search_wake"


def on_commit(factory: sessionmaker[Session], callback: Callable[[], None]) -> None:
    """Call ``callback()`` after any commit of ``factory``'s sessions that wrote outbox
    rows (wakes this process's search writer at once instead of at its next poll)."""
    factory.kw.setdefault("info", {})[_WAKE] = callback


def _after_commit(session: Session) -> None:
    if session.info.pop(_WROTE, False):
        wake = session.info.get(_WAKE)
        if wake is not None:
            wake()


def track_search_changes(factory: sessionmaker[Session]) -> None:
    """Make every session from ``factory`` write outbox rows for indexed content."""
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "before_commit", _write_before_commit)
    event.listen(factory, "after_commit", _after_commit)
    event.listen(factory, "after_rollback", _forget)
