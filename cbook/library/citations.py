"""Library resources cited in the published book: which sections cite which resource.

Authors cite a resource with an inline ``resource_ref`` node. What readers see is the
published text, so, like the published passages, the citations are rebuilt from it
whenever a section is published or unpublished, and a resource page can say where it is
cited without reading every section's text. Deleting a section or a resource deletes its
rows (foreign keys cascade); the citation itself stays in the text as the title alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ForeignKey, String, delete, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from cbook.books.models import Chapter, Section
from cbook.db import Base
from cbook.editor.render import block_anchor, resource_ref_id
from cbook.library.models import Resource
from cbook.roles import SectionStatus


class PublishedCitation(Base):
    """A library resource cited by a block of a section's published text."""

    __tablename__ = "published_citations"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(
        ForeignKey("sections.id", ondelete="CASCADE"), index=True
    )
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), index=True
    )
    block_id: Mapped[str] = mapped_column(String(64))  # "" when the block has no id
    position: Mapped[int]  # the citation's order in the section


@dataclass(frozen=True)
class CitingSection:
    """A published section citing a resource, and the first block that cites it."""

    section_id: int
    section_title: str
    chapter_title: str
    block_id: str


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


def cited_in(session: Session, resource_id: int) -> list[CitingSection]:
    """The published sections citing a resource, in book order, each once."""
    rows = session.execute(
        select(Section.id, Section.title, Chapter.title, PublishedCitation.block_id)
        .join(PublishedCitation, PublishedCitation.section_id == Section.id)
        .join(Chapter, Chapter.id == Section.chapter_id)
        .where(PublishedCitation.resource_id == resource_id,
               Section.status == SectionStatus.PUBLISHED)
        .order_by(Chapter.book_id, Chapter.position, Chapter.id, Section.position,
                  Section.id, PublishedCitation.position)
    ).all()
    found: dict[int, CitingSection] = {}
    for section_id, section_title, chapter_title, block_id in rows:
        found.setdefault(section_id, CitingSection(section_id, section_title, chapter_title,
                                                   block_id))
    return list(found.values())
