"""Library resources cited in the published book: which sections cite which resource.

Authors cite a resource with an inline ``resource_ref`` node. What readers see is the
published text, so, like the published passages, the citations are rebuilt from it
whenever a section is published or unpublished, and a resource page can say where it is
cited without reading every section's text (``queries.cited_in``). Deleting a section or
a resource deletes its rows (foreign keys cascade); the citation itself stays in the text
as the title alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from cbook.editor.render import block_anchor, resource_ref_id
from cbook.library.models import PublishedCitation, Resource

if TYPE_CHECKING:
    from cbook.books.models import Section


def _citations(doc: dict[str, Any]) -> Iterator[tuple[int, str]]:
    """Each cited resource id with the id of the innermost block around it, in text order."""
    stack: list[tuple[Any, str]] = [(child, "") for child in reversed(doc.get("content") or [])]
    while stack:
        node, around = stack.pop()
        if not isinstance(node, dict):
            continue
        if node.get("type") == "resource_ref":
            resource_id = resource_ref_id(node)
            if resource_id is not None:
                yield resource_id, around
            continue
        inner = block_anchor(node)[2:] or around
        stack.extend((child, inner) for child in reversed(node.get("content") or []))


def cited_resource_ids(doc: dict[str, Any] | None) -> set[int]:
    """The ids of every resource a document cites."""
    return {resource_id for resource_id, _block in _citations(doc)} if doc else set()


def existing_resource_ids(session: Session, ids: Iterable[int]) -> set[int]:
    """Those of ``ids`` that still name a resource of the library."""
    wanted = set(ids)
    if not wanted:
        return set()
    return set(session.scalars(select(Resource.id).where(Resource.id.in_(wanted))))


def citation_rows(section_id: int, doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The citation rows of a published text: one per resource per citing block."""
    seen: set[tuple[int, str]] = set()
    rows: list[dict[str, Any]] = []
    for resource_id, block_id in _citations(doc):
        if (resource_id, block_id) not in seen:
            seen.add((resource_id, block_id))
            rows.append({"section_id": section_id, "resource_id": resource_id,
                         "block_id": block_id, "position": len(rows)})
    return rows


def reindex_citations(session: Session, section: Section) -> int:
    """Rebuild the section's citations from its published text; returns how many."""
    session.execute(delete(PublishedCitation).where(PublishedCitation.section_id == section.id))
    doc = section.published_doc if section.is_published else None
    rows = citation_rows(section.id, doc) if doc else []
    # A resource deleted since it was cited has nothing left to list the section on.
    live = existing_resource_ids(session, (row["resource_id"] for row in rows))
    rows = [row for row in rows if row["resource_id"] in live]
    if rows:
        session.execute(insert(PublishedCitation), rows)
    return len(rows)
