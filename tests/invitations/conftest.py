"""The invitations' world: an admin, a coordinator, a trio with its lead and its chapter."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books import service as books
from cbook.books import trios
from cbook.roles import Role
from tests.support import make_user


@dataclass
class Cohort:
    """Who invites, and where invitees land."""

    admin: User
    coordinator: User
    lead: User  # an author leading the Harbour trio
    editor: User
    trio_slug: str
    other_trio_slug: str  # led by nobody here
    chapter_id: int  # the Harbour trio's chapter


@pytest.fixture
def cohort(session: Session) -> Cohort:
    admin = make_user(session, Role.ADMIN, "admin@test.example", name="Ada Admin")
    coordinator = make_user(session, Role.COORDINATOR, "coord@test.example", name="Cora Coord")
    lead = make_user(session, Role.AUTHOR, "lead@test.example", name="Lena Lead")
    editor = make_user(session, Role.EDITOR, "editor@test.example", name="Ed Editor")
    harbour = trios.create_trio(session, admin, name="Harbour trio")
    trios.set_trio_members(session, admin, harbour, lead=lead.email, members=[])
    other = trios.create_trio(session, admin, name="Other trio")
    book = books.create_book(session, admin, title="Culture Book")
    chapter = books.create_chapter(session, admin, book, title="Harbour chapter", trio=harbour)
    books.create_section(session, admin, chapter, title="Our harbour")
    session.commit()
    return Cohort(admin, coordinator, lead, editor, harbour.slug, other.slug, chapter.id)
