"""API schemas: books, chapters, sections, publishing and the trash."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate
from marshmallow.utils import get_value

from cbook.api.schemas.common import SLUG, TITLE, PageUrl, PersonSchema, SlugOf
from cbook.api.schemas.moments import UtcDateTime
from cbook.roles import SectionStatus


class BookCreateSchema(Schema):
    """POST /books."""

    title = fields.String(required=True, validate=TITLE)
    slug = fields.String(validate=[validate.Length(max=80), SLUG])
    language = fields.String(load_default="en", validate=validate.Length(min=1, max=20))
    subtitle = fields.String(load_default="", validate=validate.Length(max=300))
    description = fields.String(load_default="", validate=validate.Length(max=20_000))


class BookUpdateSchema(Schema):
    """PATCH /books/{slug}."""

    allow_self_merge = fields.Boolean()
    title = fields.String(validate=TITLE)
    language = fields.String(validate=validate.Length(min=1, max=20))
    subtitle = fields.String(validate=validate.Length(max=300))
    description = fields.String(validate=validate.Length(max=20_000))

class SectionSummarySchema(Schema):
    """A section as listed in a book's contents."""

    id = fields.Integer()
    title = fields.String()
    position = fields.Integer()
    status = fields.Enum(SectionStatus, by_value=True)


def chapter_attribute(contents: Any, attr: str, default: Any) -> Any:
    """A field of a ``books.queries.ChapterContents``: its sections, else its chapter's."""
    return get_value(contents if attr == "sections" else contents.chapter, attr, default)


class ChapterSchema(Schema):
    """A chapter with its visible sections; dumps a ``books.queries.ChapterContents``."""

    id = fields.Integer()
    title = fields.String()
    summary = fields.String()
    position = fields.Integer()
    trio = SlugOf(allow_none=True)
    sections = fields.List(fields.Nested(SectionSummarySchema))

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        """The chapter's own fields come from its chapter."""
        return chapter_attribute(obj, attr, default)


class BookSchema(Schema):
    """A book; with chapters when read one at a time."""

    id = fields.Integer()
    slug = fields.String()
    title = fields.String()
    subtitle = fields.String()
    description = fields.String()
    language = fields.String()
    allow_self_merge = fields.Boolean()
    # A translation's source book (null for a book that is not a translation).
    source = SlugOf(attribute="source_book", allow_none=True)
    url = PageUrl("books.contents", "slug", "slug")


class BookDetailSchema(BookSchema):
    """GET /books/{slug}; dumps a ``books.queries.BookContents``."""

    chapters = fields.List(fields.Nested(ChapterSchema))

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        """The book's own fields come from its book."""
        return get_value(obj if attr == "chapters" else obj.book, attr, default)


class ChapterCreateSchema(Schema):
    """POST /books/{slug}/chapters."""

    title = fields.String(required=True, validate=TITLE)
    summary = fields.String(validate=validate.Length(max=20_000))


class SectionCreateSchema(Schema):
    """POST /chapters/{id}/sections."""

    title = fields.String(required=True, validate=TITLE)


class ChapterUpdateSchema(Schema):
    """PATCH /chapters/{id}."""

    title = fields.String(validate=TITLE)
    summary = fields.String(validate=validate.Length(max=20_000))
    trio = fields.String(allow_none=True, validate=validate.Length(max=80))


SHOWN_TEXT = frozenset({"doc", "version", "state"})


def section_attribute(shown: Any, attr: str, default: Any) -> Any:
    """A field of a shown section: the text it is shown with, else the section's own."""
    return get_value(shown if attr in SHOWN_TEXT else shown.section, attr, default)


class SectionSchema(Schema):
    """GET /sections/{id}; dumps a section with the text shown to the caller
    (``section``, ``doc``, ``version``: writers get the working copy, readers the
    published one)."""

    id = fields.Integer()
    title = fields.String()
    version = fields.Integer()
    doc = fields.Dict()
    principles = fields.List(SlugOf())
    audiences = fields.List(SlugOf())
    status = fields.Enum(SectionStatus, by_value=True)
    chapter_id = fields.Integer()
    book = SlugOf(attribute="chapter.book")
    published_version = fields.Integer(allow_none=True)
    # In a translation: the section it translates, the source's published version it
    # matches, and translated | behind | missing (all null outside translations).
    source_section = fields.Integer(attribute="source_section_id", allow_none=True)
    source_version = fields.Integer(allow_none=True)
    state = fields.String(allow_none=True,
                          validate=validate.OneOf(["translated", "behind", "missing"]))
    url = PageUrl("books.section", "section_id", "id")

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        """The text shown comes from the caller's view, the rest from the section."""
        return section_attribute(obj, attr, default)


class SectionUpdateSchema(Schema):
    """PATCH /sections/{id}."""

    title = fields.String(validate=TITLE)
    status = fields.Enum(SectionStatus, by_value=True)
    principles = fields.List(fields.String(validate=validate.Length(max=80)),
                             validate=validate.Length(max=50))
    audiences = fields.List(fields.String(validate=validate.Length(max=80)),
                            validate=validate.Length(max=50))


class PublishSchema(Schema):
    """POST /sections/{id}/publish."""

    revision_id = fields.Integer(allow_none=True)

class TrashItemSchema(Schema):
    """GET /books/{slug}/trash: one chapter or section in the trash."""

    id = fields.Integer()
    kind = fields.String(validate=validate.OneOf(["chapter", "section"]))
    title = fields.String()
    deleted_at = UtcDateTime()
    deleted_by = fields.Nested(PersonSchema, allow_none=True)
    purge_after = UtcDateTime()


class RestoredSchema(SectionSchema):
    """POST /trash/{id}/restore: the section (as GET /sections/{id}) or the chapter
    (as in GET /books/{slug}) back where it was, with ``kind`` saying which.

    Dumps an object with ``kind`` and either ``section`` (a shown section) or ``chapter``
    (a ``ChapterContents``); the other kind's fields are left out."""

    kind = fields.String(validate=validate.OneOf(["chapter", "section"]))
    summary = fields.String()
    position = fields.Integer()
    trio = SlugOf(allow_none=True)
    sections = fields.List(fields.Nested(SectionSummarySchema))

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        """Each field from the restored section or chapter, if that kind has it."""
        if attr == "kind":
            return obj.kind
        if obj.kind == "section":
            if attr not in SectionSchema._declared_fields:
                return default
            return section_attribute(obj.section, attr, default)
        if attr not in ChapterSchema._declared_fields:
            return default
        return chapter_attribute(obj.chapter, attr, default)
