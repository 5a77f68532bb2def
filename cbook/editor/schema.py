"""The one schema spec (schema.json), loaded once for the API and prosemirror-py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

from prosemirror.model import Schema
from prosemirror.model.schema import SchemaSpec

SCHEMA_PATH = Path(__file__).with_name("schema.json")
CALLOUT_KINDS = ("barrier", "enabler", "tool", "story", "example", "reflection")


# Built once, at import: every node in every cached document must share these very type
# objects. A lazily built schema raced by two threads at start-up gave two Schema
# instances whose node types never matched each other ("Invalid content" on valid text).
_SPEC: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
_SCHEMA: Schema[Any, Any] = Schema(cast(SchemaSpec[Any, Any], _SPEC))


def schema_spec() -> dict[str, Any]:
    """The schema spec exactly as served at /api/v1/schema (key order is significant)."""
    return _SPEC


def schema() -> Schema[Any, Any]:
    """The one prosemirror-py Schema of this process, built from the spec."""
    return _SCHEMA


def block_node_names() -> frozenset[str]:
    """Node types that carry id/principles/audiences attributes."""
    nodes: dict[str, dict[str, Any]] = schema_spec()["nodes"]
    return frozenset(
        name for name, spec in nodes.items() if "id" in spec.get("attrs", {})
    )
