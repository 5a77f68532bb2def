"""Writes for books, chapters and sections. Callers commit; these only flush."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.audit.models import AuditAction
from cbook.audit.service import record
from cbook.books import trash
from cbook.books.models import Book, Chapter, Section, TrashItem, Trio
from cbook.db import utcnow
from cbook.editor import authority, revisions
from cbook.editor.documents import empty_document, normalise_document
from cbook.editor.models import Revision, RevisionKind
from cbook.errors import Conflict, PermissionDenied, Unprocessable
from cbook.languages import clean_language
from cbook.library import citations
from cbook.policy import STAFF, Action, require, trio_ids
from cbook.principles import passages
from cbook.principles.models import Audience, Principle
from cbook.principles.service import resolve_slugs
from cbook.roles import SectionStatus
from cbook.slugs import choose_slug
from cbook.textrules import clean_prose, clean_title
from cbook.translating import notices, staleness, structure

# /books/new is a page of its own, so no book may be called "new".
RESERVED_BOOK_SLUGS = frozenset({"new"})


def _clean_language(language: str) -> str:
    return clean_language(language)


def create_book(
    session: Session, actor: User | None, *, title: str, slug: str | None = None,
    language: str = "en", subtitle: str = "", description: str = "",
) -> Book:
    """Start a new book."""
    require(actor, Action.CREATE_BOOK)
    clean = clean_title(title)
    book_slug = choose_slug(session, Book.slug, wanted=slug, title=clean, fallback="book",
                            reserved=RESERVED_BOOK_SLUGS)
    book = Book(
        slug=book_slug, title=clean, language=_clean_language(language),
        subtitle=clean_prose(subtitle, "subtitle", 300),
        description=clean_prose(description, "description"),
    )
    session.add(book)
    session.flush()
    return book


def update_book(
    session: Session, actor: User | None, book: Book, *, title: str | None = None,
    subtitle: str | None = None, description: str | None = None, language: str | None = None,
    allow_self_merge: bool | None = None,
) -> Book:
    """Change a book's title, subtitle, description, language or review policy."""
    require(actor, Action.EDIT_BOOK, book)
    if title is not None:
        book.title = clean_title(title)
    if subtitle is not None:
        book.subtitle = clean_prose(subtitle, "subtitle", 300)
    if description is not None:
        book.description = clean_prose(description, "description")
    if language is not None and language != book.language:
        if book.is_translation:
            raise Unprocessable("a translation's language cannot change: start a translation "
                                "into the other language instead")
        wanted = _clean_language(language)
        if any(t.language.lower() == wanted.lower()
               for t in structure.translations_of(session, book)):
            raise Conflict("this book already has a translation into that language")
        book.language = wanted
    if allow_self_merge is not None:
        book.allow_self_merge = allow_self_merge
    session.flush()
    return book


def _authors_trio(actor: User, trio: Trio | None) -> Trio | None:
    """Authors may only create chapters for a trio they belong to."""
    if actor.role in STAFF:
        return trio
    mine = trio_ids(actor)
    if trio is not None:
        if trio.id not in mine:
            raise PermissionDenied("you can only add chapters for your own trio")
        return trio
    membership = next((m for m in actor.memberships if m.trio_id in mine), None)
    return membership.trio if membership else None


def create_chapter(
    session: Session, actor: User | None, book: Book, *, title: str, summary: str = "",
    trio: Trio | None = None,
) -> Chapter:
    """Add a chapter at the end of a book."""
    require(actor, Action.CREATE_CHAPTER, book)
    assert actor is not None  # require() let a signed-in user through
    structure.refuse_structure_change(book)
    last = session.scalar(select(func.max(Chapter.position)).where(Chapter.book_id == book.id))
    chapter = Chapter(
        book=book, title=clean_title(title), summary=clean_prose(summary, "summary"),
        trio=_authors_trio(actor, trio), position=(last or 0) + 1,
    )
    session.add(chapter)
    session.flush()
    structure.follow_source(session, book)
    return chapter


