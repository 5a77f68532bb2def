"""Collaborative editing over JSON: steps (prosemirror-collab), revisions, diffs, restore."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext
from flask_smorest import Blueprint

from cbook.api.editing import edge
from cbook.api.schemas import (
    DiffQuerySchema,
    ListedRevisionSchema,
    PresenceLeaveSchema,
    PresenceSchema,
    RevisionCreateSchema,
    RevisionDetailSchema,
)
from cbook.api.schemas.collab import STEPS, STEPS_QUERY
from cbook.books import queries
from cbook.books.models import Section
from cbook.editor import authority, collab, revisions
from cbook.editor.comparison import compare
from cbook.editor.models import Revision
from cbook.review.queries import credited_users
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.unit_of_work import transaction

blueprint = Blueprint("api_collab", __name__, url_prefix="/api/v1",
                      description="Collaborative editing, revisions and diffs")


def _writable_section(section_id: int) -> Section:
    return queries.get_section_for_editing(db(), acting_user(), section_id)


@dataclass(frozen=True)
class ListedRevision:
    """A revision in the history list (``ListedRevisionSchema``) with its credits."""

    revision: Revision
    credits: list[str]
    contributors: list[str]

    def __getattr__(self, name: str) -> Any:
        # The schema reads the revision's own fields through this wrapper.
        return getattr(self.revision, name)


@blueprint.route("/sections/<int:section_id>/steps", methods=["POST"])
@blueprint.arguments(STEPS)
@blueprint.response(200)
def post_steps(body: dict[str, Any], section_id: int) -> dict[str, Any]:
    """Apply steps made against the current version; 409 if the client is behind."""
    access = queries.editing_access(db(), acting_user(), section_id)
    return collab.accept_steps(edge(), access, body)


@blueprint.route("/sections/<int:section_id>/steps")
@blueprint.arguments(STEPS_QUERY, location="query")
@blueprint.response(200)
def get_steps(query: dict[str, Any], section_id: int) -> dict[str, Any]:
    """Steps since a version (long-polls up to ``wait`` seconds), and who else is here."""
    access = queries.editing_access(db(), acting_user(), section_id)
    return collab.steps_since(edge(), access, query)


@blueprint.route("/sections/<int:section_id>/presence", methods=["POST"])
@blueprint.arguments(PresenceSchema)
@blueprint.response(200)
def post_presence(body: dict[str, Any], section_id: int) -> dict[str, Any]:
    """Where this tab's cursor is: ``{clientID, version, anchor, head}`` (positions at
    ``version``, which may be a little behind); 422 when they lie outside the document."""
    return collab.report_presence(edge(), _writable_section(section_id).document, body)


@blueprint.route("/sections/<int:section_id>/presence", methods=["DELETE"])
@blueprint.arguments(PresenceLeaveSchema, location="query")
@blueprint.response(204)
def delete_presence(query: dict[str, Any], section_id: int) -> None:
    """This tab has closed: forget its cursor (and keep what its person wrote)."""
    collab.leave_document(edge(), _writable_section(section_id).document, query["clientID"])


@blueprint.route("/sections/<int:section_id>/revisions")
@blueprint.response(200, ListedRevisionSchema(many=True))
def list_revisions(section_id: int) -> list[ListedRevision]:
    """Named, automatic, published and restored revisions, newest first."""
    section = _writable_section(section_id)
    collab.keep_ended_session(edge(), section.document)
    listed = revisions.list_revisions(db(), section.document)
    credits = credited_users(db(), [r.id for r in listed])
    wrote = revisions.contributors(db(), section.document, listed)
    return [ListedRevision(r, [u.name for u in credits.get(r.id, [])],
                           [u.name for u in wrote.get(r.id, [])])
            for r in listed]


@blueprint.route("/sections/<int:section_id>/revisions", methods=["POST"])
@blueprint.arguments(RevisionCreateSchema)
@blueprint.response(201, RevisionDetailSchema)
@transaction()
def create_revision(body: dict[str, Any], section_id: int) -> Revision:
    """Take a named snapshot of the section as it is now."""
    section = _writable_section(section_id)
    return revisions.create_revision(db(), section.document, acting_user(),
                                     message=body["message"])


@blueprint.route("/sections/<int:section_id>/revisions/<int:revision_id>")
@blueprint.response(200, RevisionDetailSchema)
def get_revision(section_id: int, revision_id: int) -> Revision:
    """One revision with its document."""
    section = _writable_section(section_id)
    return revisions.get_revision(db(), section.document, revision_id)


@blueprint.route("/sections/<int:section_id>/revisions/<int:revision_id>/restore",
                 methods=["POST"])
@blueprint.response(200, RevisionDetailSchema)
def restore_revision(section_id: int, revision_id: int) -> Revision:
    """Make a revision the newest version; editors see it at once, nothing is lost."""
    section = _writable_section(section_id)
    old = revisions.get_revision(db(), section.document, revision_id)
    document = section.document
    with transaction(gate=lambda s: authority.sole_writer(s, document)):
        return revisions.restore_revision(db(), document, old, acting_user())


@blueprint.route("/sections/<int:section_id>/diff")
@blueprint.arguments(DiffQuerySchema, location="query")
@blueprint.response(200)
def diff(query: dict[str, Any], section_id: int) -> dict[str, Any]:
    """Word-level changes per block between any two revisions or versions."""
    section = _writable_section(section_id)
    return compare(db(), section.document, query["from_"], query["to"], gettext)
