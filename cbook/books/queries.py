"""Reads for books, chapters and sections, filtered by what the viewer may see.

Each read costs a fixed number of SQL statements whatever the book's size: related rows
come in with selectinload (one statement per relationship), never one per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload, undefer

from cbook.accounts.models import User
from cbook.books.models import Book, Chapter, Section, TranslationMember, Trio, TrioMembership
from cbook.editor.models import Document
from cbook.errors import NotFound
from cbook.policy import Action, can, require, sees_drafts_in
from cbook.roles import SectionStatus


@dataclass(frozen=True)
class SectionEntry:
    """A section as a table of contents lists it (no document, no ORM object)."""

    id: int
    title: str
    position: int
    status: SectionStatus


@dataclass(frozen=True)
class ChapterContents:
    """A chapter with the sections this viewer may see."""

    chapter: Chapter
    sections: list[SectionEntry]


@dataclass(frozen=True)
class BookContents:
    """A book's table of contents as one viewer sees it."""

    book: Book
    chapters: list[ChapterContents]

    @property
    def section_count(self) -> int:
        """How many sections the viewer sees."""
        return sum(len(entry.sections) for entry in self.chapters)


def list_books(session: Session) -> Sequence[Book]:
    """Every book, by title."""
    return session.scalars(select(Book).order_by(Book.title)).all()


def get_book(session: Session, slug: str) -> Book:
    """The book with this slug, or NotFound."""
    book = session.scalar(select(Book).where(Book.slug == slug))
    if book is None:
        raise NotFound("no such book")
    return book


def book_contents(session: Session, viewer: User | None, slug: str) -> BookContents:
    """Chapters and visible sections of a book: two statements, plain rows, no documents.

    Contents pages list every section of a book, so sections come back as light rows
    rather than ORM objects (ten times cheaper for a 1,000-section book).
    """
    book = session.scalar(
        select(Book).where(Book.slug == slug)
        .options(selectinload(Book.chapters).joinedload(Chapter.trio))
    )
    if book is None:
        raise NotFound("no such book")
    # In a translation, a section not translated yet is read as its source (with a
    # notice), so it is listed wherever its source is published.
    source = aliased(Section, name="source")
    rows = session.execute(
        select(Section.chapter_id, Section.id, Section.title, Section.position, Section.status,
               Section.published_version, source.published_version.label("source_published"))
        .join(Chapter, Chapter.id == Section.chapter_id)
        .outerjoin(source, source.id == Section.source_section_id)
        .where(Chapter.book_id == book.id, Chapter.trashed_at.is_(None),
               Section.trashed_at.is_(None))
        .order_by(Section.position, Section.id)
    ).all()
    by_chapter: dict[int, list[SectionEntry]] = {}
    drafts_seen = {c.id: sees_drafts_in(viewer, c) for c in book.chapters}
    for chapter_id, section_id, title, position, status, published_version, shown in rows:
        published = status == SectionStatus.PUBLISHED and published_version is not None
        if published or shown is not None or drafts_seen[chapter_id]:
            by_chapter.setdefault(chapter_id, []).append(
                SectionEntry(section_id, title, position, status))
    chapters = [
        ChapterContents(chapter, by_chapter.get(chapter.id, []))
        for chapter in book.chapters
        if chapter.id in by_chapter or can(viewer, Action.EDIT_CHAPTER, chapter)
    ]
    return BookContents(book, chapters)


def _visible_or_404(viewer: User | None, section: Section | None) -> Section:
    # A section the viewer may not see is reported as missing, so drafts don't leak
    # even their existence.
    if section is None or not can(viewer, Action.VIEW_SECTION, section):
        raise NotFound("no such section")
    return section


def find_section(session: Session, viewer: User | None, section_id: int) -> Section | None:
    """As :func:`get_section`, but None where that raises NotFound."""
    section = session.scalar(
        select(Section).where(Section.id == section_id).options(
            undefer(Section.published_doc), joinedload(Section.document),
            joinedload(Section.chapter).joinedload(Chapter.book),
            selectinload(Section.principles), selectinload(Section.audiences),
        )
    )
    return section if section is not None and can(viewer, Action.VIEW_SECTION, section) else None


def get_section(session: Session, viewer: User | None, section_id: int) -> Section:
    """A section with its chapter, book, tags and both documents, if the viewer may see it."""
    section = find_section(session, viewer, section_id)
    if section is None:
        raise NotFound("no such section")  # drafts don't leak even their existence
    return section


def get_section_for_editing(session: Session, viewer: User | None, section_id: int) -> Section:
    """A section and its document for the editor, if the viewer may edit it.

    Lighter than get_section (no published text, no tags): every keystroke comes here.
    """
    section = session.scalar(
        select(Section).where(Section.id == section_id)
        .options(joinedload(Section.chapter), joinedload(Section.document))
    )
    section = _visible_or_404(viewer, section)
    require(viewer, Action.EDIT_SECTION, section)
    return section


@dataclass(frozen=True)
class _BookFacts:
    id: int
    source_book_id: int | None
    translator_trio_ids: frozenset[int]


@dataclass(frozen=True)
class _ChapterFacts:
    trio_id: int | None
    trashed_at: datetime | None
    book: _BookFacts


@dataclass(frozen=True)
class _SectionFacts:
    """What the policy reads of a section to let someone edit it, without ORM objects."""

    status: SectionStatus
    published_version: int | None
    trashed_at: datetime | None
    chapter: _ChapterFacts
    # The model's own rules, so these facts are judged exactly as a loaded Section is.
    is_published = Section.is_published
    in_trash = Section.in_trash


