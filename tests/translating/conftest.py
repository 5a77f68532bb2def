"""A small book with a chapter of two sections (one published), a coordinator and an
editor: what the translation tests start from."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.books.models import Book, Chapter, Section
from cbook.editor import authority
from cbook.principles.models import Principle
from cbook.roles import Role
from tests.support import make_user


def doc_of(*paragraphs: tuple[str, str, list[str]]) -> dict[str, Any]:
    return {"type": "doc", "content": [
        {"type": "paragraph", "attrs": {"id": block_id, "principles": tags, "audiences": []},
         "content": [{"type": "text", "text": text}]} for block_id, text, tags in paragraphs]}


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    coordinator = make_user(session, Role.COORDINATOR, "coord@example.org")
    editor = make_user(session, Role.EDITOR, "editor@example.org")
    session.add_all([Principle(slug="real-work", title="Real work", statement="Real work."),
                     Principle(slug="listening", title="Listening", statement="Listen.")])
    book = books.create_book(session, coordinator, title="Pushing what moves", language="en")
    chapter = books.create_chapter(session, editor, book, title="Real work")
    first = books.create_section(session, editor, chapter, title="Start small", doc=doc_of(
        ("a1", "Start with the real problem.", ["real-work"]),
        ("a2", "Bring the people who live it.", [])))
    second = books.create_section(session, editor, chapter, title="Listen", doc=doc_of(
        ("b1", "Listen before you fix.", [])))
    books.publish_section(session, editor, first)
    session.commit()
    return {"coordinator": coordinator, "editor": editor, "book": book, "chapter": chapter,
            "first": first, "second": second}


def translated_in(session: Session, translation: Book, source: Section) -> Section:
    return session.scalars(select(Section).join(Chapter).where(
        Chapter.book_id == translation.id, Section.source_section_id == source.id)).one()


def write_text(session: Session, section: Section, actor: Any, doc: dict[str, Any]) -> None:
    authority.replace_whole_document(session, section.document, doc, actor)




def republish(session: Session, editor: Any, source: Section, block: int, text: str) -> None:
    """Change one block of a published section's text and publish it again (committed)."""
    changed = copy.deepcopy(source.published_doc)
    assert changed is not None
    changed["content"][block]["content"][0]["text"] = text
    write_text(session, source, editor, changed)
    books.publish_section(session, editor, source)
    session.commit()
