"""The editing authority: accepted steps, conflicts, every kind of refusal, limits."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cbook.app import make_sessions
from cbook.app.caches import clear_process_caches
from cbook.books import service as books
from cbook.books.models import Section
from cbook.editor import authority
from cbook.editor.models import DocumentStep
from cbook.errors import Conflict
from cbook.principles import service as tagging
from cbook.roles import Role
from tests.support import api_token, make_user

TEXT = "Leaders meet the same barriers."


class Desk:
    """A section with one paragraph, an editor's token, and helpers to talk to it."""

    def __init__(self, client: FlaskClient, session: Session) -> None:
        self.client, self.session = client, session
        self.editor = make_user(session, Role.EDITOR)
        admin = make_user(session, Role.ADMIN)
        tagging.create_principle(session, admin, title="Real work", statement="S.",
                                 slug="real-work")
        book = books.create_book(session, admin, title="Book")
        chapter = books.create_chapter(session, admin, book, title="Chapter")
        doc = {"type": "doc", "content": [{"type": "paragraph", "attrs": {"id": "p1"},
                                           "content": [{"type": "text", "text": TEXT}]}]}
        self.section = books.create_section(session, admin, chapter, title="S", doc=doc)
        session.commit()
        self.headers = api_token(session, self.editor)
        self.url = f"/api/v1/sections/{self.section.id}"

    def post(self, version: int, steps: list[Any], client_id: Any = "c1") -> Any:
        return self.client.post(f"{self.url}/steps", headers=self.headers,
                                json={"version": version, "steps": steps, "clientID": client_id})

    def state(self) -> dict[str, Any]:
        body: dict[str, Any] = self.client.get(self.url, headers=self.headers).get_json()
        return body

    def text(self) -> str:
        return "".join(node.get("text", "") for block in self.state()["doc"]["content"]
                       for node in block.get("content", []))


def insert(pos: int, text: str, marks: list[Any] | None = None) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "text", "text": text}
    if marks:
        node["marks"] = marks
    return {"stepType": "replace", "from": pos, "to": pos, "slice": {"content": [node]}}


@pytest.fixture
def collab(client: FlaskClient, session: Session) -> Desk:
    return Desk(client, session)


def test_steps_at_the_current_version_are_accepted_and_served(collab: Desk) -> None:
    response = collab.post(0, [insert(1, "Together, "), insert(11, "we ")])
    assert response.status_code == 200
    assert response.get_json() == {"version": 2}
    assert collab.text() == "Together, we " + TEXT
    since = collab.client.get(f"{collab.url}/steps?since=0", headers=collab.headers).get_json()
    assert since["version"] == 2
    assert since["clientIDs"] == ["c1", "c1"]
    assert since["steps"][0]["slice"]["content"][0]["text"] == "Together, "
    numeric = collab.post(2, [insert(1, "!")], client_id=12345)
    assert numeric.status_code == 200
    again = collab.client.get(f"{collab.url}/steps?since=2", headers=collab.headers).get_json()
    assert again["clientIDs"] == [12345]


def test_a_stale_version_is_a_409_with_the_current_version(collab: Desk) -> None:
    collab.post(0, [insert(1, "A")])
    response = collab.post(0, [insert(1, "B")])
    assert response.status_code == 409
    assert response.get_json()["error"] == "version conflict"
    assert response.get_json()["version"] == 1
    assert collab.text() == "A" + TEXT


def _nested_quotes(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "paragraph"}
    for _ in range(depth):
        node = {"type": "blockquote", "content": [node]}
    return node


DEEP = _nested_quotes(40)
REFUSED: list[tuple[str, Any, int]] = [
    ("unknown step type", [{"stepType": "teleport", "from": 1}], 400),
    ("not an object", ["replace"], 400),
    ("position past the end", [insert(9999, "x")], 422),
    ("text straight into the document", [{"stepType": "replace", "from": 0, "to": 0,
                                          "slice": {"content": [{"type": "text",
                                                                 "text": "x"}]}}], 422),
    ("unknown node type", [{"stepType": "replace", "from": 0, "to": 0, "slice": {
        "content": [{"type": "iframe"}]}}], 400),
    ("javascript link", [{"stepType": "addMark", "from": 1, "to": 5, "mark": {
        "type": "link", "attrs": {"href": "javascript:alert(1)"}}}], 422),
    ("image without alt text", [{"stepType": "replace", "from": 0, "to": 0, "slice": {
        "content": [{"type": "image", "attrs": {"src": "/a.png", "alt": " "}}]}}], 422),
    ("image from a data URL", [{"stepType": "replace", "from": 0, "to": 0, "slice": {
        "content": [{"type": "image", "attrs": {"src": "data:image/png;base64,AA",
                                                "alt": "x"}}]}}], 422),
    ("unknown principle", [{"stepType": "attr", "pos": 0, "attr": "principles",
                            "value": ["no-such-principle"]}], 422),
    ("bad block id", [{"stepType": "attr", "pos": 0, "attr": "id", "value": "<b>"}], 400),
    ("empty batch", [], 400),
    ("too many steps", [insert(1, "x")] * 501, 413),
    ("nesting too deep", [{"stepType": "replace", "from": 0, "to": 0,
                           "slice": {"content": [DEEP]}}], 413),
]


