"""Principle pages list the published passages tagged with them, linked to the block."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.principles import service as tagging
from cbook.roles import Role
from tests.support import make_user


def test_tagged_passages_follow_publishing(client: FlaskClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    principle = tagging.create_principle(session, admin, title="Real work",
                                         statement="We are driven by real work.")
    book = books.create_book(session, admin, title="Book")
    chapter = books.create_chapter(session, admin, book, title="Chapter")
    tagged = {"type": "paragraph",
              "attrs": {"id": "why-1", "principles": [principle.slug]},
              "content": [{"type": "text", "text": "Start from the problem people live with."}]}
    plain = {"type": "paragraph", "attrs": {"id": "other"},
             "content": [{"type": "text", "text": "An untagged aside."}]}
    section = books.create_section(session, admin, chapter, title="Why",
                                   doc={"type": "doc", "content": [plain, tagged]})
    session.commit()
    page = f"/principles/{principle.slug}"
    assert "Start from the problem" not in client.get(page).get_data(as_text=True)

    books.publish_section(session, admin, section)
    session.commit()
    html = client.get(page).get_data(as_text=True)
    assert "Start from the problem people live with." in html
    assert f'href="/sections/{section.id}#b-why-1"' in html
    assert "An untagged aside" not in html
    assert 'id="b-why-1"' in client.get(f"/sections/{section.id}").get_data(as_text=True)

    books.unpublish_section(session, admin, section)
    session.commit()
    assert "Start from the problem" not in client.get(page).get_data(as_text=True)
