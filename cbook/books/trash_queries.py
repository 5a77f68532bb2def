"""Reads of a book's trash: what lies in it, what trashing something would take with it,
how long an item has left, and which item holds a trashed section.

The writes (moving to the trash, restoring, purging) are in :mod:`cbook.books.trash`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from cbook.accounts.models import User
from cbook.books.models import Book, Chapter, Section, TrashItem
from cbook.db import utcnow
from cbook.editor.models import Revision
from cbook.errors import NotFound
from cbook.policy import Action, can, require
from cbook.review.models import OPEN_STATUSES, Comment, Proposal

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


def list_trash(session: Session, viewer: User | None, book: Book) -> list[TrashItem]:
    """The book's trash as this viewer may restore it, newest first (expired items are
    purged by :func:`cbook.books.trash.open_trash`, which lists through this)."""
    require(viewer, Action.VIEW_TRASH, book)
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