@pytest.mark.parametrize(("label", "steps", "status"), REFUSED, ids=[r[0] for r in REFUSED])
def test_bad_steps_are_refused_whole_and_nothing_is_stored(
    collab: Desk, label: str, steps: Any, status: int
) -> None:
    good_then_bad = [insert(1, "kept? "), *steps] if steps else steps
    response = collab.post(0, good_then_bad)
    assert response.status_code == status, (label, response.get_json())
    assert response.get_json()["error"]
    assert collab.state()["version"] == 0
    assert collab.text() == TEXT
    count = collab.session.scalar(select(func.count()).select_from(DocumentStep))
    assert count == 0


@pytest.mark.parametrize("body", [
    {"version": "0", "steps": [], "clientID": "c"},
    {"version": 0, "steps": "replace", "clientID": "c"},
    {"version": 0, "steps": [insert(1, "x")]},
    {"version": 0, "steps": [insert(1, "x")], "clientID": {"a": 1}},
    {"version": -1, "steps": [insert(1, "x")], "clientID": "c"},
])
def test_malformed_requests_are_4xx(collab: Desk, body: dict[str, Any]) -> None:
    response = collab.client.post(f"{collab.url}/steps", headers=collab.headers, json=body)
    assert 400 <= response.status_code < 500
    assert collab.state()["version"] == 0


def test_known_tags_and_safe_links_are_accepted(collab: Desk) -> None:
    response = collab.post(0, [
        {"stepType": "attr", "pos": 0, "attr": "principles", "value": ["real-work"]},
        {"stepType": "addMark", "from": 1, "to": 8, "mark": {
            "type": "link", "attrs": {"href": "https://www.innovationunit.org/"}}},
    ])
    assert response.status_code == 200, response.get_json()
    block = collab.state()["doc"]["content"][0]
    assert block["attrs"]["principles"] == ["real-work"]
    assert block["content"][0]["marks"][0]["attrs"]["href"] == "https://www.innovationunit.org/"


def test_readers_cannot_send_or_fetch_steps(collab: Desk) -> None:
    reader = make_user(collab.session, Role.READER)
    headers = api_token(collab.session, reader)
    assert collab.client.post(f"{collab.url}/steps", headers=headers, json={
        "version": 0, "steps": [insert(1, "x")], "clientID": "r"}).status_code == 404
    assert collab.client.get(f"{collab.url}/steps?since=0", headers=headers).status_code == 404


def test_long_poll_wakes_when_a_step_arrives(collab: Desk) -> None:
    results: dict[str, Any] = {}

    def wait() -> None:
        started = time.monotonic()
        response = collab.client.application.test_client().get(
            f"{collab.url}/steps?since=0&wait=10", headers=collab.headers)
        results["elapsed"] = time.monotonic() - started
        results["body"] = response.get_json()

    waiter = threading.Thread(target=wait)
    waiter.start()
    time.sleep(0.3)
    collab.post(0, [insert(1, "Now ")])
    waiter.join(timeout=10)
    assert results["body"]["version"] == 1
    assert results["elapsed"] < 2.0


def test_long_poll_returns_empty_after_its_wait(collab: Desk) -> None:
    started = time.monotonic()
    body = collab.client.get(f"{collab.url}/steps?since=0&wait=0.3",
                             headers=collab.headers).get_json()
    assert body["steps"] == []
    assert body["version"] == 0
    assert 0.25 <= time.monotonic() - started < 3


def test_presence_lists_the_other_people_in_the_section(collab: Desk) -> None:
    author = make_user(collab.session, Role.ADMIN, email="second@test.example", name="Second")
    other = api_token(collab.session, author)
    collab.client.get(f"{collab.url}/steps?since=0&clientID=a", headers=collab.headers)
    seen = collab.client.get(f"{collab.url}/steps?since=0&clientID=b", headers=other).get_json()
    assert [p["name"] for p in seen["presence"]] == [collab.editor.name]


