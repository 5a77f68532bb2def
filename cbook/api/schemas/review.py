"""API schemas: proposals, reviews, merges, comments and the inbox."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from cbook.api.schemas.common import TITLE, PersonSchema
from cbook.api.schemas.moments import UtcDateTime


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

class ReviewSchema(Schema):
    """A review of a proposal: a verdict, or a comment."""

    id = fields.Integer()
    verdict = fields.String()
    body = fields.String()
    reviewer = fields.Nested(PersonSchema, allow_none=True)
    created_at = UtcDateTime()


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
    created_at = UtcDateTime(attribute="proposal.created_at")
    updated_at = UtcDateTime(attribute="proposal.updated_at")
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
    created_at = UtcDateTime()


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
    created_at = UtcDateTime(attribute="comment.created_at")
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
    created_at = UtcDateTime()
    read = fields.Function(lambda entry: entry.read_at is not None)


class InboxSchema(Schema):
    """GET /inbox: the newest entries and how many are unread."""

    unread = fields.Integer()
    notifications = fields.List(fields.Nested(NotificationSchema))


class MarkedSchema(Schema):
    """POST /inbox/read, /inbox/{id}/read: how many entries changed."""

    marked = fields.Integer()
