"""The trash: deleting moves chapters and sections aside, restorable with all they had."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.books import trash, trash_queries
from cbook.books.models import Book, Chapter, Section, TrashItem
from cbook.db import utcnow
from cbook.editor import revisions
from cbook.editor.models import Revision
from cbook.errors import Conflict
from cbook.export.edition import EditionOptions, gather
from cbook.principles import queries as principle_queries
from cbook.principles import service as tagging
from cbook.review.models import Comment, Notification, Proposal
from cbook.review.queries import Place
from cbook.review.service import comments, proposals
from cbook.roles import Role
from tests.review.helpers import Review
from tests.support import csrf_token, make_user, sign_in

TAGGED = {"type": "doc", "content": [
    {"type": "paragraph", "attrs": {"id": "p1", "principles": ["real-work"], "audiences": []},
     "content": [{"type": "text", "text": "Start from the quixotic real problems."}]}]}


def page(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def post(client: FlaskClient, path: str, **data: Any) -> Any:
    return client.post(path, data={**data, "csrf_token": csrf_token(client)})


def counts(session: Session, section: Section) -> tuple[int, int, int]:
    session.expire_all()
    return (
        session.scalar(select(func.count()).select_from(Revision)
                       .where(Revision.document_id == section.document_id)) or 0,
        session.scalar(select(func.count()).select_from(Proposal)
                       .where(Proposal.section_id == section.id)) or 0,
        session.scalar(select(func.count()).select_from(Comment)
                       .where(Comment.document_id == section.document_id)) or 0,
    )


def with_history(review: Review) -> Section:
    """The review section, published, with a named revision, a proposal and a comment."""
    section = review.section
    books.publish_section(review.session, review.editor, section)
    revisions.create_revision(review.session, section.document, review.author,
                              message="Before the workshop")
    proposal = proposals.open_proposal(review.session, review.author, section, title="Sharper")
    proposals.submit(review.session, review.author, proposal)
    comments.add_comment(review.session, review.author,
                         Place(section.document, section),
                         body="Is this right?", from_=1, to=5, version=section.version)
    review.session.commit()
    return section


def test_the_confirmation_says_what_goes_and_deleting_moves_the_section_to_the_trash(
        review: Review, client: FlaskClient, session: Session) -> None:
    section = with_history(review)
    before = counts(session, section)
    # A reader has the published section (and the contents listing it) in the page cache.
    assert f'href="/sections/{section.id}"' in page(client, "/books/book")
    assert client.get(f"/sections/{section.id}").status_code == 200
    sign_in(client, review.editor.email)
    settings = page(client, f"/sections/{section.id}/settings")
    assert f'href="/sections/{section.id}/delete"' in settings

    confirm = page(client, f"/sections/{section.id}/delete")
    assert before == (3, 1, 1)  # created, published, named; one proposal; one comment
    assert ("This section with its 3 revisions, 1 open proposal and 1 comment goes to the "
            "trash.") in confirm
    assert "You or any editor can restore it" in confirm and "30 days" in confirm
    assert session.get(Section, section.id) is not None  # the GET changed nothing
    assert post(client, f"/sections/{section.id}/delete").status_code == 302
    chapter_page = page(client, f"/chapters/{section.chapter_id}")
    assert "“S” and its 3 revisions, 1 open proposal and 1 comment are in the trash." in \
        chapter_page
    assert re.search(r'<form method="post" action="/trash/\d+/restore"', chapter_page)
    assert "Undo" in chapter_page

    # Nothing was deleted: only set aside.
    assert counts(session, section) == before
    item = session.scalar(select(TrashItem))
    assert item is not None and item.section_id == section.id
    assert item.deleted_by_id == review.editor.id
    assert trash_queries.days_left(item) == 29
    # Readers no longer see it anywhere; its writers are told where it is.
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert client.get(f"/sections/{section.id}").status_code == 404
    assert f"/sections/{section.id}" not in page(client, "/books/book")
    sign_in(client, review.author.email)
    held = page(client, f"/sections/{section.id}")
    assert "This section is in the trash" in held and "Restore this section" in held
    assert client.get(f"/sections/{section.id}/edit").status_code == 404


def test_restoring_puts_the_section_back_in_its_place_with_its_history(
        review: Review, client: FlaskClient, session: Session) -> None:
    section = with_history(review)
    later = books.create_section(session, review.editor, section.chapter, title="Later")
    session.commit()
    before = counts(session, section)
    sign_in(client, review.editor.email)
    post(client, f"/sections/{section.id}/delete")
    assert [s.id for s in session.get_one(Chapter, section.chapter_id).sections] == [later.id]

    sign_in(client, review.author.email)  # the trio's writer restores it
    listing = page(client, "/books/book/trash")
    assert "S" in listing and "Esme Editor" in listing and "29 days" in listing
    assert "Delete forever" not in listing  # only admins purge
    item_id = session.scalar(select(TrashItem.id))
    response = post(client, f"/trash/{item_id}/restore")
    assert response.headers["Location"] == f"/sections/{section.id}"
    assert "Restored “S” to its chapter, with its history." in page(client, response.headers[
        "Location"])
    session.expire_all()
    assert [s.id for s in session.get_one(Chapter, section.chapter_id).sections] == [
        section.id, later.id]
    assert counts(session, section) == before
    assert session.scalar(select(func.count()).select_from(TrashItem)) == 0
    history = page(client, f"/sections/{section.id}/history")
    assert "Before the workshop" in history
    assert "The trash is empty." in page(client, "/books/book/trash")


def test_a_trashed_chapter_takes_its_sections_and_brings_them_back(
        review: Review, client: FlaskClient, session: Session) -> None:
    section = with_history(review)
    chapter_id = section.chapter_id
    sign_in(client, review.editor.email)
    confirm = page(client, f"/chapters/{chapter_id}/delete")
    assert ("This chapter with its 1 section, 3 revisions, 1 open proposal and 1 comment goes "
            "to the trash.") in confirm
    post(client, f"/chapters/{chapter_id}/delete")
    contents = page(client, "/books/book")
    assert f'href="/chapters/{chapter_id}"' not in contents
    assert f'href="/sections/{section.id}"' not in contents
    assert client.get(f"/chapters/{chapter_id}").status_code == 404
    assert "restoring the chapter brings it back" in page(client, f"/sections/{section.id}")

    item = session.scalar(select(TrashItem))
    assert item is not None and item.kind == "chapter"
    assert post(client, f"/trash/{item.id}/restore").headers["Location"] == (
        f"/chapters/{chapter_id}")
    assert f'href="/sections/{section.id}"' in page(client, f"/chapters/{chapter_id}")
    assert counts(session, section)[0] == 3


def test_a_section_cannot_come_back_before_its_chapter(review: Review,
                                                       session: Session) -> None:
    section = review.section
    chapter = section.chapter
    own = trash.trash_section(session, review.editor, section)
    trash.trash_chapter(session, review.editor, chapter)
    session.commit()
    with pytest.raises(Conflict, match="restore the chapter first"):
        trash.restore(session, review.editor, own)


def test_trashed_text_leaves_editions_principle_pages_and_search_and_comes_back(
        review: Review, client: FlaskClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN, email="admin2@test.example")
    tagging.create_principle(session, admin, title="Real work", statement="Real work.")
    section = books.create_section(session, admin, review.section.chapter, title="Tagged",
                                   doc=TAGGED)
    books.publish_section(session, admin, section)
    session.commit()
    book = session.get_one(Book, review.book_id)

    def edition_titles() -> list[str]:
        session.expire_all()
        content = gather(session, session.get_one(Book, book.id), EditionOptions())
        return [s.title for chapter in content.chapters for s in chapter.sections]

    def search_ids() -> list[str]:
        body = client.get("/api/v1/search", query_string={"q": "quixotic"}).get_json()
        return [hit["id"] for hit in body["results"]]

    assert edition_titles() == ["Tagged"]
    assert len(principle_queries.passages_for(session, "principle", "real-work")) == 1
    assert search_ids()
    item = trash.trash_section(session, admin, section)
    session.commit()
    assert edition_titles() == []
    assert principle_queries.passages_for(session, "principle", "real-work") == []
    assert "quixotic" not in page(client, "/principles/real-work")
    assert search_ids() == []

    trash.restore(session, admin, item)
    session.commit()
    assert edition_titles() == ["Tagged"]
    assert len(principle_queries.passages_for(session, "principle", "real-work")) == 1
    assert search_ids()


def test_the_trio_is_told_when_its_section_goes_and_comes_back(review: Review,
                                                               session: Session) -> None:
    item = trash.trash_section(session, review.editor, review.section)
    session.commit()
    trash.restore(session, review.editor, item)
    session.commit()
    told = session.scalars(select(Notification).order_by(Notification.id)).all()
    assert [(n.user_id, n.kind, n.section_id) for n in told] == [
        (review.author.id, "trashed", review.section.id),
        (review.author.id, "restored", review.section.id)]  # never the editor who did it


def test_the_inbox_says_in_plain_words_what_went_to_the_trash(
        review: Review, client: FlaskClient, session: Session) -> None:
    chapter = review.section.chapter
    trash.trash_chapter(session, review.editor, chapter)
    session.commit()
    sign_in(client, review.author.email)
    inbox = page(client, "/inbox")
    assert re.search(r"Esme Editor</strong> moved your chapter <a [^>]+>Chapter</a> and its "
                     r"sections to the trash: it can be restored for 30 days", inbox)
    entry = session.scalar(select(Notification.id))
    assert client.get(f"/inbox/{entry}").headers["Location"] == "/books/book/trash"


def test_nothing_is_written_into_a_trashed_section_or_its_proposals(review: Review) -> None:
    proposal = review.propose()
    assert review.call("DELETE", f"/sections/{review.section.id}",
                       review.as_editor).status_code == 204
    state = review.call("GET", f"/proposals/{proposal['id']}", review.as_author)
    steps = review.call("POST", f"/proposals/{proposal['id']}/steps", review.as_author,
                        {"version": state.get_json()["version"], "steps": [], "clientID": "t"})
    assert steps.status_code == 409
    assert "in the trash" in steps.get_json()["error"]
    editor = review.call("POST", f"/sections/{review.section.id}/steps", review.as_author,
                         {"version": 0, "steps": [], "clientID": "t"})
    assert editor.status_code == 404
    assert review.call("POST", f"/sections/{review.section.id}/proposals", review.as_author,
                       {"title": "More"}).status_code == 404


def test_expired_items_are_purged_when_the_trash_is_listed(review: Review,
                                                           session: Session) -> None:
    section = with_history(review)
    document_id = section.document_id
    item = trash.trash_section(session, review.editor, section)
    fresh = books.create_section(session, review.editor, section.chapter, title="Fresh")
    kept = trash.trash_section(session, review.editor, fresh)
    item.purge_after = utcnow() - timedelta(minutes=1)
    session.commit()
    book = session.get_one(Book, review.book_id)
    assert [i.id for i in trash.open_trash(session, review.editor, book)] == [kept.id]
    session.commit()
    session.expire_all()
    assert session.get(Section, section.id) is None
    assert session.scalar(select(func.count()).select_from(Revision)
                          .where(Revision.document_id == document_id)) == 0
    assert session.get(Section, fresh.id) is not None


def test_purging_a_chapter_takes_sections_trashed_before_it(review: Review,
                                                            session: Session) -> None:
    admin = make_user(session, Role.ADMIN, email="admin2@test.example")
    chapter = review.section.chapter
    other = books.create_section(session, admin, chapter, title="Other")
    trash.trash_section(session, admin, other)
    item = trash.trash_chapter(session, admin, chapter)
    session.commit()
    trash.purge(session, admin, item)
    session.commit()
    assert session.scalar(select(func.count()).select_from(Section)) == 0
    assert session.scalar(select(func.count()).select_from(TrashItem)) == 0
    assert session.scalar(select(func.count()).select_from(Chapter)) == 0


def test_only_admins_delete_forever_after_their_own_confirmation(
        review: Review, client: FlaskClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN, email="admin2@test.example")
    item = trash.trash_section(session, review.editor, with_history(review))
    session.commit()
    sign_in(client, review.editor.email)
    assert client.get(f"/trash/{item.id}/purge").status_code == 403
    sign_in(client, admin.email)
    listing = page(client, "/books/book/trash")
    assert f'href="/trash/{item.id}/purge"' in listing
    confirm = page(client, f"/trash/{item.id}/purge")
    assert "This cannot be undone" in confirm and "3 revisions" in confirm
    response = post(client, f"/trash/{item.id}/purge")
    assert response.headers["Location"] == "/books/book/trash"
    assert "“S” is deleted for good." in page(client, "/books/book/trash")
    assert session.scalar(select(func.count()).select_from(Section)) == 0
