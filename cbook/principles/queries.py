"""Reads for principles and audiences: the lists, one by slug, the passages and sections
tagged with a principle, and where each principle lives in the published book (the
chapters x principles map; only published text counts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, contains_eager, joinedload

from cbook.books.models import Book, Chapter, Section
from cbook.errors import NotFound
from cbook.principles.models import Audience, Principle, PublishedPassage, section_principles
from cbook.roles import SectionStatus


def list_principles(session: Session) -> Sequence[Principle]:
    """Principles in their book order."""
    return session.scalars(select(Principle).order_by(Principle.position, Principle.id)).all()


def list_audiences(session: Session) -> Sequence[Audience]:
    """Audiences by name."""
    return session.scalars(select(Audience).order_by(Audience.name)).all()


def get_principle(session: Session, slug: str) -> Principle:
    """The principle with this slug, or NotFound."""
    principle = session.scalar(select(Principle).where(Principle.slug == slug))
    if principle is None:
        raise NotFound("no such principle")
    return principle


def get_audience(session: Session, slug: str) -> Audience:
    """The audience with this slug, or NotFound."""
    audience = session.scalar(select(Audience).where(Audience.slug == slug))
    if audience is None:
        raise NotFound("no such audience")
    return audience


# Translations carry their originals' tags block by block: principle pages and the map
# count each passage once, in the original.
_ORIGINALS = Book.source_book_id.is_(None)


def sections_tagged(session: Session, principle: Principle) -> Sequence[Section]:
    """Every section tagged as a whole with this principle, with its chapter and book."""
    return session.scalars(
        select(Section)
        .join(section_principles, section_principles.c.section_id == Section.id)
        .join(Chapter, Chapter.id == Section.chapter_id).join(Book, Book.id == Chapter.book_id)
        .where(section_principles.c.principle_id == principle.id, _ORIGINALS)
        .options(joinedload(Section.chapter).joinedload(Chapter.book))
        .order_by(Section.chapter_id, Section.position, Section.id)
    ).all()


def passages_for(session: Session, kind: str, slug: str
                 ) -> Sequence[tuple[PublishedPassage, Section]]:
    """Published passages with this tag, in book order, with their sections."""
    rows = session.execute(
        select(PublishedPassage, Section)
        .join(Section, Section.id == PublishedPassage.section_id)
        .join(Chapter, Chapter.id == Section.chapter_id)
        .join(Book, Book.id == Chapter.book_id)
        .where(PublishedPassage.tag_kind == kind, PublishedPassage.slug == slug,
               Section.status == SectionStatus.PUBLISHED, _ORIGINALS)
        .options(contains_eager(Section.chapter))
        .order_by(Chapter.book_id, Chapter.position, Chapter.id, Section.position,
                  Section.id, PublishedPassage.position)
    ).all()
    return [(passage, section) for passage, section in rows]


@dataclass(frozen=True)
class ChapterGroup:
    """One chapter's part of a principle page: its tagged passages, then whole sections."""

    chapter: Chapter
    passages: list[tuple[PublishedPassage, Section]] = field(default_factory=list)
    # Sections tagged as a whole that have no tagged passage of their own to show.
    sections: list[Section] = field(default_factory=list)


def group_by_chapter(passages: Sequence[tuple[PublishedPassage, Section]],
                     sections: Sequence[Section]) -> list[ChapterGroup]:
    """Passages and tagged sections as one list per chapter, in book order."""
    groups: dict[int, ChapterGroup] = {}
    for passage, section in passages:
        groups.setdefault(section.chapter_id, ChapterGroup(section.chapter)).passages.append(
            (passage, section))
    with_passages = {section.id for _, section in passages}
    for section in sections:
        if section.id not in with_passages:
            groups.setdefault(section.chapter_id, ChapterGroup(section.chapter)).sections.append(
                section)
    return sorted(groups.values(), key=lambda g: (g.chapter.book_id, g.chapter.position,
                                                  g.chapter.id))


@dataclass(frozen=True)
class MapRow:
    """One chapter and how many published passages carry each principle."""

    chapter_id: int
    label: str
    counts: tuple[int, ...]
    language: str = "en"  # what the label is written in (its book's language)


@dataclass(frozen=True)
class PrincipleMap:
    """Chapters x principles."""

    principles: Sequence[Principle]
    rows: list[MapRow]

    @property
    def most(self) -> int:
        """The largest count in any cell (at least 1, to scale colours by)."""
        return max((count for row in self.rows for count in row.counts), default=0) or 1


def principle_map(session: Session, principles: Sequence[Principle]) -> PrincipleMap:
    """How present each principle is in each chapter that has any published passage."""
    tagged = session.execute(
        select(Chapter.id, PublishedPassage.slug, func.count(PublishedPassage.id))
        .join(Section, Section.id == PublishedPassage.section_id)
        .join(Chapter, Chapter.id == Section.chapter_id)
        .join(Book, Book.id == Chapter.book_id)
        .where(PublishedPassage.tag_kind == "principle",
               Section.status == SectionStatus.PUBLISHED, _ORIGINALS)
        .group_by(Chapter.id, PublishedPassage.slug)
    ).all()
    counts = {(chapter_id, slug): count for chapter_id, slug, count in tagged}
    chapters = session.execute(
        select(Chapter.id, Chapter.title, Book.title, Book.language)
        .join(Book, Book.id == Chapter.book_id)
        .where(_ORIGINALS).order_by(Book.id, Chapter.position, Chapter.id)
    ).all()
    several_books = len({book for _, _, book, _ in chapters}) > 1
    rows = []
    for chapter_id, title, book, language in chapters:
        cells = tuple(counts.get((chapter_id, p.slug), 0) for p in principles)
        if any(cells):
            rows.append(MapRow(chapter_id, f"{book}: {title}" if several_books else title,
                               cells, language))
    return PrincipleMap(principles, rows)

