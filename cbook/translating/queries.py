"""Reads about translations: how far each has come, and a section in other languages."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload
from sqlalchemy.sql.elements import ColumnElement

from cbook.books.models import Book, Chapter, Section
from cbook.translating.staleness import State

Source = aliased(Section, name="source_section")


def _state_expression() -> ColumnElement[str]:
    """A translated section's state in SQL, as ``staleness.state_of`` says it."""
    behind = or_(
        and_(Source.published_version.is_not(None),
             or_(Section.source_version.is_(None),
                 Section.source_version < Source.published_version)),
        and_(Section.source_title.is_not(None), Section.source_title != Source.title))
    return case((Section.published_version.is_(None), State.MISSING.value),
                (behind, State.BEHIND.value), else_=State.TRANSLATED.value)


def _visible(book_id: int) -> list[ColumnElement[bool]]:
    return [Chapter.book_id == book_id, Chapter.trashed_at.is_(None),
            Section.trashed_at.is_(None)]


@dataclass
class Counts:
    """How many of a translation's sections are in each state."""

    translated: int = 0
    behind: int = 0
    missing: int = 0

    @property
    def total(self) -> int:
        """Every section of the translation."""
        return self.translated + self.behind + self.missing

    def add(self, state: str, count: int = 1) -> None:
        """Count ``count`` more sections in ``state``."""
        setattr(self, state, getattr(self, state) + count)

    def share(self, state: str) -> float:
        """The fraction of sections in ``state`` (0 when there are none)."""
        return getattr(self, state) / self.total if self.total else 0.0


@dataclass
class TranslationSummary:
    """One translation of a book with its counts."""

    book: Book
    counts: Counts

    @property
    def slug(self) -> str:
        """The translation's own slug."""
        return self.book.slug

    @property
    def language(self) -> str:
        """Its language tag."""
        return self.book.language

    translated = property(lambda self: self.counts.translated)
    behind = property(lambda self: self.counts.behind)
    missing = property(lambda self: self.counts.missing)


def translations(session: Session, source: Book) -> list[TranslationSummary]:
    """Every translation of ``source`` with how many sections are translated, behind and
    missing: one query for all of them."""
    books = session.scalars(select(Book).where(Book.source_book_id == source.id)
                            .options(selectinload(Book.translators))
                            .order_by(Book.language)).all()
    if not books:
        return []
    state = _state_expression()
    rows = session.execute(
        select(Chapter.book_id, state, func.count())
        .select_from(Section).join(Chapter, Section.chapter_id == Chapter.id)
        .join(Source, Section.source_section_id == Source.id)
        .where(Chapter.book_id.in_([b.id for b in books]), Chapter.trashed_at.is_(None),
               Section.trashed_at.is_(None))
        .group_by(Chapter.book_id, state)).all()
    counts = {book.id: Counts() for book in books}
    for book_id, section_state, count in rows:
        counts[book_id].add(section_state, count)
    return [TranslationSummary(book, counts[book.id]) for book in books]


@dataclass
class SectionProgress:
    """A translated section, its source and its state."""

    section: Section
    source: Section
    state: str


@dataclass
class ChapterProgress:
    """A translated chapter: its sections' states and whether its title is translated."""

    chapter: Chapter
    counts: Counts = field(default_factory=Counts)
    sections: list[SectionProgress] = field(default_factory=list)

    @property
    def title_pending(self) -> bool:
        """Whether the chapter's title still needs translating (new or retitled)."""
        source = self.chapter.source_chapter
        return source is not None and self.chapter.source_title != source.title


def progress(session: Session, translation: Book) -> tuple[Counts, list[ChapterProgress]]:
    """A translation's state by chapter, in reading order, and its totals."""
    state = _state_expression()
    rows = session.execute(
        select(Section, Source, state)
        .join(Chapter, Section.chapter_id == Chapter.id)
        .join(Source, Section.source_section_id == Source.id)
        .where(*_visible(translation.id))
        .options(selectinload(Section.chapter).selectinload(Chapter.source_chapter))
        .order_by(Chapter.position, Chapter.id, Section.position, Section.id)).all()
    chapters: dict[int, ChapterProgress] = {}
    for chapter in translation.chapters:
        chapters[chapter.id] = ChapterProgress(chapter)
    total = Counts()
    for section, source, section_state in rows:
        entry = chapters.setdefault(section.chapter_id, ChapterProgress(section.chapter))
        entry.sections.append(SectionProgress(section, source, section_state))
        entry.counts.add(section_state)
        total.add(section_state)
    return total, list(chapters.values())


@dataclass(frozen=True)
class Alternate:
    """A section in one language: the source or a translation, and where it stands."""

    language: str
    section_id: int
    book_slug: str
    state: str  # "source", or a translation's state
    is_source: bool


def alternates(session: Session, section: Section) -> list[Alternate]:
    """The section in every language it has: its source first, then each translation
    (whatever their state: a missing one shows the source with a notice)."""
    source = section.source_section or section
    if source.in_trash:
        return []
    state = _state_expression()
    rows = session.execute(
        select(Section.id, Book.language, Book.slug, state)
        .join(Chapter, Section.chapter_id == Chapter.id).join(Book, Chapter.book_id == Book.id)
        .join(Source, Section.source_section_id == Source.id)
        .where(Section.source_section_id == source.id, Section.trashed_at.is_(None),
               Chapter.trashed_at.is_(None))
        .order_by(Book.language)).all()
    if not rows:
        return []
    book = source.chapter.book
    found = [Alternate(book.language, source.id, book.slug, "source", True)]
    found += [Alternate(language, section_id, slug, section_state, False)
              for section_id, language, slug, section_state in rows]
    return found


def translation_in(session: Session, source: Book, language: str) -> Book | None:
    """The translation of ``source`` into ``language`` (primary subtag match), if any."""
    primary = language.split("-")[0].lower()
    for book in session.scalars(select(Book).where(Book.source_book_id == source.id)):
        if book.language.split("-")[0].lower() == primary:
            return book
    return None


def sections_in(session: Session, translation: Book) -> dict[int, tuple[int, str]]:
    """For each source section id: its translated section's id and state."""
    state = _state_expression()
    rows = session.execute(
        select(Section.source_section_id, Section.id, state)
        .join(Chapter, Section.chapter_id == Chapter.id)
        .join(Source, Section.source_section_id == Source.id)
        .where(*_visible(translation.id))).all()
    return {source_id: (section_id, section_state)
            for source_id, section_id, section_state in rows if source_id is not None}


def untranslated(session: Session, section_id: int) -> Section | None:
    """A translated section readers cannot read yet whose source they can: shown as the
    source with a notice rather than a 404. None for anything else."""
    section = session.get(Section, section_id)
    if section is None or section.source_section is None or section.in_trash:
        return None
    source = section.source_section
    return section if source.is_published and not source.in_trash else None


def states_in(session: Session, translation: Book) -> dict[int, str]:
    """Each translated section's state, by its id."""
    state = _state_expression()
    rows = session.execute(
        select(Section.id, state).join(Chapter, Section.chapter_id == Chapter.id)
        .join(Source, Section.source_section_id == Source.id)
        .where(*_visible(translation.id))).all()
    return {section_id: section_state for section_id, section_state in rows}
