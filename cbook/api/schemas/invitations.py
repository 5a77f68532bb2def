"""API schemas: invitations (what a coordinator or lead sends, and what is listed)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from cbook.api.schemas.moments import UtcDateTime


class InvitationRequestSchema(Schema):
    """POST /invitations: ``{email, role, trio?}`` (``trio`` is a trio's slug)."""

    # Bounded here only against abuse; the service says what is wrong with a bad address.
    email = fields.String(required=True, validate=validate.Length(max=1000))
    role = fields.String(required=True, validate=validate.Length(max=40))
    trio = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=80))


class InvitationSchema(Schema):
    """An invitation: ``{id, email, role, expires_at}`` (never its link)."""

    id = fields.Integer()
    email = fields.String()
    role = fields.String()
    expires_at = UtcDateTime()
