"""Marshmallow schemas: what the API accepts and returns (and what OpenAPI documents)."""

from __future__ import annotations

from typing import Any

from flask import url_for
from marshmallow import Schema, fields, missing, validate
from marshmallow.utils import get_value

from cbook.export.models import JobStatus
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


class SlugOf(fields.String):
    """A related record shown by its slug (a chapter's trio, a section's book), or null."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else str(value.slug)


class PageUrl(fields.String):
    """The address of an object's page on the site, made from one of its attributes
    (``source``, passed to the endpoint as ``argument``)."""

    def __init__(self, endpoint: str, argument: str, source: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.endpoint, self.argument, self.source = endpoint, argument, source

    def get_value(self, obj: Any, attr: str, accessor: Any = None,
                  default: Any = missing) -> Any:
        """The source attribute, read as the schema reads any other."""
        return super().get_value(obj, self.source, accessor=accessor, default=default)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str:
        return url_for(self.endpoint, **{self.argument: value})


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


SHOWN_TEXT = frozenset({"doc", "version"})


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


class ResourceFileSchema(Schema):
    """A resource's attached file (``file`` is null when it has none)."""

    name = fields.String(attribute="file_name")
    type = fields.String(attribute="file_type")
    size = fields.Integer(attribute="file_size")
    url = fields.Function(
        lambda resource: url_for("library.download_file", resource_id=resource.id))


class ResourceSchema(Schema):
    """A library resource."""

    id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    url = fields.String()
    authors = fields.String()
    year = fields.Integer(allow_none=True)
    summary = fields.String()
    principles = fields.Pluck(PrincipleSchema, "slug", many=True)
    audiences = fields.Pluck(AudienceSchema, "slug", many=True)
    tags = fields.Function(lambda resource: sorted(tag.tag for tag in resource.tags))
    file = fields.Function(
        lambda resource: ResourceFileSchema().dump(resource) if resource.file_stored_name
        else None, metadata={"type": "object", "nullable": True})
    added_by = fields.Function(
        lambda resource: resource.added_by.name if resource.added_by else None)
    created_at = fields.DateTime()


class CitingSectionSchema(Schema):
    """A published section citing a resource, linked to the citing paragraph."""

    section_id = fields.Integer()
    title = fields.String(attribute="section_title")
    chapter = fields.String(attribute="chapter_title")
    url = fields.Function(lambda cited: url_for(
        "books.section", section_id=cited.section_id,
        _anchor=f"b-{cited.block_id}" if cited.block_id else None))


class ResourceDetailSchema(ResourceSchema):
    """GET /resources/{id}: the resource and where the published book cites it."""

    cited_in = fields.List(fields.Nested(CitingSectionSchema))


class CsvImportSchema(Schema):
    """POST /resources/csv: how many resources the CSV added and updated."""

    added = fields.Integer()
    updated = fields.Integer()


class ExportJobSchema(Schema):
    """An export job: the contract's fields first; ``download_url`` once done, ``error``
    once failed (absent otherwise)."""

    id = fields.Integer()
    status = fields.String()
    progress = fields.Function(lambda job: round(job.progress, 3), metadata={"type": "number"})
    download_url = fields.Function(
        lambda job: url_for("exports.download", job_id=job.id)
        if job.status == JobStatus.DONE else missing, metadata={"type": "string"})
    error = fields.Function(lambda job: job.error if job.status == JobStatus.FAILED else missing,
                            metadata={"type": "string"})
    format = fields.String()
    audience = fields.String(allow_none=True)
    options = fields.Dict()
    step = fields.String()
    book = fields.Function(lambda job: job.book.slug, metadata={"type": "string"})
    size = fields.Integer()
    from_cache = fields.Boolean()
    created_at = fields.DateTime()


class SearchHitSchema(Schema):
    """One search result."""

    type = fields.String()
    id = fields.String()
    title = fields.String()
    snippet = fields.String(metadata={"description": "safe HTML: matches in <mark>"})
    url = fields.String()
    principles = fields.List(fields.String())
    score = fields.Function(lambda hit: round(hit.score, 4), metadata={"type": "number"})


class SearchResultsSchema(Schema):
    """GET /search: a page of results, facet counts over every match, and any correction."""

    total = fields.Integer()
    results = fields.List(fields.Nested(SearchHitSchema))
    facets = fields.Dict(keys=fields.String(),
                         values=fields.Dict(keys=fields.String(), values=fields.Integer()))
    suggestion = fields.String(allow_none=True)
    page = fields.Integer()
    per_page = fields.Integer()
    corrected = fields.Boolean()


