"""Proposals: suggested changes to a section, reviewed by editors and merged three ways.

A proposal is its own collaboratively edited document, started as a copy of the section
at a base version. Merging compares base, the section now and the proposal now, block by
block; the result reaches the section as small steps, so anyone editing it sees the merge
at once, and is kept as a revision that credits the proposal's authors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload, undefer

from cbook.accounts.models import User
from cbook.books import service as books_service
from cbook.books.models import Chapter, Section, TrioMembership
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
    Notification,
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
             .options(joinedload(Proposal.author), joinedload(Proposal.merged_by),
                      selectinload(Proposal.reviews).joinedload(Review.reviewer))
             .order_by(Proposal.id.desc()))
    if not include_closed:
        query = query.where(Proposal.status.in_([s.value for s in OPEN_STATUSES]))
    return [p for p in session.scalars(query) if can(viewer, Action.VIEW_PROPOSAL, p)]


def list_open_for_review(session: Session, viewer: User) -> list[Proposal]:
    """Submitted proposals across the site, for an editor's review queue."""
    proposals = session.scalars(
        select(Proposal).where(Proposal.status == ProposalStatus.SUBMITTED)
        .options(joinedload(Proposal.author),
                 joinedload(Proposal.section).joinedload(Section.chapter),
                 selectinload(Proposal.reviews).joinedload(Review.reviewer))
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
    first_time = not trio_told(session, proposal)
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
        inbox.notify(session, [u for u in trio_members(session, proposal) if u.id not in asked],
                     NotificationKind.PROPOSED, actor, about)
    return proposal


def trio_members(session: Session, proposal: Proposal) -> list[User]:
    """The people of the trio that writes the proposal's chapter (none without a trio)."""
    trio_id = proposal.section.chapter.trio_id
    if trio_id is None:
        return []
    return list(session.scalars(
        select(User).join(TrioMembership, TrioMembership.user_id == User.id)
        .where(TrioMembership.trio_id == trio_id, User.active).order_by(User.id)))


def trio_told(session: Session, proposal: Proposal) -> bool:
    """Whether the chapter's trio has heard of this proposal."""
    return session.scalar(select(Notification.id).where(
        Notification.proposal_id == proposal.id,
        Notification.kind == NotificationKind.PROPOSED).limit(1)) is not None


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
    mentioned = inbox.resolve_mentions(text, proposal_readers(session, proposal)).users
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


@dataclass(frozen=True)
class Standing:
    """Where a proposal stands, and who put it there, for wording its status.

    ``kind``: draft, waiting (for review), again (sent back after changes were asked
    for, waiting for that reviewer), approved, changes (asked for), merged or closed.
    """

    kind: str
    person: User | None = None
    since: datetime | None = None
    live: bool | None = None  # merged: whether readers see it yet
    later: bool = False  # merged into the draft, and published since by a separate publish


def _latest_verdicts(proposal: Proposal) -> list[Review]:
    latest: dict[int | None, Review] = {}
    for review in proposal.reviews:
        if review.verdict != Verdict.COMMENT:
            latest[review.reviewer_id] = review
    return sorted(latest.values(), key=lambda review: review.id)


def standing(proposal: Proposal) -> Standing:
    """Where the proposal stands, naming whoever did the last thing that counts."""
    status = proposal.status
    if status == ProposalStatus.MERGED:
        live = merge_is_live(proposal)
        pinned = proposal.section.published_revision
        at_once = (pinned is not None and pinned.kind == RevisionKind.MERGE
                   and pinned.version == proposal.merged_version)
        return Standing("merged", proposal.merged_by, proposal.merged_at, live,
                        later=bool(live) and not at_once)
    if status == ProposalStatus.CLOSED:
        return Standing("closed", None, proposal.updated_at)
    if status == ProposalStatus.DRAFT:
        return Standing("draft", proposal.author, proposal.created_at)
    verdicts = _latest_verdicts(proposal)
    asked = [r for r in verdicts if r.verdict == Verdict.REQUEST_CHANGES]
    if status == ProposalStatus.CHANGES_REQUESTED:
        last = asked[-1] if asked else None
        return Standing("changes", last.reviewer if last else None,
                        last.created_at if last else proposal.updated_at)
    if asked:
        return Standing("again", asked[-1].reviewer, proposal.updated_at)
    approvals = [r for r in verdicts if r.verdict == Verdict.APPROVE]
    if approvals:
        return Standing("approved", approvals[-1].reviewer, approvals[-1].created_at)
    return Standing("waiting", None, proposal.updated_at)


def _changes_requested_outstanding(proposal: Proposal) -> bool:
    latest: dict[int | None, str] = {}
    for review in proposal.reviews:
        if review.verdict != Verdict.COMMENT:
            latest[review.reviewer_id] = review.verdict
    return any(verdict == Verdict.REQUEST_CHANGES for verdict in latest.values())


def proposal_readers(session: Session, proposal: Proposal) -> list[User]:
    """Everyone who may open the proposal (who can be mentioned in its discussion)."""
    return [user for user in session.scalars(select(User).where(User.active).order_by(User.id))
            if can(user, Action.VIEW_PROPOSAL, proposal)]


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
    if publish:
        books_service.publish_section(session, actor, section, revision)
    inbox.notify(session, authors,
                 NotificationKind.MERGED_PUBLISHED if publish else NotificationKind.MERGED,
                 actor, inbox.About(section_id=section.id, proposal=proposal))
    return document.version


def merge_is_live(proposal: Proposal) -> bool | None:
    """For a merged proposal, whether readers see its text yet (None if not merged)."""
    if proposal.merged_version is None:
        return None
    published = proposal.section.published_version
    return proposal.section.is_published and published is not None and (
        published >= proposal.merged_version)


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
