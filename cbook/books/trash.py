"""A book's trash: chapters and sections set aside for 30 days, then purged.

Moving something to the trash deletes nothing: the row stays where it was, marked by its
``trashed_at``, with its history, proposals, comments and citations; a ``TrashItem`` says
who put it there and until when it may come back. Readers, search and editions skip it
(``Book.chapters`` and ``Chapter.sections`` leave it out, the policy treats it as
missing). Only the derived passage and citation indexes are emptied, and rebuilt from the
published text on restore. Callers commit; these only flush. The reads (what lies in
the trash, what trashing takes with it) are in :mod:`cbook.books.trash_queries`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from cbook.accounts.models import User
from cbook.audit.models import AuditAction
from cbook.audit.service import record
from cbook.books import trash_queries
from cbook.books.models import Book, Chapter, Section, TrashItem
from cbook.books.trash_queries import CHAPTER, KEEP_FOR, SECTION, all_sections
from cbook.db import utcnow
from cbook.errors import Conflict
from cbook.library import citations
from cbook.library.models import PublishedCitation
from cbook.policy import Action, require
from cbook.principles import passages
from cbook.principles.models import PublishedPassage
from cbook.review.models import NotificationKind
from cbook.review.service import inbox
from cbook.translating import structure


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
    structure.refuse_structure_change(section.chapter.book)
    now = utcnow()
    chapter = section.chapter
    section.trashed_at = now
    item = TrashItem(book_id=chapter.book_id, kind=SECTION, section=section,
                     title=section.title, deleted_at=now,
                     deleted_by_id=actor.id if actor else None, purge_after=now + KEEP_FOR)
    session.add(item)
    _forget_published(session, [section.id] + [
        s.id for s in structure.counterparts(session, section)])
    inbox.notify(session, _trio_members(chapter), NotificationKind.TRASHED, actor,
                 inbox.About(section_id=section.id))
    session.flush()
    record(session, AuditAction.MOVED_TO_TRASH, actor=actor, target_kind="section",
           target_id=section.id, target_label=section.title, details={"trash_item": item.id})
    structure.follow_source(session, chapter.book)
    session.expire(chapter, ["sections"])
    return item


def trash_chapter(session: Session, actor: User | None, chapter: Chapter) -> TrashItem:
    """Move a chapter, with its sections, to its book's trash (editors and above)."""
    require(actor, Action.DELETE_CHAPTER, chapter)
    structure.refuse_structure_change(chapter.book)
    now = utcnow()
    section_ids = [s.id for s in chapter.sections]
    section_ids += [t.id for s in chapter.sections for t in structure.counterparts(session, s)]
    chapter.trashed_at = now
    item = TrashItem(book_id=chapter.book_id, kind=CHAPTER, chapter=chapter,
                     title=chapter.title, deleted_at=now,
                     deleted_by_id=actor.id if actor else None, purge_after=now + KEEP_FOR)
    session.add(item)
    _forget_published(session, section_ids)
    inbox.notify(session, _trio_members(chapter), NotificationKind.TRASHED, actor,
                 inbox.About(chapter_id=chapter.id))
    session.flush()
    record(session, AuditAction.MOVED_TO_TRASH, actor=actor, target_kind="chapter",
           target_id=chapter.id, target_label=chapter.title,
           details={"trash_item": item.id, "sections": len(chapter.sections)})
    structure.follow_source(session, chapter.book)
    session.expire(chapter.book, ["chapters"])
    return item


def open_trash(session: Session, viewer: User | None, book: Book) -> list[TrashItem]:
    """The book's trash as this viewer may restore it, newest first, once every expired
    item is purged (opening the trash is when that happens)."""
    require(viewer, Action.VIEW_TRASH, book)
    purge_expired(session)
    return trash_queries.list_trash(session, viewer, book)


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
    structure.follow_source(session, chapter.book)
    back += [t for s in back for t in structure.counterparts(session, s)]
    _reindex_published(session, back)
    inbox.notify(session, _trio_members(chapter), NotificationKind.RESTORED, actor, about)
    record(session, AuditAction.RESTORED_FROM_TRASH, actor=actor, target_kind=item.kind,
           target_id=restored.id, target_label=item.title)
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
    # Their translations go with them: a translation follows its source, trash and all.
    translated = [t for s in doomed for t in structure.counterparts(session, s)]
    translated_chapters = (list(structure.chapter_counterparts(session, chapter))
                           if chapter is not None else [])
    # The sections' own trash items go with them (a chapter purged takes all of them).
    gone = set(session.scalars(select(TrashItem.id).where(
        TrashItem.section_id.in_([s.id for s in doomed]))))
    for other in gone - {item.id}:
        session.delete(session.get_one(TrashItem, other))
    session.delete(item)
    for section in doomed + translated:
        session.delete(section)  # takes its document, revisions, proposals, comments
    if chapter is not None:
        for translated_chapter in translated_chapters:
            session.delete(translated_chapter)
        session.delete(chapter)
    session.flush()
    return gone | {item.id}


def _audit_purge(session: Session, actor: User | None, item: TrashItem, *,
                 expired: bool) -> None:
    record(session, AuditAction.PURGED_FROM_TRASH, actor=actor, target_kind=item.kind,
           target_id=item.section_id or item.chapter_id, target_label=item.title,
           details={"expired": expired})


def purge(session: Session, actor: User | None, item: TrashItem) -> None:
    """Delete a trashed chapter or section for good (admins only)."""
    require(actor, Action.PURGE_FROM_TRASH, item)
    _audit_purge(session, actor, item, expired=False)
    _purge(session, item)


def purge_expired(session: Session, now: datetime | None = None) -> int:
    """Delete for good every item whose 30 days are over; returns how many went."""
    expired = session.scalars(select(TrashItem).where(
        TrashItem.purge_after <= (now or utcnow()))
        .options(selectinload(TrashItem.section), selectinload(TrashItem.chapter))).all()
    gone: set[int] = set()
    for item in expired:
        if item.id not in gone:  # not already purged with its chapter
            _audit_purge(session, None, item, expired=True)
            gone |= _purge(session, item)
    return len(gone)
