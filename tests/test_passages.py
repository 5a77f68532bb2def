"""Principle pages list the published passages tagged with them, linked to the block."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.library import service as library
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


def test_the_principles_map_and_principle_page_show_where_it_lives(
    client: FlaskClient, session: Session
) -> None:
    admin = make_user(session, Role.ADMIN)
    real = tagging.create_principle(session, admin, title="Real work", statement="S.")
    care = tagging.create_principle(session, admin, title="Care", statement="S.")
    book = books.create_book(session, admin, title="Book")
    chapter = books.create_chapter(session, admin, book, title="Listening chapter")
    blocks = [{"type": "paragraph", "attrs": {"id": f"b{n}", "principles": [real.slug]},
               "content": [{"type": "text", "text": f"Passage {n}."}]} for n in range(3)]
    section = books.create_section(session, admin, chapter, title="Why",
                                   doc={"type": "doc", "content": blocks})
    books.publish_section(session, admin, section)
    library.add_resource(session, admin, title="A report on real work", kind="report",
                         principles=[real.slug])
    session.commit()

    overview = client.get("/principles").get_data(as_text=True)
    assert '<svg viewBox="0 0' in overview and 'role="img"' in overview
    assert "Listening chapter — Real work: 3 passages" in overview
    assert "Listening chapter — Care: 0 passages" in overview
    assert "<th scope=\"row\">Listening chapter</th><td>3</td><td>0</td>" in overview
    page = client.get(f"/principles/{real.slug}").get_data(as_text=True)
    assert "Where it is most present" in page and "3 tagged passages" in page
    assert "A report on real work" in page
    assert "A report on real work" not in client.get(f"/principles/{care.slug}").get_data(
        as_text=True)
