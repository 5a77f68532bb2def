"""Anonymous reader pages are cached, and never stale after a change readers can see."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask, Response, request
from flask import session as flask_session
from flask.testing import FlaskClient
from flask_babel import Babel
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.app import create_app, shutdown
from cbook.books import service as books
from cbook.config import Settings
from cbook.content_state import current_generation
from cbook.content_state.models import ContentState
from cbook.roles import Role
from cbook.web import page_cache
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


# The cache itself, on a small app of its own: which requests it answers, and how.

def _counting_app(generation: list[int]) -> tuple[Flask, list[str]]:
    rendered: list[str] = []
    app = Flask("cached")
    app.config["SECRET_KEY"] = "test"
    Babel(app)

    @app.get("/page")
    def page() -> str:
        rendered.append(request.headers.get("Accept-Language", ""))
        return f"page {len(rendered)}"

    @app.get("/personal")
    def personal() -> str:
        flask_session["seen"] = True
        return "sets a cookie"

    @app.get("/other")
    def other() -> str:
        rendered.append("other")
        return "not listed"

    @app.after_request
    def stamp(response: Response) -> Response:
        response.headers["X-Stamp"] = "kept"
        return response

    page_cache.init_app(app, endpoints=["page", "personal"], generation=lambda: generation[0])
    return app, rendered


def test_a_cookieless_page_is_rendered_once_per_generation_and_language() -> None:
    generation = [1]
    app, rendered = _counting_app(generation)
    client = app.test_client()
    first = client.get("/page")
    again = client.get("/page")
    assert again.get_data() == first.get_data() == b"page 1"
    assert again.headers["X-Stamp"] == "kept" and again.content_type == first.content_type
    assert client.get("/page", headers={"Accept-Language": "cy"}).get_data() == b"page 2"
    assert client.get("/page?x=1").get_data() == b"page 3"
    generation[0] = 2
    assert client.get("/page").get_data() == b"page 4"
    assert len(rendered) == 4


def test_unlisted_pages_token_requests_and_cookie_setting_pages_are_not_kept() -> None:
    app, rendered = _counting_app([1])
    client = app.test_client()
    client.get("/other")
    client.get("/other")
    assert rendered == ["other", "other"]
    headers = {"Authorization": "Bearer something"}
    assert client.get("/page", headers=headers).get_data() == b"page 3"
    assert client.get("/page", headers=headers).get_data() == b"page 4"
    fresh = app.test_client()
    assert "Set-Cookie" in fresh.get("/personal").headers
    assert "Set-Cookie" in app.test_client().get("/personal").headers  # rendered again


def test_an_anonymous_visitor_with_a_cookie_is_served_inside_flask_unless_signed_in() -> None:
    app, rendered = _counting_app([1])
    visitor = app.test_client()
    visitor.get("/personal")  # now carries a session cookie, anonymous
    assert visitor.get("/page").get_data() == b"page 1"
    assert visitor.get("/page").get_data() == b"page 1"
    with visitor.session_transaction() as state:
        state["_user_id"] = "7"
    assert visitor.get("/page").get_data() == b"page 2"
    with visitor.session_transaction() as state:
        del state["_user_id"]
        state["_flashes"] = [("info", "Saved.")]
    assert visitor.get("/page").get_data() == b"page 3"
    assert len(rendered) == 3


def test_the_generation_reader_sees_every_committed_change(app: Flask, session: Session) -> None:
    admin, section = _published_section(session)
    read = page_cache.generation_reader(
        app.extensions["cbook.engine"],
        select(ContentState.generation).where(ContentState.id == 1))
    before = read()
    assert before == current_generation(session)
    books.update_section(session, admin, section, title="Renamed")  # type: ignore[arg-type]
    session.commit()
    assert read() == before + 1


def test_an_unmigrated_database_gets_the_apps_error_page_not_a_bare_500(
        tmp_path: Path) -> None:
    settings = Settings(instance=tmp_path / "instance",
                        database_url=f"sqlite:///{tmp_path / 'empty.db'}",
                        secret_key="test-secret-key")
    app = create_app({"TESTING": False}, settings=settings)
    try:
        read = page_cache.generation_reader(
            app.extensions["cbook.engine"],
            select(ContentState.generation).where(ContentState.id == 1))
        with pytest.raises(page_cache.GenerationUnavailable):
            read()
        for client in (app.test_client(), app.test_client()):
            client.get("/login")  # the second visitor carries a cookie
            response = client.get("/sections/1")
            assert response.status_code == 500
            assert "something went wrong on our side" in response.get_data(as_text=True)
            assert "<title>" in response.get_data(as_text=True)  # the app's own page
    finally:
        shutdown(app)


def test_a_shared_part_is_kept_per_generation_and_only_after_asking_for_it() -> None:
    generation = [1]
    app, _ = _counting_app(generation)
    with app.test_request_context("/page"):
        assert page_cache.shared_part(str, ("body",)) is None
        page_cache.keep_shared_part(("body",), "rendered at 1")
    with app.test_request_context("/page"):
        assert page_cache.shared_part(str, ("body",)) == "rendered at 1"
        assert page_cache.shared_part(str, ("other body",)) is None
    with app.test_request_context("/page"):
        # Kept without the generation read first: it could be older than the number.
        page_cache.keep_shared_part(("unasked",), "stale?")
    with app.test_request_context("/page"):
        assert page_cache.shared_part(str, ("unasked",)) is None
    generation[0] = 2
    with app.test_request_context("/page"):
        assert page_cache.shared_part(str, ("body",)) is None
