"""Who may post and poll steps is decided afresh on every request: the steps routes' light
access check refuses a revoked token, a deactivated or demoted person and a trashed
section from the very next keystroke, exactly as the full section check does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts import service as accounts
from cbook.accounts.models import ApiToken, User
from cbook.books import service as books
from cbook.books import trash
from cbook.books.models import Section
from cbook.roles import Role
from tests.support import api_token, make_user


class Typist:
    """An editor typing into a draft section through a bearer token."""

    def __init__(self, client: FlaskClient, session: Session) -> None:
        self.client, self.session = client, session
        self.admin = make_user(session, Role.ADMIN)
        self.editor = make_user(session, Role.EDITOR)
        book = books.create_book(session, self.admin, title="Book")
        chapter = books.create_chapter(session, self.admin, book, title="Chapter")
        doc = {"type": "doc", "content": [{"type": "paragraph", "attrs": {"id": "p1"},
                                           "content": [{"type": "text", "text": "Hello"}]}]}
        self.section = books.create_section(session, self.admin, chapter, title="S", doc=doc)
        session.commit()
        self.headers = api_token(session, self.editor)
        self.url = f"/api/v1/sections/{self.section.id}/steps"
        self.version = 0

    def type(self, text: str = "x") -> Any:
        step = {"stepType": "replace", "from": 1, "to": 1,
                "slice": {"content": [{"type": "text", "text": text}]}}
        response = self.client.post(self.url, headers=self.headers, json={
            "version": self.version, "steps": [step], "clientID": "tab"})
        if response.status_code == 200:
            self.version = response.get_json()["version"]
        return response

    def poll(self) -> Any:
        return self.client.get(f"{self.url}?since=0", headers=self.headers)


@pytest.fixture
def typist(client: FlaskClient, session: Session) -> Typist:
    """An editor who has already typed once (so anything remembered would be warm)."""
    desk = Typist(client, session)
    assert desk.type().status_code == 200
    assert desk.poll().status_code == 200
    return desk


def _revoke(desk: Typist) -> None:
    token = desk.session.scalar(select(ApiToken).where(ApiToken.user_id == desk.editor.id))
    assert token is not None
    accounts.revoke_api_token(desk.session, desk.editor, token.id)


def _deactivate(desk: Typist) -> None:
    editor = desk.session.get(User, desk.editor.id)
    assert editor is not None
    accounts.update_user(desk.session, desk.admin, editor, active=False)


def _demote(desk: Typist) -> None:
    editor = desk.session.get(User, desk.editor.id)
    assert editor is not None
    accounts.update_user(desk.session, desk.admin, editor, role=Role.READER)


def _trash(desk: Typist) -> None:
    section = desk.session.get(Section, desk.section.id)
    assert section is not None
    trash.trash_section(desk.session, desk.admin, section)


@pytest.mark.parametrize(("change", "status"), [
    (_revoke, 401),  # the token no longer signs anyone in
    (_deactivate, 401),  # nor does it for a deactivated person
    (_demote, 404),  # a reader may not even see a draft
    (_trash, 404),  # a trashed section is "no such section" until restored
])
def test_a_change_counts_from_the_next_keystroke(
    typist: Typist, change: Callable[[Typist], None], status: int
) -> None:
    change(typist)
    typist.session.commit()

    refused = typist.type("y")
    assert refused.status_code == status
    assert typist.poll().status_code == status
    # Nothing the refused request carried was stored.
    typist.session.expire_all()
    section = typist.session.get(Section, typist.section.id)
    assert section is not None and section.document.version == 1


def test_a_refused_batch_that_is_behind_still_says_which_steps_it_missed(
    typist: Typist,
) -> None:
    typist.type("b")
    typist.version = 0  # a client that has not seen either step yet

    behind = typist.type("z")

    assert behind.status_code == 409
    body = behind.get_json()
    assert body["version"] == 2 and body["clientIDs"] == ["tab", "tab"]
    assert [s["slice"]["content"][0]["text"] for s in body["steps"]] == ["x", "b"]
