"""Books, chapters and sections over JSON: thin over the books services, each answer
dumped by the schema that documents it (``cbook.api.schemas``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import select

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
from cbook.books import queries, service, trash, trash_queries
from cbook.books.models import Book, Section, TrashItem, Trio
from cbook.books.queries import BookContents, ChapterContents
from cbook.editor import revisions
from cbook.editor.authority import document_json
from cbook.errors import Unprocessable
from cbook.policy import Action, can, require
from cbook.translating import staleness
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.unit_of_work import transaction

blueprint = Blueprint("api_books", __name__, url_prefix="/api/v1",
                      description="Books, chapters and sections")


@dataclass(frozen=True)
class ShownSection:
    """A section with the text this caller is shown (what ``SectionSchema`` dumps)."""

    section: Section
    doc: dict[str, Any] | None
    version: int | None
    state: str | None = None


@dataclass(frozen=True)
class Restored:
    """A section or chapter back from the trash (what ``RestoredSchema`` dumps)."""

    kind: str
    section: ShownSection | None = None
    chapter: ChapterContents | None = None


def _shown(section: Section) -> ShownSection:
    # Writers get the working document, readers the published one.
    state = (staleness.state_of(section, section.source_section).value
             if section.source_section_id is not None else None)
    if can(acting_user(), Action.EDIT_SECTION, section) or not section.is_published:
        return ShownSection(section, document_json(db(), section.document),
                            section.document.version, state)
    return ShownSection(section, section.published_doc, section.published_version, state)


@blueprint.route("/books")
@blueprint.response(200, BookSchema(many=True))
def list_books() -> Sequence[Book]:
    """Every book."""
    return queries.list_books(db())


@blueprint.route("/books", methods=["POST"])
@blueprint.arguments(BookCreateSchema)
@blueprint.response(201, BookSchema)
@transaction()
def create_book(body: dict[str, Any]) -> Book:
    """Start a book (coordinators and admins)."""
    return service.create_book(db(), acting_user(), **body)


@blueprint.route("/books/<slug>")
@blueprint.response(200, BookDetailSchema)
def get_book(slug: str) -> BookContents:
    """A book with its chapters and the sections the caller may see."""
    return queries.book_contents(db(), acting_user(), slug)


@blueprint.route("/books/<slug>", methods=["PATCH"])
@blueprint.arguments(BookUpdateSchema)
@blueprint.response(200, BookSchema)
@transaction()
def update_book(body: dict[str, Any], slug: str) -> Book:
    """Change a book's title, subtitle, description or language."""
    return service.update_book(db(), acting_user(), queries.get_book(db(), slug), **body)


@blueprint.route("/books/<slug>/chapters", methods=["POST"])
@blueprint.arguments(ChapterCreateSchema)
@blueprint.response(201, ChapterSchema)
@transaction()
def create_chapter(body: dict[str, Any], slug: str) -> ChapterContents:
    """Add a chapter (authors: for their own trio)."""
    chapter = service.create_chapter(db(), acting_user(), queries.get_book(db(), slug), **body)
    return ChapterContents(chapter, [])


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
@transaction()
def update_chapter(body: dict[str, Any], chapter_id: int) -> ChapterContents:
    """Rename a chapter, change its summary, or hand it to another trio."""
    chapter = queries.get_chapter(db(), chapter_id)
    trio: Trio | bool | None = _trio_by_slug(body.pop("trio")) if "trio" in body else False
    service.update_chapter(db(), acting_user(), chapter, trio=trio, **body)
    return queries.visible_chapter(acting_user(), chapter)


@blueprint.route("/chapters/<int:chapter_id>", methods=["DELETE"])
@blueprint.response(204)
@transaction()
def delete_chapter(chapter_id: int) -> None:
    """Move a chapter and its sections to the book's trash (editors and above)."""
    service.delete_chapter(db(), acting_user(), queries.get_chapter(db(), chapter_id))