def test_revisions_diff_restore_and_publish_a_chosen_revision(collab: Desk) -> None:
    named = collab.client.post(f"{collab.url}/revisions", headers=collab.headers,
                             json={"message": "Before the rewrite"}).get_json()
    assert named["version"] == 0
    assert named["message"] == "Before the rewrite"
    collab.post(0, [{"stepType": "replace", "from": 1, "to": 1 + len(TEXT),
                   "slice": {"content": [{"type": "text", "text": "Leaders move barriers."}]}}])
    listed = collab.client.get(f"{collab.url}/revisions", headers=collab.headers).get_json()
    assert "Before the rewrite" in [r["message"] for r in listed]

    diff = collab.client.get(f"{collab.url}/diff?from={named['id']}&to=v:1",
                           headers=collab.headers).get_json()
    assert [c["change"] for c in diff["changes"]] == ["changed"]
    ops = {(s["op"], s["text"]) for s in diff["changes"][0]["segments"]}
    assert ("delete", "meet the same") in ops
    assert ("insert", "move") in ops
    assert "<del>meet the same</del>" in diff["html"]

    restored = collab.client.post(f"{collab.url}/revisions/{named['id']}/restore",
                                headers=collab.headers)
    assert restored.status_code == 200
    assert collab.text() == TEXT
    assert collab.state()["version"] == 2
    # The rewritten text stays in history: version 1 can still be rebuilt.
    back = collab.client.get(f"{collab.url}/diff?from=v:1&to=v:2",
                             headers=collab.headers).get_json()
    assert back["changes"][0]["change"] == "changed"

    published = collab.client.post(f"{collab.url}/publish", headers=collab.headers,
                                 json={"revision_id": named["id"]})
    assert published.status_code == 200
    reader_view = collab.client.get(collab.url).get_json()  # anonymous
    assert reader_view["version"] == 0
    assert reader_view["doc"]["content"][0]["content"][0]["text"] == TEXT


def test_unknown_revisions_and_versions_are_4xx(collab: Desk) -> None:
    assert collab.client.get(f"{collab.url}/revisions/99999",
                             headers=collab.headers).status_code == 404
    for query in ("from=v:7&to=v:0", "from=abc&to=v:0", "from=v:x&to=v:0"):
        response = collab.client.get(f"{collab.url}/diff?{query}", headers=collab.headers)
        assert 400 <= response.status_code < 500


def test_checkpoints_keep_every_version_rebuildable(collab: Desk, session: Session,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(authority, "CHECKPOINT_EVERY", 5)
    for version in range(12):
        assert collab.post(version, [insert(1, f"{version} ")]).status_code == 200
    section = session.get(Section, collab.section.id)
    assert section is not None
    session.refresh(section.document)
    assert section.document.snapshot_version >= 10
    clear_process_caches()  # rebuilt from the database alone
    early = authority.document_json(session, section.document, 3)
    assert early["content"][0]["content"][0]["text"].startswith("2 1 0 ")
    assert collab.text().startswith("11 10 9")


def test_a_409_carries_the_missed_steps(collab: Desk) -> None:
    collab.post(0, [insert(1, "A")], client_id="first")
    collab.post(1, [insert(1, "B")], client_id="first")
    body = collab.post(0, [insert(1, "C")], client_id="second").get_json()
    assert body["version"] == 2
    assert body["clientIDs"] == ["first", "first"]
    assert [s["slice"]["content"][0]["text"] for s in body["steps"]] == ["A", "B"]


def test_a_batch_that_loses_the_race_to_store_its_version_is_a_409_with_the_winner(
    collab: Desk, app: Flask
) -> None:
    # Two writers read version 0 (on two hosts, say); the other one stores first.
    factory = make_sessions(app.extensions["cbook.engine"])
    with factory() as late:
        section = late.get(Section, collab.section.id)
        assert section is not None and section.document.version == 0
        assert collab.post(0, [insert(1, "Won ")], client_id="winner").status_code == 200
        with pytest.raises(Conflict) as refusal:
            authority.receive_steps(late, section.document, 0, [insert(1, "Lost ")],
                                    "loser", None)
        late.rollback()
    assert refusal.value.extra["version"] == 1
    assert refusal.value.extra["clientIDs"] == ["winner"]
    assert collab.text() == "Won " + TEXT
    assert collab.post(1, [insert(1, "Lost ")], client_id="loser").status_code == 200
    assert collab.text() == "Lost Won " + TEXT


def test_mark_set_steps_from_the_browser_apply_and_invert(collab: Desk) -> None:
    link_a = {"type": "link", "attrs": {"href": "https://a.example/", "title": None}}
    link_b = {"type": "link", "attrs": {"href": "https://b.example/", "title": None}}
    assert collab.post(0, [{"stepType": "addMark", "from": 1, "to": 8, "mark": link_a}]
                     ).status_code == 200
    undo_like = {"stepType": "markSet", "steps": [
        {"stepType": "removeMark", "mark": link_a, "from": 1, "to": 8},
        {"stepType": "addMark", "mark": link_b, "from": 1, "to": 8}]}
    response = collab.post(1, [undo_like])
    assert response.status_code == 200, response.get_json()
    marks = collab.state()["doc"]["content"][0]["content"][0]["marks"]
    assert marks == [{"type": "link", "attrs": {"href": "https://b.example/", "title": None}}]
    sneaky = {"stepType": "markSet", "steps": [{"stepType": "replace", "from": 1, "to": 2}]}
    assert collab.post(2, [sneaky]).status_code == 400
    unsafe = {"stepType": "markSet", "steps": [{"stepType": "addMark", "from": 1, "to": 3,
              "mark": {"type": "link", "attrs": {"href": "javascript:x"}}}]}
    assert collab.post(2, [unsafe]).status_code == 422
