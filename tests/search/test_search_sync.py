"""Search wired to the app: the outbox, the single writer, visibility, and no drift."""

from __future__ import annotations

import random
import time
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cbook.app import create_app
from cbook.books import service as books
from cbook.books import trios
from cbook.config import Settings
from cbook.roles import Role
from cbook.search import sync
from cbook.search.binding import get_search
from cbook.search.engine import SearchIndex
from cbook.search.models import SearchOutboxRow
from cbook.search.searcher import index_folder
from tests.review.helpers import Review, replace_text
from tests.support import api_token, make_user


def found(client: FlaskClient, query: str, who: dict[str, str] | None = None,
          **params: Any) -> list[tuple[str, str]]:
    response = client.get("/api/v1/search", query_string={"q": query, **params},
                          headers=who or {})
    assert response.status_code == 200, response.get_json()
    return [(hit["type"], hit["id"]) for hit in response.get_json()["results"]]


def outbox_refs(session: Session) -> list[str]:
    session.expire_all()
    return list(session.scalars(select(SearchOutboxRow.ref).order_by(SearchOutboxRow.id)))


def test_changes_write_outbox_rows_in_their_own_transaction(session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    book = books.create_book(session, admin, title="Book")
    chapter = books.create_chapter(session, admin, book, title="Chapter")
    session.commit()
    assert {"book:1", f"chapter:{chapter.id}"} <= set(outbox_refs(session))

    before = outbox_refs(session)
    books.create_section(session, admin, chapter, title="Rolled back")
    session.rollback()
    assert outbox_refs(session) == before  # nothing recorded for work that never committed


def test_published_text_is_found_by_everyone_and_points_at_its_paragraph(
        review: Review, client: FlaskClient) -> None:
    assert found(client, "barriers") == []  # a draft: not for readers
    review.call("POST", f"/sections/{review.section.id}/publish", review.as_editor, {})
    hits = found(client, "barriers")
    assert ("block", f"{review.section.id}#b-p1") in hits
    response = client.get("/api/v1/search", query_string={"q": "barriers"}).get_json()
    block = next(hit for hit in response["results"] if hit["type"] == "block")
    assert block["url"] == f"/sections/{review.section.id}#b-p1"
    assert "<mark>barriers</mark>" in block["snippet"]
    assert response["facets"]["type"]["block"] == 1


def test_drafts_and_comments_only_reach_those_who_may_read_them(
        review: Review, client: FlaskClient, session: Session) -> None:
    reader = api_token(session, make_user(session, Role.READER))
    outsider = make_user(session, Role.AUTHOR, email="outsider@test.example")
    admin = make_user(session, Role.ADMIN, email="admin2@test.example")
    other_trio = trios.create_trio(session, admin, name="Other trio")
    trios.set_trio_members(session, admin, other_trio, lead=outsider.email, members=[])
    session.commit()
    as_outsider = api_token(session, outsider)
    response = review.call("POST", f"/sections/{review.section.id}/comments", review.as_author,
                           {"body": "Is quixotic the word?", "from": 1, "to": 8,
                            "version": review.section_doc()["version"]})
    assert response.status_code == 201

    for who, sees in ((review.as_author, True), (review.as_editor, True), (reader, False),
                      (as_outsider, False), ({}, False)):
        assert (("draft", str(review.section.id)) in found(client, "barriers", who)) is sees
        comments = found(client, "quixotic", who)
        assert (("comment", str(response.get_json()["id"])) in comments) is sees


def test_typing_in_the_editor_updates_the_draft_in_the_index(
        review: Review, client: FlaskClient) -> None:
    path = f"/sections/{review.section.id}"
    assert found(client, "barriers", review.as_author) == [("draft", str(review.section.id))]
    review.edit(path, review.as_author, 0, "barriers", "obstacles")
    assert found(client, "obstacles", review.as_author) == [("draft", str(review.section.id))]
    assert found(client, "barriers", review.as_author) == []


def test_deleting_things_removes_them_from_search(review: Review, client: FlaskClient) -> None:
    review.call("POST", f"/sections/{review.section.id}/publish", review.as_editor, {})
    created = review.call("POST", "/resources", review.as_editor,
                          {"title": "Quarterly barriers podcast", "kind": "podcast"})
    assert created.status_code == 201
    resource_id = str(created.get_json()["id"])
    assert set(found(client, "barriers")) == {("resource", resource_id),
                                              ("block", f"{review.section.id}#b-p1")}
    assert review.call("DELETE", f"/resources/{resource_id}",
                       review.as_editor).status_code == 204
    assert review.call("DELETE", f"/sections/{review.section.id}",
                       review.as_editor).status_code == 204
    assert found(client, "barriers", review.as_editor) == []


def _stored_by_rebuild(session: Session) -> dict[str, dict[str, tuple[str, ...]]]:
    fresh = SearchIndex(None)
    sync.rebuild(session, fresh)
    return fresh.stored()


def test_index_equals_a_fresh_rebuild_after_a_run_of_changes(
        review: Review, client: FlaskClient, app: Flask, session: Session) -> None:
    rng = random.Random(7)
    chapter_id = review.section.chapter_id
    sections = [review.section.id]
    resources: list[int] = []
    words = ["trust", "barrier", "listening", "funding", "courage", "data"]
    for round_number in range(40):
        action = rng.choice(["section", "edit", "publish", "unpublish", "delete", "resource",
                             "retitle", "resource-delete", "comment"])
        word = rng.choice(words)
        if action == "section" or not sections:
            made = review.call("POST", f"/chapters/{chapter_id}/sections", review.as_author,
                               {"title": f"On {word} {round_number}"})
            assert made.status_code == 201, made.get_json()
            sections.append(made.get_json()["id"])
            continue
        target = rng.choice(sections)
        if action == "edit":
            state = review.call("GET", f"/sections/{target}", review.as_author).get_json()
            insert = {"stepType": "replace", "from": 1, "to": 1,
                      "slice": {"content": [{"type": "text", "text": f"{word} "}]}}
            if state["doc"]["content"] and state["doc"]["content"][0].get("type") == "paragraph":
                review.call("POST", f"/sections/{target}/steps", review.as_author,
                            {"version": state["version"], "steps": [insert], "clientID": "r"})
        elif action == "publish":
            review.call("POST", f"/sections/{target}/publish", review.as_editor, {})
        elif action == "unpublish":
            review.call("POST", f"/sections/{target}/unpublish", review.as_editor, {})
        elif action == "delete":
            review.call("DELETE", f"/sections/{target}", review.as_editor)
            sections.remove(target)
        elif action == "retitle":
            review.call("PATCH", f"/sections/{target}", review.as_editor,
                        {"title": f"About {word}"})
        elif action == "resource":
            made = review.call("POST", "/resources", review.as_author,
                               {"title": f"A {word} report", "kind": "report",
                                "tags": [word]})
            resources.append(made.get_json()["id"])
        elif action == "resource-delete" and resources:
            review.call("DELETE", f"/resources/{resources.pop()}", review.as_editor)
        elif action == "comment":
            state = review.call("GET", f"/sections/{target}", review.as_author).get_json()
            review.call("POST", f"/sections/{target}/comments", review.as_author,
                        {"body": f"More {word}?", "from": 1, "to": 2,
                         "version": state["version"]})
        if round_number % 7 == 0:
            found(client, word, review.as_editor)  # apply some changes midway, not all at once

    search = get_search(app)
    search.writer.catch_up()
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(SearchOutboxRow)) == 0
    assert search.index.stored() == _stored_by_rebuild(session)
    assert len(search.index.stored()) > 10


