"""Proposals over JSON: open, edit (prosemirror-collab), submit, review, preview, merge."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext
from flask_smorest import Blueprint

from cbook.api.editing import edge
from cbook.api.schemas import (
    MergedSchema,
    MergeSchema,
    ProposalCreateSchema,
    ProposalDetailSchema,
    ProposalDiffQuerySchema,
    ProposalSchema,
    ProposalUpdateSchema,
    ReviewCreateSchema,
    ReviewSchema,
)
from cbook.api.schemas.collab import STEPS, STEPS_QUERY
from cbook.books import queries as books_queries
from cbook.editor import authority, collab
from cbook.editor.diff import changes_only, diff_documents, render_diff_html
from cbook.policy import Action, can
from cbook.review import queries
from cbook.review.models import Proposal, Review
from cbook.review.service import proposals
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.unit_of_work import transaction

blueprint = Blueprint("api_proposals", __name__, url_prefix="/api/v1",
                      description="Proposals: suggested changes, reviews and merges")


@dataclass(frozen=True)
class ShownProposal:
    """A proposal with what the viewer may do with it and, shown whole, its text."""

    proposal: Proposal
    can: dict[str, bool]
    doc: dict[str, Any] | None = None


def _shown(proposal: Proposal, *, with_doc: bool = False) -> ShownProposal:
    """What ``ProposalSchema`` (or, with the text, ``ProposalDetailSchema``) dumps."""
    viewer = acting_user()
    return ShownProposal(
        proposal, {action: can(viewer, Action(f"{action}_proposal"), proposal)
                   for action in ("edit", "review", "merge")},
        authority.document_json(db(), proposal.document) if with_doc else None)


@blueprint.route("/sections/<int:section_id>/proposals", methods=["POST"])
@blueprint.arguments(ProposalCreateSchema)
@blueprint.response(201, ProposalDetailSchema)
@transaction()
def open_proposal(body: dict[str, Any], section_id: int) -> ShownProposal:
    """Start a proposal from the section as it is now."""
    section = books_queries.get_section(db(), acting_user(), section_id)
    proposal = proposals.open_proposal(db(), acting_user(), section, title=body["title"],
                                       description=body["description"])
    return _shown(proposal, with_doc=True)


@blueprint.route("/sections/<int:section_id>/proposals")
@blueprint.response(200, ProposalSchema(many=True))
def list_proposals(section_id: int) -> list[ShownProposal]:
    """The section's proposals (open and settled) that the caller may see."""
    section = books_queries.get_section(db(), acting_user(), section_id)
    found = queries.list_proposals(db(), acting_user(), section, include_closed=True)
    return [_shown(proposal) for proposal in found]


@blueprint.route("/proposals/<int:proposal_id>")
@blueprint.response(200, ProposalDetailSchema)
def get_proposal(proposal_id: int) -> ShownProposal:
    """One proposal with its text and reviews."""
    return _shown(queries.get_proposal(db(), acting_user(), proposal_id),
                         with_doc=True)


@blueprint.route("/proposals/<int:proposal_id>", methods=["PATCH"])
@blueprint.arguments(ProposalUpdateSchema)
@blueprint.response(200, ProposalSchema)
@transaction()
def update_proposal(body: dict[str, Any], proposal_id: int) -> ShownProposal:
    """Change the title or description."""
    proposal = queries.get_proposal(db(), acting_user(), proposal_id)
    proposals.update_proposal(db(), acting_user(), proposal, title=body.get("title"),
                              description=body.get("description"))
    return _shown(proposal)


@blueprint.route("/proposals/<int:proposal_id>/steps", methods=["POST"])
@blueprint.arguments(STEPS)
@blueprint.response(200)
def post_steps(body: dict[str, Any], proposal_id: int) -> dict[str, Any]:
    """prosemirror-collab: apply steps to the proposal's text."""
    proposal = queries.get_proposal(db(), acting_user(), proposal_id,
                                      action=Action.EDIT_PROPOSAL)
    return collab.accept_steps(edge(), collab.at(proposal.document), body)