@dataclass(frozen=True)
class EditingAccess:
    """A section the viewer may edit: its document and that document's version."""

    section_id: int
    document_id: int
    version: int


# Built once: the steps routes run it on every keystroke and every poll.
_EDITING_FACTS = (
    select(Section.status, Section.published_version, Section.trashed_at, Chapter.trio_id,
           Chapter.trashed_at.label("chapter_trashed_at"), Section.document_id,
           Document.version, Chapter.book_id, Book.source_book_id)
    .join(Chapter, Chapter.id == Section.chapter_id)
    .join(Book, Book.id == Chapter.book_id)
    .join(Document, Document.id == Section.document_id)
    .where(Section.id == bindparam("section_id"))
)


def editing_access(session: Session, viewer: User | None, section_id: int) -> EditingAccess:
    """As :func:`get_section_for_editing` (the same refusals, by the same policy), in one
    light statement that loads no ORM object: for the collab steps routes."""
    # On the session's connection: for a statement that loads no ORM object, the ORM's
    # execution layer would cost twice the query.
    row = session.connection().execute(_EDITING_FACTS, {"section_id": section_id}).first()
    trios: frozenset[int] = frozenset()
    if row is not None and row.source_book_id is not None:  # a translation's trios write it
        trios = frozenset(session.scalars(select(TranslationMember.trio_id).where(
            TranslationMember.book_id == row.book_id, TranslationMember.trio_id.is_not(None))))
    facts = None if row is None else _SectionFacts(
        row.status, row.published_version, row.trashed_at,
        _ChapterFacts(row.trio_id, row.chapter_trashed_at,
                      _BookFacts(row.book_id, row.source_book_id, trios)))
    if facts is None or not can(viewer, Action.VIEW_SECTION, facts):
        raise NotFound("no such section")
    require(viewer, Action.EDIT_SECTION, facts)
    return EditingAccess(section_id, row.document_id, row.version)  # type: ignore[union-attr]


@dataclass(frozen=True)
class Neighbour:
    """A section the pager links to; ``chapter_title`` is set when the link crosses into
    another chapter, so the page can say where the reader is going."""

    id: int
    title: str
    chapter_title: str | None = None


def book_neighbours(
    session: Session, viewer: User | None, section: Section
) -> tuple[Neighbour | None, Neighbour | None]:
    """The visible sections before and after this one in reading order through the book.

    One statement, light rows: the whole book's order in chapter then section order,
    skipping what lies in the trash and drafts the viewer may not read.
    """
    book_id = section.chapter.book_id
    chapters = {chapter.id: chapter for chapter in session.scalars(
        select(Chapter).where(Chapter.book_id == book_id, Chapter.trashed_at.is_(None)))}
    # Plain columns for the (possibly thousand) sections: no entity per row.
    rows = session.execute(
        select(Section.chapter_id, Section.id, Section.title, Section.status,
               Section.published_version)
        .join(Chapter, Section.chapter_id == Chapter.id)
        .where(Chapter.book_id == book_id, Chapter.trashed_at.is_(None),
               Section.trashed_at.is_(None))
        .order_by(Chapter.position, Chapter.id, Section.position, Section.id)
    ).all()
    drafts_seen = {chapter_id: sees_drafts_in(viewer, chapter)
                   for chapter_id, chapter in chapters.items()}
    order: list[tuple[Chapter, int, str]] = []
    for chapter_id, section_id, title, status, published_version in rows:
        published = status == SectionStatus.PUBLISHED and published_version is not None
        if section_id == section.id or published or drafts_seen[chapter_id]:
            order.append((chapters[chapter_id], section_id, title))
    index = next((i for i, (_, sid, _) in enumerate(order) if sid == section.id), None)
    if index is None:
        return None, None

    def neighbour(at: int) -> Neighbour | None:
        if not 0 <= at < len(order):
            return None
        chapter, section_id, title = order[at]
        crossing = chapter.id != section.chapter_id
        return Neighbour(section_id, title, chapter.title if crossing else None)

    return neighbour(index - 1), neighbour(index + 1)


def get_chapter(session: Session, chapter_id: int) -> Chapter:
    """A chapter with its book and sections, or NotFound (also while it is in the trash)."""
    chapter = session.scalar(
        select(Chapter).where(Chapter.id == chapter_id, Chapter.trashed_at.is_(None))
        .options(joinedload(Chapter.book), selectinload(Chapter.sections))
    )
    if chapter is None:
        raise NotFound("no such chapter")
    return chapter


def list_trios(session: Session) -> Sequence[Trio]:
    """Every trio with its members."""
    return session.scalars(
        select(Trio).order_by(Trio.name)
        .options(selectinload(Trio.memberships).joinedload(TrioMembership.user))
    ).all()


def get_trio(session: Session, trio_id: int) -> Trio:
    """A trio with its members, or NotFound."""
    trio = session.scalar(
        select(Trio).where(Trio.id == trio_id)
        .options(selectinload(Trio.memberships).joinedload(TrioMembership.user))
    )
    if trio is None:
        raise NotFound("no such trio")
    return trio


def visible_chapter(viewer: User | None, chapter: Chapter) -> ChapterContents:
    """A chapter with the sections of it this viewer may see, as contents list them."""
    return ChapterContents(chapter, [
        SectionEntry(s.id, s.title, s.position, s.status)
        for s in chapter.sections if can(viewer, Action.VIEW_SECTION, s)])
