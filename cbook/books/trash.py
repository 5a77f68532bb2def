"""A book's trash: chapters and sections set aside for 30 days, then purged.

Moving something to the trash deletes nothing: the row stays where it was, marked by its
``trashed_at``, with its history, proposals, comments and citations; a ``TrashItem`` says
who put it there and until when it may come back. Readers, search and editions skip it
(``Book.chapters`` and ``Chapter.sections`` leave it out, the policy treats it as
missing). Only the derived passage and citation indexes are emptied, and rebuilt from the
published text on restore. Callers commit; these only flush.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from cbook.accounts.models import User
from cbook.books.models import Book, Chapter, Section, TrashItem
from cbook.db import utcnow
from cbook.editor.models import Revision
from cbook.errors import Conflict, NotFound
from cbook.library import citations
from cbook.library.models import PublishedCitation
from cbook.policy import Action, can, require
from cbook.principles import passages
from cbook.principles.models import PublishedPassage
from cbook.review import inbox
from cbook.review.models import OPEN_STATUSES, Comment, NotificationKind, Proposal

KEEP_FOR = timedelta(days=30)
SECTION = "section"
CHAPTER = "chapter"


@dataclass(frozen=True)
class WhatGoes:
    """What moving a chapter or section to the trash takes with it, to say so first."""

    sections: int
    revisions: int
    open_proposals: int
    comments: int


def _as_aware(moment: datetime) -> datetime:
    # SQLite hands datetimes back without their zone; every stored time is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=utcnow().tzinfo)


def days_left(item: TrashItem, now: datetime | None = None) -> int:
    """Whole days until the item may be purged (0 on its last day)."""
    remaining = _as_aware(item.purge_after) - (now or utcnow())
    return max(0, remaining.days)


def all_sections(session: Session, chapter: Chapter) -> Sequence[Section]:
    """Every section of a chapter, those in the trash too (``Chapter.sections`` skips them)."""
    return session.scalars(select(Section).where(Section.chapter_id == chapter.id)
                           .order_by(Section.position, Section.id)).all()


def what_goes(session: Session, sections: Sequence[Section]) -> WhatGoes:
    """Count the revisions, open proposals and comments of these sections."""
    document_ids = [s.document_id for s in sections]
    section_ids = [s.id for s in sections]
    revisions = session.scalar(select(func.count()).select_from(Revision)
                               .where(Revision.document_id.in_(document_ids))) or 0
    comments = session.scalar(select(func.count()).select_from(Comment)
                              .where(Comment.document_id.in_(document_ids))) or 0
    open_proposals = session.scalar(
        select(func.count()).select_from(Proposal).where(
            Proposal.section_id.in_(section_ids),
            Proposal.status.in_(OPEN_STATUSES))) or 0
    return WhatGoes(len(sections), revisions, open_proposals, comments)


def what_goes_with_section(session: Session, section: Section) -> WhatGoes:
    """What trashing this section takes with it."""
    return what_goes(session, [section])


def what_goes_with_chapter(session: Session, chapter: Chapter) -> WhatGoes:
    """What trashing this chapter takes with it: its sections and theirs."""
    return what_goes(session, chapter.sections)


def _trio_members(chapter: Chapter) -> list[User]:
    return [m.user for m in chapter.trio.memberships] if chapter.trio else []


def _forget_published(session: Session, section_ids: Sequence[int]) -> None:
    # Principle pages and the library's "cited in" read these indexes, not the sections.
    if section_ids:
        session.execute(delete(PublishedPassage)
                        .where(PublishedPassage.section_id.in_(section_ids)))
        session.execute(delete(PublishedCitation)
                        .where(PublishedCitation.section_id.in_(section_ids)))


def _reindex_published(session: Session, sections: Sequence[Section]) -> None:
    for section in sections:
        passages.reindex_section(session, section)
        citations.reindex_citations(session, section)


def trash_section(session: Session, actor: User | None, section: Section) -> TrashItem:
    """Move a section to its book's trash; published ones only by editors and above."""
    require(actor, Action.DELETE_SECTION, section)
    now = utcnow()
    chapter = section.chapter
    section.trashed_at = now
    item = TrashItem(book_id=chapter.book_id, kind=SECTION, section=section,
                     title=section.title, deleted_at=now,
                     deleted_by_id=actor.id if actor else None, purge_after=now + KEEP_FOR)
    session.add(item)
    _forget_published(session, [section.id])
    inbox.notify(session, _trio_members(chapter), NotificationKind.TRASHED, actor,
                 inbox.About(section_id=section.id))
    session.flush()
    session.expire(chapter, ["sections"])
    return item


def trash_chapter(session: Session, actor: User | None, chapter: Chapter) -> TrashItem:
    """Move a chapter, with its sections, to its book's trash (editors and above)."""
    require(actor, Action.DELETE_CHAPTER, chapter)
    now = utcnow()
    section_ids = [s.id for s in chapter.sections]
    chapter.trashed_at = now
    item = TrashItem(book_id=chapter.book_id, kind=CHAPTER, chapter=chapter,
                     title=chapter.title, deleted_at=now,
                     deleted_by_id=actor.id if actor else None, purge_after=now + KEEP_FOR)
    session.add(item)
    _forget_published(session, section_ids)
    inbox.notify(session, _trio_members(chapter), NotificationKind.TRASHED, actor,
                 inbox.About(chapter_id=chapter.id))
    session.flush()
    session.expire(chapter.book, ["chapters"])
    return item


