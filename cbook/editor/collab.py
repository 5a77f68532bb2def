"""The prosemirror-collab protocol for any document the caller may edit (a section's or a
proposal's): post steps, long-poll for steps and presence, report a cursor, leave.

Both API handlers (``api/collab.py`` for sections, ``api/proposals.py`` for proposals)
are thin over this module. It knows no Flask: the web edge lends it what belongs to the
request through an :class:`Edge` (its session, the person asking, its unit of work and
its admission control), so the rule "commit inside the write gate" is kept by the edge's
unit of work, not written here.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts.models import User, person_json
from cbook.editor import authority, presence, revisions
from cbook.editor.models import Document

POLL_SECONDS = 0.05  # how often a waiting long-poll looks for steps from other processes
PRESENCE_SECONDS = 0.5  # how often it looks for people arriving, leaving or moving

# Given a gate (or None), a unit of work: commits when the block ends, rolls back if it
# raises, holding the gate from before the work until after the commit.
Gate = Callable[[Session], AbstractContextManager[Any]]
UnitOfWork = Callable[[Gate | None], AbstractContextManager[Any]]


class DocumentAt(Protocol):
    """A document by its id, and its version as this request found it."""

    @property
    def document_id(self) -> int: ...

    @property
    def version(self) -> int: ...


@dataclass(frozen=True)
class LoadedDocument:
    """A :class:`DocumentAt` for a document already loaded (a proposal's)."""

    document_id: int
    version: int


def at(document: Document) -> DocumentAt:
    """A loaded document as the protocol's functions take it."""
    return LoadedDocument(document.id, document.version)


@dataclass(frozen=True)
class Edge:
    """What the web edge lends the protocol for one request."""

    session: Session
    user: User
    unit_of_work: UnitOfWork
    # Gives the request's place in the admission queue to others while it waits.
    step_aside: Callable[[], AbstractContextManager[Any]]
    # Ends a read-only transaction (nothing was written, so not a unit of work).
    end_read: Callable[[], None]
    # Set when the app is stopping: a waiting long-poll answers at once instead of
    # polling on into a database pool that is being released.
    closing: threading.Event = field(default_factory=threading.Event)

    def sole_writer(self, document: Document) -> Gate:
        """The gate for writing ``document``'s steps."""
        return lambda session: authority.sole_writer(session, document)


def accept_steps(edge: Edge, target: DocumentAt, body: dict[str, Any]) -> dict[str, Any]:
    """The prosemirror-collab POST: ``{version}`` once the steps are committed."""
    session = edge.session
    if body["version"] != target.version:
        # Behind (or malformed): refused without queuing behind the writers, and without
        # loading the document: most POSTs in a busy section end here.
        raise authority.refusal(session, target.document_id, target.version,
                                body["version"], body["clientID"])
    if not authority.is_cached_at(target.document_id, target.version):
        # Bring this process's parsed copy up to date before queuing, so the writer ahead
        # in the queue never waits while another catches up on steps from other workers.
        authority.document_node(session, _document(session, target))
    with edge.unit_of_work(authority.writers_queue):
        # Read inside the queue: another writer may have moved the version meanwhile.
        document = authority.fresh_document(session, target.document_id)
        version = authority.receive_steps(session, document, body["version"], body["steps"],
                                          body["clientID"], edge.user)
    return {"version": version}


def _wait_for_change(edge: Edge, document_id: int, since: int, wait: float,
                     watch_presence: bool, seen_presence: str | None = None) -> int:
    """Block until the document moves past ``since``, someone arrives or leaves, or
    ``wait`` seconds pass.

    Steps committed in this process wake the wait at once; those from other processes
    or hosts are seen by polling the version every POLL_SECONDS, and presence every
    PRESENCE_SECONDS (so an editor sees a newcomer without anyone having to type). A
    SQLite reader keeps its snapshot until its transaction ends, so each look ends it
    (and a waiting request holds no connection); loaded objects expire and read fresh.
    """
    session, viewer_id = edge.session, edge.user.id
    deadline = time.monotonic() + wait
    people = presence.signature(session, document_id, viewer_id)
    if watch_presence and seen_presence is not None and presence.stamp(people) != seen_presence:
        # Something moved between the client's last answer and this poll: answer now.
        edge.end_read()
        return since
    next_presence_check = time.monotonic() + PRESENCE_SECONDS
    while True:
        current = session.scalar(select(Document.version).where(Document.id == document_id))
        if watch_presence and time.monotonic() >= next_presence_check:
            next_presence_check = time.monotonic() + PRESENCE_SECONDS
            if presence.signature(session, document_id, viewer_id) != people:
                edge.end_read()
                return current if current is not None else since
        edge.end_read()
        remaining = deadline - time.monotonic()
        if current is None or current != since or remaining <= 0 or edge.closing.is_set():
            return current if current is not None else since
        with edge.step_aside(), authority.cache.changed:
            authority.cache.changed.wait(timeout=min(POLL_SECONDS, remaining))


def _document(session: Session, target: DocumentAt) -> Document:
    document = session.get(Document, target.document_id)  # the identity map, if loaded
    assert document is not None  # the caller just found it
    return document


def steps_since(edge: Edge, target: DocumentAt, query: dict[str, Any]) -> dict[str, Any]:
    """The prosemirror-collab GET (long-poll): the steps since ``query["since"]``, and who
    else is here."""
    viewer, session = edge.user, edge.session
    document_id, since, current = target.document_id, query["since"], target.version
    client = query.get("clientID")
    tab = client or f"user-{viewer.id}"
    arrived = False
    if presence.is_due(document_id, tab):
        with edge.unit_of_work(None):
            arrived = presence.mark_present(session, document_id, viewer, tab)
    if arrived:
        keep_ended_session(edge, _document(session, target))
    # Editors that name their clientID (ours do) also hear about people arriving and
    # leaving: their first poll answers at once, so whoever opens a section learns
    # straight away who is there, and a wait ends when the people present change. Plain
    # prosemirror-collab clients get the contract's long-poll: only a step ends it.
    if query["wait"] and since == current and not (client and arrived):
        current = _wait_for_change(edge, document_id, since, query["wait"],
                                   watch_presence=bool(client),
                                   seen_presence=query.get("presence"))
    version, steps, client_ids = authority.steps_after(session, document_id, current, since)
    # One read: the lists and the stamp describe the same moment.
    here = presence.room(session, document_id, viewer)
    return {"version": version, "steps": steps, "clientIDs": client_ids,
            "presence": [person_json(user) for user in here.people],
            "cursors": [cursor.as_json() for cursor in here.cursors],
            "presenceStamp": here.stamp}


def keep_ended_session(edge: Edge, document: Document) -> None:
    """Snapshot an editing session that ended in a pause (checked as people poll)."""
    if not revisions.idle_session_unsaved(edge.session, document):
        return
    with edge.unit_of_work(edge.sole_writer(document)):
        revisions.end_idle_session(edge.session, document)


def report_presence(edge: Edge, document: Document, body: dict[str, Any]) -> dict[str, Any]:
    """Store where the caller's cursor is, for everyone else's editor to draw."""
    with edge.unit_of_work(None):
        presence.report_selection(edge.session, document, edge.user, body["clientID"],
                                  body["version"], body["anchor"], body["head"])
    return {"version": document.version}


def leave_document(edge: Edge, document: Document, client: str) -> None:
    """The caller's tab closed: its cursor goes, and its writing is kept as a snapshot."""
    with edge.unit_of_work(None):
        presence.leave(edge.session, document.id, edge.user, client)
    with edge.unit_of_work(edge.sole_writer(document)):
        revisions.end_session_on_leave(edge.session, document, edge.user)