def test_the_writer_thread_applies_commits_made_elsewhere_by_itself(
        settings: Settings, session: Session) -> None:
    app = create_app({"TESTING": True, "CBOOK_SEARCH_WRITER": "thread"}, settings=settings)
    try:
        client = app.test_client()
        client.get("/")  # the first request starts the writer
        admin = make_user(session, Role.ADMIN)
        book = books.create_book(session, admin, title="Book")
        chapter = books.create_chapter(session, admin, book, title="Chapter")
        doc = {"type": "doc", "content": [{"type": "paragraph", "attrs": {"id": "p1"},
                                           "content": [{"type": "text", "text": "Zebras"}]}]}
        section = books.create_section(session, admin, chapter, title="Stripes", doc=doc)
        session.commit()
        books.publish_section(session, admin, section)
        session.commit()  # another session, as if another process: the writer polls
        committed = time.monotonic()
        index = get_search(app).index
        # No search runs catch_up here: only the thread can apply it. (How fast is measured
        # by bench/search.py, not asserted by a timed test.)
        while not index.search("zebras").total:
            assert time.monotonic() - committed < 10.0, "the writer thread never applied it"
            time.sleep(0.01)
    finally:
        get_search(app).close()
        app.extensions["cbook.engine"].dispose()


def test_one_writer_at_a_time_and_another_takes_over(app: Flask, settings: Settings) -> None:
    first = sync.WriterLock(index_folder(settings.instance))
    second = sync.WriterLock(index_folder(settings.instance))
    assert first.try_acquire()
    assert not second.try_acquire()
    assert not get_search(app).writer.catch_up()  # this app is not the writer now
    first.release()
    assert second.try_acquire()
    second.release()
    assert get_search(app).writer.catch_up()


def test_a_replaced_word_is_marked_only_where_it_matches(
        review: Review, client: FlaskClient) -> None:
    path = f"/sections/{review.section.id}"
    state = review.call("GET", path, review.as_author).get_json()
    step = replace_text(state["doc"], 1, "trust", "<b>trust</b>")
    review.call("POST", path + "/steps", review.as_author,
                {"version": state["version"], "steps": [step], "clientID": "x"})
    response = client.get("/api/v1/search", query_string={"q": "trust"},
                          headers=review.as_author).get_json()
    [hit] = response["results"]
    assert "&lt;b&gt;<mark>trust</mark>&lt;/b&gt;" in hit["snippet"]
