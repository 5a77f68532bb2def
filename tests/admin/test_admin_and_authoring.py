"""Admins manage people, coordinators shape trios and tags, authors and editors write."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books.models import Chapter, Section
from cbook.principles import service as tagging
from cbook.roles import Role, SectionStatus
from tests.support import csrf_token, make_user, sign_in


def post(client: FlaskClient, url: str, **data: object) -> str:
    response = client.post(url, data={**data, "csrf_token": csrf_token(client)},
                           follow_redirects=True)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_admin_adds_a_user_who_can_then_sign_in_with_that_role(app: Flask,
                                                               session: Session) -> None:
    make_user(session, Role.ADMIN)
    admin = app.test_client()
    sign_in(admin, "admin@test.example")
    page = post(admin, "/admin/users", email="Nadia@Example.org", name="Nadia",
                role="editor", password="a long first password")
    assert "User added." in page and "nadia@example.org" in page
    nadia = app.test_client()
    sign_in(nadia, "nadia@example.org", "a long first password")
    assert 'role-badge">editor' in nadia.get("/").get_data(as_text=True)

    user_id = session.scalar(select(User.id).where(User.email == "nadia@example.org"))
    post(admin, f"/admin/users/{user_id}", name="Nadia", role="reader", active="y")
    assert 'role-badge">reader' in nadia.get("/").get_data(as_text=True)
    post(admin, f"/admin/users/{user_id}", name="Nadia", role="reader")  # active unticked
    assert nadia.get("/account").status_code == 302  # deactivation ends her sessions


def test_admin_cannot_demote_themselves(client: FlaskClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    sign_in(client, "admin@test.example")
    page = post(client, f"/admin/users/{admin.id}", name="Admin", role="reader", active="y")
    assert "cannot demote" in page
    session.refresh(admin)
    assert admin.role == Role.ADMIN


def test_trio_membership_gives_an_author_their_chapters(app: Flask, session: Session) -> None:
    make_user(session, Role.COORDINATOR)
    make_user(session, Role.AUTHOR, email="lead@test.example")
    coordinator = app.test_client()
    sign_in(coordinator, "coordinator@test.example")
    post(coordinator, "/books/new", title="Our Culture Book", language="en")
    page = post(coordinator, "/admin/trios", name="Boards that listen",
                lead="lead@test.example", members="")
    assert "Boards that listen" in page and "(lead)" in page

    author = app.test_client()
    sign_in(author, "lead@test.example")
    post(author, "/books/our-culture-book/chapters", title="Redesigning board meetings")
    chapter = session.scalar(select(Chapter).where(Chapter.title == "Redesigning board meetings"))
    assert chapter is not None and chapter.trio is not None
    assert chapter.trio.name == "Boards that listen"

    post(author, f"/chapters/{chapter.id}/sections", title="Start with the agenda")
    section = session.scalar(select(Section).where(Section.chapter_id == chapter.id))
    assert section is not None and section.status == SectionStatus.DRAFT
    # Readers don't see it yet; the author does.
    assert app.test_client().get(f"/sections/{section.id}").status_code == 404
    assert author.get(f"/sections/{section.id}").status_code == 200


def test_section_settings_tag_review_publish_reorder_delete(app: Flask,
                                                           session: Session) -> None:
    editor_user = make_user(session, Role.EDITOR)
    coordinator_user = make_user(session, Role.COORDINATOR)
    tagging.create_principle(session, coordinator_user, title="Real work",
                             statement="We are driven by real work.", slug="real-work")
    tagging.create_audience(session, coordinator_user, name="Board members",
                            slug="board-members")
    session.commit()
    editor = app.test_client()
    sign_in(editor, "editor@test.example")
    coordinator = app.test_client()
    sign_in(coordinator, "coordinator@test.example")
    post(coordinator, "/books/new", title="Book", slug="book", language="en")
    post(editor, "/books/book/chapters", title="Chapter")
    chapter_id = session.scalar(select(Chapter.id))
    for title in ("One", "Two"):
        post(editor, f"/chapters/{chapter_id}/sections", title=title)
    one, two = session.scalars(select(Section).order_by(Section.id)).all()

    post(editor, f"/sections/{one.id}/settings", title="One, retitled", status="in_review",
         principles="real-work", audiences="board-members")
    session.refresh(one)
    assert one.status == SectionStatus.IN_REVIEW
    assert [p.slug for p in one.principles] == ["real-work"]
    assert [a.slug for a in one.audiences] == ["board-members"]

    post(editor, f"/sections/{one.id}/publish")
    reader_view = app.test_client().get(f"/sections/{one.id}").get_data(as_text=True)
    assert "One, retitled" in reader_view and "Real work" in reader_view
    principle_page = app.test_client().get("/principles/real-work").get_data(as_text=True)
    assert "One, retitled" in principle_page

    post(editor, f"/sections/{two.id}/move", direction="up")
    chapter_page = editor.get(f"/chapters/{chapter_id}").get_data(as_text=True)
    assert chapter_page.index(">Two<") < chapter_page.index(">One, retitled<")

    post(editor, f"/sections/{one.id}/unpublish")
    assert app.test_client().get(f"/sections/{one.id}").status_code == 404
    post(editor, f"/sections/{two.id}/delete")
    # Deleting moves the section to the book's trash: gone from the chapter, not destroyed.
    assert ">Two<" not in editor.get(f"/chapters/{chapter_id}").get_data(as_text=True)
    assert session.scalar(select(Section.trashed_at).where(Section.id == two.id)) is not None
    assert editor_user.role == Role.EDITOR


def test_principles_and_audiences_are_managed_from_admin_pages(client: FlaskClient,
                                                               session: Session) -> None:
    make_user(session, Role.COORDINATOR)
    sign_in(client, "coordinator@test.example")
    page = post(client, "/admin/principles", title="Shared purpose",
                statement="We are anchored by shared purpose.")
    assert "Shared purpose" in page
    post(client, "/admin/principles/shared-purpose", title="Shared purpose",
         statement="Anchored by a bold, shared vision.")
    public = client.application.test_client().get("/principles/shared-purpose")
    assert "Anchored by a bold, shared vision." in public.get_data(as_text=True)
    post(client, "/admin/audiences", name="Community leaders")
    assert re.search(r"Community leaders", client.get("/admin/audiences").get_data(as_text=True))
    post(client, "/admin/audiences/community-leaders/delete")
    assert "Community leaders" not in client.get("/admin/audiences").get_data(as_text=True)
