"""The small book every browser test works in, and ending a test's long-polls cleanly."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books import service as books
from cbook.books import trios
from cbook.books.models import Section
from cbook.editor import authority
from cbook.editor.models import Document
from cbook.errors import Conflict
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


def end_long_polls(session: Session, admin_id: int, document_ids: list[int],
                   threads_before: set[threading.Thread]) -> None:
    """Let the server finish every request of a test before the app and server go.

    An open editor keeps a long-poll waiting for up to 25 s, and closing the tab does not
    end it (on PostgreSQL its connection would outlive the test). Only a new version wakes
    it, so each text gets one more paragraph, after the tabs are shut; then the request
    threads are waited for.
    """
    session.expire_all()
    admin = session.get(User, admin_id)
    assert admin is not None
    for document_id in document_ids:
        # A closing tab may still send its last steps while we read: on a version conflict
        # read the text again and retry, as any client would.
        for _attempt in range(50):
            session.expire_all()
            document = session.get(Document, document_id)
            assert document is not None
            doc = authority.document_json(session, document)
            doc = {**doc, "content": [*doc["content"], {"type": "paragraph", "content": [
                {"type": "text", "text": "The end."}]}]}
            try:
                authority.replace_whole_document(session, document, doc, admin)
            except Conflict:
                session.rollback()
                time.sleep(0.05)
                continue
            session.commit()
            break
        else:
            raise AssertionError(f"document {document_id} kept changing after its tabs closed")
    deadline = time.monotonic() + 5
    for thread in set(threading.enumerate()) - threads_before:
        if "process_request_thread" in thread.name:
            # A closing tab's last request (the editor's "I have left") may still be
            # starting its thread: joining that raises, so wait for it to start.
            while thread.ident is None and time.monotonic() < deadline:
                time.sleep(0.01)
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
            assert not thread.is_alive(), "a request of this test is still running"


@dataclass
class Desk:
    """One section of known text that an author (in the chapter's trio) and an editor edit."""

    section_id: int
    pages: list[Page] = field(default_factory=list)  # every tab opened on it
    threads_before: set[threading.Thread] = field(default_factory=lambda: set(
        threading.enumerate()))

    @property
    def edit_path(self) -> str:
        return f"/sections/{self.section_id}/edit"

    @property
    def api_path(self) -> str:
        return f"/api/v1/sections/{self.section_id}"
