"""The editions page: reachable from the book, each format's own options, audience names."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books import service as books
from cbook.books.models import Book
from cbook.export.models import ExportJob
from cbook.principles import service as principles
from cbook.roles import Role
from tests.support import api_token, csrf_token, make_user, sign_in


@pytest.fixture
def small_book(session: Session) -> Book:
    admin = make_user(session, Role.ADMIN)
    principles.create_audience(session, admin, name="Board members")
    made = books.create_book(session, admin, title="Small book")
    chapter = books.create_chapter(session, admin, made, title="One")
    section = books.create_section(session, admin, chapter, title="Only")
    session.flush()
    books.publish_section(session, admin, section)
    make_user(session, Role.COORDINATOR, email="coord@test.example")
    make_user(session, Role.AUTHOR, email="author@test.example")
    session.commit()
    return made


def groups(page: str) -> dict[str, str]:
    """Each option fieldset's legend -> the formats it is marked for."""
    return {legend: formats for formats, legend in re.findall(
        r'<fieldset class="edition-form__options" data-formats="([^"]+)">\s*'
        r"<legend>([^<]+)</legend>", page)}


def test_the_book_page_links_to_its_editions_for_those_who_may_publish(
        client: FlaskClient, small_book: Book) -> None:
    link = f'href="/books/{small_book.slug}/exports"'
    assert link not in client.get(f"/books/{small_book.slug}").get_data(as_text=True)
    sign_in(client, "author@test.example")
    assert link not in client.get(f"/books/{small_book.slug}").get_data(as_text=True)
    sign_in(client, "coord@test.example")
    page = client.get(f"/books/{small_book.slug}").get_data(as_text=True)
    assert link in page and "Editions" in page


def test_options_are_grouped_by_the_formats_they_apply_to(
        client: FlaskClient, small_book: Book) -> None:
    sign_in(client, "coord@test.example")
    page = client.get(f"/books/{small_book.slug}/exports").get_data(as_text=True)
    found = groups(page)
    assert found["Paper (PDF)"] == "pdf"
    assert found["Blog series"] == "blog"
    assert "epub" in found["Opening pages (EPUB, PDF)"].split()
    assert all("epub" not in formats.split() for legend, formats in found.items()
               if legend in ("Paper (PDF)", "Blog series"))
    # The audience list offers names, not slugs.
    assert '<option value="board-members">Board members</option>' in page


def test_an_epub_ignores_options_of_other_formats(
        client: FlaskClient, session: Session, small_book: Book) -> None:
    sign_in(client, "coord@test.example")
    client.get(f"/books/{small_book.slug}/exports")
    posted = client.post(f"/books/{small_book.slug}/exports", data={
        "csrf_token": csrf_token(client), "format": "epub", "audience": "board-members",
        "paper": "a5", "contents_depth": "1", "title_page": "y",
        "blog_interval_days": "0", "blog_unit": "section"})  # a blog value out of range
    assert posted.status_code == 303
    job = session.scalars(select(ExportJob).order_by(ExportJob.id.desc())).first()
    assert job is not None and job.format == "epub"
    assert job.options["contents_depth"] == 1 and job.options["title_page"] is True
    assert not {"paper", "blog_unit", "blog_interval_days"} & set(job.options)
    listing = client.get(f"/books/{small_book.slug}/exports").get_data(as_text=True)
    assert "EPUB (e-readers) · Board members" in listing

    # The same bad value for the blog itself is refused, and says so.
    refused = client.post(f"/books/{small_book.slug}/exports", data={
        "csrf_token": csrf_token(client), "format": "blog", "audience": "",
        "blog_interval_days": "0", "blog_unit": "section"})
    assert refused.status_code == 200 and "field__error" in refused.get_data(as_text=True)


def test_the_api_still_checks_every_option_and_keeps_only_the_formats_own(
        client: FlaskClient, session: Session, small_book: Book) -> None:
    user = session.scalars(select(User).where(User.email == "coord@test.example")).one()
    headers = api_token(session, user)
    bad = client.post(f"/api/v1/books/{small_book.slug}/exports", headers=headers,
                      json={"format": "epub", "options": {"paper": "a3"}})
    assert bad.status_code == 400 and "paper" in bad.get_json()["error"]
    good = client.post(f"/api/v1/books/{small_book.slug}/exports", headers=headers,
                       json={"format": "pdf", "options": {"paper": "a5", "blog_unit": "section"}})
    assert good.status_code == 202
    job = session.get(ExportJob, good.get_json()["id"])
    assert job is not None and job.options == {"paper": "a5"}
