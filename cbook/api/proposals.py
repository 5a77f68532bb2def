"""Proposals over JSON: open, edit (prosemirror-collab), submit, review, preview, merge."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from cbook.accounts.models import person_json
from cbook.api.collab import accept_steps, steps_since
from cbook.api.schemas import (
    MergeSchema,
    ProposalCreateSchema,
    ProposalDiffQuerySchema,
    ProposalUpdateSchema,
    ReviewCreateSchema,
    StepsQuerySchema,
    StepsSchema,
)
from cbook.books import queries
from cbook.editor import authority
from cbook.editor.diff import changes_only, diff_documents, render_diff_html
from cbook.policy import Action, can
from cbook.review import proposals
from cbook.review.models import Proposal, Review
from cbook.web.auth import acting_user
from cbook.web.database import db

blueprint = Blueprint("api_proposals", __name__, url_prefix="/api/v1",
                      description="Proposals: suggested changes, reviews and merges")


def review_json(review: Review) -> dict[str, Any]:
    """A review as the API shows it."""
    return {"id": review.id, "verdict": review.verdict, "body": review.body,
            "reviewer": person_json(review.reviewer), "created_at": review.created_at.isoformat()}


def proposal_json(proposal: Proposal, *, with_doc: bool = False) -> dict[str, Any]:
    """A proposal as the API shows it; ``doc`` is its current text."""
    viewer = acting_user()
    body: dict[str, Any] = {
        "id": proposal.id, "section_id": proposal.section_id, "title": proposal.title,
        "description": proposal.description, "status": proposal.status,
        "base_version": proposal.base_version, "version": proposal.document.version,
        "author": person_json(proposal.author), "created_at": proposal.created_at.isoformat(),
        "updated_at": proposal.updated_at.isoformat(),
        "merged_version": proposal.merged_version,
        "can": {action: can(viewer, Action(f"{action}_proposal"), proposal)
                for action in ("edit", "review", "merge")},
    }
    if with_doc:
        body["doc"] = authority.document_json(db(), proposal.document)
        body["reviews"] = [review_json(review) for review in proposal.reviews]
    return body


@blueprint.route("/sections/<int:section_id>/proposals", methods=["POST"])
@blueprint.arguments(ProposalCreateSchema)
@blueprint.response(201)
def open_proposal(body: dict[str, Any], section_id: int) -> dict[str, Any]:
    """Start a proposal from the section as it is now."""
    section = queries.get_section(db(), acting_user(), section_id)
    proposal = proposals.open_proposal(db(), acting_user(), section, title=body["title"],
                                       description=body["description"])
    db().commit()
    return proposal_json(proposal, with_doc=True)


@blueprint.route("/sections/<int:section_id>/proposals")
@blueprint.response(200)
def list_proposals(section_id: int) -> list[dict[str, Any]]:
    """The section's proposals (open and settled) that the caller may see."""
    section = queries.get_section(db(), acting_user(), section_id)
    found = proposals.list_proposals(db(), acting_user(), section, include_closed=True)
    return [proposal_json(proposal) for proposal in found]


@blueprint.route("/proposals/<int:proposal_id>")
@blueprint.response(200)
def get_proposal(proposal_id: int) -> dict[str, Any]:
    """One proposal with its text and reviews."""
    return proposal_json(proposals.get_proposal(db(), acting_user(), proposal_id),
                         with_doc=True)


@blueprint.route("/proposals/<int:proposal_id>", methods=["PATCH"])
@blueprint.arguments(ProposalUpdateSchema)
@blueprint.response(200)
def update_proposal(body: dict[str, Any], proposal_id: int) -> dict[str, Any]:
    """Change the title or description."""
    proposal = proposals.get_proposal(db(), acting_user(), proposal_id)
    proposals.update_proposal(db(), acting_user(), proposal, title=body.get("title"),
                              description=body.get("description"))
    db().commit()
    return proposal_json(proposal)


