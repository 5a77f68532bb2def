"""Who else has a document open, and where their cursor is: shared via the database.

Each editor's polling refreshes its row; a selection report (anchor/head at a version)
is mapped to the current version and stored on the same row, so every worker and host
serves the same cursors. Nothing here runs on the steps hot path.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from prosemirror.transform import Step
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.db import utcnow
from cbook.editor import authority
from cbook.editor.models import Document, Presence
from cbook.editor.schema import schema
from cbook.errors import InvalidInput, Unprocessable

SEEN_WITHIN = timedelta(seconds=45)
# A cursor nobody has moved (and near which nobody typed) for this long is idle: hidden.
IDLE_AFTER = timedelta(minutes=3)
# A selection reported this many versions behind is too stale to be worth mapping.
MAX_VERSIONS_BEHIND = 500
# A stable colour per person; the name label is the real cue (see editor.css).
COLOURS = 8
# Polls come every few seconds while people type; one write per client per interval is
# plenty to know who is there, and keeps polling from becoming a stream of writes.
WRITE_EVERY_SECONDS = 10.0
_last_written: dict[tuple[int, str], float] = {}
_lock = threading.Lock()


def _due(document_id: int, client: str) -> bool:
    now = time.monotonic()
    with _lock:
        if now - _last_written.get((document_id, client), 0.0) < WRITE_EVERY_SECONDS:
            return False
        _last_written[(document_id, client)] = now
        if len(_last_written) > 10_000:
            _last_written.clear()
        return True


def is_due(document_id: int, client: str) -> bool:
    """Whether :func:`mark_present` would write now (a peek: a poll that would not write
    opens no transaction to commit)."""
    with _lock:
        last = _last_written.get((document_id, client[:64]), 0.0)
    return time.monotonic() - last >= WRITE_EVERY_SECONDS


def _forget_due(document_id: int, client: str) -> None:
    with _lock:
        _last_written.pop((document_id, client), None)


def _touch(session: Session, document_id: int, user: User, client: str,
           **values: Any) -> None:
    """Update this client's row (keeping its selection unless given), or add it."""
    now = utcnow()
    moved = session.execute(
        update(Presence).where(Presence.document_id == document_id,
                               Presence.client_id == client, Presence.user_id == user.id)
        .values(last_seen=now, **values).execution_options(synchronize_session=False)
    )
    if not moved.rowcount:  # type: ignore[attr-defined]
        # A client id another person used (or a first visit): the row becomes this one's.
        session.execute(delete(Presence).where(Presence.document_id == document_id,
                                               Presence.client_id == client))
        session.add(Presence(document_id=document_id, client_id=client, user_id=user.id,
                             last_seen=now, **values))
    session.flush()


def mark_present(session: Session, document_id: int, user: User, client: str) -> bool:
    """Record that ``user`` (in browser ``client``) has the document open; True if written."""
    if not _due(document_id, client[:64]):
        return False
    _touch(session, document_id, user, client[:64])
    return True


