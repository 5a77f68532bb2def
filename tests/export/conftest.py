"""Fixtures the export tests share: the awkward book and a coordinator of the demo book."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.books.models import Book
from cbook.principles import service as principles
from cbook.roles import Role
from tests.export.helpers import awkward_doc
from tests.support import api_token, make_user


@pytest.fixture
def awkward_book(session: Session) -> Book:
    """A published book of one section holding every block type, RTL text and emoji."""
    admin = make_user(session, Role.ADMIN)
    principles.create_principle(session, admin, title="Trust", statement="We trust.")
    principles.create_audience(session, admin, name="Boards")
    book = books.create_book(session, admin, title="Awkward ✨ Book")
    chapter = books.create_chapter(session, admin, book, title="Chapter one")
    section = books.create_section(session, admin, chapter, title="Everything at once",
                                   doc=awkward_doc())
    session.flush()
    books.publish_section(session, admin, section)
    session.commit()
    return book


@pytest.fixture
def coordinator(demo_book: Book, session: Session) -> dict[str, str]:
    """API headers of a coordinator, with the demo book loaded."""
    return api_token(session, make_user(session, Role.COORDINATOR, email="coord@test.example"))