@blueprint.route("/proposals/<int:proposal_id>/steps", methods=["POST"])
@blueprint.arguments(StepsSchema)
@blueprint.response(200)
def post_steps(body: dict[str, Any], proposal_id: int) -> dict[str, Any]:
    """prosemirror-collab: apply steps to the proposal's text."""
    proposal = proposals.get_proposal(db(), acting_user(), proposal_id,
                                      action=Action.EDIT_PROPOSAL)
    return accept_steps(proposal.document, body)


@blueprint.route("/proposals/<int:proposal_id>/steps")
@blueprint.arguments(StepsQuerySchema, location="query")
@blueprint.response(200)
def get_steps(query: dict[str, Any], proposal_id: int) -> dict[str, Any]:
    """prosemirror-collab: steps since a version, long-polling."""
    proposal = proposals.get_proposal(db(), acting_user(), proposal_id)
    return steps_since(proposal.document, query)


@blueprint.route("/proposals/<int:proposal_id>/submit", methods=["POST"])
@blueprint.response(200)
def submit(proposal_id: int) -> dict[str, Any]:
    """Ask the editors for a review."""
    proposal = proposals.get_proposal(db(), acting_user(), proposal_id)
    proposals.submit(db(), acting_user(), proposal)
    db().commit()
    return proposal_json(proposal)


@blueprint.route("/proposals/<int:proposal_id>/close", methods=["POST"])
@blueprint.response(200)
def close(proposal_id: int) -> dict[str, Any]:
    """Set the proposal aside without merging it."""
    proposal = proposals.get_proposal(db(), acting_user(), proposal_id)
    proposals.close(db(), acting_user(), proposal)
    db().commit()
    return proposal_json(proposal)


@blueprint.route("/proposals/<int:proposal_id>/reviews", methods=["POST"])
@blueprint.arguments(ReviewCreateSchema)
@blueprint.response(201)
def add_review(body: dict[str, Any], proposal_id: int) -> dict[str, Any]:
    """Approve, request changes, or comment."""
    proposal = proposals.get_proposal(db(), acting_user(), proposal_id)
    review = proposals.add_review(db(), acting_user(), proposal, verdict=body["verdict"],
                                  body=body["body"])
    db().commit()
    return review_json(review)


@blueprint.route("/proposals/<int:proposal_id>/diff")
@blueprint.arguments(ProposalDiffQuerySchema, location="query")
@blueprint.response(200)
def diff(query: dict[str, Any], proposal_id: int) -> dict[str, Any]:
    """The proposal's word-level changes against its base, or against the section now."""
    proposal = proposals.get_proposal(db(), acting_user(), proposal_id, with_base=True)
    if query["against"] == "base":
        old = proposal.base_doc
    else:
        old = authority.document_json(db(), proposal.section.document)
    changed = changes_only(diff_documents(old, authority.document_json(db(),
                                                                       proposal.document)))
    return {"against": query["against"], "changes": [block.as_json() for block in changed],
            "html": str(render_diff_html(changed))}


@blueprint.route("/proposals/<int:proposal_id>/merge-preview")
@blueprint.response(200)
def merge_preview(proposal_id: int) -> dict[str, Any]:
    """What merging now would give: the merged text and any conflicts."""
    proposal = proposals.get_proposal(db(), acting_user(), proposal_id, with_base=True)
    return proposals.merge_preview(db(), proposal).as_json()


@blueprint.route("/proposals/<int:proposal_id>/merge", methods=["POST"])
@blueprint.arguments(MergeSchema)
@blueprint.response(200)
def merge(body: dict[str, Any], proposal_id: int) -> dict[str, Any]:
    """Merge into the section (409 with the open conflicts until all are resolved);
    with ``publish: true`` readers see the merged text at once."""
    session = db()
    proposal = proposals.get_proposal(session, acting_user(), proposal_id, with_base=True)
    with authority.sole_writer(session, proposal.section.document):
        version = proposals.merge(session, acting_user(), proposal, body["resolutions"],
                                  publish=body["publish"])
        session.commit()
    return {"version": version, "published": bool(proposals.merge_is_live(proposal)),
            "proposal": proposal_json(proposal)}
