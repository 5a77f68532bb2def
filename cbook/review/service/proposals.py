"""Proposals' writes: open, change, submit, close, review, and merge three ways.

A proposal is its own collaboratively edited document, started as a copy of the section
at a base version. Merging compares base, the section now and the proposal now, block by
block; the result reaches the section as small steps, so anyone editing it sees the merge
at once, and is kept as a revision that credits the proposal's authors. Reads (finding a
proposal, where it stands) are in :mod:`cbook.review.queries`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.audit.models import AuditAction
from cbook.audit.service import record
from cbook.books import service as books_service
from cbook.books.models import Section
from cbook.db import utcnow
from cbook.editor import authority, revisions
from cbook.editor.documents import parse_document
from cbook.editor.models import RevisionKind
from cbook.editor.retarget import steps_towards
from cbook.errors import Conflict, InvalidInput, Unprocessable
from cbook.policy import Action, can, require
from cbook.review import mentions, queries
from cbook.review.models import (
    NotificationKind,
    Proposal,
    ProposalStatus,
    Review,
    RevisionCredit,
    Verdict,
)
from cbook.review.service import inbox
from cbook.roles import Role
from cbook.textrules import clean_prose, clean_title

MERGE_CLIENT_ID = "merge"


def open_proposal(session: Session, actor: User | None, section: Section, *, title: str,
                  description: str = "") -> Proposal:
    """Start a proposal from the section as it is now."""
    require(actor, Action.PROPOSE_CHANGES, section)
    base = authority.document_json(session, section.document)
    proposal = Proposal(
        section=section, base_version=section.document.version, base_doc=base,
        title=clean_title(title), description=clean_prose(description, "description"),
        author_id=actor.id if actor else None, status=ProposalStatus.DRAFT,
        document=authority.new_document(session, base, actor),
    )
    session.add(proposal)
    session.flush()
    return proposal


def update_proposal(session: Session, actor: User | None, proposal: Proposal, *,
                    title: str | None = None, description: str | None = None) -> Proposal:
    """Change the title or description while the proposal is open."""
    _require_open(proposal)
    require(actor, Action.EDIT_PROPOSAL, proposal)
    if title is not None:
        proposal.title = clean_title(title)
    if description is not None:
        proposal.description = clean_prose(description, "description")
    session.flush()
    return proposal


def _require_open(proposal: Proposal) -> None:
    if not proposal.is_open:
        raise Conflict(f"this proposal is {proposal.status} and can no longer change")


def _reviewers(session: Session) -> list[User]:
    """Who is asked to review: the editors."""
    return list(session.scalars(select(User).where(User.role == Role.EDITOR, User.active)))


def submit(session: Session, actor: User | None, proposal: Proposal) -> Proposal:
    """Ask for review (again, after changes were requested)."""
    _require_open(proposal)
    require(actor, Action.EDIT_PROPOSAL, proposal)
    if proposal.status == ProposalStatus.SUBMITTED:
        raise Conflict("this proposal is already waiting for review")
    first_time = not queries.trio_told(session, proposal)
    proposal.status = ProposalStatus.SUBMITTED
    proposal.updated_at = utcnow()
    session.flush()
    about = inbox.About(section_id=proposal.section_id, proposal=proposal)
    reviewers = _reviewers(session)
    inbox.notify(session, reviewers, NotificationKind.REVIEW_REQUESTED, actor, about)
    if first_time:
        # The trio who write the chapter hear once, when it is first put up for review
        # (an editor in the trio already has the review request).
        asked = {user.id for user in reviewers}
        trio = [u for u in queries.trio_members(session, proposal) if u.id not in asked]
        inbox.notify(session, trio, NotificationKind.PROPOSED, actor, about)
    return proposal


def close(session: Session, actor: User | None, proposal: Proposal) -> Proposal:
    """Set a proposal aside unmerged; its text and discussion are kept."""
    if not (can(actor, Action.EDIT_PROPOSAL, proposal)
            or can(actor, Action.REVIEW_PROPOSAL, proposal)):
        if not proposal.is_open:
            raise Conflict(f"this proposal is already {proposal.status}")
        require(actor, Action.EDIT_PROPOSAL, proposal)
    proposal.status = ProposalStatus.CLOSED
    proposal.updated_at = utcnow()
    session.flush()
    return proposal


def add_review(session: Session, actor: User | None, proposal: Proposal, *, verdict: str,
               body: str = "") -> Review:
    """Approve, ask for changes, or just comment."""
    try:
        kind = Verdict(verdict)
    except ValueError as error:
        raise InvalidInput("verdict must be approve, request_changes or comment") from error
    text = clean_prose(body, "body")
    if kind == Verdict.COMMENT:
        require(actor, Action.VIEW_PROPOSAL, proposal)
        if not text:
            raise Unprocessable("a comment needs some text")
    else:
        if not proposal.is_open:
            raise Conflict(f"this proposal is {proposal.status}")
        require(actor, Action.REVIEW_PROPOSAL, proposal)
    review = Review(proposal=proposal, reviewer_id=actor.id if actor else None,
                    verdict=kind, body=text)
    session.add(review)
    if kind == Verdict.REQUEST_CHANGES:
        proposal.status = ProposalStatus.CHANGES_REQUESTED
    if kind != Verdict.COMMENT:
        # A comment leaves "waiting for review since ..." as it was.
        proposal.updated_at = utcnow()
    session.flush()
    notice = {Verdict.APPROVE: NotificationKind.APPROVED,
              Verdict.REQUEST_CHANGES: NotificationKind.CHANGES_REQUESTED,
              Verdict.COMMENT: NotificationKind.REPLY}[kind]
    about = inbox.About(section_id=proposal.section_id, proposal=proposal)
    mentioned = mentions.resolve_mentions(text, queries.proposal_readers(session, proposal)).users
    inbox.notify(session, mentioned, NotificationKind.MENTIONED, actor, about)
    # Someone both mentioned and a contributor hears about it once, as a mention...
    # unless the review is a verdict, which they must not miss among mentions.
    named = {user.id for user in mentioned} if kind == Verdict.COMMENT else set()
    inbox.notify(session, [u for u in queries.contributors(session, proposal) if u.id not in named],
                 notice, actor, about)
    return review


def merge(session: Session, actor: User | None, proposal: Proposal,
          resolutions: Mapping[str, Any] | None = None, *, publish: bool = False) -> int:
    """Merge into the live section; returns its new version.

    With ``publish`` the merged text is also what readers see, in the same transaction;
    without it readers keep the published version until an editor publishes.
    Refused with a 409 listing the open conflicts until every one has a resolution.
    The caller holds the section's write gate and commits.
    """
    require(actor, Action.MERGE_PROPOSAL, proposal)
    if publish:
        require(actor, Action.PUBLISH_SECTION, proposal.section)
    if (proposal.status != ProposalStatus.SUBMITTED
            or queries.changes_requested_outstanding(proposal)):
        raise Conflict("only a submitted proposal without changes requested can be merged")
    result = queries.merge_preview(session, proposal, resolutions)
    if not result.clean:
        raise Conflict("the merge has conflicts to resolve",
                       extra={"conflicts": [c.as_json() for c in result.conflicts]})
    section = proposal.section
    document = section.document
    current = authority.document_node(session, document)
    target = parse_document(result.doc)
    steps = steps_towards(current, target)
    if steps:
        authority.receive_steps(session, document, document.version, steps, MERGE_CLIENT_ID,
                                actor)
        session.expire(document, ["version"])
    authors = queries.contributors(session, proposal)
    revision = revisions.create_revision(
        session, document, actor, kind=RevisionKind.MERGE,
        message=f"Merged proposal {proposal.id}: {proposal.title}",
    )
    session.add_all(RevisionCredit(revision_id=revision.id, user_id=user.id) for user in authors)
    proposal.status = ProposalStatus.MERGED
    proposal.merged_at = utcnow()
    proposal.merged_by_id = actor.id if actor else None
    proposal.merged_version = document.version
    section.updated_at = utcnow()
    session.flush()
    if publish:
        books_service.publish_section(session, actor, section, revision)
    record(session, AuditAction.PROPOSAL_MERGED, actor=actor,
           **books_service.section_target(section),
           details={"proposal": proposal.id, "title": proposal.title,
                    "version": document.version, "published": publish})
    inbox.notify(session, authors,
                 NotificationKind.MERGED_PUBLISHED if publish else NotificationKind.MERGED,
                 actor, inbox.About(section_id=section.id, proposal=proposal))
    return document.version
