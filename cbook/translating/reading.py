"""What a reader's page says about a section's languages: the switcher's entries, the
``hreflang`` alternates, and the notice on a translation that is behind or not there yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from cbook.books.models import Book, Section
from cbook.languages import direction_of, language_name, same_language
from cbook.translating import queries, staleness


@dataclass(frozen=True)
class LanguageLink:
    """One language a section can be read in."""

    code: str
    name: str  # in the language itself: a switcher names each language as its readers do
    section_id: int
    state: str  # "source", "translated", "behind" or "missing"
    current: bool

    @property
    def direction(self) -> str:
        """``rtl`` or ``ltr`` for the name."""
        return direction_of(self.code)


@dataclass(frozen=True)
class SectionLanguages:
    """The languages of one section page and what the page must say about its own."""

    links: list[LanguageLink] = field(default_factory=list)
    # "missing": the page shows the source instead; "behind": the source changed since.
    notice: str | None = None
    text_language: str = ""  # what the text shown is written in
    source_language: str = ""
    source_section_id: int | None = None
    translated_from: datetime | None = None  # when the source version it matches was out
    source_published: datetime | None = None


def in_languages(session: Session, section: Section, *, untranslated: bool = False
                 ) -> SectionLanguages:
    """The section's languages; ``untranslated`` when the page shows its source instead."""
    found = queries.alternates(session, section)
    book = section.chapter.book
    links = [LanguageLink(a.language, language_name(a.language), a.section_id, a.state,
                          a.section_id == section.id) for a in found]
    source = section.source_section
    if source is None:
        return SectionLanguages(links, text_language=book.language)
    source_language = source.chapter.book.language
    if untranslated:
        return SectionLanguages(links, "missing", source_language, source_language,
                                source.id, None, source.published_at)
    if staleness.state_of(section, source) == staleness.State.BEHIND:
        return SectionLanguages(
            links, "behind", book.language, source_language, source.id,
            staleness.published_on(session, source, section.source_version),
            source.published_at)
    return SectionLanguages(links, None, book.language, source_language, source.id)


@dataclass
class ContentsLanguages:
    """What a contents page says about the book's languages."""

    source: Book  # the original (the book itself, unless it is a translation)
    translations: list[queries.TranslationSummary]
    states: dict[int, str] = field(default_factory=dict)  # a translation's sections
    # The translation in the reader's language, and its sections by source section id.
    mine: Book | None = None
    mine_sections: dict[int, tuple[int, str]] = field(default_factory=dict)

    @property
    def others(self) -> list[queries.TranslationSummary]:
        """Translations other than the one being read."""
        return [t for t in self.translations if t.book is not self.mine]


def contents_languages(session: Session, book: Book, reader_language: str
                       ) -> ContentsLanguages:
    """The book's translations, and where the reader's language stands in them."""
    source = book.source_book or book
    found = queries.translations(session, source)
    view = ContentsLanguages(source, found)
    if book.source_book is not None:
        view.states = queries.states_in(session, book)
    elif not same_language(book.language, reader_language):
        view.mine = queries.translation_in(session, source, reader_language)
        if view.mine is not None:
            view.mine_sections = queries.sections_in(session, view.mine)
    return view