def update_chapter(
    session: Session, actor: User | None, chapter: Chapter, *, title: str | None = None,
    summary: str | None = None, trio: Trio | bool | None = False,
) -> Chapter:
    """Rename a chapter, change its summary, or (staff) hand it to another trio."""
    require(actor, Action.EDIT_CHAPTER, chapter)
    if title is not None:
        chapter.title = clean_title(title)
        if chapter.source_chapter is not None:  # its title now translates the source's
            chapter.source_title = chapter.source_chapter.title
    if summary is not None:
        chapter.summary = clean_prose(summary, "summary")
    if trio is not False:
        if actor is None or actor.role not in STAFF:
            raise PermissionDenied("only editors, coordinators and admins assign chapters to trios")
        chapter.trio = trio if isinstance(trio, Trio) else None
    session.flush()
    return chapter


def delete_chapter(session: Session, actor: User | None, chapter: Chapter) -> TrashItem:
    """Move a chapter and its sections to the book's trash (editors and above only)."""
    return trash.trash_chapter(session, actor, chapter)


def _swap_position(items: Sequence[Chapter | Section], index: int, offset: int) -> bool:
    target = index + offset
    if not 0 <= target < len(items):
        return False
    # Renumber densely first so equal positions (e.g. after imports) still reorder.
    for position, item in enumerate(items, start=1):
        item.position = position
    items[index].position, items[target].position = items[target].position, items[index].position
    return True


def move_chapter(session: Session, actor: User | None, chapter: Chapter, offset: int) -> bool:
    """Move a chapter up (-1) or down (+1) in its book."""
    require(actor, Action.EDIT_CHAPTER, chapter)
    structure.refuse_structure_change(chapter.book)
    chapters = chapter.book.chapters
    moved = _swap_position(chapters, chapters.index(chapter), offset)
    session.flush()
    structure.follow_source(session, chapter.book)
    return moved


def create_section(
    session: Session, actor: User | None, chapter: Chapter, *, title: str,
    doc: dict[str, Any] | None = None,
) -> Section:
    """Add a draft section at the end of a chapter."""
    require(actor, Action.EDIT_CHAPTER, chapter)
    structure.refuse_structure_change(chapter.book)
    last = session.scalar(
        select(func.max(Section.position)).where(Section.chapter_id == chapter.id)
    )
    document = authority.new_document(
        session, normalise_document(doc if doc is not None else empty_document()), actor)
    section = Section(chapter=chapter, title=clean_title(title), position=(last or 0) + 1,
                      document=document)
    session.add(section)
    session.flush()
    structure.follow_source(session, chapter.book)
    return section


def update_section(
    session: Session, actor: User | None, section: Section, *, title: str | None = None,
    status: SectionStatus | None = None, principles: list[str] | None = None,
    audiences: list[str] | None = None,
) -> Section:
    """Rename, retag, or move a section between draft and in-review."""
    require(actor, Action.EDIT_SECTION, section)
    if title is not None:
        section.title = clean_title(title)
        if section.source_section is not None and section.source_title is None:
            section.source_title = section.source_section.title  # the title is translated
    if status is not None:
        if status == SectionStatus.PUBLISHED:
            raise Unprocessable("publish a section with the publish action")
        if section.status == SectionStatus.PUBLISHED:
            raise Unprocessable("unpublish the section before changing its status")
        section.status = SectionStatus(status)
    if (principles is not None or audiences is not None) and section.source_section_id:
        raise Unprocessable("a translated section is tagged as its original is: tag the "
                            "original section instead")
    if principles is not None:
        section.principles = resolve_slugs(session, Principle, principles)
    if audiences is not None:
        section.audiences = resolve_slugs(session, Audience, audiences)
    section.updated_at = utcnow()
    session.flush()
    return section


