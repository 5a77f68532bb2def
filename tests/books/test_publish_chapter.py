"""Imports land somewhere useful: a trio for the new chapter, and "Publish chapter"."""

from __future__ import annotations

import io

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.books import trios
from cbook.books.models import Chapter, Section
from cbook.roles import Role, SectionStatus
from tests.support import csrf_token, make_user, sign_in

DOC = b"# Working together\n\n## Barriers\n\nWhat stops us.\n\n## Enablers\n\nWhat helps.\n"


def import_file(client: FlaskClient, slug: str, **save: str) -> tuple[str, FlaskClient]:
    """Upload DOC; return the preview page (the client stays on it)."""
    answer = client.post(f"/books/{slug}/import", data={
        "csrf_token": csrf_token(client), "chapter": "", "title": "",
        "file": (io.BytesIO(DOC), "together.md")}, content_type="multipart/form-data")
    assert answer.status_code == 302
    return answer.headers["Location"], client


def test_an_editor_imports_for_a_trio_then_publishes_the_chapter_at_once(
        client: FlaskClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    make_user(session, Role.EDITOR, email="editor@test.example")
    writer = make_user(session, Role.AUTHOR, email="writer@test.example")
    trio = trios.create_trio(session, admin, name="North trio")
    trios.add_member(session, admin, trio, writer, lead=True)
    book = books.create_book(session, admin, title="Book")
    session.commit()

    sign_in(client, "editor@test.example")
    preview_url, _ = import_file(client, book.slug)
    preview = client.get(preview_url).get_data(as_text=True)
    assert 'name="trio"' in preview and "North trio" in preview
    assert "arrive as drafts" in preview
    saved = client.post(preview_url.split("?")[0] + "/save", data={
        "csrf_token": csrf_token(client), "chapter": "", "title": "",
        "trio": str(trio.id)}, follow_redirects=True)
    page = saved.get_data(as_text=True)
    assert "Imported 2 sections, as drafts." in page
    chapter = session.scalars(select(Chapter)).one()
    assert chapter.trio_id == trio.id  # its trio can write in it now
    assert "Publish chapter…" in page

    # One of the two is already published: only the other is listed and published.
    barriers, enablers = chapter.sections
    books.publish_section(session, admin, barriers)
    session.commit()
    pinned = barriers.published_version
    confirm = client.get(f"/chapters/{chapter.id}/publish").get_data(as_text=True)
    start = confirm.index('data-testid="to-publish"')
    listed = confirm[start:confirm.index("</ol>", start)]
    assert "Enablers" in listed and "Barriers" not in listed
    assert "Publish 1 section" in confirm
    done = client.post(f"/chapters/{chapter.id}/publish",
                       data={"csrf_token": csrf_token(client)}, follow_redirects=True)
    assert "Published 1 section: readers now see it." in done.get_data(as_text=True)
    session.expire_all()
    assert all(s.status == SectionStatus.PUBLISHED for s in chapter.sections)
    assert session.get(Section, barriers.id).published_version == pinned  # type: ignore[union-attr]
    reader = client.application.test_client()
    assert "What helps." in reader.get(f"/sections/{enablers.id}").get_data(as_text=True)
    again = client.get(f"/chapters/{chapter.id}/publish").get_data(as_text=True)
    assert "Nothing to publish" in again


def test_authors_import_into_their_own_trio_and_cannot_publish_the_chapter(
        client: FlaskClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    writer = make_user(session, Role.AUTHOR, email="writer@test.example")
    trio = trios.create_trio(session, admin, name="North trio")
    trios.add_member(session, admin, trio, writer, lead=True)
    book = books.create_book(session, admin, title="Book")
    session.commit()
    sign_in(client, "writer@test.example")
    preview_url, _ = import_file(client, book.slug)
    assert 'name="trio"' not in client.get(preview_url).get_data(as_text=True)
    saved = client.post(preview_url.split("?")[0] + "/save", data={
        "csrf_token": csrf_token(client), "trio": "999"}, follow_redirects=True)
    assert "Publish chapter" not in saved.get_data(as_text=True)
    chapter = session.scalars(select(Chapter)).one()
    assert chapter.trio_id == trio.id  # their own, whatever was posted
    refused = client.post(f"/chapters/{chapter.id}/publish",
                          data={"csrf_token": csrf_token(client)})
    assert refused.status_code == 403
    session.expire_all()
    assert all(s.status == SectionStatus.DRAFT for s in chapter.sections)
