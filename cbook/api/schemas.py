"""Marshmallow schemas: what the API accepts and returns (and what OpenAPI documents)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from cbook.roles import SectionStatus

TITLE = validate.Length(min=1, max=300)
SLUG = validate.Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", error="lowercase letters, digits, hyphens")


class ErrorSchema(Schema):
    """Every error body."""

    error = fields.String(required=True)
    detail = fields.Raw()


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


class ChapterSchema(Schema):
    """A chapter with its visible sections."""

    id = fields.Integer()
    title = fields.String()
    summary = fields.String()
    position = fields.Integer()
    trio = fields.String(allow_none=True)
    sections = fields.List(fields.Nested(SectionSummarySchema))


class BookSchema(Schema):
    """A book; with chapters when read one at a time."""

    id = fields.Integer()
    slug = fields.String()
    title = fields.String()
    subtitle = fields.String()
    description = fields.String()
    language = fields.String()
    allow_self_merge = fields.Boolean()
    url = fields.String()


class BookDetailSchema(BookSchema):
    """GET /books/{slug}."""

    chapters = fields.List(fields.Nested(ChapterSchema))


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


class SectionSchema(Schema):
    """GET /sections/{id}."""

    id = fields.Integer()
    title = fields.String()
    version = fields.Integer()
    doc = fields.Dict()
    principles = fields.List(fields.String())
    audiences = fields.List(fields.String())
    status = fields.Enum(SectionStatus, by_value=True)
    chapter_id = fields.Integer()
    book = fields.String()
    published_version = fields.Integer(allow_none=True)
    url = fields.String()


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


class PrincipleSchema(Schema):
    """A principle."""

    id = fields.Integer(dump_only=True)
    slug = fields.String(validate=[validate.Length(max=80), SLUG])
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    statement = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    description = fields.String(load_default="", validate=validate.Length(max=20_000))
    position = fields.Integer(dump_only=True)


class PrincipleUpdateSchema(Schema):
    """PATCH /principles/{slug}."""

    slug = fields.String(validate=[validate.Length(max=80), SLUG])
    title = fields.String(validate=validate.Length(min=1, max=200))
    statement = fields.String(validate=validate.Length(min=1, max=2000))
    description = fields.String(validate=validate.Length(max=20_000))


class AudienceSchema(Schema):
    """An audience."""

    id = fields.Integer(dump_only=True)
    slug = fields.String(validate=[validate.Length(max=80), SLUG])
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=20_000))


class AudienceUpdateSchema(Schema):
    """PATCH /audiences/{slug}."""

    slug = fields.String(validate=[validate.Length(max=80), SLUG])
    name = fields.String(validate=validate.Length(min=1, max=200))
    description = fields.String(validate=validate.Length(max=20_000))


class StepsSchema(Schema):
    """POST .../steps: the prosemirror-collab protocol."""

    version = fields.Integer(required=True, strict=True)
    steps = fields.List(fields.Raw(), required=True)
    clientID = fields.Raw(required=True)


class StepsQuerySchema(Schema):
    """GET .../steps?since=V&wait=S."""

    since = fields.Integer(required=True, validate=validate.Range(min=0))
    wait = fields.Float(load_default=0, validate=validate.Range(min=0, max=30))
    clientID = fields.String(validate=validate.Length(max=64))
    # The presence stamp of the last answer: a wait ends at once if it is out of date.
    presence = fields.String(validate=validate.Length(max=64))


class PresenceSchema(Schema):
    """POST .../presence: where this tab's cursor is (anchor/head at a version)."""

    clientID = fields.String(required=True, validate=validate.Length(min=1, max=64))
    version = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))
    anchor = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))
    head = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))


class PresenceLeaveSchema(Schema):
    """DELETE .../presence?clientID=C: this tab has closed."""

    clientID = fields.String(required=True, validate=validate.Length(min=1, max=64))


class RevisionCreateSchema(Schema):
    """POST .../revisions."""

    message = fields.String(load_default="", validate=validate.Length(max=500))


class DiffQuerySchema(Schema):
    """GET .../diff?from=A&to=B (revision ids, or v:N for versions)."""

    from_ = fields.String(required=True, data_key="from", validate=validate.Length(max=30))
    to = fields.String(required=True, validate=validate.Length(max=30))


class ProposalCreateSchema(Schema):
    """POST /sections/{id}/proposals."""

    title = fields.String(required=True, validate=TITLE)
    description = fields.String(load_default="", validate=validate.Length(max=20_000))


class ProposalUpdateSchema(Schema):
    """PATCH /proposals/{id}."""

    title = fields.String(validate=TITLE)
    description = fields.String(validate=validate.Length(max=20_000))


class ReviewCreateSchema(Schema):
    """POST /proposals/{id}/reviews."""

    verdict = fields.String(required=True,
                            validate=validate.OneOf(["approve", "request_changes", "comment"]))
    body = fields.String(load_default="", validate=validate.Length(max=20_000))


class MergeSchema(Schema):
    """POST /proposals/{id}/merge: how to settle each conflict, by its id."""

    resolutions = fields.Dict(keys=fields.String(validate=validate.Length(max=200)),
                              values=fields.Raw(), load_default=dict)
    # Also publish the merged text, so readers see it at once (default: merge as draft).
    publish = fields.Boolean(load_default=False)


class MentionsSchema(Schema):
    """POST .../mentions: who a comment's text would tell, before it is posted."""

    text = fields.String(required=True, validate=validate.Length(max=10_000))


class ProposalDiffQuerySchema(Schema):
    """GET /proposals/{id}/diff?against=base|current."""

    against = fields.String(load_default="base",
                            validate=validate.OneOf(["base", "current"]))


class CommentCreateSchema(Schema):
    """POST .../comments: a new thread on a range, or a reply (parent_id)."""

    body = fields.String(required=True, validate=validate.Length(min=1, max=10_000))
    from_ = fields.Integer(data_key="from", strict=True)
    to = fields.Integer(strict=True)
    version = fields.Integer(strict=True)
    parent_id = fields.Integer(strict=True, allow_none=True)


class InboxQuerySchema(Schema):
    """GET /inbox?unread=1."""

    unread = fields.Boolean(load_default=False)


class PersonSchema(Schema):
    """Who did something (null once their account is gone); built by ``person_json``."""

    id = fields.Integer()
    name = fields.String()


class TrashItemSchema(Schema):
    """GET /books/{slug}/trash: one chapter or section in the trash."""

    id = fields.Integer()
    kind = fields.String(validate=validate.OneOf(["chapter", "section"]))
    title = fields.String()
    deleted_at = fields.DateTime()
    deleted_by = fields.Nested(PersonSchema, allow_none=True)
    purge_after = fields.DateTime()


class RestoredSchema(SectionSchema):
    """POST /trash/{id}/restore: the section (as GET /sections/{id}) or the chapter
    (as in GET /books/{slug}) back where it was, with ``kind`` saying which."""

    kind = fields.String(validate=validate.OneOf(["chapter", "section"]))
    summary = fields.String()
    position = fields.Integer()
    trio = fields.String(allow_none=True)
    sections = fields.List(fields.Nested(SectionSummarySchema))
