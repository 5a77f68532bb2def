"""The review world: a section in a trio's chapter, its author and an editor, over the API.

Shared by the API, review, books (trash) and search tests; the ``review`` fixture in
tests/conftest.py builds one per test.
"""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.books import trios
from cbook.roles import Role
from tests.support import api_token, make_user


def paragraph(block_id: str, text: str) -> dict[str, Any]:
    return {"type": "paragraph", "attrs": {"id": block_id},
            "content": [{"type": "text", "text": text}]}


FIRST = "Leaders meet the same barriers again and again."
SECOND = "Small tests of change build trust."


def replace_text(doc: dict[str, Any], block_index: int, old: str, new: str) -> dict[str, Any]:
    """A replace step swapping ``old`` for ``new`` inside one top-level paragraph."""
    pos = 0
    for block in doc["content"][:block_index]:
        pos += 2 + sum(len(n.get("text", "")) for n in block.get("content", []))
    text = "".join(n.get("text", "") for n in doc["content"][block_index]["content"])
    start = pos + 1 + text.index(old)
    step: dict[str, Any] = {"stepType": "replace", "from": start, "to": start + len(old)}
    if new:
        step["slice"] = {"content": [{"type": "text", "text": new}]}
    return step


def texts(doc: dict[str, Any]) -> list[str]:
    return ["".join(n.get("text", "") for n in block.get("content", []))
            for block in doc["content"]]


class Review:
    """A section in a trio's chapter; its author, an editor, and API helpers."""

    def __init__(self, client: FlaskClient, session: Session) -> None:
        self.client, self.session = client, session
        admin = make_user(session, Role.ADMIN)
        self.author = make_user(session, Role.AUTHOR, name="Ayo Author")
        self.editor = make_user(session, Role.EDITOR, name="Esme Editor")
        trio = trios.create_trio(session, admin, name="Trio")
        trios.set_trio_members(session, admin, trio, lead=self.author.email, members=[])
        book = books.create_book(session, admin, title="Book")
        chapter = books.create_chapter(session, admin, book, title="Chapter", trio=trio)
        doc = {"type": "doc", "content": [paragraph("p1", FIRST), paragraph("p2", SECOND)]}
        self.section = books.create_section(session, admin, chapter, title="S", doc=doc)
        self.book_id = book.id
        session.commit()
        self.as_author = api_token(session, self.author)
        self.as_editor = api_token(session, self.editor)

    def call(self, method: str, path: str, who: dict[str, str], body: Any = None) -> Any:
        response = self.client.open(f"/api/v1{path}", method=method, headers=who,
                                    json=body if method != "GET" else None)
        return response

    def section_doc(self) -> dict[str, Any]:
        body: dict[str, Any] = self.call("GET", f"/sections/{self.section.id}",
                                         self.as_editor).get_json()
        return body

    def edit(self, path: str, who: dict[str, str], block: int, old: str, new: str) -> int:
        state = self.call("GET", path, who).get_json()
        step = replace_text(state["doc"], block, old, new)
        steps_path = path + "/steps"
        response = self.call("POST", steps_path, who,
                             {"version": state["version"], "steps": [step], "clientID": "t"})
        assert response.status_code == 200, response.get_json()
        version: int = response.get_json()["version"]
        return version

    def propose(self, title: str = "Sharper words") -> dict[str, Any]:
        response = self.call("POST", f"/sections/{self.section.id}/proposals", self.as_author,
                             {"title": title, "description": "Why: clearer."})
        assert response.status_code == 201, response.get_json()
        body: dict[str, Any] = response.get_json()
        return body

    def one_conflict(self) -> tuple[str, dict[str, Any]]:
        """A submitted proposal and the section changing the same word differently."""
        path = f"/proposals/{self.propose()['id']}"
        self.edit(path, self.as_author, 0, "barriers", "walls")
        self.edit(f"/sections/{self.section.id}", self.as_editor, 0, "barriers", "hurdles")
        self.call("POST", f"{path}/submit", self.as_author)
        [conflict] = self.call("GET", f"{path}/merge-preview",
                               self.as_editor).get_json()["conflicts"]
        return path, conflict

    def inbox(self, who: dict[str, str]) -> list[str]:
        return [n["kind"] for n in self.call("GET", "/inbox", who).get_json()["notifications"]]
