"""API schemas: invitations (what a coordinator or lead sends, and what is listed)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from marshmallow import Schema, fields, validate


class UtcDateTime(fields.DateTime):
    """A moment in ISO 8601 with its offset, also when the database (SQLite) dropped it."""

    def _serialize(self, value: datetime | None, attr: str | None, obj: Any,
                   **kwargs: Any) -> str | float | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)  # stored in UTC
        return super()._serialize(value, attr, obj, **kwargs)


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