class ReviewSchema(Schema):
    """A review of a proposal: a verdict, or a comment."""

    id = fields.Integer()
    verdict = fields.String()
    body = fields.String()
    reviewer = fields.Nested(PersonSchema, allow_none=True)
    created_at = fields.DateTime()


class ProposalSchema(Schema):
    """A proposal, dumped from a ``ShownProposal`` (the proposal and what the viewer may do)."""

    id = fields.Integer(attribute="proposal.id")
    section_id = fields.Integer(attribute="proposal.section_id")
    title = fields.String(attribute="proposal.title")
    description = fields.String(attribute="proposal.description")
    status = fields.String(attribute="proposal.status")
    base_version = fields.Integer(attribute="proposal.base_version")
    version = fields.Integer(attribute="proposal.document.version")
    author = fields.Nested(PersonSchema, attribute="proposal.author", allow_none=True)
    created_at = fields.DateTime(attribute="proposal.created_at")
    updated_at = fields.DateTime(attribute="proposal.updated_at")
    merged_version = fields.Integer(attribute="proposal.merged_version", allow_none=True)
    can = fields.Dict(keys=fields.String(), values=fields.Boolean())


class ProposalDetailSchema(ProposalSchema):
    """One proposal with its current text and its reviews."""

    doc = fields.Dict()
    reviews = fields.List(fields.Nested(ReviewSchema), attribute="proposal.reviews")


class MergedSchema(Schema):
    """POST /proposals/{id}/merge: the section's new version, and whether readers see it."""

    version = fields.Integer()
    published = fields.Boolean()
    proposal = fields.Nested(ProposalSchema)


class ReplySchema(Schema):
    """A reply in a comment thread."""

    id = fields.Integer()
    parent_id = fields.Integer()
    body = fields.String()
    author = fields.Nested(PersonSchema, allow_none=True)
    created_at = fields.DateTime()


class ThreadSchema(Schema):
    """A comment thread, dumped from a ``Thread``: its range mapped to ``version``."""

    id = fields.Integer(attribute="comment.id")
    from_ = fields.Integer(data_key="from", attribute="from_")
    to = fields.Integer()
    version = fields.Integer()
    quote = fields.String(attribute="comment.quote")
    text = fields.String()
    detached = fields.Boolean(attribute="anchor.detached")
    resolved = fields.Boolean(attribute="comment.resolved")
    body = fields.String(attribute="comment.body")
    author = fields.Nested(PersonSchema, attribute="comment.author", allow_none=True)
    created_at = fields.DateTime(attribute="comment.created_at")
    replies = fields.List(fields.Nested(ReplySchema), attribute="comment.replies")


class MentionedSchema(Schema):
    """Who a comment's text tells, and which @names told nobody."""

    people = fields.List(fields.Nested(PersonSchema))
    # Named apart from Schema.unknown (the option for unknown input keys).
    unknown_names = fields.List(fields.String(), data_key="unknown", attribute="unknown")
    ambiguous = fields.List(fields.String())


class PostedReplySchema(ReplySchema):
    """POST .../comments with a parent_id: the reply and who it told."""

    mentions = fields.Nested(MentionedSchema)


class PostedThreadSchema(ThreadSchema):
    """POST .../comments: the new thread and who it told."""

    mentions = fields.Nested(MentionedSchema)


class MentionablePersonSchema(PersonSchema):
    """A person who can be @mentioned, with the handle typed after the @."""

    handle = fields.Function(lambda user: user.email.split("@", 1)[0])


class ResolvedSchema(Schema):
    """POST /comments/{id}/resolve or /reopen."""

    id = fields.Integer()
    resolved = fields.Boolean()


class NotificationSchema(Schema):
    """An inbox entry."""

    id = fields.Integer()
    kind = fields.String()
    actor = fields.Nested(PersonSchema, allow_none=True)
    section_id = fields.Integer(allow_none=True)
    section = fields.Function(lambda entry: entry.section.title if entry.section else None)
    proposal_id = fields.Integer(allow_none=True)
    proposal = fields.Function(lambda entry: entry.proposal.title if entry.proposal else None)
    comment_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    read = fields.Function(lambda entry: entry.read_at is not None)


class InboxSchema(Schema):
    """GET /inbox: the newest entries and how many are unread."""

    unread = fields.Integer()
    notifications = fields.List(fields.Nested(NotificationSchema))


class MarkedSchema(Schema):
    """POST /inbox/read, /inbox/{id}/read: how many entries changed."""

    marked = fields.Integer()
