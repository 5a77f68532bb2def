"""Collaborative editing over JSON: steps (prosemirror-collab), revisions, diffs, restore."""

from __future__ import annotations

import time
from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts.models import person_json
from cbook.api.schemas import (
    DiffQuerySchema,
    PresenceLeaveSchema,
    PresenceSchema,
    RevisionCreateSchema,
    StepsQuerySchema,
    StepsSchema,
)
from cbook.books import queries
from cbook.books.models import Section
from cbook.editor import authority, presence, revisions
from cbook.editor.comparison import compare
from cbook.editor.models import Document, Revision
from cbook.review.queries import credited_users
from cbook.web import admission
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.unit_of_work import transaction

blueprint = Blueprint("api_collab", __name__, url_prefix="/api/v1",
                      description="Collaborative editing, revisions and diffs")
POLL_SECONDS = 0.05  # how often a waiting long-poll looks for steps from other processes
PRESENCE_SECONDS = 0.5  # how often it looks for people arriving, leaving or moving


def _writable_section(section_id: int) -> Section:
    return queries.get_section_for_editing(db(), acting_user(), section_id)


def revision_json(revision: Revision, with_doc: bool = False) -> dict[str, Any]:
    """A revision as the API shows it."""
    body: dict[str, Any] = {
        "id": revision.id, "version": revision.version, "kind": revision.kind,
        "message": revision.message,
        "author": revision.author.name if revision.author else None,
        "created_at": revision.created_at.isoformat(),
    }
    if with_doc:
        body["doc"] = revision.doc
    return body


@blueprint.route("/sections/<int:section_id>/steps", methods=["POST"])
@blueprint.arguments(StepsSchema)
@blueprint.response(200)
def post_steps(body: dict[str, Any], section_id: int) -> dict[str, Any]:
    """Apply steps made against the current version; 409 if the client is behind."""
    return accept_steps(_writable_section(section_id).document, body)


def accept_steps(document: Document, body: dict[str, Any]) -> dict[str, Any]:
    """The prosemirror-collab POST for any document the caller may edit."""
    session = db()
    if body["version"] != document.version:
        # Behind (or malformed): refused without queuing behind the writers.
        authority.receive_steps(session, document, body["version"], body["steps"],
                                body["clientID"], acting_user())
    # Bring this process's parsed copy up to date before queuing, so the writer ahead
    # in the queue never waits while another catches up on steps from other workers.
    authority.document_node(session, document)
    with transaction(gate=lambda s: authority.sole_writer(s, document)):
        version = authority.receive_steps(session, document, body["version"], body["steps"],
                                          body["clientID"], acting_user())
    return {"version": version}


def _end_read(session: Session) -> None:
    """End a read-only transaction inside a long-poll (nothing was written: not a unit of
    work). A SQLite reader keeps its snapshot until it does, so it would never see newer
    steps, and a waiting request should hold no connection. Loaded objects are expired,
    so the document reads fresh afterwards."""
    session.rollback()


def _wait_for_change(document_id: int, since: int, wait: float, watch_presence: bool,
                     seen_presence: str | None = None, viewer_id: int | None = None) -> int:
    """Block until the document moves past ``since``, someone arrives or leaves, or
    ``wait`` seconds pass.

    Steps committed in this process wake the wait at once; those from other processes
    or hosts are seen by polling the version every POLL_SECONDS, and presence every
    PRESENCE_SECONDS (so an editor sees a newcomer without anyone having to type).
    """
    session = db()
    deadline = time.monotonic() + wait
    people = presence.signature(session, document_id, viewer_id)
    if watch_presence and seen_presence is not None and presence.stamp(people) != seen_presence:
        # Something moved between the client's last answer and this poll: answer now.
        _end_read(session)
        return since
    next_presence_check = time.monotonic() + PRESENCE_SECONDS
    while True:
        current = session.scalar(select(Document.version).where(Document.id == document_id))
        if watch_presence and time.monotonic() >= next_presence_check:
            next_presence_check = time.monotonic() + PRESENCE_SECONDS
            if presence.signature(session, document_id, viewer_id) != people:
                _end_read(session)
                return current if current is not None else since
        _end_read(session)
        remaining = deadline - time.monotonic()
        if current is None or current != since or remaining <= 0:
            return current if current is not None else since
        with admission.stepped_aside(), authority.cache.changed:
            authority.cache.changed.wait(timeout=min(POLL_SECONDS, remaining))


@blueprint.route("/sections/<int:section_id>/steps")
@blueprint.arguments(StepsQuerySchema, location="query")
@blueprint.response(200)
def get_steps(query: dict[str, Any], section_id: int) -> dict[str, Any]:
    """Steps since a version (long-polls up to ``wait`` seconds), and who else is here."""
    return steps_since(_writable_section(section_id).document, query)


