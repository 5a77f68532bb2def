"""A section page's body is rendered once for everyone who may do the same things there,
and the header once for everyone whose header it would be alike: what each person sees
still follows at once every change to the content, their role, their trios, their inbox
and their sign-in."""

from __future__ import annotations

import re

from flask import Flask, template_rendered
from flask.testing import FlaskClient
from jinja2 import Template
from sqlalchemy.orm import Session

from cbook.accounts import service as accounts
from cbook.accounts.models import User
from cbook.books import service as books
from cbook.books.models import Book, Section, Trio
from cbook.books.trios import add_member, create_trio, remove_member
from cbook.review.models import Notification, NotificationKind
from cbook.roles import Role
from tests.support import count_queries, csrf_token, make_user, sign_in

TOOLS = 'data-testid="section-tools"'


def _book(session: Session) -> tuple[User, Trio, Section, Section]:
    admin = make_user(session, Role.ADMIN)
    trio = create_trio(session, admin, name="Writers")
    book = books.create_book(session, admin, title="Shared book")
    chapter = books.create_chapter(session, admin, book, title="Chapter", trio=trio)
    first = books.create_section(session, admin, chapter, title="First section")
    second = books.create_section(session, admin, chapter, title="Second section")
    books.publish_section(session, admin, first)
    books.publish_section(session, admin, second)
    session.commit()
    return admin, trio, first, second


def _signed_in(app: Flask, session: Session, role: Role, email: str) -> tuple[FlaskClient, User]:
    user = make_user(session, role, email)
    browser = app.test_client()
    sign_in(browser, email)
    return browser, user


