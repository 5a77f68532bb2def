"""Who else has a document open: refreshed by each editor's polling, shared via the database."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, joinedload

from cbook.accounts.models import User
from cbook.db import utcnow
from cbook.editor.models import Presence

SEEN_WITHIN = timedelta(seconds=45)
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


def mark_present(session: Session, document_id: int, user: User, client: str) -> bool:
    """Record that ``user`` (in browser ``client``) has the document open; True if written."""
    if not _due(document_id, client):
        return False
    session.execute(delete(Presence).where(Presence.document_id == document_id,
                                           Presence.client_id == client[:64]))
    session.add(Presence(document_id=document_id, client_id=client[:64], user_id=user.id,
                         last_seen=utcnow()))
    session.flush()
    return True


def present_ids(session: Session, document_id: int) -> frozenset[int]:
    """The ids of the people seen on this document recently (one cheap query)."""
    return frozenset(session.scalars(
        select(Presence.user_id).where(Presence.document_id == document_id,
                                       Presence.last_seen >= utcnow() - SEEN_WITHIN)
    ))


def present_users(session: Session, document_id: int, except_user: User | None) -> list[User]:
    """The people seen on this document recently, each once, by name."""
    rows = session.scalars(
        select(Presence).where(Presence.document_id == document_id,
                               Presence.last_seen >= utcnow() - SEEN_WITHIN)
        .options(joinedload(Presence.user))
    ).all()
    people = {row.user.id: row.user for row in rows
              if except_user is None or row.user_id != except_user.id}
    return sorted(people.values(), key=lambda user: user.name.lower())
