"""History in plain words: a snapshot per editing session, credited to whoever wrote in it."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.db import utcnow
from cbook.editor.models import Document, Presence
from cbook.roles import Role
from tests.support import api_token, make_user, sign_in

TEXT = "Boards that listen."


class Room:
    """A section and three writers (editors), each with an API token."""

    def __init__(self, client: FlaskClient, session: Session) -> None:
        self.client, self.session = client, session
        admin = make_user(session, Role.ADMIN)
        self.people = {name: make_user(session, Role.EDITOR, email=f"{name.lower()}@test.example",
                                       name=name) for name in ("Grace", "Tomasz", "Ayo")}
        book = books.create_book(session, admin, title="Book")
        chapter = books.create_chapter(session, admin, book, title="Chapter")
        doc = {"type": "doc", "content": [{"type": "paragraph", "attrs": {"id": "p1"},
                                           "content": [{"type": "text", "text": TEXT}]}]}
        self.section = books.create_section(session, admin, chapter, title="S", doc=doc)
        session.commit()
        self.tokens = {name: api_token(session, user) for name, user in self.people.items()}
        self.url = f"/api/v1/sections/{self.section.id}"
        self.version = 0

    def type(self, name: str, text: str) -> None:
        step = {"stepType": "replace", "from": 1, "to": 1,
                "slice": {"content": [{"type": "text", "text": text}]}}
        response = self.client.post(f"{self.url}/steps", headers=self.tokens[name],
                                    json={"version": self.version, "steps": [step],
                                          "clientID": f"tab-{name}"})
        assert response.status_code == 200, response.get_json()
        self.version = response.get_json()["version"]

    def pause(self) -> None:
        """Everyone stops for five minutes (the last step is dated five minutes back)."""
        self.session.execute(update(Document).where(Document.id == self.section.document_id)
                             .values(last_step_at=utcnow() - timedelta(minutes=5)))
        self.session.commit()

    def revisions(self, name: str = "Grace") -> list[dict[str, Any]]:
        body: list[dict[str, Any]] = self.client.get(f"{self.url}/revisions",
                                                     headers=self.tokens[name]).get_json()
        return body


@pytest.fixture
def room(client: FlaskClient, session: Session) -> Room:
    return Room(client, session)


def test_two_sessions_make_two_snapshots_each_crediting_its_writers(room: Room) -> None:
    room.type("Grace", "Our ")
    room.type("Tomasz", "local ")
    room.type("Grace", "new ")
    room.pause()
    room.type("Ayo", "Today ")
    room.pause()

    autos = [r for r in room.revisions() if r["kind"] == "auto"]
    assert [(r["version"], r["contributors"]) for r in autos] == [
        (4, ["Ayo"]), (3, ["Grace", "Tomasz"])]
    # Looking again takes no further snapshot: the session is already kept.
    assert len([r for r in room.revisions() if r["kind"] == "auto"]) == 2


def test_the_history_page_names_people_and_times_in_plain_words(app: Flask,
                                                                 room: Room) -> None:
    room.type("Grace", "Our ")
    room.type("Tomasz", "local ")
    room.pause()
    room.type("Ayo", "So ")
    named = room.client.post(f"{room.url}/revisions", headers=room.tokens["Grace"],
                             json={"message": "Before the board meeting"}).get_json()
    browser = app.test_client()
    sign_in(browser, "grace@test.example")
    page = browser.get(f"/sections/{room.section.id}/history").get_data(as_text=True)
    assert 'href="/people/' in page  # each name opens that person's profile
    page = re.sub(r'<a href="/people/\d+">|</a>', "", page)
    auto = next(r for r in room.revisions() if r["kind"] == "auto")
    hhmm = auto["created_at"][11:16]
    assert f"Saved automatically at <time datetime=\"{auto['created_at']}\">{hhmm}</time>" \
           " · Grace, Tomasz" in page
    assert "“Before the board meeting” · saved by Grace at" in page
    assert "changes by Ayo" in page
    assert "Who: —" not in page and "Revision " + str(named["id"]) + " · v" not in page


def test_a_writer_leaving_ends_their_session_with_a_snapshot(room: Room) -> None:
    room.type("Tomasz", "Quiet ")
    gone = room.client.delete(f"{room.url}/presence?clientID=tab-Tomasz",
                              headers=room.tokens["Tomasz"])
    assert gone.status_code == 204
    autos = [r for r in room.revisions() if r["kind"] == "auto"]
    assert [(r["version"], r["contributors"]) for r in autos] == [(1, ["Tomasz"])]
    # Someone who only looked leaves no snapshot behind.
    room.client.delete(f"{room.url}/presence?clientID=tab-Ayo", headers=room.tokens["Ayo"])
    assert len([r for r in room.revisions() if r["kind"] == "auto"]) == 1


def test_cursors_are_shared_by_name_and_mapped_through_later_steps(room: Room) -> None:
    sent = room.client.post(f"{room.url}/presence", headers=room.tokens["Grace"],
                            json={"clientID": "tab-Grace", "version": 0, "anchor": 3, "head": 7})
    assert sent.status_code == 200
    room.type("Tomasz", "Hey ")  # four characters before Grace's selection
    seen = room.client.get(f"{room.url}/steps?since={room.version}&clientID=tab-Tomasz",
                           headers=room.tokens["Tomasz"]).get_json()
    cursor = seen["cursors"][0]
    assert (cursor["name"], cursor["client"]) == ("Grace", "tab-Grace")
    assert isinstance(cursor["colour"], int)
    # Reported at version 0, served at its own version; later steps are mapped by clients.
    assert (cursor["anchor"], cursor["head"], cursor["version"]) == (3, 7, 0)
    late = room.client.post(f"{room.url}/presence", headers=room.tokens["Ayo"],
                            json={"clientID": "tab-Ayo", "version": 0, "anchor": 1, "head": 1})
    assert late.status_code == 200
    ayo = next(c for c in room.client.get(f"{room.url}/steps?since=0&clientID=tab-Grace",
                                          headers=room.tokens["Grace"]).get_json()["cursors"]
               if c["name"] == "Ayo")
    assert (ayo["anchor"], ayo["version"]) == (5, 1)  # behind by a step: mapped past "Hey "
    # Nobody sees their own cursor.
    mine = room.client.get(f"{room.url}/steps?since=0&clientID=tab-Grace2",
                           headers=room.tokens["Grace"]).get_json()["cursors"]
    assert "Grace" not in [c["name"] for c in mine]


def test_a_cursor_goes_when_its_tab_closes_or_goes_idle(room: Room) -> None:
    for name in ("Grace", "Ayo"):
        room.client.post(f"{room.url}/presence", headers=room.tokens[name],
                         json={"clientID": f"tab-{name}", "version": 0, "anchor": 2, "head": 2})

    def names() -> list[str]:
        body = room.client.get(f"{room.url}/steps?since=0&clientID=tab-Tomasz",
                               headers=room.tokens["Tomasz"]).get_json()
        return [c["name"] for c in body["cursors"]]

    assert names() == ["Ayo", "Grace"]
    room.client.delete(f"{room.url}/presence?clientID=tab-Grace", headers=room.tokens["Grace"])
    assert names() == ["Ayo"]
    room.session.execute(update(Presence).values(active_at=utcnow() - timedelta(minutes=10)))
    room.session.commit()
    assert names() == []


@pytest.mark.parametrize(("body", "status"), [
    ({"clientID": "t", "version": 0, "anchor": 999, "head": 1}, 422),  # past the end
    ({"clientID": "t", "version": 0, "anchor": -1, "head": 1}, 422),
    ({"clientID": "t", "version": 0, "anchor": "3", "head": 1}, 422),  # not a number
    ({"clientID": "t", "version": 0, "anchor": 1.5, "head": 1}, 422),
    ({"clientID": "t", "version": 7, "anchor": 1, "head": 1}, 422),  # a version to come
    ({"clientID": "", "version": 0, "anchor": 1, "head": 1}, 422),
    ({"version": 0, "anchor": 1, "head": 1}, 422),
])
def test_bad_cursor_reports_get_a_4xx_with_a_message(room: Room, body: dict[str, Any],
                                                     status: int) -> None:
    response = room.client.post(f"{room.url}/presence", headers=room.tokens["Grace"], json=body)
    assert response.status_code == status
    assert response.get_json()  # a JSON message, never a bare error page


def test_a_position_valid_then_but_past_the_end_now_is_checked_against_then(room: Room) -> None:
    # The text grew: 25 is past the end at version 0 even though it fits the text now.
    room.type("Tomasz", "A longer opening, ")
    response = room.client.post(f"{room.url}/presence", headers=room.tokens["Grace"],
                                json={"clientID": "t", "version": 0, "anchor": 25, "head": 25})
    assert response.status_code == 422
    assert "within the document" in str(response.get_json())
