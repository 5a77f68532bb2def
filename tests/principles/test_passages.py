"""Principle pages list the published passages tagged with them, linked to the block."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books import service as books
from cbook.library import service as library
from cbook.principles import service as tagging
from cbook.principles.models import Principle
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


def _listening_chapter(session: Session, passages: int) -> tuple[User, Principle, Principle]:
    """Principles "Real work" and "Care"; a published section of "Listening chapter" with
    ``passages`` paragraphs tagged "Real work" and none tagged "Care"."""
    admin = make_user(session, Role.ADMIN)
    real = tagging.create_principle(session, admin, title="Real work", statement="S.")
    care = tagging.create_principle(session, admin, title="Care", statement="S.")
    book = books.create_book(session, admin, title="Book")
    chapter = books.create_chapter(session, admin, book, title="Listening chapter")
    blocks = [{"type": "paragraph", "attrs": {"id": f"b{n}", "principles": [real.slug]},
               "content": [{"type": "text", "text": f"Passage {n}."}]} for n in range(passages)]
    section = books.create_section(session, admin, chapter, title="Why",
                                   doc={"type": "doc", "content": blocks})
    books.publish_section(session, admin, section)
    return admin, real, care


def test_the_principles_map_and_principle_page_show_where_it_lives(
    client: FlaskClient, session: Session
) -> None:
    admin, real, care = _listening_chapter(session, passages=3)
    library.add_resource(session, admin, title="A report on real work", kind="report",
                         principles=[real.slug])
    session.commit()

    overview = client.get("/principles").get_data(as_text=True)
    assert '<svg viewBox="0 0' in overview
    assert 'role="group" aria-labelledby="map-title"' in overview
    assert 'aria-label="Listening chapter — Real work: 3 passages"' in overview
    assert "Listening chapter — Real work: 3 passages" in overview
    assert "Listening chapter — Care: 0 passages" in overview
    assert "<th scope=\"row\">Listening chapter</th><td>3</td><td>0</td>" in overview
    page = client.get(f"/principles/{real.slug}").get_data(as_text=True)
    assert "3 tagged passages, in 1 chapter:" in page
    assert '<a href="#chapter-' in page and "3 passages" in page
    assert "A report on real work" in page
    assert "A report on real work" not in client.get(f"/principles/{care.slug}").get_data(
        as_text=True)


def test_a_principle_page_is_one_list_of_passages_grouped_by_chapter(
    client: FlaskClient, session: Session
) -> None:
    admin = make_user(session, Role.ADMIN)
    real = tagging.create_principle(session, admin, title="Real work", statement="S.")
    book = books.create_book(session, admin, title="Book")
    first = books.create_chapter(session, admin, book, title="First chapter")
    second = books.create_chapter(session, admin, book, title="Second chapter")

    def passage(block_id: str, text: str) -> dict[str, object]:
        return {"type": "paragraph", "attrs": {"id": block_id, "principles": [real.slug]},
                "content": [{"type": "text", "text": text}]}

    later = books.create_section(session, admin, second, title="Later", doc={
        "type": "doc", "content": [passage("c1", "Third quote."), passage("c2", "Fourth.")]})
    early = books.create_section(session, admin, first, title="Early", doc={
        "type": "doc", "content": [passage("a1", "First quote."), passage("a2", "Second.")]})
    whole = books.create_section(session, admin, first, title="Tagged whole", doc={
        "type": "doc", "content": [{"type": "paragraph", "attrs": {"id": "w"},
                                    "content": [{"type": "text", "text": "Untagged."}]}]})
    books.update_section(session, admin, whole, principles=[real.slug])
    for section in (later, early, whole):
        books.publish_section(session, admin, section)
    session.commit()

    html = client.get(f"/principles/{real.slug}").get_data(as_text=True)
    assert html.count('data-testid="passages"') == 2  # one list per chapter, no duplicates
    assert html.count("Third quote.") == 1
    order = [html.index(text) for text in ("First chapter</a></h3>", "First quote.",
                                           "Second.", "Tagged whole</a>",
                                           "Second chapter</a></h3>", "Third quote.")]
    assert order == sorted(order)
    # Each quote and the link to where it is read sit in the same list item.
    item = re.search(r'<li class="passage-item">(.*?)</li>', html, re.DOTALL)
    assert item is not None and "First quote." in item.group(1)
    assert f'href="/sections/{early.id}#b-a1"' in item.group(1)
    # The summary counts per chapter, so it says something ties never could.
    assert "4 tagged passages, across 2 chapters:" in html
    assert re.search(rf'href="#chapter-{first.id}">First chapter</a>\s*'
                     r'<span class="presence__count">2 passages', html)
    assert "Where it is most present" not in html


def test_phones_get_the_principles_map_as_a_list_per_chapter(
    client: FlaskClient, session: Session
) -> None:
    _admin, real, care = _listening_chapter(session, passages=1)
    session.commit()
    html = client.get("/principles").get_data(as_text=True)
    listed = html[html.index('data-testid="principle-map-list"'):html.index("<figcaption>")]
    assert "Listening chapter" in listed
    assert f'href="/principles/{real.slug}">Real work</a>' in listed and "1 passage" in listed
    assert care.title not in listed  # only what is there


def _cell_x(html: str, principle_slug: str) -> float:
    found = re.search(rf'<a href="/principles/{principle_slug}"[^>]*>\s*<rect x="([\d.]+)"', html)
    assert found, f"no map cell for {principle_slug}"
    return float(found.group(1))


def test_the_principles_map_reads_from_the_right_in_a_right_to_left_language(
    client: FlaskClient, session: Session
) -> None:
    _admin, first, second = _listening_chapter(session, passages=1)
    session.commit()

    english = client.get("/principles").get_data(as_text=True)
    assert _cell_x(english, first.slug) < _cell_x(english, second.slug)
    assert 'text-anchor="end" class="principle-map__label"' in english
    client.get("/language/ar")
    arabic = client.get("/principles").get_data(as_text=True)
    assert 'dir="rtl"' in arabic
    assert _cell_x(arabic, first.slug) > _cell_x(arabic, second.slug)
    # The chapters keep their book's language (English) on an Arabic page.
    assert 'text-anchor="start" class="principle-map__label" lang="en" dir="ltr"' in arabic
    assert re.search(r'<th scope="row" lang="en" dir="ltr">', arabic)
