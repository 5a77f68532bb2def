"""What an edition of a translation prints for each section.

A translated section that matches its source prints its own published text. One that is
*behind* (the source was published again or retitled since) or *missing* (not published
yet) is the coordinator's choice (``EditionOptions.untranslated``): ``"source"`` prints the
source's published text in the source's language, under a notice in the edition's
language saying so and when that text was published; ``"omit"`` leaves it out. An edition
of a book that is not a translation never comes here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cbook.books.models import Book, Section
from cbook.export.chrome import edition_words, language_name, long_date
from cbook.languages import direction_of
from cbook.pandoc.ast_out import Json, attr, text_inlines
from cbook.translating.staleness import State, state_of

if TYPE_CHECKING:
    from cbook.export.edition import EditionContent, SectionText

SOURCE, OMIT = "source", "omit"
UNTRANSLATED_CHOICES = (SOURCE, OMIT)
NOTICE_CLASS = "untranslated-notice"  # the box over a section shown in its source language
SOURCE_TEXT_CLASS = "source-language"  # that section's text


@dataclass(frozen=True)
class Chosen:
    """The text a translation's edition prints for one section."""

    title: str
    doc: dict[str, Any]
    published_at: datetime | None
    document_id: int  # whose authors are credited: the translation's, or the source's
    language: str = ""  # the text's language when it is not the edition's ("" otherwise)
    notice: str = ""  # the notice above a section shown in its source language


def choose(book: Book, section: Section, untranslated: str) -> Chosen | None:
    """The text for ``section`` of translation ``book``, or None to leave it out."""
    source = section.source_section
    state = state_of(section, source)
    if state == State.TRANSLATED:
        if section.published_doc is None:
            return None
        return Chosen(section.title, section.published_doc, section.published_at,
                      section.document_id)
    if (untranslated == OMIT or source is None or not source.is_published
            or source.published_doc is None or source.in_trash):
        return None
    source_language = book.source_book.language if book.source_book else "en"
    words = edition_words(book.language)
    published = source.published_at
    notice = words[f"notice_{state.value}"] % {
        "language": language_name(source_language, book.language),
        "date": long_date(published.date(), book.language) if published else "",
    }
    return Chosen(source.title, source.published_doc, published, source.document_id,
                  language=source_language or "en", notice=notice)


def language_pairs(language: str) -> list[tuple[str, str]]:
    """The ``lang`` and ``dir`` attributes of a text in ``language``."""
    return [("lang", language), ("dir", direction_of(language))]


def notice_block(content: EditionContent, section: SectionText) -> Json:
    """The boxed notice over a section shown in its source language: in the edition's
    language and direction, whatever the text below is in."""
    return {"t": "Div", "c": [attr(f"notice-{section.id}", [NOTICE_CLASS],
                                   language_pairs(content.language)),
                              [{"t": "Para", "c": text_inlines(section.notice)}]]}


def section_blocks(content: EditionContent, section: SectionText,
                   converted: list[Json]) -> list[Json]:
    """A section's converted text as the edition prints it: in a Div carrying the source's
    language, after the notice, when it is shown in its source language."""
    if not section.language:
        return converted
    return [notice_block(content, section),
            {"t": "Div", "c": [attr("", [SOURCE_TEXT_CLASS], language_pairs(section.language)),
                               converted]}]