def steps_since(document: Document, query: dict[str, Any]) -> dict[str, Any]:
    """The prosemirror-collab GET (long-poll) for any document the caller may edit."""
    viewer = acting_user()
    assert viewer is not None  # the caller let a signed-in user through
    document_id, since = document.id, query["since"]
    client = query.get("clientID")
    tab = client or f"user-{viewer.id}"
    arrived = False
    if presence.is_due(document_id, tab):
        with transaction():
            arrived = presence.mark_present(db(), document_id, viewer, tab)
    if arrived:
        _keep_ended_session(document)
    # Editors that name their clientID (ours do) also hear about people arriving and
    # leaving: their first poll answers at once, so whoever opens a section learns
    # straight away who is there, and a wait ends when the people present change. Plain
    # prosemirror-collab clients get the contract's long-poll: only a step ends it.
    if query["wait"] and since == document.version and not (client and arrived):
        _wait_for_change(document_id, since, query["wait"], watch_presence=bool(client),
                         seen_presence=query.get("presence"), viewer_id=viewer.id)
    # A wait ended its transaction, which expired the document: it reloads fresh here.
    version, steps, client_ids = authority.steps_since(db(), document, since)
    # One read: the lists and the stamp describe the same moment.
    here = presence.room(db(), document_id, viewer)
    return {"version": version, "steps": steps, "clientIDs": client_ids,
            "presence": [person_json(user) for user in here.people],
            "cursors": [cursor.as_json() for cursor in here.cursors],
            "presenceStamp": here.stamp}


def _keep_ended_session(document: Document) -> None:
    """Snapshot an editing session that ended in a pause (checked as people poll)."""
    if not revisions.idle_session_unsaved(db(), document):
        return
    with transaction(gate=lambda s: authority.sole_writer(s, document)):
        revisions.end_idle_session(db(), document)


def report_presence(document: Document, body: dict[str, Any]) -> dict[str, Any]:
    """Store where the caller's cursor is, for everyone else's editor to draw."""
    viewer = acting_user()
    assert viewer is not None  # the caller let a signed-in user through
    with transaction():
        presence.report_selection(db(), document, viewer, body["clientID"], body["version"],
                                  body["anchor"], body["head"])
    return {"version": document.version}


def leave_document(document: Document, client: str) -> None:
    """The caller's tab closed: its cursor goes, and its writing is kept as a snapshot."""
    viewer = acting_user()
    assert viewer is not None
    with transaction():
        presence.leave(db(), document.id, viewer, client)
    with transaction(gate=lambda s: authority.sole_writer(s, document)):
        revisions.end_session_on_leave(db(), document, viewer)


@blueprint.route("/sections/<int:section_id>/presence", methods=["POST"])
@blueprint.arguments(PresenceSchema)
@blueprint.response(200)
def post_presence(body: dict[str, Any], section_id: int) -> dict[str, Any]:
    """Where this tab's cursor is: ``{clientID, version, anchor, head}`` (positions at
    ``version``, which may be a little behind); 422 when they lie outside the document."""
    return report_presence(_writable_section(section_id).document, body)


@blueprint.route("/sections/<int:section_id>/presence", methods=["DELETE"])
@blueprint.arguments(PresenceLeaveSchema, location="query")
@blueprint.response(204)
def delete_presence(query: dict[str, Any], section_id: int) -> None:
    """This tab has closed: forget its cursor (and keep what its person wrote)."""
    leave_document(_writable_section(section_id).document, query["clientID"])


@blueprint.route("/sections/<int:section_id>/revisions")
@blueprint.response(200)
def list_revisions(section_id: int) -> list[dict[str, Any]]:
    """Named, automatic, published and restored revisions, newest first."""
    section = _writable_section(section_id)
    _keep_ended_session(section.document)
    listed = revisions.list_revisions(db(), section.document)
    credits = credited_users(db(), [r.id for r in listed])
    wrote = revisions.contributors(db(), section.document, listed)
    return [{**revision_json(r), "credits": [u.name for u in credits.get(r.id, [])],
             "contributors": [u.name for u in wrote.get(r.id, [])]}
            for r in listed]


@blueprint.route("/sections/<int:section_id>/revisions", methods=["POST"])
@blueprint.arguments(RevisionCreateSchema)
@blueprint.response(201)
@transaction()
def create_revision(body: dict[str, Any], section_id: int) -> dict[str, Any]:
    """Take a named snapshot of the section as it is now."""
    section = _writable_section(section_id)
    revision = revisions.create_revision(db(), section.document, acting_user(),
                                         message=body["message"])
    return revision_json(revision, with_doc=True)


@blueprint.route("/sections/<int:section_id>/revisions/<int:revision_id>")
@blueprint.response(200)
def get_revision(section_id: int, revision_id: int) -> dict[str, Any]:
    """One revision with its document."""
    section = _writable_section(section_id)
    return revision_json(revisions.get_revision(db(), section.document, revision_id), True)


@blueprint.route("/sections/<int:section_id>/revisions/<int:revision_id>/restore",
                 methods=["POST"])
@blueprint.response(200)
def restore_revision(section_id: int, revision_id: int) -> dict[str, Any]:
    """Make a revision the newest version; editors see it at once, nothing is lost."""
    section = _writable_section(section_id)
    old = revisions.get_revision(db(), section.document, revision_id)
    document = section.document
    with transaction(gate=lambda s: authority.sole_writer(s, document)):
        restored = revisions.restore_revision(db(), document, old, acting_user())
    return revision_json(restored, with_doc=True)


@blueprint.route("/sections/<int:section_id>/diff")
@blueprint.arguments(DiffQuerySchema, location="query")
@blueprint.response(200)
def diff(query: dict[str, Any], section_id: int) -> dict[str, Any]:
    """Word-level changes per block between any two revisions or versions."""
    section = _writable_section(section_id)
    return compare(db(), section.document, query["from_"], query["to"])
