"""Books, chapters and sections over JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import url_for
from flask_smorest import Blueprint
from sqlalchemy import select

from cbook.accounts.models import person_json
from cbook.api.schemas import (
    BookCreateSchema,
    BookDetailSchema,
    BookSchema,
    BookUpdateSchema,
    ChapterCreateSchema,
    ChapterSchema,
    ChapterUpdateSchema,
    PublishSchema,
    RestoredSchema,
    SectionCreateSchema,
    SectionSchema,
    SectionUpdateSchema,
    TrashItemSchema,
)
from cbook.books import queries, service, trash
from cbook.books.models import Book, Chapter, Section, TrashItem, Trio
from cbook.books.queries import SectionEntry
from cbook.editor import revisions
from cbook.editor.authority import document_json
from cbook.errors import Unprocessable
from cbook.policy import Action, can, require
from cbook.web.auth import acting_user
from cbook.web.database import db

blueprint = Blueprint("api_books", __name__, url_prefix="/api/v1",
                      description="Books, chapters and sections")


def book_json(book: Book) -> dict[str, Any]:
    """A book as the API shows it."""
    return {
        "id": book.id, "slug": book.slug, "title": book.title, "subtitle": book.subtitle,
        "description": book.description, "language": book.language,
        "allow_self_merge": book.allow_self_merge,
        "url": url_for("books.contents", slug=book.slug),
    }


def chapter_json(chapter: Chapter, sections: Sequence[Section | SectionEntry]) -> dict[str, Any]:
    """A chapter with the given (visible) sections."""
    return {
        "id": chapter.id, "title": chapter.title, "summary": chapter.summary,
        "position": chapter.position, "trio": chapter.trio.slug if chapter.trio else None,
        "sections": [
            {"id": s.id, "title": s.title, "position": s.position, "status": s.status}
            for s in sections
        ],
    }


def section_json(section: Section) -> dict[str, Any]:
    """A section: writers get the working document, readers the published one."""
    viewer = acting_user()
    version: int | None
    if can(viewer, Action.EDIT_SECTION, section) or not section.is_published:
        doc, version = document_json(db(), section.document), section.document.version
    else:
        doc, version = section.published_doc, section.published_version
    return {
        "id": section.id, "title": section.title, "version": version, "doc": doc,
        "principles": [p.slug for p in section.principles],
        "audiences": [a.slug for a in section.audiences],
        "status": section.status, "chapter_id": section.chapter_id,
        "book": section.chapter.book.slug, "published_version": section.published_version,
        "url": url_for("books.section", section_id=section.id),
    }


@blueprint.route("/books")
@blueprint.response(200, BookSchema(many=True))
def list_books() -> list[dict[str, Any]]:
    """Every book."""
    return [book_json(book) for book in queries.list_books(db())]


@blueprint.route("/books", methods=["POST"])
@blueprint.arguments(BookCreateSchema)
@blueprint.response(201, BookSchema)
def create_book(body: dict[str, Any]) -> dict[str, Any]:
    """Start a book (coordinators and admins)."""
    book = service.create_book(db(), acting_user(), **body)
    db().commit()
    return book_json(book)


@blueprint.route("/books/<slug>")
@blueprint.response(200, BookDetailSchema)
def get_book(slug: str) -> dict[str, Any]:
    """A book with its chapters and the sections the caller may see."""
    contents = queries.book_contents(db(), acting_user(), slug)
    return book_json(contents.book) | {
        "chapters": [chapter_json(c.chapter, c.sections) for c in contents.chapters]
    }


@blueprint.route("/books/<slug>", methods=["PATCH"])
@blueprint.arguments(BookUpdateSchema)
@blueprint.response(200, BookSchema)
def update_book(body: dict[str, Any], slug: str) -> dict[str, Any]:
    """Change a book's title, subtitle, description or language."""
    book = service.update_book(db(), acting_user(), queries.get_book(db(), slug), **body)
    db().commit()
    return book_json(book)


@blueprint.route("/books/<slug>/chapters", methods=["POST"])
@blueprint.arguments(ChapterCreateSchema)
@blueprint.response(201, ChapterSchema)
def create_chapter(body: dict[str, Any], slug: str) -> dict[str, Any]:
    """Add a chapter (authors: for their own trio)."""
    chapter = service.create_chapter(db(), acting_user(), queries.get_book(db(), slug), **body)
    db().commit()
    return chapter_json(chapter, [])


def _trio_by_slug(slug: str | None) -> Trio | None:
    if slug is None:
        return None
    trio = db().scalar(select(Trio).where(Trio.slug == slug))
    if trio is None:
        raise Unprocessable(f"unknown trio: {slug}")
    return trio


@blueprint.route("/chapters/<int:chapter_id>", methods=["PATCH"])
@blueprint.arguments(ChapterUpdateSchema)
@blueprint.response(200, ChapterSchema)
def update_chapter(body: dict[str, Any], chapter_id: int) -> dict[str, Any]:
    """Rename a chapter, change its summary, or hand it to another trio."""
    chapter = queries.get_chapter(db(), chapter_id)
    trio: Trio | bool | None = _trio_by_slug(body.pop("trio")) if "trio" in body else False
    service.update_chapter(db(), acting_user(), chapter, trio=trio, **body)
    db().commit()
    viewer = acting_user()
    return chapter_json(
        chapter, [s for s in chapter.sections if can(viewer, Action.VIEW_SECTION, s)]
    )


