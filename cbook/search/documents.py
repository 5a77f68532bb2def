"""What the index holds, computed from the database: one function per kind of thing.

The same functions serve the outbox writer (one thing at a time) and ``cbook reindex``
(everything), so "the index equals a fresh rebuild" is a property of one code path.

- ``block``: each top-level block of a published section's published text, titled by the
  section and its nearest heading, linking to the block.
- ``section``: a published section by its title, chapter and headings.
- ``draft``: a section's working text when it is unpublished or differs from what was
  published; visible only to those who may read drafts in its chapter.
- ``comment``: a comment on a section, visible to the same people.
- ``resource`` and ``principle``: library items and principles, for everyone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cbook.books.models import Chapter, Section
from cbook.editor import authority
from cbook.editor.diff import block_text
from cbook.editor.render import block_anchor
from cbook.library.models import Resource
from cbook.principles.models import Principle
from cbook.review.models import Comment
from cbook.search.engine import SearchDoc

PUBLIC = "public"
STAFF = "staff"


def draft_visibility(chapter: Chapter) -> tuple[str, ...]:
    """Tokens of those who may read a chapter's drafts and comments (see cbook.policy)."""
    if chapter.trio_id is None:
        return (STAFF,)
    return (STAFF, f"trio:{chapter.trio_id}")


def _text(node: dict[str, Any]) -> str:
    return " ".join(block_text(node).split())


def _tags(node: dict[str, Any], attr: str) -> tuple[str, ...]:
    """The block's own tags and those of blocks inside it, in first-seen order."""
    found: dict[str, None] = {}
    stack = [node]
    while stack:
        item = stack.pop()
        if not isinstance(item, dict) or item.get("type") == "text":
            continue
        for value in (item.get("attrs") or {}).get(attr) or []:
            found[str(value)] = None
        stack.extend(item.get("content") or [])
    return tuple(found)


def _published_blocks(section: Section, doc: dict[str, Any]) -> Iterator[SearchDoc]:
    heading = ""
    language = section.chapter.book.language
    section_audiences = tuple(a.slug for a in section.audiences)
    for position, node in enumerate(doc.get("content") or []):
        if not isinstance(node, dict):
            continue
        text = _text(node)
        if node.get("type") == "heading":
            heading = text
        if not text:
            continue  # rules and empty paragraphs have nothing to find
        anchor = block_anchor(node) or f"p{position}"
        attrs = node.get("attrs") or {}
        kind = str(attrs.get("kind") or "") if node.get("type") == "callout" else ""
        title = section.title if not heading or heading == text else f"{section.title}: {heading}"
        yield SearchDoc(
            key=f"block:{section.id}:{anchor}",
            type="block",
            id=f"{section.id}#{anchor}",
            title=title,
            body=text,
            url=f"/sections/{section.id}#{anchor}",
            principles=_tags(node, "principles"),
            audiences=_tags(node, "audiences") or section_audiences,
            kind=kind,
            chapter=str(section.chapter_id),
            section=str(section.id),
            language=language,
        )


def _headings(doc: dict[str, Any]) -> list[str]:
    return [_text(node) for node in doc.get("content") or []
            if isinstance(node, dict) and node.get("type") == "heading"]


def section_docs(session: Session, section: Section) -> list[SearchDoc]:
    """Every document of one section: published blocks, the section, its draft, comments."""
    if section.in_trash:
        return []  # nothing of it is found until it is restored
    chapter = section.chapter
    docs: list[SearchDoc] = []
    principles = tuple(p.slug for p in section.principles)
    audiences = tuple(a.slug for a in section.audiences)
    published = section.published_doc if section.is_published else None
    if published:
        blocks = list(_published_blocks(section, published))
        docs.extend(blocks)
        every_principle = dict.fromkeys(principles)
        for block in blocks:
            every_principle.update(dict.fromkeys(block.principles))
        docs.append(SearchDoc(
            key=f"section:{section.id}", type="section", id=str(section.id),
            title=section.title,
            body="\n".join([chapter.title, *_headings(published)]),
            url=f"/sections/{section.id}", principles=tuple(every_principle),
            audiences=audiences, chapter=str(chapter.id), section=str(section.id),
            language=chapter.book.language,
        ))
    draft = draft_doc(session, section)
    if draft is not None:
        docs.append(draft)
    comments = session.scalars(
        select(Comment).where(Comment.document_id == section.document_id).order_by(Comment.id)
    ).all()
    docs.extend(comment_doc(section, comment) for comment in comments)
    return docs


def comment_doc(section: Section, comment: Comment) -> SearchDoc:
    """A comment, findable by its text and the passage it quotes."""
    return SearchDoc(
        key=f"comment:{comment.id}", type="comment", id=str(comment.id),
        title=f"Comment on {section.title}",
        body="\n".join(part for part in (comment.body, comment.quote) if part),
        url=f"/sections/{section.id}/edit#comment-{comment.id}",
        chapter=str(section.chapter_id), section=str(section.id),
        visibility=draft_visibility(section.chapter), language=section.chapter.book.language,
    )


def draft_doc(session: Session, section: Section) -> SearchDoc | None:
    """The working text (what typing changes), or None when it is the published text."""
    if section.in_trash:
        return None
    if section.is_published and section.document.version == section.published_version:
        return None
    draft = authority.document_json(session, section.document)
    return SearchDoc(
        key=f"draft:{section.id}", type="draft", id=str(section.id), title=section.title,
        body=" ".join(_text(node) for node in draft.get("content") or []
                      if isinstance(node, dict)),
        url=f"/sections/{section.id}/edit",
        principles=tuple(p.slug for p in section.principles),
        audiences=tuple(a.slug for a in section.audiences),
        chapter=str(section.chapter_id), section=str(section.id),
        visibility=draft_visibility(section.chapter), language=section.chapter.book.language,
    )


def resource_doc(resource: Resource) -> SearchDoc:
    """A library item by its title, summary, authors, year and free tags."""
    body = "\n".join(part for part in (
        resource.summary, resource.authors, str(resource.year or ""),
        " ".join(tag.tag for tag in resource.tags),
    ) if part)
    return SearchDoc(
        key=f"resource:{resource.id}", type="resource", id=str(resource.id),
        title=resource.title, body=body, url=f"/library/{resource.id}",
        principles=tuple(p.slug for p in resource.principles),
        audiences=tuple(a.slug for a in resource.audiences), kind=resource.kind,
        language=resource.language,
    )


def principle_doc(principle: Principle) -> SearchDoc:
    """A principle by its title, statement and description."""
    return SearchDoc(
        key=f"principle:{principle.id}", type="principle", id=principle.slug,
        title=principle.title,
        body="\n".join(p for p in (principle.statement, principle.description) if p),
        url=f"/principles/{principle.slug}", principles=(principle.slug,),
        language=principle.language,
    )


def all_docs(session: Session) -> Iterator[SearchDoc]:
    """Everything the index should hold, straight from the database."""
    for principle in session.scalars(select(Principle).order_by(Principle.id)):
        yield principle_doc(principle)
    resources = session.scalars(
        select(Resource).order_by(Resource.id).options(
            selectinload(Resource.principles), selectinload(Resource.audiences),
            selectinload(Resource.tags))
    )
    for resource in resources:
        yield resource_doc(resource)
    sections = session.scalars(
        select(Section).order_by(Section.id).options(
            selectinload(Section.chapter).selectinload(Chapter.book),
            selectinload(Section.principles),
            selectinload(Section.audiences), selectinload(Section.document))
    )
    for section in sections:
        yield from section_docs(session, section)
