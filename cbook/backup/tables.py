"""Rows as the backup writes them, and back: engine-neutral JSON values per column type."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, DateTime, LargeBinary, Table


def encode(table: Table, row: Any) -> dict[str, Any]:
    """A row as JSON values: moments in ISO 8601 (UTC), binary in base64."""
    out: dict[str, Any] = {}
    for column in table.columns:
        out[column.name] = _encode(column, row[column.name])
    return out


def _encode(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:  # SQLite hands back stored UTC moments without one
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def decode(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    """A row for inserting into ``table``: only its columns, typed back from JSON."""
    row: dict[str, Any] = {}
    for column in table.columns:
        if column.name not in values:
            continue  # a column added since the backup: its default (or migration) fills it
        value = values[column.name]
        if value is not None and isinstance(column.type, DateTime):
            value = datetime.fromisoformat(value)
            if not getattr(column.type, "timezone", False):
                value = value.astimezone(UTC).replace(tzinfo=None)
        elif value is not None and isinstance(column.type, LargeBinary):
            value = base64.b64decode(value)
        row[column.name] = value
    return row
