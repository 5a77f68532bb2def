"""Proposals: suggested changes to a section, reviewed by editors and merged three ways.

A proposal is its own collaboratively edited document, started as a copy of the section
at a base version. Merging compares base, the section now and the proposal now, block by
block; the result reaches the section as small steps, so anyone editing it sees the merge
at once, and is kept as a revision that credits the proposal's authors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, undefer

from cbook.accounts.models import User
from cbook.books.models import Chapter, Section
from cbook.db import utcnow
from cbook.editor import authority, revisions
from cbook.editor.documents import parse_document
from cbook.editor.models import DocumentStep, RevisionKind
from cbook.editor.retarget import steps_towards
from cbook.errors import Conflict, InvalidInput, NotFound, Unprocessable
from cbook.policy import Action, can, require
from cbook.review import inbox
from cbook.review.merge import MergeResult, merge_documents
from cbook.review.models import (
    OPEN_STATUSES,
    NotificationKind,
    Proposal,
    ProposalStatus,
    Review,
    RevisionCredit,
    Verdict,
)
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


def _load(session: Session, proposal_id: int, *, with_base: bool = False) -> Proposal | None:
    query = select(Proposal).where(Proposal.id == proposal_id).options(
        joinedload(Proposal.document), joinedload(Proposal.author),
        joinedload(Proposal.section).joinedload(Section.chapter).joinedload(Chapter.book),
    )
    if with_base:
        query = query.options(undefer(Proposal.base_doc))
    return session.scalar(query)


def get_proposal(session: Session, viewer: User | None, proposal_id: int, *,
                 action: Action = Action.VIEW_PROPOSAL, with_base: bool = False) -> Proposal:
    """A proposal the viewer may see (missing otherwise), checked for ``action``."""
    proposal = _load(session, proposal_id, with_base=with_base)
    if proposal is None or not can(viewer, Action.VIEW_PROPOSAL, proposal):
        raise NotFound("no such proposal")
    if action != Action.VIEW_PROPOSAL and not can(viewer, action, proposal):
        if action == Action.EDIT_PROPOSAL and not proposal.is_open:
            raise Conflict(f"this proposal is {proposal.status} and can no longer change")
        require(viewer, action, proposal)
    return proposal


def list_proposals(session: Session, viewer: User | None, section: Section,
                   *, include_closed: bool = False) -> list[Proposal]:
    """The section's proposals the viewer may see, newest first."""
    query = (select(Proposal).where(Proposal.section_id == section.id)
             .options(joinedload(Proposal.author)).order_by(Proposal.id.desc()))
    if not include_closed:
        query = query.where(Proposal.status.in_([s.value for s in OPEN_STATUSES]))
    return [p for p in session.scalars(query) if can(viewer, Action.VIEW_PROPOSAL, p)]


def list_open_for_review(session: Session, viewer: User) -> list[Proposal]:
    """Submitted proposals across the site, for an editor's review queue."""
    proposals = session.scalars(
        select(Proposal).where(Proposal.status == ProposalStatus.SUBMITTED)
        .options(joinedload(Proposal.author),
                 joinedload(Proposal.section).joinedload(Section.chapter))
        .order_by(Proposal.updated_at)
    )
    return [p for p in proposals if can(viewer, Action.VIEW_PROPOSAL, p)]


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
    proposal.status = ProposalStatus.SUBMITTED
    proposal.updated_at = utcnow()
    session.flush()
    inbox.notify(session, _reviewers(session), NotificationKind.REVIEW_REQUESTED,
                 actor, inbox.About(section_id=proposal.section_id, proposal=proposal))
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
    proposal.updated_at = utcnow()
    session.flush()
    notice = {Verdict.APPROVE: NotificationKind.APPROVED,
              Verdict.REQUEST_CHANGES: NotificationKind.CHANGES_REQUESTED,
              Verdict.COMMENT: NotificationKind.REPLY}[kind]
    about = inbox.About(section_id=proposal.section_id, proposal=proposal)
    mentioned = inbox.mentioned_users(session, text)
    inbox.notify(session, mentioned, NotificationKind.MENTIONED, actor, about)
    # Someone both mentioned and a contributor hears about it once, as a mention...
    # unless the review is a verdict, which they must not miss among mentions.
    named = {user.id for user in mentioned} if kind == Verdict.COMMENT else set()
    inbox.notify(session, [u for u in contributors(session, proposal) if u.id not in named],
                 notice, actor, about)
    return review


def contributors(session: Session, proposal: Proposal) -> list[User]:
    """Its author and everyone who wrote in it."""
    ids = set(session.scalars(select(DocumentStep.user_id).distinct().where(
        DocumentStep.document_id == proposal.document_id, DocumentStep.user_id.is_not(None))))
    if proposal.author_id is not None:
        ids.add(proposal.author_id)
    if not ids:
        return []
    return list(session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id)))


def merge_preview(session: Session, proposal: Proposal,
                  resolutions: Mapping[str, Any] | None = None) -> MergeResult:
    """The three-way merge of base, the section now and the proposal now."""
    section = proposal.section
    return merge_documents(proposal.base_doc,
                           authority.document_json(session, section.document),
                           authority.document_json(session, proposal.document),
                           resolutions)


def _changes_requested_outstanding(proposal: Proposal) -> bool:
    latest: dict[int | None, str] = {}
    for review in proposal.reviews:
        if review.verdict != Verdict.COMMENT:
            latest[review.reviewer_id] = review.verdict
    return any(verdict == Verdict.REQUEST_CHANGES for verdict in latest.values())


def merge(session: Session, actor: User | None, proposal: Proposal,
          resolutions: Mapping[str, Any] | None = None) -> int:
    """Merge into the live section; returns its new version.

    Refused with a 409 listing the open conflicts until every one has a resolution.
    The caller holds the section's write gate and commits.
    """
    require(actor, Action.MERGE_PROPOSAL, proposal)
    if proposal.status != ProposalStatus.SUBMITTED or _changes_requested_outstanding(proposal):
        raise Conflict("only a submitted proposal without changes requested can be merged")
    result = merge_preview(session, proposal, resolutions)
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
    authors = contributors(session, proposal)
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
    inbox.notify(session, authors, NotificationKind.MERGED, actor,
                 inbox.About(section_id=section.id, proposal=proposal))
    return document.version


def credited_users(session: Session, revision_ids: Sequence[int]) -> dict[int, list[User]]:
    """The people credited on each of these revisions."""
    rows = session.execute(
        select(RevisionCredit.revision_id, User).join(User, User.id == RevisionCredit.user_id)
        .where(RevisionCredit.revision_id.in_(revision_ids)).order_by(User.name)
    ).all()
    credits: dict[int, list[User]] = {}
    for revision_id, user in rows:
        credits.setdefault(revision_id, []).append(user)
    return credits