@blueprint.route("/chapters/<int:chapter_id>", methods=["DELETE"])
@blueprint.response(204)
def delete_chapter(chapter_id: int) -> None:
    """Move a chapter and its sections to the book's trash (editors and above)."""
    service.delete_chapter(db(), acting_user(), queries.get_chapter(db(), chapter_id))
    db().commit()


@blueprint.route("/chapters/<int:chapter_id>/sections", methods=["POST"])
@blueprint.arguments(SectionCreateSchema)
@blueprint.response(201, SectionSchema)
def create_section(body: dict[str, Any], chapter_id: int) -> dict[str, Any]:
    """Add a draft section to a chapter."""
    chapter = queries.get_chapter(db(), chapter_id)
    section = service.create_section(db(), acting_user(), chapter, title=body["title"])
    db().commit()
    return section_json(queries.get_section(db(), acting_user(), section.id))


@blueprint.route("/sections/<int:section_id>")
@blueprint.response(200, SectionSchema)
def get_section(section_id: int) -> dict[str, Any]:
    """A section's document, version, tags and status."""
    return section_json(queries.get_section(db(), acting_user(), section_id))


@blueprint.route("/sections/<int:section_id>", methods=["PATCH"])
@blueprint.arguments(SectionUpdateSchema)
@blueprint.response(200, SectionSchema)
def update_section(body: dict[str, Any], section_id: int) -> dict[str, Any]:
    """Rename, retag, or move a section between draft and in review."""
    section = queries.get_section(db(), acting_user(), section_id)
    service.update_section(db(), acting_user(), section, **body)
    db().commit()
    return section_json(section)


@blueprint.route("/sections/<int:section_id>", methods=["DELETE"])
@blueprint.response(204)
def delete_section(section_id: int) -> None:
    """Move a section to the book's trash (published ones: editors and above)."""
    section = queries.get_section(db(), acting_user(), section_id)
    service.delete_section(db(), acting_user(), section)
    db().commit()


@blueprint.route("/sections/<int:section_id>/publish", methods=["POST"])
@blueprint.arguments(PublishSchema)
@blueprint.response(200, SectionSchema)
def publish_section(body: dict[str, Any], section_id: int) -> dict[str, Any]:
    """Pin the section's current document as what readers see."""
    section = queries.get_section(db(), acting_user(), section_id)
    require(acting_user(), Action.PUBLISH_SECTION, section)
    chosen = None
    if body.get("revision_id") is not None:
        chosen = revisions.get_revision(db(), section.document, body["revision_id"])
    service.publish_section(db(), acting_user(), section, chosen)
    db().commit()
    return section_json(section)


@blueprint.route("/sections/<int:section_id>/unpublish", methods=["POST"])
@blueprint.response(200, SectionSchema)
def unpublish_section(section_id: int) -> dict[str, Any]:
    """Hide the section from readers."""
    section = queries.get_section(db(), acting_user(), section_id)
    service.unpublish_section(db(), acting_user(), section)
    db().commit()
    return section_json(section)


def trash_item_json(item: TrashItem) -> dict[str, Any]:
    """A trash entry as the API shows it."""
    return {"id": item.id, "kind": item.kind, "title": item.title,
            "deleted_at": item.deleted_at, "purge_after": item.purge_after,
            "deleted_by": person_json(item.deleted_by)}


@blueprint.route("/books/<slug>/trash")
@blueprint.response(200, TrashItemSchema(many=True))
def list_trash(slug: str) -> list[dict[str, Any]]:
    """The book's trash, newest first: what the caller may restore (expired items purged)."""
    items = trash.list_trash(db(), acting_user(), queries.get_book(db(), slug))
    db().commit()
    return [trash_item_json(item) for item in items]


@blueprint.route("/trash/<int:item_id>/restore", methods=["POST"])
@blueprint.response(200, RestoredSchema)
def restore_from_trash(item_id: int) -> dict[str, Any]:
    """Put a chapter or section back where it was (same id, history intact)."""
    viewer = acting_user()
    restored = trash.restore(db(), viewer, trash.get_item(db(), viewer, item_id))
    db().commit()
    if isinstance(restored, Section):
        return section_json(queries.get_section(db(), viewer, restored.id)) | {"kind": "section"}
    visible = [s for s in restored.sections if can(viewer, Action.VIEW_SECTION, s)]
    return chapter_json(restored, visible) | {"kind": "chapter"}


@blueprint.route("/trash/<int:item_id>", methods=["DELETE"])
@blueprint.response(204)
def purge_from_trash(item_id: int) -> None:
    """Delete a trashed chapter or section for good (admins)."""
    viewer = acting_user()
    trash.purge(db(), viewer, trash.get_item(db(), viewer, item_id))
    db().commit()