@blueprint.route("/chapters/<int:chapter_id>/sections", methods=["POST"])
@blueprint.arguments(SectionCreateSchema)
@blueprint.response(201, SectionSchema)
@transaction()
def create_section(body: dict[str, Any], chapter_id: int) -> ShownSection:
    """Add a draft section to a chapter."""
    chapter = queries.get_chapter(db(), chapter_id)
    section = service.create_section(db(), acting_user(), chapter, title=body["title"])
    return _shown(queries.get_section(db(), acting_user(), section.id))


@blueprint.route("/sections/<int:section_id>")
@blueprint.response(200, SectionSchema)
def get_section(section_id: int) -> ShownSection:
    """A section's document, version, tags and status."""
    return _shown(queries.get_section(db(), acting_user(), section_id))


@blueprint.route("/sections/<int:section_id>", methods=["PATCH"])
@blueprint.arguments(SectionUpdateSchema)
@blueprint.response(200, SectionSchema)
@transaction()
def update_section(body: dict[str, Any], section_id: int) -> ShownSection:
    """Rename, retag, or move a section between draft and in review."""
    section = queries.get_section(db(), acting_user(), section_id)
    return _shown(service.update_section(db(), acting_user(), section, **body))


@blueprint.route("/sections/<int:section_id>", methods=["DELETE"])
@blueprint.response(204)
@transaction()
def delete_section(section_id: int) -> None:
    """Move a section to the book's trash (published ones: editors and above)."""
    section = queries.get_section(db(), acting_user(), section_id)
    service.delete_section(db(), acting_user(), section)


@blueprint.route("/sections/<int:section_id>/publish", methods=["POST"])
@blueprint.arguments(PublishSchema)
@blueprint.response(200, SectionSchema)
@transaction()
def publish_section(body: dict[str, Any], section_id: int) -> ShownSection:
    """Pin the section's current document as what readers see."""
    section = queries.get_section(db(), acting_user(), section_id)
    require(acting_user(), Action.PUBLISH_SECTION, section)
    chosen = None
    if body.get("revision_id") is not None:
        chosen = revisions.get_revision(db(), section.document, body["revision_id"])
    return _shown(service.publish_section(db(), acting_user(), section, chosen))


@blueprint.route("/sections/<int:section_id>/unpublish", methods=["POST"])
@blueprint.response(200, SectionSchema)
@transaction()
def unpublish_section(section_id: int) -> ShownSection:
    """Hide the section from readers."""
    section = queries.get_section(db(), acting_user(), section_id)
    return _shown(service.unpublish_section(db(), acting_user(), section))


@blueprint.route("/books/<slug>/trash")
@blueprint.response(200, TrashItemSchema(many=True))
@transaction()  # expired items are purged on the way
def list_trash(slug: str) -> list[TrashItem]:
    """The book's trash, newest first: what the caller may restore (expired items purged)."""
    return trash.open_trash(db(), acting_user(), queries.get_book(db(), slug))


@blueprint.route("/trash/<int:item_id>/restore", methods=["POST"])
@blueprint.response(200, RestoredSchema)
@transaction()
def restore_from_trash(item_id: int) -> Restored:
    """Put a chapter or section back where it was (same id, history intact)."""
    viewer = acting_user()
    restored = trash.restore(db(), viewer, trash_queries.get_item(db(), viewer, item_id))
    if isinstance(restored, Section):
        return Restored("section", section=_shown(queries.get_section(db(), viewer,
                                                                      restored.id)))
    return Restored("chapter", chapter=queries.visible_chapter(viewer, restored))


@blueprint.route("/trash/<int:item_id>", methods=["DELETE"])
@blueprint.response(204)
@transaction()
def purge_from_trash(item_id: int) -> None:
    """Delete a trashed chapter or section for good (admins)."""
    viewer = acting_user()
    trash.purge(db(), viewer, trash_queries.get_item(db(), viewer, item_id))
