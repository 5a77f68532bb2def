"""A translation's chapters and sections follow its source book's.

Whenever the source's structure changes (a chapter or section added, moved, retitled,
trashed, restored), ``follow_source`` brings every translation of it into line: new
source parts appear as "needs translation" in the same place, moved ones move, trashed
ones are hidden with their source and come back with it. Idempotent: two queries for the
source, one per translation, and writes only where something differs.

A new translated section starts as a copy of its source's text (published if it is, else
the working draft), so every block keeps its source's id, tags and kind: the translator
writes over the words and the blocks stay aligned with the source.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cbook.books.models import Book, Chapter, Section
from cbook.db import utcnow
from cbook.editor import authority
from cbook.editor.documents import normalise_document
from cbook.editor.models import DocumentStep
from cbook.errors import Conflict

FOLLOWS_SOURCE = ("a translation follows its source's chapters and sections: add, move or "
                  "delete them in the source book and every translation follows")


def refuse_structure_change(book: Book) -> None:
    """A translation's chapters and sections are its source's: Conflict if ``book`` is one."""
    if book.is_translation:
        raise Conflict(FOLLOWS_SOURCE)


def translations_of(session: Session, source: Book) -> Sequence[Book]:
    """Every translation of ``source``, by language."""
    return session.scalars(select(Book).where(Book.source_book_id == source.id)
                           .order_by(Book.language)).all()


def source_text(session: Session, source: Section) -> dict[str, Any]:
    """What a translation starts from: the published text, else the working draft."""
    if source.is_published and source.published_doc is not None:
        return copy.deepcopy(source.published_doc)
    return copy.deepcopy(authority.document_json(session, source.document))


def _all_chapters(session: Session, book: Book) -> Sequence[Chapter]:
    # Trashed ones too: a translation mirrors the trash rather than forgetting a chapter.
    return session.scalars(select(Chapter).where(Chapter.book_id == book.id)
                           .order_by(Chapter.position, Chapter.id)).all()


def _all_sections(session: Session, book: Book) -> Sequence[Section]:
    return session.scalars(
        select(Section).join(Chapter, Section.chapter_id == Chapter.id)
        .where(Chapter.book_id == book.id)
        .options(selectinload(Section.document))
        .order_by(Section.position, Section.id)).all()


def follow_source(session: Session, source: Book) -> int:
    """Bring every translation of ``source`` into line with its structure; returns how
    many chapters and sections were added, moved, retitled-as-pending or (un)hidden."""
    translations = translations_of(session, source)
    if not translations:
        return 0
    session.flush()
    chapters = _all_chapters(session, source)
    sections = _all_sections(session, source)
    changed = sum(_follow(session, translation, chapters, sections)
                  for translation in translations)
    if changed:
        session.flush()
        for translation in translations:
            session.expire(translation, ["chapters"])
    return changed


def start_structure(session: Session, translation: Book) -> int:
    """Give a new translation its source's chapters and sections."""
    assert translation.source_book is not None
    source = translation.source_book
    changed = _follow(session, translation, _all_chapters(session, source),
                      _all_sections(session, source))
    session.flush()
    session.expire(translation, ["chapters"])
    return changed


def _follow(session: Session, translation: Book, chapters: Sequence[Chapter],
            sections: Sequence[Section]) -> int:
    mine_chapters = {c.source_chapter_id: c for c in _all_chapters(session, translation)}
    mine_sections = {s.source_section_id: s for s in _all_sections(session, translation)}
    changed = 0
    counterpart: dict[int, Chapter] = {}
    for source_chapter in chapters:
        chapter = mine_chapters.get(source_chapter.id)
        where = (source_chapter.position, source_chapter.trashed_at)
        if chapter is None:
            chapter = Chapter(book=translation, title=source_chapter.title,
                              summary=source_chapter.summary, position=source_chapter.position,
                              source_chapter_id=source_chapter.id,
                              trashed_at=source_chapter.trashed_at)
            session.add(chapter)
            changed += 1
        elif (chapter.position, chapter.trashed_at) != where:
            chapter.position, chapter.trashed_at = where
            changed += 1
        counterpart[source_chapter.id] = chapter
    if changed:
        session.flush()
    for source in sections:
        chapter = counterpart[source.chapter_id]
        section = mine_sections.get(source.id)
        if section is None:
            document = authority.new_document(
                session, normalise_document(source_text(session, source)), None)
            session.add(Section(
                chapter=chapter, title=source.title, position=source.position,
                document=document, source_section_id=source.id,
                source_version=source.published_version, trashed_at=source.trashed_at))
            changed += 1
            continue
        placed = (section.chapter_id, section.position, section.trashed_at)
        if placed != (chapter.id, source.position, source.trashed_at):
            section.chapter = chapter
            section.position, section.trashed_at = source.position, source.trashed_at
            section.updated_at = utcnow()
            changed += 1
    return changed


def counterparts(session: Session, source: Section) -> Sequence[Section]:
    """The translated sections of one source section, in every translation."""
    return session.scalars(select(Section).where(Section.source_section_id == source.id)
                           .order_by(Section.id)).all()


def chapter_counterparts(session: Session, source: Chapter) -> Sequence[Chapter]:
    """The translated chapters of one source chapter."""
    return session.scalars(select(Chapter).where(Chapter.source_chapter_id == source.id)
                           .order_by(Chapter.id)).all()


def refresh_untouched(session: Session, source: Section,
                      translated_sections: Sequence[Section]) -> int:
    """After ``source`` is published: each of its translations (``translated_sections``)
    that nobody has written in yet starts again from the text just published (so a
    translator never starts from an outdated copy), matching that version. Returns how
    many were refreshed."""
    refreshed = 0
    for translated in translated_sections:
        if translated.is_published or _written_in(session, translated):
            continue
        authority.replace_whole_document(
            session, translated.document,
            normalise_document(copy.deepcopy(source.published_doc)), None)
        translated.source_version = source.published_version
        refreshed += 1
    return refreshed


def _written_in(session: Session, section: Section) -> bool:
    # A person's step (the copy and its refreshes are the server's, without a user).
    return session.scalar(select(DocumentStep.id).where(
        DocumentStep.document_id == section.document_id,
        DocumentStep.user_id.is_not(None)).limit(1)) is not None
