"""Anonymous reader pages are cached, and never stale after a change readers can see."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.content_state import current_generation
from cbook.roles import Role
from tests.support import csrf_token, make_user, sign_in


def _published_section(session: Session) -> tuple[object, object]:
    admin = make_user(session, Role.ADMIN)
    book = books.create_book(session, admin, title="Cached book")
    chapter = books.create_chapter(session, admin, book, title="Chapter")
    section = books.create_section(session, admin, chapter, title="First title")
    books.publish_section(session, admin, section)
    session.commit()
    return admin, section


def test_a_renamed_section_shows_its_new_title_at_once(client: FlaskClient,
                                                       session: Session) -> None:
    admin, section = _published_section(session)
    url = f"/sections/{section.id}"  # type: ignore[attr-defined]
    assert "First title" in client.get(url).get_data(as_text=True)
    assert "First title" in client.get(url).get_data(as_text=True)  # now from the cache
    books.update_section(session, admin, section, title="Second title")  # type: ignore[arg-type]
    session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Second title" in page and "First title" not in page


def test_unpublishing_removes_the_page_for_readers_at_once(client: FlaskClient,
                                                           session: Session) -> None:
    admin, section = _published_section(session)
    url = f"/sections/{section.id}"  # type: ignore[attr-defined]
    assert client.get(url).status_code == 200
    books.unpublish_section(session, admin, section)  # type: ignore[arg-type]
    session.commit()
    assert client.get(url).status_code == 404


def test_working_draft_edits_do_not_invalidate_reader_pages(session: Session) -> None:
    admin, section = _published_section(session)
    before = current_generation(session)
    new_doc = {"type": "doc", "content": [{"type": "paragraph", "content": [
        {"type": "text", "text": "draft words"}]}]}
    books.replace_document(session, admin, section, new_doc)  # type: ignore[arg-type]
    session.commit()
    assert current_generation(session) == before


def test_signed_in_pages_and_flash_messages_are_never_served_from_the_cache(
    app: Flask, session: Session
) -> None:
    _, section = _published_section(session)
    url = f"/sections/{section.id}"  # type: ignore[attr-defined]
    anonymous = app.test_client()
    anonymous.get(url)
    make_user(session, Role.EDITOR)
    editor = app.test_client()
    sign_in(editor, "editor@test.example")
    page = editor.get(url).get_data(as_text=True)
    assert "Work on this section" in page  # the editor's own view, not the cached one
    editor.post("/logout", data={"csrf_token": csrf_token(editor)})
    farewell = editor.get("/").get_data(as_text=True)
    assert "You are signed out." in farewell
    assert "You are signed out." not in anonymous.get("/").get_data(as_text=True)


def test_anonymous_reader_pages_start_no_session(client: FlaskClient, session: Session) -> None:
    _, section = _published_section(session)
    chapter_id = section.chapter_id  # type: ignore[attr-defined]
    slug = section.chapter.book.slug  # type: ignore[attr-defined]
    for url in ("/", f"/books/{slug}", f"/chapters/{chapter_id}",
                f"/sections/{section.id}", "/principles"):  # type: ignore[attr-defined]
        response = client.get(url)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, f"{url} starts a session"