def _position(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{name} must be a whole number")
    return value


def _map_forward(session: Session, document: Document, version: int,
                 positions: tuple[int, int]) -> tuple[int, int]:
    """Check positions against the document at ``version`` and map them to the current one."""
    current = authority.document_node(session, document)
    steps = [Step.from_json(schema(), json)
             for json in authority.steps_between(session, document.id, version,
                                                 document.version)]
    maps = [step.get_map() for step in steps]
    # The size then is the size now less what each step since added.
    size = current.content.size - sum(
        ranges[i + 2] - ranges[i + 1]
        for ranges in (m.ranges for m in maps) for i in range(0, len(ranges), 3))
    if any(not 0 <= pos <= size for pos in positions):
        raise Unprocessable(f"positions must lie within the document (0..{size})")
    anchor, head = positions
    for step_map in maps:
        anchor, head = step_map.map(anchor), step_map.map(head)
    top = current.content.size
    return min(anchor, top), min(head, top)


def report_selection(session: Session, document: Document, user: User, client: str,
                     version: Any, anchor: Any, head: Any) -> None:
    """Store where ``client``'s cursor is (anchor/head at ``version``), mapped to now."""
    version = _position(version, "version")
    positions = (_position(anchor, "anchor"), _position(head, "head"))
    if not 0 <= version <= document.version:
        raise Unprocessable(f"no version {version}: the document is at {document.version}")
    if document.version - version > MAX_VERSIONS_BEHIND:
        raise Unprocessable("that selection is too far behind the document; catch up first")
    mapped = _map_forward(session, document, version, positions)
    _touch(session, document.id, user, client[:64], anchor=mapped[0], head=mapped[1],
           selection_version=document.version, active_at=utcnow())


def leave(session: Session, document_id: int, user: User, client: str) -> bool:
    """Forget ``user``'s ``client`` on this document (its tab closed); True if it was there."""
    _forget_due(document_id, client[:64])
    gone = session.execute(
        delete(Presence).where(Presence.document_id == document_id,
                               Presence.client_id == client[:64], Presence.user_id == user.id)
        .execution_options(synchronize_session=False)
    )
    return bool(gone.rowcount)  # type: ignore[attr-defined]


def signature(session: Session, document_id: int,
              viewer_id: int | None = None) -> frozenset[tuple[Any, ...]]:
    """What a waiting poll watches: who else is here, and where each cursor is."""
    rows = session.execute(
        select(Presence.user_id, Presence.client_id, Presence.anchor, Presence.head,
               Presence.selection_version, Presence.active_at)
        .where(Presence.document_id == document_id, Presence.last_seen >= utcnow() - SEEN_WITHIN,
               Presence.user_id != (viewer_id if viewer_id is not None else -1))
    ).all()
    return _signature_of(rows, utcnow())


def _signature_of(rows: Sequence[Any], now: datetime) -> frozenset[tuple[Any, ...]]:
    return frozenset((row.user_id, row.client_id, row.anchor, row.head,
                      row.selection_version, _active(row.active_at, now)) for row in rows)


def stamp(seen: frozenset[tuple[Any, ...]]) -> str:
    """A short digest of a signature, the same in every process (unlike ``hash``)."""
    text = json.dumps(sorted(seen, key=repr), default=str)
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]


def _active(moment: datetime | None, now: datetime) -> bool:
    if moment is None:
        return False
    if moment.tzinfo is None:  # SQLite returns naive datetimes
        moment = moment.replace(tzinfo=now.tzinfo)
    return now - moment < IDLE_AFTER


# Built once: every poll runs it (a statement built per call costs more than running it).
# Plain columns on the session's connection, the viewer's own rows left out in SQL: with
# one person typing in many tabs, a poll loads no ORM object at all.
_RECENT_OTHERS = (
    select(Presence.user_id, Presence.client_id, Presence.anchor, Presence.head,
           Presence.selection_version, Presence.active_at, User.name)
    .join(User, User.id == Presence.user_id)
    .where(Presence.document_id == bindparam("document_id"),
           Presence.last_seen >= bindparam("seen_since"),
           Presence.user_id != bindparam("viewer_id"))
)


def _recent_others(session: Session, document_id: int, viewer_id: int) -> Sequence[Any]:
    return session.connection().execute(_RECENT_OTHERS, {
        "document_id": document_id, "seen_since": utcnow() - SEEN_WITHIN,
        "viewer_id": viewer_id}).all()


@dataclass(frozen=True)
class Cursor:
    """Another person's caret or selection, at ``version``."""

    client: str
    user_id: int
    name: str
    anchor: int
    head: int
    version: int

    @property
    def colour(self) -> int:
        """A stable colour number for the person (the same in every tab and worker)."""
        return self.user_id % COLOURS

    def as_json(self) -> dict[str, Any]:
        """The cursor as the steps poll sends it."""
        return {"client": self.client, "id": self.user_id, "name": self.name,
                "colour": self.colour, "anchor": self.anchor, "head": self.head,
                "version": self.version}


@dataclass(frozen=True)
class Room:
    """Who else is on a document, their cursors, and a stamp of both, from one read."""

    people: list[User]
    cursors: list[Cursor]
    stamp: str


def room(session: Session, document_id: int, viewer: User) -> Room:
    """Everyone else seen on the document recently, by name, and their active cursors."""
    now = utcnow()
    others = _recent_others(session, document_id, viewer.id)
    # The people themselves only when someone else is here (one statement for them all).
    people = {user.id: user for user in session.scalars(
        select(User).where(User.id.in_({row.user_id for row in others})))} if others else {}
    found = [
        Cursor(row.client_id, row.user_id, row.name, row.anchor, row.head,
               row.selection_version)
        for row in others
        if row.anchor is not None and row.head is not None
        and row.selection_version is not None and _active(row.active_at, now)
    ]
    return Room(sorted(people.values(), key=lambda user: user.name.lower()),
                sorted(found, key=lambda cursor: (cursor.name.lower(), cursor.client)),
                stamp(_signature_of(others, now)))
