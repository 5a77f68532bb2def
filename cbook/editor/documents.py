"""Checking a ProseMirror document against the schema and the content rules."""

from __future__ import annotations

from typing import Any, cast

from prosemirror.model import Node

from cbook.editor.links import is_safe_href
from cbook.editor.schema import schema
from cbook.errors import InvalidInput, TooLarge
from cbook.textrules import check_storable

MAX_DEPTH = 32
MAX_NODES = 200_000


def _check_shape(doc: Any) -> None:
    """Depth, size and link rules, walked without recursion so hostile input can't crash it."""
    if not isinstance(doc, dict) or doc.get("type") != "doc":
        raise InvalidInput("a document must be a JSON object of type 'doc'")
    stack: list[tuple[Any, int]] = [(doc, 1)]
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH:
            raise TooLarge(f"document nests deeper than {MAX_DEPTH} levels")
        if count > MAX_NODES:
            raise TooLarge(f"document has more than {MAX_NODES} nodes")
        if not isinstance(node, dict):
            raise InvalidInput("every node must be a JSON object")
        for mark in node.get("marks") or []:
            if isinstance(mark, dict) and mark.get("type") == "link":
                href = (mark.get("attrs") or {}).get("href")
                if not is_safe_href(href):
                    raise InvalidInput("links must be http, https, mailto or relative", href)
        content = node.get("content") or []
        if not isinstance(content, list):
            raise InvalidInput("node content must be a list")
        stack.extend((child, depth + 1) for child in content)


def empty_document() -> dict[str, Any]:
    """A ProseMirror document holding one empty paragraph (the schema needs a block)."""
    return {
        "type": "doc",
        "content": [
            {"type": "paragraph", "attrs": {"id": None, "principles": [], "audiences": []}}
        ],
    }


def normalise_document(doc: Any) -> dict[str, Any]:
    """The document as stored: parsed, checked, and re-serialised with every attr filled in."""
    return cast(dict[str, Any], parse_document(doc).to_json())


def parse_document(doc: Any) -> Node:
    """A schema-valid prosemirror-py Node, or InvalidInput saying what is wrong."""
    check_storable(doc)
    _check_shape(doc)
    try:
        node = Node.from_json(schema(), doc)
        node.check()
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise InvalidInput("document does not fit the schema", str(error)) from error
    return node
