"""Reads for a signed-in person's home: their chapters, proposals, requests and mentions.

Nothing here writes. Every list is bounded, and each costs a fixed number of statements
however many books, sections or notifications there are. Things in the trash are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from cbook.accounts.models import User
from cbook.books.models import Book, Chapter, Section
from cbook.policy import Action, can, trio_ids
from cbook.review.models import (
    OPEN_STATUSES,
    Comment,
    Notification,
    NotificationKind,
    Proposal,
    ProposalStatus,
    Review,
)
from cbook.roles import Role, SectionStatus

LIST_LIMIT = 20
NOTICE_LIMIT = 8
# What asks something of the person: someone wants a review, or changes to their proposal.
REQUEST_KINDS = (NotificationKind.REVIEW_REQUESTED, NotificationKind.CHANGES_REQUESTED,
                 NotificationKind.PROPOSED)
MENTION_KINDS = (NotificationKind.MENTIONED, NotificationKind.REPLY)


@dataclass(frozen=True)
class SectionLine:
    """A section of one of the person's chapters, as the home lists it."""

    id: int
    title: str
    status: SectionStatus
    published: bool


@dataclass(frozen=True)
class ChapterCard:
    """One of the person's chapters (through their trio) with its sections in order."""

    chapter: Chapter
    sections: list[SectionLine]

    @property
    def draft_count(self) -> int:
        """How many of its sections readers do not see yet."""
        return sum(1 for line in self.sections if not line.published)


@dataclass(frozen=True)
class CommentLine:
    """A recent comment by someone else on a section the person writes."""

    comment: Comment
    section_id: int
    section_title: str


@dataclass(frozen=True)
class BookToPublish:
    """A book and how many of its sections are not yet published (for staff)."""

    book: Book
    unpublished: int
    in_review: int


@dataclass(frozen=True)
class Home:
    """Everything a signed-in person's home shows."""

    chapters: list[ChapterCard] = field(default_factory=list)
    awaiting: list[Proposal] = field(default_factory=list)
    mine: list[Proposal] = field(default_factory=list)
    requests: list[Notification] = field(default_factory=list)
    comments: list[CommentLine] = field(default_factory=list)
    mentions: list[Notification] = field(default_factory=list)
    to_publish: list[BookToPublish] = field(default_factory=list)
    books: Sequence[Book] = ()


def my_chapters(session: Session, user: User) -> list[ChapterCard]:
    """The chapters of the person's trios, by book and position, with their sections."""
    trios = trio_ids(user)
    if not trios:
        return []
    chapters = session.scalars(
        select(Chapter).join(Book, Book.id == Chapter.book_id)
        .where(Chapter.trio_id.in_(trios), Chapter.trashed_at.is_(None))
        .options(joinedload(Chapter.book), joinedload(Chapter.trio))
        .order_by(Book.title, Chapter.position, Chapter.id)
    ).all()
    rows = session.execute(
        select(Section.chapter_id, Section.id, Section.title, Section.status,
               Section.published_version)
        .where(Section.chapter_id.in_([c.id for c in chapters]), Section.trashed_at.is_(None))
        .order_by(Section.position, Section.id)
    ).all()
    by_chapter: dict[int, list[SectionLine]] = {}
    for chapter_id, section_id, title, status, published_version in rows:
        published = status == SectionStatus.PUBLISHED and published_version is not None
        by_chapter.setdefault(chapter_id, []).append(
            SectionLine(section_id, title, status, published))
    return [ChapterCard(c, by_chapter.get(c.id, [])) for c in chapters]


def _proposals(session: Session, *conditions: ColumnElement[bool]) -> list[Proposal]:
    return list(session.scalars(
        select(Proposal).join(Section, Section.id == Proposal.section_id)
        .join(Chapter, Chapter.id == Section.chapter_id)
        .where(Section.trashed_at.is_(None), Chapter.trashed_at.is_(None), *conditions)
        .options(joinedload(Proposal.author), joinedload(Proposal.merged_by),
                 joinedload(Proposal.section).joinedload(Section.chapter)
                 .joinedload(Chapter.book),
                 selectinload(Proposal.reviews).joinedload(Review.reviewer))
        .order_by(Proposal.updated_at.desc(), Proposal.id.desc()).limit(LIST_LIMIT)
    ).unique())


