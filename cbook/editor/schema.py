"""The one schema spec (schema.json), loaded once for the API and prosemirror-py."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, cast

from prosemirror.model import Schema
from prosemirror.model.schema import SchemaSpec

SCHEMA_PATH = Path(__file__).with_name("schema.json")
CALLOUT_KINDS = ("barrier", "enabler", "tool", "story", "example", "reflection")


@cache
def schema_spec() -> dict[str, Any]:
    """The schema spec exactly as served at /api/v1/schema (key order is significant)."""
    spec: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return spec


@cache
def schema() -> Schema[Any, Any]:
    """The prosemirror-py Schema built from the spec."""
    return Schema(cast(SchemaSpec[Any, Any], schema_spec()))


def block_node_names() -> frozenset[str]:
    """Node types that carry id/principles/audiences attributes."""
    nodes: dict[str, dict[str, Any]] = schema_spec()["nodes"]
    return frozenset(
        name for name, spec in nodes.items() if "id" in spec.get("attrs", {})
    )
