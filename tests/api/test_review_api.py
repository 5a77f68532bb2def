"""Proposals end to end over the API: open, edit, review, merge three ways, credits, inbox."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.books.models import Book
from cbook.editor.models import Revision
from cbook.review.models import RevisionCredit
from cbook.roles import Role
from tests.review.helpers import FIRST, SECOND, Review, paragraph, replace_text, texts
from tests.support import api_token, make_user, sign_in


def test_a_proposal_is_reviewed_changed_and_merged_into_the_section(
    review: Review, session: Session
) -> None:
    proposal = review.propose()
    assert proposal["base_version"] == 0 and proposal["status"] == "draft"
    assert texts(proposal["doc"]) == [FIRST, SECOND]
    path = f"/proposals/{proposal['id']}"
    review.edit(path, review.as_author, 0, "again and again", "in every sector")
    assert texts(review.section_doc()["doc"]) == [FIRST, SECOND]  # the section is untouched

    changes = review.call("GET", f"{path}/diff?against=base", review.as_editor).get_json()
    assert [c["block_id"] for c in changes["changes"]] == ["p1"]
    assert "<ins>sector</ins>" in changes["html"]

    assert review.call("POST", f"{path}/submit", review.as_author).status_code == 200
    assert "review_requested" in review.inbox(review.as_editor)
    asked = review.call("POST", f"{path}/reviews", review.as_editor,
                        {"verdict": "request_changes", "body": "Name the sectors?"})
    assert asked.status_code == 201
    assert review.call("GET", path, review.as_author).get_json()["status"] == \
        "changes_requested"
    assert "changes_requested" in review.inbox(review.as_author)
    refused = review.call("POST", f"{path}/merge", review.as_editor, {})
    assert refused.status_code == 409

    review.edit(path, review.as_author, 0, "every sector", "health, police and councils")
    assert review.call("POST", f"{path}/submit", review.as_author).status_code == 200
    assert review.call("POST", f"{path}/reviews", review.as_editor,
                       {"verdict": "approve"}).status_code == 201
    merged = review.call("POST", f"{path}/merge", review.as_editor, {})
    assert merged.status_code == 200, merged.get_json()
    expected = FIRST.replace("again and again", "in health, police and councils")
    assert texts(review.section_doc()["doc"]) == [expected, SECOND]
    assert merged.get_json()["version"] == review.section_doc()["version"]
    assert review.call("GET", path, review.as_author).get_json()["status"] == "merged"
    assert "merged" in review.inbox(review.as_author)

    revision = session.scalar(select(Revision).where(
        Revision.document_id == review.section.document_id, Revision.kind == "merge"))
    assert revision is not None and "Sharper words" in revision.message
    credited = session.scalars(select(RevisionCredit.user_id).where(
        RevisionCredit.revision_id == revision.id)).all()
    assert credited == [review.author.id]
    listed = review.call("GET", f"/sections/{review.section.id}/revisions",
                         review.as_editor).get_json()
    assert [r["credits"] for r in listed if r["kind"] == "merge"] == [["Ayo Author"]]
    # A merged proposal is settled: no more edits.
    late = review.call("POST", f"{path}/steps", review.as_author,
                       {"version": 2, "steps": [replace_text(proposal["doc"], 1, "Small",
                                                             "Tiny")], "clientID": "t"})
    assert late.status_code == 409


def test_changes_to_different_blocks_merge_cleanly_as_small_steps(review: Review) -> None:
    proposal = review.propose()
    path = f"/proposals/{proposal['id']}"
    review.edit(path, review.as_author, 1, "build trust", "build lasting trust")
    section_path = f"/sections/{review.section.id}"
    before_merge = review.edit(section_path, review.as_editor, 0, "same", "very same")
    review.call("POST", f"{path}/submit", review.as_author)
    preview = review.call("GET", f"{path}/merge-preview", review.as_editor).get_json()
    assert preview["clean"] is True and preview["conflicts"] == []
    assert review.call("POST", f"{path}/merge", review.as_editor, {}).status_code == 200
    assert texts(review.section_doc()["doc"]) == [
        FIRST.replace("same", "very same"), SECOND.replace("build trust", "build lasting trust")]
    # Someone editing the section receives the merge as steps, not a whole new text.
    caught_up = review.call("GET", f"{section_path}/steps?since={before_merge}",
                            review.as_editor).get_json()
    assert 1 <= len(caught_up["steps"]) <= 2
    assert all(step["to"] - step["from"] < 20 for step in caught_up["steps"]
               if step["stepType"] == "replace")


def test_overlapping_changes_are_conflicts_the_editor_resolves(review: Review) -> None:
    proposal = review.propose()
    path = f"/proposals/{proposal['id']}"
    review.edit(path, review.as_author, 0, "barriers", "walls")
    review.edit(f"/sections/{review.section.id}", review.as_editor, 0, "barriers", "hurdles")
    review.call("POST", f"{path}/submit", review.as_author)

    preview = review.call("GET", f"{path}/merge-preview", review.as_editor).get_json()
    assert preview["clean"] is False
    [conflict] = preview["conflicts"]
    assert conflict["block_id"] == "p1"
    # The preview keeps the section's text where it conflicts; nothing is lost.
    assert "hurdles" in texts(preview["doc"])[0]
    refused = review.call("POST", f"{path}/merge", review.as_editor, {})
    assert refused.status_code == 409
    assert [c["id"] for c in refused.get_json()["conflicts"]] == [conflict["id"]]
    assert "hurdles" in texts(review.section_doc()["doc"])[0]  # nothing applied

    merged = review.call("POST", f"{path}/merge", review.as_editor,
                         {"resolutions": {conflict["id"]: "theirs"}})
    assert merged.status_code == 200, merged.get_json()
    assert texts(review.section_doc()["doc"])[0] == FIRST.replace("barriers", "walls")


def test_an_edited_resolution_is_used_as_written(review: Review) -> None:
    path, conflict = review.one_conflict()
    written = paragraph("p1", "Leaders meet walls and hurdles alike.")
    merged = review.call("POST", f"{path}/merge", review.as_editor,
                         {"resolutions": {conflict["id"]: {"blocks": [written]}}})
    assert merged.status_code == 200, merged.get_json()
    assert texts(review.section_doc()["doc"]) == ["Leaders meet walls and hurdles alike.",
                                                  SECOND]


def test_bad_resolutions_are_refused_and_store_nothing(review: Review) -> None:
    path, conflict = review.one_conflict()
    before = review.section_doc()
    for resolution in ("sideways", 42, {"blocks": [{"type": "nonsense"}]},
                       {"blocks": "not a list"}):
        response = review.call("POST", f"{path}/merge", review.as_editor,
                               {"resolutions": {conflict["id"]: resolution}})
        assert 400 <= response.status_code < 500, (resolution, response.status_code)
        assert "error" in response.get_json()
    assert review.section_doc() == before


def test_editors_may_merge_their_own_proposals_only_if_the_book_allows(
    review: Review, session: Session
) -> None:
    response = review.call("POST", f"/sections/{review.section.id}/proposals",
                           review.as_editor, {"title": "Mine"})
    path = f"/proposals/{response.get_json()['id']}"
    review.edit(path, review.as_editor, 1, "Small", "Tiny")
    review.call("POST", f"{path}/submit", review.as_editor)
    assert review.call("POST", f"{path}/merge", review.as_editor, {}).status_code == 403
    assert review.call("POST", f"{path}/reviews", review.as_editor,
                       {"verdict": "approve"}).status_code == 403
    book = session.get(Book, review.book_id)
    assert book is not None
    book.allow_self_merge = True
    session.commit()
    assert review.call("POST", f"{path}/merge", review.as_editor, {}).status_code == 200


def test_a_draft_proposal_cannot_be_merged(review: Review) -> None:
    proposal = review.propose()
    response = review.call("POST", f"/proposals/{proposal['id']}/merge", review.as_editor, {})
    assert response.status_code == 409
    assert "submitted" in response.get_json()["error"]


def test_closing_a_proposal_keeps_it_listed_but_settled(review: Review) -> None:
    proposal = review.propose()
    path = f"/proposals/{proposal['id']}"
    assert review.call("POST", f"{path}/close", review.as_author).status_code == 200
    listed = review.call("GET", f"/sections/{review.section.id}/proposals",
                         review.as_author).get_json()
    assert [(p["id"], p["status"]) for p in listed] == [(proposal["id"], "closed")]
    assert review.call("POST", f"{path}/submit", review.as_author).status_code == 409


def test_readers_cannot_propose_and_outsiders_cannot_see_others_proposals(
    review: Review, session: Session
) -> None:
    reader = api_token(session, make_user(session, Role.READER))
    outsider = api_token(session, make_user(session, Role.AUTHOR, "outsider@test.example"))
    books.publish_section(session, review.editor, review.section)
    session.commit()
    assert review.call("POST", f"/sections/{review.section.id}/proposals", reader,
                       {"title": "x"}).status_code == 403
    proposal = review.propose()
    assert review.call("GET", f"/proposals/{proposal['id']}", outsider).status_code == 404
    own = review.call("POST", f"/sections/{review.section.id}/proposals", outsider,
                      {"title": "From outside the trio"})
    assert own.status_code == 201
    assert review.call("GET", f"/proposals/{own.get_json()['id']}", outsider).status_code == 200


def test_coordinators_set_the_self_merge_policy_per_book(review: Review,
                                                         session: Session) -> None:
    coordinator = api_token(session, make_user(session, Role.COORDINATOR))
    book = session.get(Book, review.book_id)
    assert book is not None
    response = review.call("PATCH", f"/books/{book.slug}", coordinator,
                           {"allow_self_merge": True})
    assert response.status_code == 200 and response.get_json()["allow_self_merge"] is True
    assert review.call("PATCH", f"/books/{book.slug}", review.as_editor,
                       {"allow_self_merge": False}).status_code == 403


def test_the_proposal_editor_says_whose_copy_it_is(review: Review, client: FlaskClient) -> None:
    proposal = review.propose("Tighter opening")
    sign_in(client, review.author.email)
    page = client.get(f"/proposals/{proposal['id']}/edit").get_data(as_text=True)
    assert "<h1>Editing proposal: Tighter opening</h1>" in page
    assert f'href="/proposals/{proposal["id"]}"' in page
    assert f'"steps": "/api/v1/proposals/{proposal["id"]}/steps"' in page