def awaiting(session: Session, user: User) -> list[Proposal]:
    """Proposals waiting on this person: for editors, the submitted ones they may review;
    for a trio's writers, the open proposals others made to their chapters."""
    not_mine = or_(Proposal.author_id.is_(None), Proposal.author_id != user.id)
    if can(user, Action.PUBLISH_SECTION):
        found = _proposals(session, Proposal.status == ProposalStatus.SUBMITTED, not_mine)
        return [p for p in found if can(user, Action.REVIEW_PROPOSAL, p)]
    trios = trio_ids(user)
    if not trios:
        return []
    found = _proposals(session, Chapter.trio_id.in_(trios), not_mine,
                       Proposal.status.in_([ProposalStatus.SUBMITTED,
                                            ProposalStatus.CHANGES_REQUESTED]))
    return [p for p in found if can(user, Action.VIEW_PROPOSAL, p)]


def my_proposals(session: Session, user: User) -> list[Proposal]:
    """The person's own proposals, open ones first, then the most recently changed."""
    found = _proposals(session, Proposal.author_id == user.id)
    return sorted(found, key=lambda p: p.status not in OPEN_STATUSES)


def _notifications(session: Session, user: User, kinds: tuple[NotificationKind, ...], *,
                   unread_only: bool) -> list[Notification]:
    query = (select(Notification)
             .where(Notification.user_id == user.id,
                    Notification.kind.in_([str(kind) for kind in kinds]))
             .options(joinedload(Notification.actor), joinedload(Notification.proposal),
                      joinedload(Notification.section))
             .order_by(Notification.id.desc()).limit(NOTICE_LIMIT))
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return list(session.scalars(query))


def review_requests(session: Session, user: User) -> list[Notification]:
    """Unread inbox entries that ask something of the person (a review, changes)."""
    return _notifications(session, user, REQUEST_KINDS, unread_only=True)


def mentions(session: Session, user: User) -> list[Notification]:
    """The latest times someone mentioned the person or replied to them, read or not."""
    return _notifications(session, user, MENTION_KINDS, unread_only=False)


def recent_comments(session: Session, user: User) -> list[CommentLine]:
    """The latest comments others left on sections of the person's chapters."""
    trios = trio_ids(user)
    if not trios:
        return []
    rows = session.execute(
        select(Comment, Section.id, Section.title)
        .join(Section, Section.document_id == Comment.document_id)
        .join(Chapter, Chapter.id == Section.chapter_id)
        .where(Chapter.trio_id.in_(trios), Chapter.trashed_at.is_(None),
               Section.trashed_at.is_(None),
               or_(Comment.author_id.is_(None), Comment.author_id != user.id))
        .options(joinedload(Comment.author))
        .order_by(Comment.id.desc()).limit(NOTICE_LIMIT)
    ).all()
    return [CommentLine(comment, section_id, title) for comment, section_id, title in rows]


def books_to_publish(session: Session, user: User, books: Sequence[Book]) -> list[BookToPublish]:
    """For those who publish: each book with its unpublished and in-review section counts."""
    if not can(user, Action.PUBLISH_SECTION):
        return []
    unpublished = func.sum(case((Section.status == SectionStatus.PUBLISHED, 0), else_=1))
    in_review = func.sum(case((Section.status == SectionStatus.IN_REVIEW, 1), else_=0))
    counts = {
        book_id: (int(waiting or 0), int(review or 0))
        for book_id, waiting, review in session.execute(
            select(Chapter.book_id, unpublished, in_review)
            .join(Section, Section.chapter_id == Chapter.id)
            .where(Chapter.trashed_at.is_(None), Section.trashed_at.is_(None))
            .group_by(Chapter.book_id))
    }
    return [BookToPublish(book, *counts.get(book.id, (0, 0))) for book in books]


def first_book(session: Session) -> Book | None:
    """The book a link goes to when no book is in context: the first by title."""
    return session.scalar(select(Book).order_by(Book.title).limit(1))


def home_for(session: Session, user: User) -> Home:
    """Everything on the person's home, read in one go."""
    books = session.scalars(select(Book).order_by(Book.title)).all()
    return Home(
        chapters=my_chapters(session, user),
        awaiting=awaiting(session, user),
        mine=my_proposals(session, user) if user.role != Role.READER else [],
        requests=review_requests(session, user),
        comments=recent_comments(session, user),
        mentions=mentions(session, user),
        to_publish=books_to_publish(session, user, books),
        books=books,
    )
