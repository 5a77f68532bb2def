"""API schemas: the collaborative editor: steps, presence, revisions and diffs."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from cbook.api.schemas.moments import UtcDateTime


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


class RevisionSchema(Schema):
    """A revision in the history: named, automatic, published, restored or a checkpoint."""

    id = fields.Integer()
    version = fields.Integer()
    kind = fields.String()
    message = fields.String()
    author = fields.Function(lambda revision: revision.author.name if revision.author else None)
    created_at = UtcDateTime()


class RevisionDetailSchema(RevisionSchema):
    """One revision with its document (ProseMirror JSON)."""

    doc = fields.Raw()


class ListedRevisionSchema(RevisionSchema):
    """A revision in the history list, with who is credited and who wrote in it."""

    credits = fields.List(fields.String())
    contributors = fields.List(fields.String())


# Instances for the steps routes: webargs builds a schema given as a class anew on every
# request, which on a keystroke or a poll costs more than the parsing itself.
STEPS = StepsSchema()
STEPS_QUERY = StepsQuerySchema()