def replace_document(
    session: Session, actor: User | None, section: Section, doc: dict[str, Any]
) -> Section:
    """Replace a section's text wholesale, as one step open editors receive (imports)."""
    require(actor, Action.EDIT_SECTION, section)
    authority.replace_whole_document(session, section.document, doc, actor)
    section.updated_at = utcnow()
    session.flush()
    return section


def move_section(session: Session, actor: User | None, section: Section, offset: int) -> bool:
    """Move a section up (-1) or down (+1) within its chapter."""
    require(actor, Action.EDIT_SECTION, section)
    structure.refuse_structure_change(section.chapter.book)
    sections = section.chapter.sections
    moved = _swap_position(sections, sections.index(section), offset)
    session.flush()
    structure.follow_source(session, section.chapter.book)
    return moved


def delete_section(session: Session, actor: User | None, section: Section) -> TrashItem:
    """Move a section to the book's trash; published ones only by editors and above."""
    return trash.trash_section(session, actor, section)


def section_target(section: Section) -> dict[str, Any]:
    """The audit trail's target for an event about a section: its id and where it sits."""
    return {"target_kind": "section", "target_id": section.id,
            "target_label": f"{section.chapter.book.title} / {section.chapter.title} / "
                            f"{section.title}"}


def publish_section(
    session: Session, actor: User | None, section: Section, revision: Revision | None = None
) -> Section:
    """Pin a revision (default: a new one of the current text) as what readers see.

    Authors keep working on the document; readers, search and exports see the pinned
    revision until the next publish or an unpublish.
    """
    require(actor, Action.PUBLISH_SECTION, section)
    if revision is None:
        revision = revisions.create_revision(session, section.document, actor,
                                             kind=RevisionKind.PUBLISH, message="Published")
    elif revision.document_id != section.document_id:
        raise Unprocessable("that revision belongs to another section")
    doc = copy.deepcopy(revision.doc)
    source = section.source_section
    if source is not None:
        # Tags and typed-block kinds are the source's, block by block, whatever the text.
        doc = staleness.carry_source_tags(doc, structure.source_text(session, source))
        if section.source_title is None:
            section.source_title = source.title
        if section.source_version is None:  # copied from a draft: it matches what is out
            section.source_version = source.published_version
    section.published_doc = doc
    section.published_version = revision.version
    section.published_revision = revision
    section.published_at = utcnow()
    section.status = SectionStatus.PUBLISHED
    section.updated_at = utcnow()
    record(session, AuditAction.SECTION_PUBLISHED, actor=actor, **section_target(section),
           details={"version": revision.version, "revision": revision.id})
    session.flush()
    passages.reindex_section(session, section)
    citations.reindex_citations(session, section)
    translated = structure.counterparts(session, section)
    if translated:
        structure.refresh_untouched(session, section, translated)
        notices.original_published(session, actor, section, translated)
    return section


def chapter_drafts(chapter: Chapter) -> list[Section]:
    """The chapter's sections readers do not see yet (trashed ones aside), in order."""
    return [s for s in chapter.sections if s.status != SectionStatus.PUBLISHED]


def publish_chapter(session: Session, actor: User | None, chapter: Chapter) -> list[Section]:
    """Publish every draft section of a chapter (the caller commits once); those published."""
    require(actor, Action.PUBLISH_CHAPTER, chapter)
    drafts = chapter_drafts(chapter)
    for section in drafts:
        publish_section(session, actor, section)
    return drafts


def unpublish_section(session: Session, actor: User | None, section: Section) -> Section:
    """Hide a section from readers again; its text stays as a draft."""
    require(actor, Action.PUBLISH_SECTION, section)
    section.published_doc = None
    section.published_version = None
    section.published_revision = None
    section.published_at = None
    section.status = SectionStatus.DRAFT
    section.updated_at = utcnow()
    record(session, AuditAction.SECTION_UNPUBLISHED, actor=actor, **section_target(section))
    session.flush()
    passages.reindex_section(session, section)
    citations.reindex_citations(session, section)
    return section
