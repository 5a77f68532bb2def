"""Reads of the review feature: proposals, where they stand, who reads and wrote them;
comment threads with their anchors brought forward; each person's inbox and its count.

Nothing here changes a row: the writes are in :mod:`cbook.review.service`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, joinedload, selectinload, undefer

from cbook.accounts.models import User
from cbook.books import queries as books_queries
from cbook.books.models import Chapter, Section, TrioMembership
from cbook.editor import authority
from cbook.editor.models import Document, DocumentStep, RevisionKind
from cbook.errors import Conflict, NotFound
from cbook.policy import Action, can, require
from cbook.review.anchors import Anchor
from cbook.review.comment_anchors import RangeText, bring_current
from cbook.review.merge import MergeResult, merge_documents
from cbook.review.models import (
    OPEN_STATUSES,
    Comment,
    Notification,
    NotificationKind,
    Proposal,
    ProposalStatus,
    Review,
    RevisionCredit,
    Verdict,
)

INBOX_PAGE = 100


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


def changes_requested_outstanding(proposal: Proposal) -> bool:
    """Whether a reviewer's latest verdict still asks for changes."""
    latest: dict[int | None, str] = {}
    for review in proposal.reviews:
        if review.verdict != Verdict.COMMENT:
            latest[review.reviewer_id] = review.verdict
    return any(verdict == Verdict.REQUEST_CHANGES for verdict in latest.values())


def proposal_readers(session: Session, proposal: Proposal) -> list[User]:
    """Everyone who may open the proposal (who can be mentioned in its discussion)."""
    return [user for user in session.scalars(select(User).where(User.active).order_by(User.id))
            if can(user, Action.VIEW_PROPOSAL, proposal)]


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


# Comments: where they live, who may read them, their threads.


@dataclass(frozen=True)
class Place:
    """Where comments live: a section's working text, or a proposal's."""

    document: Document
    section: Section
    proposal: Proposal | None = None


def section_place(session: Session, viewer: User | None, section_id: int) -> Place:
    """The section's comments, for those who write it (readers see published text only)."""
    section = books_queries.get_section_for_editing(session, viewer, section_id)
    require(viewer, Action.COMMENT_ON_SECTION, section)
    return Place(section.document, section)


def proposal_place(session: Session, viewer: User | None, proposal_id: int) -> Place:
    """A proposal's comments, for everyone who may see the proposal."""
    proposal = get_proposal(session, viewer, proposal_id)
    return Place(proposal.document, proposal.section, proposal)


def comment_place(session: Session, viewer: User | None, comment_id: int
                  ) -> tuple[Comment, Place]:
    """A comment and where it lives, if the viewer may take part there."""
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound("no such comment")
    section_id = session.scalar(select(Section.id).where(
        Section.document_id == comment.document_id))
    try:
        if section_id is not None:
            return comment, section_place(session, viewer, section_id)
        proposal_id = session.scalar(select(Proposal.id).where(
            Proposal.document_id == comment.document_id))
        if proposal_id is None:
            raise NotFound("no such comment")
        return comment, proposal_place(session, viewer, proposal_id)
    except NotFound as error:
        raise NotFound("no such comment") from error


def place_readers(session: Session, place: Place) -> list[User]:
    """Who may read comments here, so who can be mentioned: a proposal's readers, or the
    people who write the section (readers of the published text never see comments)."""
    if place.proposal is not None:
        return proposal_readers(session, place.proposal)
    return [user for user in session.scalars(select(User).where(User.active).order_by(User.id))
            if can(user, Action.COMMENT_ON_SECTION, place.section)]


@dataclass(frozen=True)
class Thread:
    """A thread with its range mapped to ``version`` and the text under it now."""

    comment: Comment
    anchor: Anchor
    text: str
    version: int

    @property
    def from_(self) -> int:
        """Where the range starts now."""
        return self.anchor.from_

    @property
    def to(self) -> int:
        """Where the range ends now (its start, once the text is gone)."""
        return self.anchor.from_ if self.anchor.detached else self.anchor.to


def thread_at(comment: Comment, anchor: Anchor, texts: RangeText, version: int) -> Thread:
    """A thread as the API shows it (``ThreadSchema``)."""
    return Thread(comment, anchor, texts.text(anchor), version)


def list_threads(session: Session, place: Place) -> list[Thread]:
    """Every thread on the text, anchors mapped to the current version, oldest first.

    Nothing is written: anchors that lagged far behind are written back by
    ``service.comments.keep_anchors``, which the listing's caller runs after this.
    """
    threads = list(session.scalars(
        select(Comment).where(Comment.document_id == place.document.id,
                              Comment.parent_id.is_(None))
        .options(joinedload(Comment.author),
                 selectinload(Comment.replies).joinedload(Comment.author))
        .order_by(Comment.id)
    ))
    current, anchors = bring_current(session, place.document, threads)
    texts = RangeText(current)
    return [thread_at(comment, anchors[comment.id], texts, place.document.version)
            for comment in threads]


# The inbox.


def list_inbox(session: Session, user: User, *, unread_only: bool = False
               ) -> Sequence[Notification]:
    """Newest first, with who did it and what it is about."""
    query = (select(Notification).where(Notification.user_id == user.id)
             .order_by(Notification.id.desc()).limit(INBOX_PAGE)
             .options(joinedload(Notification.actor), joinedload(Notification.proposal),
                      joinedload(Notification.section), joinedload(Notification.chapter)))
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return session.scalars(query).all()


# Every signed-in page's header asks this: built once (building it cost more than
# running it), it costs a third of what it did.
_UNREAD = select(func.count()).select_from(Notification).where(
    Notification.user_id == bindparam("user_id"), Notification.read_at.is_(None))


def unread_count(session: Session, user: User) -> int:
    """How many inbox entries are unread."""
    # Straight to the connection: the ORM's execute path cost more than the count itself.
    return session.connection().execute(_UNREAD, {"user_id": user.id}).scalar() or 0
