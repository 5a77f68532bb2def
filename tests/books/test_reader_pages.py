"""What readers see: published content only, accessible pages, constant query cost."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.accounts.service import find_user_by_email
from cbook.books import service as books
from cbook.books.models import Book, Chapter, Section
from cbook.db import utcnow
from cbook.editor.models import Document
from cbook.roles import Role, SectionStatus
from tests.support import count_queries, make_user, sign_in


def _published_and_draft(session: Session) -> tuple[Section, Section]:
    sections = session.query(Section).all()
    published = next(s for s in sections if s.status == SectionStatus.PUBLISHED)
    draft = next(s for s in sections if s.status == SectionStatus.DRAFT)
    return published, draft


def test_home_contents_and_section_show_the_demo_book(
        client: FlaskClient, demo_session: Session) -> None:
    home = client.get("/").get_data(as_text=True)
    assert "Pushing What Moves" in home
    contents = client.get("/books/pushing-what-moves").get_data(as_text=True)
    published, draft = _published_and_draft(demo_session)
    assert published.title in contents
    assert f'href="/sections/{draft.id}"' not in contents
    page = client.get(f"/sections/{published.id}").get_data(as_text=True)
    assert published.title in page
    assert 'class="prose"' in page and "<p id=\"b-" in page


def test_drafts_are_hidden_from_readers_but_shown_to_their_writers(
    client: FlaskClient, demo_session: Session
) -> None:
    _, draft = _published_and_draft(demo_session)
    assert client.get(f"/sections/{draft.id}").status_code == 404
    sign_in(client, "reader@example.org")
    assert client.get(f"/sections/{draft.id}").status_code == 404
    client.post("/logout")
    editor = client.application.test_client()
    sign_in(editor, "editor@example.org")
    page = editor.get(f"/sections/{draft.id}").get_data(as_text=True)
    assert "not published" in page


def test_published_page_keeps_showing_the_published_text_while_writers_work_on(
    client: FlaskClient, demo_session: Session
) -> None:
    published, _ = _published_and_draft(demo_session)
    editor = find_user_by_email(demo_session, "editor@example.org")
    new_doc = {"type": "doc", "content": [{"type": "paragraph", "content": [
        {"type": "text", "text": "An unpublished rewrite"}]}]}
    books.replace_document(demo_session, editor, published, new_doc)
    demo_session.commit()
    assert "An unpublished rewrite" not in client.get(f"/sections/{published.id}").get_data(
        as_text=True)
    books.publish_section(demo_session, editor, published)
    demo_session.commit()
    assert "An unpublished rewrite" in client.get(f"/sections/{published.id}").get_data(
        as_text=True)


class Landmarks(HTMLParser):
    """Collects what an accessibility check looks for."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("path", ["/", "/books/pushing-what-moves", "/principles",
                                  "/principles/shared-purpose", "/login", "/chapters/1",
                                  "/sections/1"])
def test_pages_are_accessible_and_self_contained(client: FlaskClient, demo_session: Session,
                                                 path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    parser = Landmarks()
    parser.feed(page)
    tags = parser.tags
    names = [tag for tag, _ in tags]
    html_attrs = tags[0][1]
    assert html_attrs.get("lang") and html_attrs.get("dir") in {"ltr", "rtl"}
    assert names.count("main") == 1 and "header" in names and "footer" in names
    assert names.count("h1") == 1
    assert any(t == "a" and a.get("class") == "skip-link" and a.get("href") == "#main"
               for t, a in tags)
    assert all(a.get("aria-label") or a.get("aria-labelledby") for t, a in tags if t == "nav")
    # Every asset is served from this site: no CDN, no external script or style.
    for tag, attrs in tags:
        for attr in ("src", "href"):
            value = attrs.get(attr) or ""
            if tag in {"script", "link", "img"} and value:
                assert not re.match(r"^(https?:)?//", value), f"external asset {value}"
    # Every form control has a label.
    ids = {a.get("for") for t, a in tags if t == "label"}
    for tag, attrs in tags:
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in {
            "hidden", "submit"
        }:
            assert attrs.get("id") in ids, f"unlabelled {tag} {attrs}"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_right_to_left_books_keep_rtl_text_in_any_interface(
        client: FlaskClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    book = books.create_book(session, admin, title="كتاب الثقافة", language="ar")
    session.commit()
    page = client.get(f"/books/{book.slug}").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page  # the interface's language (tests/home)
    assert '<h1 lang="ar" dir="rtl">كتاب الثقافة</h1>' in page


def _book_with_sections(session: Session, count: int) -> tuple[str, int]:
    book = Book(slug=f"big-{count}", title=f"Book of {count}")
    session.add(book)
    chapters = [Chapter(book=book, title=f"Chapter {i}", position=i) for i in range(10)]
    session.add_all(chapters)
    now = utcnow()
    doc = {"type": "doc", "content": [{"type": "paragraph", "content": [
        {"type": "text", "text": "Text of the section."}]}]}
    sections = [
        Section(chapter=chapters[i % 10], title=f"Section {i}", position=i,
                document=Document(version=0, snapshot=doc, snapshot_version=0),
                status=SectionStatus.PUBLISHED, published_doc=doc, published_version=0,
                published_at=now)
        for i in range(count)
    ]
    session.add_all(sections)
    session.commit()
    return book.slug, sections[count // 2].id


@pytest.mark.parametrize("viewer", ["anonymous", "editor"])
def test_reader_pages_cost_the_same_queries_for_10_or_1000_sections(
    app: Flask, session: Session, viewer: str
) -> None:
    engine = app.extensions["cbook.engine"]
    small = _book_with_sections(session, 10)
    large = _book_with_sections(session, 1000)
    client = app.test_client()
    if viewer != "anonymous":
        make_user(session, Role.EDITOR)
        sign_in(client, "editor@test.example")
    costs = {}
    for label, (slug, section_id) in {"small": small, "large": large}.items():
        for path in (f"/books/{slug}", f"/sections/{section_id}"):
            client.get(path)  # warm any per-process caches
            with count_queries(engine) as statements:
                response = client.get(path)
            assert response.status_code == 200
            costs[(label, path.split("/")[1])] = len(statements)
    assert costs[("small", "books")] == costs[("large", "books")]
    assert costs[("small", "sections")] == costs[("large", "sections")]
    assert costs[("large", "books")] <= 6 and costs[("large", "sections")] <= 8, costs


def test_the_demo_has_a_review_in_progress(client: FlaskClient, demo_session: Session) -> None:
    sign_in(client, "editor@example.org")
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "Say who we brought to the table" in inbox
    proposal_link = re.search(r'href="(/proposals/\d+)"', inbox)
    assert proposal_link
    page = client.get(proposal_link.group(1)).get_data(as_text=True)
    assert "<ins>" in page and "Merges cleanly" in page


def test_the_demo_library_is_loaded_as_added_by_the_coordinator(client: FlaskClient,
                                                                 demo_session: Session) -> None:
    resources = client.get("/api/v1/resources").get_json()
    assert len(resources) >= 10
    assert len({resource["kind"] for resource in resources}) >= 5
    assert {resource["added_by"] for resource in resources} == {"Nadia Rahman"}
    assert all(resource["principles"] and resource["audiences"] for resource in resources)
    assert "Barrier-to-enabler canvas" in client.get("/library").get_data(as_text=True)
