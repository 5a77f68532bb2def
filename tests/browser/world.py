"""The small book every browser test works in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books import service as books
from cbook.books import trios
from cbook.books.models import Section
from cbook.roles import Role
from tests.support import make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page

FIRST = "Boards listen to communities."
SECOND = "Trust grows slowly."
DOC = {"type": "doc", "content": [
    {"type": "paragraph", "attrs": {"id": "p1"}, "content": [{"type": "text", "text": FIRST}]},
    {"type": "paragraph", "attrs": {"id": "p2"}, "content": [{"type": "text", "text": SECOND}]},
]}
AUTHOR = ("author@test.example", "Ayo Author")
EDITOR = ("editor@test.example", "Esme Editor")


def harbour_section(session: Session) -> tuple[User, Section]:
    """An admin, an author leading the trio that owns the chapter, an editor; one section."""
    admin = make_user(session, Role.ADMIN, name="Ada Admin")
    author = make_user(session, Role.AUTHOR, AUTHOR[0], name=AUTHOR[1])
    make_user(session, Role.EDITOR, EDITOR[0], name=EDITOR[1])
    trio = trios.create_trio(session, admin, name="Harbour trio")
    trios.set_trio_members(session, admin, trio, lead=author.email, members=[])
    book = books.create_book(session, admin, title="Working together")
    chapter = books.create_chapter(session, admin, book, title="Listening", trio=trio)
    section = books.create_section(session, admin, chapter, title="Boards", doc=DOC)
    session.commit()
    return admin, section


@dataclass
class Desk:
    """One section of known text that an author (in the chapter's trio) and an editor edit."""

    section_id: int
    pages: list[Page] = field(default_factory=list)  # every tab opened on it

    @property
    def edit_path(self) -> str:
        return f"/sections/{self.section_id}/edit"

    @property
    def api_path(self) -> str:
        return f"/api/v1/sections/{self.section_id}"