@blueprint.route("/proposals/<int:proposal_id>/steps")
@blueprint.arguments(STEPS_QUERY, location="query")
@blueprint.response(200)
def get_steps(query: dict[str, Any], proposal_id: int) -> dict[str, Any]:
    """prosemirror-collab: steps since a version, long-polling."""
    proposal = queries.get_proposal(db(), acting_user(), proposal_id)
    return collab.steps_since(edge(), collab.at(proposal.document), query)


@blueprint.route("/proposals/<int:proposal_id>/submit", methods=["POST"])
@blueprint.response(200, ProposalSchema)
@transaction()
def submit(proposal_id: int) -> ShownProposal:
    """Ask the editors for a review."""
    proposal = queries.get_proposal(db(), acting_user(), proposal_id)
    proposals.submit(db(), acting_user(), proposal)
    return _shown(proposal)


@blueprint.route("/proposals/<int:proposal_id>/close", methods=["POST"])
@blueprint.response(200, ProposalSchema)
@transaction()
def close(proposal_id: int) -> ShownProposal:
    """Set the proposal aside without merging it."""
    proposal = queries.get_proposal(db(), acting_user(), proposal_id)
    proposals.close(db(), acting_user(), proposal)
    return _shown(proposal)


@blueprint.route("/proposals/<int:proposal_id>/reviews", methods=["POST"])
@blueprint.arguments(ReviewCreateSchema)
@blueprint.response(201, ReviewSchema)
@transaction()
def add_review(body: dict[str, Any], proposal_id: int) -> Review:
    """Approve, request changes, or comment."""
    proposal = queries.get_proposal(db(), acting_user(), proposal_id)
    review = proposals.add_review(db(), acting_user(), proposal, verdict=body["verdict"],
                                  body=body["body"])
    return review


@blueprint.route("/proposals/<int:proposal_id>/diff")
@blueprint.arguments(ProposalDiffQuerySchema, location="query")
@blueprint.response(200)
def diff(query: dict[str, Any], proposal_id: int) -> dict[str, Any]:
    """The proposal's word-level changes against its base, or against the section now."""
    proposal = queries.get_proposal(db(), acting_user(), proposal_id, with_base=True)
    if query["against"] == "base":
        old = proposal.base_doc
    else:
        old = authority.document_json(db(), proposal.section.document)
    changed = changes_only(diff_documents(old, authority.document_json(db(),
                                                                       proposal.document)))
    return {"against": query["against"], "changes": [block.as_json() for block in changed],
            "html": str(render_diff_html(changed, gettext))}


@blueprint.route("/proposals/<int:proposal_id>/merge-preview")
@blueprint.response(200)
def merge_preview(proposal_id: int) -> dict[str, Any]:
    """What merging now would give: the merged text and any conflicts."""
    proposal = queries.get_proposal(db(), acting_user(), proposal_id, with_base=True)
    return queries.merge_preview(db(), proposal).as_json()


@blueprint.route("/proposals/<int:proposal_id>/merge", methods=["POST"])
@blueprint.arguments(MergeSchema)
@blueprint.response(200, MergedSchema)
def merge(body: dict[str, Any], proposal_id: int) -> dict[str, Any]:
    """Merge into the section (409 with the open conflicts until all are resolved);
    with ``publish: true`` readers see the merged text at once."""
    session = db()
    proposal = queries.get_proposal(session, acting_user(), proposal_id, with_base=True)
    document = proposal.section.document
    with transaction(gate=lambda s: authority.sole_writer(s, document)):
        version = proposals.merge(session, acting_user(), proposal, body["resolutions"],
                                  publish=body["publish"])
    return {"version": version, "published": bool(queries.merge_is_live(proposal)),
            "proposal": _shown(proposal)}