def list_trash(session: Session, viewer: User | None, book: Book) -> list[TrashItem]:
    """The book's trash as this viewer may restore it, newest first (purging expired items)."""
    require(viewer, Action.VIEW_TRASH, book)
    purge_expired(session)
    items = session.scalars(
        select(TrashItem).where(TrashItem.book_id == book.id)
        .order_by(TrashItem.deleted_at.desc(), TrashItem.id.desc())
        .options(joinedload(TrashItem.deleted_by),
                 joinedload(TrashItem.chapter).joinedload(Chapter.trio),
                 joinedload(TrashItem.section).joinedload(Section.chapter))
    ).all()
    return [item for item in items if can(viewer, Action.RESTORE_FROM_TRASH, item)]


def get_item(session: Session, viewer: User | None, item_id: int) -> TrashItem:
    """A trash item the viewer may restore or purge, or NotFound."""
    item = session.get(TrashItem, item_id)
    if item is None or not (can(viewer, Action.RESTORE_FROM_TRASH, item)
                            or can(viewer, Action.PURGE_FROM_TRASH, item)):
        raise NotFound("no such item in the trash")
    return item


def item_for_section(session: Session, section: Section) -> TrashItem | None:
    """The trash item that holds a section: its own, or its chapter's."""
    if section.trashed_at is not None:
        return session.scalar(select(TrashItem).where(TrashItem.section_id == section.id))
    if section.chapter.trashed_at is not None:
        return session.scalar(select(TrashItem).where(
            TrashItem.chapter_id == section.chapter_id, TrashItem.kind == CHAPTER))
    return None


def trashed_section(session: Session, viewer: User | None,
                    section_id: int) -> tuple[Section, TrashItem] | None:
    """A section in the trash with the item holding it, if this viewer may restore it."""
    section = session.scalar(select(Section).where(Section.id == section_id)
                             .options(joinedload(Section.chapter).joinedload(Chapter.book)))
    if section is None or not section.in_trash:
        return None
    item = item_for_section(session, section)
    if item is None or not can(viewer, Action.RESTORE_FROM_TRASH, item):
        return None
    return section, item


def restore(session: Session, actor: User | None, item: TrashItem) -> Chapter | Section:
    """Put a trashed chapter or section back where it was, with its id and history."""
    require(actor, Action.RESTORE_FROM_TRASH, item)
    if item.section is not None:
        restored: Chapter | Section = item.section
        chapter = item.section.chapter
        if chapter.trashed_at is not None:
            raise Conflict(f"this section's chapter, “{chapter.title}”, is in the trash "
                           "too: restore the chapter first")
        item.section.trashed_at = None
        back = [item.section]
        session.expire(chapter, ["sections"])
        about = inbox.About(section_id=item.section.id)
    else:
        assert item.chapter is not None
        restored = chapter = item.chapter
        chapter.trashed_at = None
        session.flush()
        session.expire(chapter, ["sections"])
        session.expire(chapter.book, ["chapters"])
        back = list(chapter.sections)
        about = inbox.About(chapter_id=chapter.id)
    session.delete(item)
    session.flush()
    _reindex_published(session, back)
    inbox.notify(session, _trio_members(chapter), NotificationKind.RESTORED, actor, about)
    session.flush()
    return restored


def _purge(session: Session, item: TrashItem) -> set[int]:
    """Delete the item and what it holds; returns the ids of the trash items gone."""
    if item.section is not None:
        doomed = [item.section]
        chapter = None
    else:
        assert item.chapter is not None
        chapter = item.chapter
        doomed = list(all_sections(session, chapter))
    # The sections' own trash items go with them (a chapter purged takes all of them).
    gone = set(session.scalars(select(TrashItem.id).where(
        TrashItem.section_id.in_([s.id for s in doomed]))))
    for other in gone - {item.id}:
        session.delete(session.get_one(TrashItem, other))
    session.delete(item)
    for section in doomed:
        session.delete(section)  # takes its document, revisions, proposals, comments
    if chapter is not None:
        session.delete(chapter)
    session.flush()
    return gone | {item.id}


def purge(session: Session, actor: User | None, item: TrashItem) -> None:
    """Delete a trashed chapter or section for good (admins only)."""
    require(actor, Action.PURGE_FROM_TRASH, item)
    _purge(session, item)


def purge_expired(session: Session, now: datetime | None = None) -> int:
    """Delete for good every item whose 30 days are over; returns how many went."""
    expired = session.scalars(select(TrashItem).where(
        TrashItem.purge_after <= (now or utcnow()))
        .options(selectinload(TrashItem.section), selectinload(TrashItem.chapter))).all()
    gone: set[int] = set()
    for item in expired:
        if item.id not in gone:  # not already purged with its chapter
            gone |= _purge(session, item)
    return len(gone)
