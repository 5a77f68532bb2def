"""API schema field for moments: ISO 8601 with the UTC offset, as the document declares."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from marshmallow import fields


class UtcDateTime(fields.DateTime):
    """A moment in ISO 8601 with its offset, also when the database (SQLite) dropped it."""

    def _serialize(self, value: datetime | None, attr: str | None, obj: Any,
                   **kwargs: Any) -> str | float | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)  # stored in UTC
        return super()._serialize(value, attr, obj, **kwargs)
