"""Anchored comments over the API: anchors follow edits, detach, re-attach; threads, inbox."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from cbook.roles import Role
from tests.review.helpers import FIRST, Review, replace_text
from tests.support import api_token, make_user


def span(doc_text: str, words: str, block_start: int = 0) -> tuple[int, int]:
    """Document positions of ``words`` inside the paragraph starting at ``block_start``."""
    start = block_start + 1 + doc_text.index(words)
    return start, start + len(words)


def comment(review: Review, words: str, body: str = "Which barriers?",
            who: dict[str, str] | None = None, version: int | None = None) -> dict[str, Any]:
    start, end = span(FIRST, words)
    state = review.section_doc()
    response = review.call("POST", f"/sections/{review.section.id}/comments",
                           who or review.as_author,
                           {"body": body, "from": start, "to": end,
                            "version": state["version"] if version is None else version})
    assert response.status_code == 201, response.get_json()
    created: dict[str, Any] = response.get_json()
    return created


def threads(review: Review) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = review.call(
        "GET", f"/sections/{review.section.id}/comments", review.as_author).get_json()
    return listed


def step(review: Review, body: dict[str, Any]) -> None:
    state = review.section_doc()
    response = review.call("POST", f"/sections/{review.section.id}/steps", review.as_editor,
                           {"version": state["version"], "steps": [body], "clientID": "e"})
    assert response.status_code == 200, response.get_json()


def test_an_anchor_follows_typing_before_and_inside_it(review: Review) -> None:
    made = comment(review, "same barriers")
    assert made["quote"] == "same barriers" and made["text"] == "same barriers"
    review.edit(f"/sections/{review.section.id}", review.as_editor, 0, "Leaders", "All leaders")
    [thread] = threads(review)
    assert (thread["from"], thread["to"]) == (made["from"] + 4, made["to"] + 4)
    assert thread["text"] == "same barriers" and not thread["detached"]
    review.edit(f"/sections/{review.section.id}", review.as_editor, 0, "same", "very same")
    [thread] = threads(review)
    assert thread["text"] == "very same barriers" and thread["quote"] == "same barriers"


def test_deleting_the_text_detaches_the_comment_and_undo_brings_it_back(
    review: Review
) -> None:
    made = comment(review, "barriers")
    doc = review.section_doc()["doc"]
    deletion = replace_text(doc, 0, "the same barriers ", "")
    step(review, deletion)
    [thread] = threads(review)
    assert thread["detached"] is True
    assert thread["quote"] == "barriers" and thread["body"] == made["body"]
    # Undo: the same text back in the same place.
    step(review, {"stepType": "replace", "from": deletion["from"], "to": deletion["from"],
                  "slice": {"content": [{"type": "text", "text": "the same barriers "}]}})
    [thread] = threads(review)
    assert thread["detached"] is False
    assert thread["text"] == "barriers"


def test_a_comment_made_on_an_older_version_lands_on_the_same_words(review: Review) -> None:
    review.edit(f"/sections/{review.section.id}", review.as_editor, 0, "Leaders", "Most leaders")
    made = comment(review, "barriers", version=0)  # the author's editor had not caught up
    assert made["text"] == "barriers" and made["quote"] == "barriers"
    start, _ = span(FIRST, "barriers")
    assert made["from"] == start + len("Most leaders") - len("Leaders")


def test_replies_resolve_reopen_and_notifications(review: Review, session: Session) -> None:
    made = comment(review, "barriers", body=f"@{review.editor.email.split('@')[0]} look?")
    assert "mentioned" in review.inbox(review.as_editor)
    reply = review.call("POST", f"/sections/{review.section.id}/comments", review.as_editor,
                        {"body": "Agreed, let us name them.", "parent_id": made["id"]})
    assert reply.status_code == 201
    assert "reply" in review.inbox(review.as_author)
    [thread] = threads(review)
    assert [r["body"] for r in thread["replies"]] == ["Agreed, let us name them."]
    assert review.call("POST", f"/comments/{made['id']}/resolve",
                       review.as_editor).status_code == 200
    assert threads(review)[0]["resolved"] is True
    assert review.call("POST", f"/comments/{made['id']}/reopen",
                       review.as_author).status_code == 200
    assert threads(review)[0]["resolved"] is False
    reader = api_token(session, make_user(session, Role.READER))
    assert review.call("POST", f"/comments/{made['id']}/resolve", reader).status_code in {
        403, 404}


@pytest.mark.parametrize("body", [
    {"body": "x", "from": 5, "to": 5, "version": 0},
    {"body": "x", "from": 9, "to": 3, "version": 0},
    {"body": "x", "from": 1, "to": 9999, "version": 0},
    {"body": "x", "from": 1, "to": 4, "version": 99},
    {"body": "x", "from": 1, "to": 4},
    {"body": "", "from": 1, "to": 4, "version": 0},
    {"body": "   ", "from": 1, "to": 4, "version": 0},
    {"body": "x", "parent_id": 424242},
    {"body": "x", "from": "1", "to": 4, "version": 0},
])
def test_bad_comments_are_refused_clearly(review: Review, body: dict[str, Any]) -> None:
    response = review.call("POST", f"/sections/{review.section.id}/comments",
                           review.as_author, body)
    assert 400 <= response.status_code < 500
    assert "error" in response.get_json()
    assert threads(review) == []


def test_comments_on_a_proposal_follow_its_own_text(review: Review) -> None:
    proposal = review.propose()
    path = f"/proposals/{proposal['id']}"
    start, end = span(FIRST, "barriers")
    response = review.call("POST", f"{path}/comments", review.as_editor,
                           {"body": "Why this word?", "from": start, "to": end, "version": 0})
    assert response.status_code == 201
    review.edit(path, review.as_author, 0, "Leaders", "Good leaders")
    [thread] = review.call("GET", f"{path}/comments", review.as_author).get_json()
    assert thread["text"] == "barriers" and thread["from"] == start + 5
    assert threads(review) == []  # the section's own comments are separate


def test_comments_elsewhere_survive_a_restore_and_a_merge(review: Review) -> None:
    section_path = f"/sections/{review.section.id}"
    second_start = len(FIRST) + 2  # the second paragraph starts after the first's
    response = review.call("POST", f"{section_path}/comments", review.as_author, {
        "body": "Good line.", "from": second_start + 1, "to": second_start + 6, "version": 0})
    assert response.status_code == 201 and response.get_json()["quote"] == "Small"
    review.edit(section_path, review.as_editor, 0, "Leaders", "All leaders")
    revisions = review.call("GET", f"{section_path}/revisions", review.as_editor).get_json()
    created = next(r for r in revisions if r["kind"] == "created")
    restored = review.call("POST", f"{section_path}/revisions/{created['id']}/restore",
                           review.as_editor)
    assert restored.status_code == 200
    [thread] = threads(review)
    assert thread["detached"] is False and thread["text"] == "Small"

    proposal = review.propose()
    review.edit(f"/proposals/{proposal['id']}", review.as_author, 0, "barriers", "walls")
    review.call("POST", f"/proposals/{proposal['id']}/submit", review.as_author)
    assert review.call("POST", f"/proposals/{proposal['id']}/merge", review.as_editor,
                       {}).status_code == 200
    [thread] = threads(review)
    assert thread["detached"] is False and thread["text"] == "Small"
