"""The index of published passages tagged with principles and audiences: rebuilt from a
section's published text whenever it changes (reads of it are in ``principles.queries``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from cbook.books.models import Section
from cbook.editor.diff import block_text
from cbook.editor.render import block_anchor
from cbook.principles.models import PublishedPassage

EXCERPT_LENGTH = 280
TAG_KINDS = (("principle", "principles"), ("audience", "audiences"))


def _tagged_blocks(doc: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Every block with an id and at least one tag, at any depth, in reading order."""
    stack = list(reversed(doc.get("content") or []))
    position = 0
    while stack:
        node = stack.pop()
        if not isinstance(node, dict) or node.get("type") == "text":
            continue
        attrs = node.get("attrs") or {}
        if block_anchor(node) and (attrs.get("principles")
                                                 or attrs.get("audiences")):
            yield position, node
        position += 1
        stack.extend(reversed(node.get("content") or []))


def _excerpt(node: dict[str, Any]) -> str:
    text = " ".join(block_text(node).split())
    if len(text) <= EXCERPT_LENGTH:
        return text
    return text[:EXCERPT_LENGTH].rsplit(" ", 1)[0] + "…"


def passage_rows(section_id: int, doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The passage rows of a published text: one per tag on each tagged block."""
    return [
        {"section_id": section_id, "block_id": block_anchor(node)[2:], "position": position,
         "tag_kind": kind, "slug": str(slug), "excerpt": _excerpt(node)}
        for position, node in _tagged_blocks(doc)
        for kind, attr in TAG_KINDS
        for slug in node["attrs"].get(attr) or []
    ]


def reindex_section(session: Session, section: Section) -> int:
    """Rebuild the section's passages from its published text; returns how many."""
    session.execute(delete(PublishedPassage).where(PublishedPassage.section_id == section.id))
    doc = section.published_doc if section.is_published else None
    rows = passage_rows(section.id, doc) if doc else []
    if rows:
        session.execute(insert(PublishedPassage), rows)
    return len(rows)
