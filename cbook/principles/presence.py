"""Where each principle lives in the published book: counts of tagged passages.

Feeds the chapters x principles map on the principles page. Only published text counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cbook.books.models import Book, Chapter, Section
from cbook.principles.models import Principle, PublishedPassage
from cbook.roles import SectionStatus


@dataclass(frozen=True)
class MapRow:
    """One chapter and how many published passages carry each principle."""

    chapter_id: int
    label: str
    counts: tuple[int, ...]


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
        .where(PublishedPassage.tag_kind == "principle",
               Section.status == SectionStatus.PUBLISHED)
        .group_by(Chapter.id, PublishedPassage.slug)
    ).all()
    counts = {(chapter_id, slug): count for chapter_id, slug, count in tagged}
    chapters = session.execute(
        select(Chapter.id, Chapter.title, Book.title).join(Book, Book.id == Chapter.book_id)
        .order_by(Book.id, Chapter.position, Chapter.id)
    ).all()
    several_books = len({book for _, _, book in chapters}) > 1
    rows = []
    for chapter_id, title, book in chapters:
        cells = tuple(counts.get((chapter_id, p.slug), 0) for p in principles)
        if any(cells):
            rows.append(MapRow(chapter_id, f"{book}: {title}" if several_books else title,
                               cells))
    return PrincipleMap(principles, rows)