def _page(browser: FlaskClient, section: Section, query: str = "") -> str:
    response = browser.get(f"/sections/{section.id}{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _inbox_badge(page: str) -> str | None:
    marker = 'data-testid="inbox-link">Inbox'
    after = page.split(marker, 1)[1].split("</a>", 1)[0]
    if "count-badge" not in after:
        return None
    return after.split('<span class="count-badge">', 1)[1].split("<", 1)[0]


def test_the_second_reader_of_a_section_costs_no_section_queries(
        app: Flask, session: Session) -> None:
    _, _, first, _ = _book(session)
    one, _ = _signed_in(app, session, Role.READER, "one@test.example")
    two, _ = _signed_in(app, session, Role.READER, "two@test.example")
    assert "First section" in _page(one, first)
    with count_queries(app.extensions["cbook.engine"]) as statements:
        page = _page(two, first)
    assert "First section" in page and "Second section" in page  # title and pager
    assert not [sql for sql in statements if "FROM sections" in sql]


def test_a_signed_in_reader_sees_a_retitled_section_and_its_new_neighbour_at_once(
        app: Flask, session: Session) -> None:
    admin, _, first, second = _book(session)
    reader, _ = _signed_in(app, session, Role.READER, "reader@test.example")
    assert "Second section" in _page(reader, first)
    books.update_section(session, admin, first, title="Renamed first")
    books.update_section(session, admin, second, title="Renamed second")
    session.commit()
    page = _page(reader, first)
    assert "<title>Renamed first" in page and "Renamed second" in page
    assert "First section" not in page and ">Second section<" not in page


def test_the_inbox_count_follows_new_and_read_notifications(
        app: Flask, session: Session) -> None:
    _, _, first, _ = _book(session)
    reader, user = _signed_in(app, session, Role.READER, "reader@test.example")
    assert _inbox_badge(_page(reader, first)) is None
    session.add_all([Notification(user_id=user.id, kind=NotificationKind.MENTIONED)
                     for _ in range(2)])
    session.commit()
    assert _inbox_badge(_page(reader, first)) == "2"
    other, _ = _signed_in(app, session, Role.READER, "other@test.example")
    assert _inbox_badge(_page(other, first)) is None  # the same page, someone else's inbox
    for entry in session.query(Notification).filter_by(user_id=user.id):
        entry.read_at = entry.created_at
    session.commit()
    assert _inbox_badge(_page(reader, first)) is None


def test_a_promoted_reader_gets_the_editing_tools_at_once_and_loses_them_when_demoted(
        app: Flask, session: Session) -> None:
    admin, _, first, _ = _book(session)
    reader, user = _signed_in(app, session, Role.READER, "reader@test.example")
    page = _page(reader, first)
    assert TOOLS not in page and '<span class="role-badge">reader</span>' in page
    accounts.update_user(session, admin, user, role=Role.EDITOR)
    session.commit()
    page = _page(reader, first)
    assert "Edit the text" in page and '<span class="role-badge">editor</span>' in page
    accounts.update_user(session, admin, user, role=Role.READER)
    session.commit()
    assert TOOLS not in _page(reader, first)


def test_an_author_writes_a_section_only_while_in_its_chapters_trio(
        app: Flask, session: Session) -> None:
    admin, trio, first, _ = _book(session)
    author, user = _signed_in(app, session, Role.AUTHOR, "author@test.example")
    outsider, _ = _signed_in(app, session, Role.AUTHOR, "outsider@test.example")
    assert "Propose a change" in _page(author, first)  # an author outside the trio
    add_member(session, admin, trio, user)
    session.commit()
    assert "Edit the text" in _page(author, first)
    assert "Edit the text" not in _page(outsider, first)
    assert "Propose a change" in _page(outsider, first)
    remove_member(session, admin, trio, user)
    session.commit()
    page = _page(author, first)
    assert "Edit the text" not in page and "Propose a change" in page


def test_writers_reading_the_working_draft_see_each_change_to_it(
        app: Flask, session: Session) -> None:
    admin, _, first, _ = _book(session)
    editor, _ = _signed_in(app, session, Role.EDITOR, "editor@test.example")
    draft = {"type": "doc", "content": [{"type": "paragraph", "content": [
        {"type": "text", "text": "first draft words"}]}]}
    books.replace_document(session, admin, first, draft)
    session.commit()
    assert "first draft words" in _page(editor, first, "?draft=1")
    assert "first draft words" not in _page(editor, first)  # the published text
    draft["content"][0]["content"][0]["text"] = "second draft words"  # type: ignore[index]
    books.replace_document(session, admin, first, draft)
    session.commit()
    page = _page(editor, first, "?draft=1")
    assert "second draft words" in page and "first draft words" not in page


def test_a_signed_out_or_deactivated_browser_is_anonymous_on_its_next_request(
        app: Flask, session: Session) -> None:
    admin, _, first, _ = _book(session)
    reader, user = _signed_in(app, session, Role.READER, "reader@test.example")
    assert "Sign out" in _page(reader, first)
    kept = reader.get_cookie("cbook_session")
    assert kept is not None
    reader.post("/logout", data={"csrf_token": csrf_token(reader)})
    replayed = app.test_client()
    replayed.set_cookie("cbook_session", kept.value)
    page = _page(replayed, first)
    assert "Sign out" not in page and "Sign in" in page

    again = app.test_client()
    sign_in(again, "reader@test.example")
    assert "Sign out" in _page(again, first)
    accounts.update_user(session, admin, user, active=False)
    session.commit()
    page = _page(again, first)
    assert "Sign out" not in page and "Sign in" in page


def test_the_editions_link_names_the_book_of_the_page(app: Flask, session: Session) -> None:
    admin, _, first, _ = _book(session)
    other = books.create_book(session, admin, title="Another book")
    chapter = books.create_chapter(session, admin, other, title="Elsewhere")
    elsewhere = books.create_section(session, admin, chapter, title="Elsewhere section")
    books.publish_section(session, admin, elsewhere)
    session.commit()
    coordinator, _ = _signed_in(app, session, Role.COORDINATOR, "coord@test.example")
    slugs = {book.id: book.slug for book in session.query(Book)}
    for section in (first, elsewhere, first):
        page = _page(coordinator, section)
        book_slug = slugs[section.chapter.book_id]
        assert f'href="/books/{book_slug}/exports" data-testid="editions-link"' in page


def test_the_menu_marks_the_page_it_is_on(app: Flask, session: Session) -> None:
    _, _, first, _ = _book(session)
    reader, _ = _signed_in(app, session, Role.READER, "reader@test.example")
    assert 'aria-current="page"' not in _page(reader, first).split("</header>", 1)[0]
    principles = reader.get("/principles").get_data(as_text=True)
    assert 'href="/principles" aria-current="page"' in principles
    home = reader.get("/books").get_data(as_text=True)
    assert 'href="/books" aria-current="page"' in home
    assert 'href="/principles" aria-current="page"' not in home


def _meta_csrf(page: str) -> str:
    found = re.search(r'<meta name="csrf-token" content="([^"]+)">', page)
    assert found, "a signed-in page carries its session's CSRF token"
    return found.group(1)


def test_a_page_kept_whole_renders_once_and_still_carries_each_sessions_own_token(
        app: Flask, session: Session) -> None:
    _, _, first, _ = _book(session)
    laptop, _ = _signed_in(app, session, Role.READER, "reader@test.example")
    phone = app.test_client()
    sign_in(phone, "reader@test.example")  # the same person in a second browser
    rendered: list[str] = []

    def note(_app: Flask, template: Template, **_: object) -> None:
        rendered.append(str(template.name))

    with template_rendered.connected_to(note, app):
        laptop_pages = [_page(laptop, first) for _ in range(3)]
        phone_page = _page(phone, first)
    assert laptop_pages[0] == laptop_pages[2]
    # Once for the laptop's session and once for the phone's: never again per request.
    assert rendered.count("books/section.html") == 2
    assert _meta_csrf(laptop_pages[2]) != _meta_csrf(phone_page)
    # The token on the kept page is the session's own: signing out with it works.
    answer = laptop.post("/logout", data={"csrf_token": _meta_csrf(laptop_pages[2])})
    assert answer.status_code == 302
    assert "Sign in" in _page(laptop, first) and "csrf-token" not in _page(laptop, first)


def test_a_message_meant_for_the_section_page_shows_once_and_is_never_kept(
        app: Flask, session: Session) -> None:
    admin, _, first, _ = _book(session)
    editor, _ = _signed_in(app, session, Role.EDITOR, "editor@test.example")
    assert "Published: readers now see this version." not in _page(editor, first)
    books.update_section(session, admin, first, title="First section, edited")
    session.commit()
    answer = editor.post(f"/sections/{first.id}/publish",
                         data={"csrf_token": _meta_csrf(_page(editor, first))})
    assert answer.status_code == 302
    assert "Published: readers now see this version." in _page(editor, first)
    assert "Published: readers now see this version." not in _page(editor, first)
