"""The trash over the API (contract): DELETE moves to the trash, list, restore, purge."""

from __future__ import annotations

from datetime import datetime

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.books import trios
from cbook.books.models import Section
from cbook.editor.models import Revision
from cbook.roles import Role
from tests.review.helpers import Review
from tests.support import api_token, make_user


def revisions_of(session: Session, section_id: int) -> int:
    session.expire_all()
    document_id = session.get_one(Section, section_id).document_id
    return session.scalar(select(func.count()).select_from(Revision)
                          .where(Revision.document_id == document_id)) or 0


def test_delete_moves_a_section_to_the_trash_and_restore_brings_it_back(
        review: Review, session: Session) -> None:
    section_id = review.section.id
    review.call("POST", f"/sections/{section_id}/revisions", review.as_author,
                {"message": "Kept"})
    kept = revisions_of(session, section_id)
    assert review.call("DELETE", f"/sections/{section_id}", review.as_editor).status_code == 204
    assert review.call("GET", f"/sections/{section_id}", review.as_editor).status_code == 404
    book = review.call("GET", "/books/book", review.as_editor).get_json()
    assert [s["id"] for c in book["chapters"] for s in c["sections"]] == []

    listing = review.call("GET", "/books/book/trash", review.as_author)
    assert listing.status_code == 200
    [item] = listing.get_json()
    assert set(item) == {"id", "kind", "title", "deleted_at", "deleted_by", "purge_after"}
    assert (item["kind"], item["title"]) == ("section", "S")
    assert item["deleted_by"] == {"id": review.editor.id, "name": "Esme Editor",
                                  "pronouns": None, "trio": None}
    kept_for = (datetime.fromisoformat(item["purge_after"])
                - datetime.fromisoformat(item["deleted_at"]))
    assert kept_for.days == 30

    restored = review.call("POST", f"/trash/{item['id']}/restore", review.as_author)
    assert restored.status_code == 200, restored.get_json()
    body = restored.get_json()
    assert (body["id"], body["kind"], body["title"]) == (section_id, "section", "S")
    assert body["doc"]["content"][0]["content"][0]["text"].startswith("Leaders meet")
    assert revisions_of(session, section_id) == kept
    assert review.call("GET", "/books/book/trash", review.as_author).get_json() == []
    assert review.call("GET", f"/sections/{section_id}", review.as_editor).status_code == 200


def test_delete_moves_a_chapter_with_its_sections(review: Review) -> None:
    chapter_id = review.section.chapter_id
    assert review.call("DELETE", f"/chapters/{chapter_id}",
                       review.as_author).status_code == 403  # chapters: editors and above
    assert review.call("DELETE", f"/chapters/{chapter_id}",
                       review.as_editor).status_code == 204
    assert review.call("GET", "/books/book", review.as_editor).get_json()["chapters"] == []
    assert review.call("GET", f"/sections/{review.section.id}",
                       review.as_editor).status_code == 404
    [item] = review.call("GET", "/books/book/trash", review.as_editor).get_json()
    assert item["kind"] == "chapter"
    body = review.call("POST", f"/trash/{item['id']}/restore", review.as_editor).get_json()
    assert (body["id"], body["kind"]) == (chapter_id, "chapter")
    assert [s["id"] for s in body["sections"]] == [review.section.id]


def test_restoring_a_section_of_a_trashed_chapter_is_a_conflict(review: Review) -> None:
    review.call("DELETE", f"/sections/{review.section.id}", review.as_editor)
    review.call("DELETE", f"/chapters/{review.section.chapter_id}", review.as_editor)
    items = review.call("GET", "/books/book/trash", review.as_editor).get_json()
    section_item = next(i for i in items if i["kind"] == "section")
    response = review.call("POST", f"/trash/{section_item['id']}/restore", review.as_editor)
    assert response.status_code == 409
    assert "restore the chapter first" in response.get_json()["error"]


def test_who_may_list_restore_and_purge(review: Review, session: Session) -> None:
    reader = api_token(session, make_user(session, Role.READER))
    admin_user = make_user(session, Role.ADMIN, email="admin2@test.example")
    admin = api_token(session, admin_user)
    outsider_user = make_user(session, Role.AUTHOR, email="out@test.example")
    trios.set_trio_members(session, admin_user, trios.create_trio(
        session, admin_user, name="Other trio"), lead=outsider_user.email, members=[])
    session.commit()
    outsider = api_token(session, outsider_user)
    section_id = review.section.id
    review.call("DELETE", f"/sections/{section_id}", review.as_author)
    [item] = review.call("GET", "/books/book/trash", review.as_editor).get_json()

    assert review.call("GET", "/books/book/trash", {}).status_code == 401
    assert review.call("GET", "/books/book/trash", reader).status_code == 403
    assert review.call("GET", "/books/nope/trash", review.as_editor).status_code == 404
    # An author outside the chapter's trio sees none of its items and cannot restore them.
    assert review.call("GET", "/books/book/trash", outsider).get_json() == []
    assert review.call("POST", f"/trash/{item['id']}/restore", outsider).status_code == 404
    assert review.call("POST", "/trash/999/restore", review.as_editor).status_code == 404
    refused = review.call("DELETE", f"/trash/{item['id']}", review.as_editor)
    assert refused.status_code == 403 and "error" in refused.get_json()
    assert review.call("DELETE", f"/trash/{item['id']}", admin).status_code == 204
    assert review.call("DELETE", f"/trash/{item['id']}", admin).status_code == 404
    session.expire_all()
    assert session.get(Section, section_id) is None


def test_deleting_twice_or_a_published_section_as_an_author_is_refused(
        review: Review, session: Session) -> None:
    books.publish_section(session, review.editor, review.section)
    session.commit()
    response = review.call("DELETE", f"/sections/{review.section.id}", review.as_author)
    assert response.status_code == 403  # published text goes only by an editor's hand
    assert review.call("DELETE", f"/sections/{review.section.id}",
                       review.as_editor).status_code == 204
    again = review.call("DELETE", f"/sections/{review.section.id}", review.as_editor)
    assert again.status_code == 404 and "error" in again.get_json()


def test_the_openapi_document_describes_the_trash(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert {"get"} <= set(spec["paths"]["/api/v1/books/{slug}/trash"])
    assert "post" in spec["paths"]["/api/v1/trash/{item_id}/restore"]
    assert "delete" in spec["paths"]["/api/v1/trash/{item_id}"]
    schema = spec["components"]["schemas"]["TrashItem"]["properties"]
    assert set(schema) == {"id", "kind", "title", "deleted_at", "deleted_by", "purge_after"}
