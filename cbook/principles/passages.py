"""Published passages tagged with principles and audiences, for principle pages and search."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, contains_eager

from cbook.books.models import Chapter, Section
from cbook.editor.diff import block_text
from cbook.editor.render import block_anchor
from cbook.principles.models import PublishedPassage
from cbook.roles import SectionStatus

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


def passages_for(session: Session, kind: str, slug: str
                 ) -> Sequence[tuple[PublishedPassage, Section]]:
    """Published passages with this tag, in book order, with their sections."""
    rows = session.execute(
        select(PublishedPassage, Section)
        .join(Section, Section.id == PublishedPassage.section_id)
        .join(Chapter, Chapter.id == Section.chapter_id)
        .where(PublishedPassage.tag_kind == kind, PublishedPassage.slug == slug,
               Section.status == SectionStatus.PUBLISHED)
        .options(contains_eager(Section.chapter))
        .order_by(Chapter.book_id, Chapter.position, Chapter.id, Section.position,
                  Section.id, PublishedPassage.position)
    ).all()
    return [(passage, section) for passage, section in rows]


@dataclass(frozen=True)
class ChapterGroup:
    """One chapter's part of a principle page: its tagged passages, then whole sections."""

    chapter: Chapter
    passages: list[tuple[PublishedPassage, Section]] = field(default_factory=list)
    # Sections tagged as a whole that have no tagged passage of their own to show.
    sections: list[Section] = field(default_factory=list)


def group_by_chapter(passages: Sequence[tuple[PublishedPassage, Section]],
                     sections: Sequence[Section]) -> list[ChapterGroup]:
    """Passages and tagged sections as one list per chapter, in book order."""
    groups: dict[int, ChapterGroup] = {}
    for passage, section in passages:
        groups.setdefault(section.chapter_id, ChapterGroup(section.chapter)).passages.append(
            (passage, section))
    with_passages = {section.id for _, section in passages}
    for section in sections:
        if section.id not in with_passages:
            groups.setdefault(section.chapter_id, ChapterGroup(section.chapter)).sections.append(
                section)
    return sorted(groups.values(), key=lambda g: (g.chapter.book_id, g.chapter.position,
                                                  g.chapter.id))
