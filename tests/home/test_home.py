"""Each person's own home, the header menu, the section toolbar, and reading order."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books import service as books
from cbook.books import trios
from cbook.books.models import Chapter, Section
from cbook.db import utcnow
from cbook.review import queries as review_queries
from cbook.review.service import comments, proposals
from cbook.roles import Role
from tests.support import make_user, sign_in


def _doc(text: str) -> dict[str, object]:
    return {"type": "doc", "content": [{"type": "paragraph", "attrs": {"id": "p1"},
                                        "content": [{"type": "text", "text": text}]}]}


@dataclass
class Shelf:
    """A book of three chapters; the Harbour trio (Ayo, Bea) writes the second."""

    author: User
    co_author: User
    outsider: User
    chapters: list[Chapter]
    sections: dict[str, Section]


@pytest.fixture
def harbour(session: Session) -> Shelf:
    admin = make_user(session, Role.ADMIN, name="Ada Admin")
    author = make_user(session, Role.AUTHOR, "ayo@test.example", name="Ayo Author")
    co_author = make_user(session, Role.AUTHOR, "bea@test.example", name="Bea Writer")
    outsider = make_user(session, Role.AUTHOR, "olu@test.example", name="Olu Outside")
    make_user(session, Role.EDITOR, name="Esme Editor")
    make_user(session, Role.COORDINATOR, name="Cleo Coordinator")
    make_user(session, Role.READER, name="Rui Reader")
    trio = trios.create_trio(session, admin, name="Harbour")
    trios.set_trio_members(session, admin, trio, lead=author.email, members=[co_author.email])
    book = books.create_book(session, admin, title="Working together")
    chapters = [books.create_chapter(session, admin, book, title=title, trio=t)
                for title, t in (("Why", None), ("Listening", trio), ("Doing", None))]
    plan = {  # chapter index, title, published?
        "why-1": (0, "Why we meet", True), "why-2": (0, "What we hope", True),
        "listen-1": (1, "Boards that listen", True), "listen-draft": (1, "Quiet rooms", False),
        "listen-3": (1, "Hearing no", True), "doing-1": (2, "First steps", True),
        "doing-2": (2, "Second steps", True),
    }
    sections = {}
    for key, (index, title, published) in plan.items():
        section = books.create_section(session, admin, chapters[index], title=title,
                                       doc=_doc(f"Text of {title}."))
        if published:
            books.publish_section(session, admin, section)
        sections[key] = section
    session.commit()
    return Shelf(author, co_author, outsider, chapters, sections)


def _page(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def _signed_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    sign_in(client, email)
    return client


# --- a home of one's own ---------------------------------------------------------------

def test_an_author_lands_on_a_home_with_their_trios_chapter_and_its_drafts(
    app: Flask, harbour: Shelf
) -> None:
    client = app.test_client()
    sign_in(client, "ayo@test.example")  # the sign-in form sends people to /
    home = _page(client, "/")
    assert "Welcome, Ayo Author" in home
    chapters = home[home.index('id="my-chapters"'):home.index('id="awaiting-you"')]
    assert "Listening" in chapters and "Doing" not in chapters and "Why" not in chapters
    draft = harbour.sections["listen-draft"]
    assert f'href="/sections/{draft.id}/edit"' in chapters, "drafts link straight to the editor"
    assert "Quiet rooms" in chapters and "Draft" in chapters
    assert "1 not published" in chapters
    assert "You have not proposed any changes" in home  # an empty state that says what to do


def test_an_editor_sees_proposals_awaiting_review_and_the_author_sees_their_state(
    app: Flask, session: Session, harbour: Shelf
) -> None:
    section = harbour.sections["doing-1"]
    proposal = proposals.open_proposal(session, harbour.author, section, title="Name the risks")
    proposals.submit(session, harbour.author, proposal)
    session.commit()

    editor_home = _page(_signed_in(app, "editor@test.example"), "/")
    waiting = editor_home[editor_home.index('id="awaiting-you"'):]
    assert "Waiting for your review" in waiting
    assert f'href="/proposals/{proposal.id}"' in waiting and "by Ayo Author" in waiting
    requests = editor_home[editor_home.index('id="requests"'):]
    assert "Ayo Author asked for a review of Name the risks" in requests
    publish = editor_home[editor_home.index('id="to-publish"'):]
    assert "Working together" in publish and "1 section not published" in publish
    assert "/exports" not in editor_home, "editors do not make editions; coordinators do"

    author_home = _page(_signed_in(app, "ayo@test.example"), "/")
    mine = author_home[author_home.index('id="my-proposals"'):]
    assert "Name the risks" in mine and "Waiting for review since" in mine


def test_a_trio_member_sees_proposals_others_made_to_their_chapter(
    app: Flask, session: Session, harbour: Shelf
) -> None:
    proposal = proposals.open_proposal(session, harbour.outsider, harbour.sections["listen-1"],
                                       title="Shorter opening")
    proposals.submit(session, harbour.outsider, proposal)
    session.commit()
    home = _page(_signed_in(app, "bea@test.example"), "/")
    panel = home[home.index('id="awaiting-you"'):home.index('id="my-proposals"')]
    assert "Proposals to your chapters" in panel
    assert "Shorter opening" in panel and "by Olu Outside" in panel


def test_comments_on_my_sections_and_mentions_of_me_reach_my_home(
    app: Flask, session: Session, harbour: Shelf
) -> None:
    section = harbour.sections["listen-1"]
    place = review_queries.section_place(session, harbour.co_author, section.id)
    comments.add_comment(session, harbour.co_author, place, body="@Ayo Author a gentler verb?",
                         from_=1, to=6, version=section.document.version)
    session.commit()
    home = _page(_signed_in(app, "ayo@test.example"), "/")
    talk = home[home.index('id="conversation"'):]
    assert "Bea Writer:" in talk and "a gentler verb?" in talk
    assert "Bea Writer mentioned you in Boards that listen" in talk
    own = _page(_signed_in(app, "bea@test.example"), "/")
    assert "a gentler verb?" not in own, "one's own comments are not news to oneself"


def test_a_reader_sees_the_books_and_no_drafts_or_writing_panels(
    app: Flask, harbour: Shelf
) -> None:
    home = _page(_signed_in(app, "reader@test.example"), "/")
    assert "Welcome, Rui Reader" in home and "Working together" in home
    assert "Quiet rooms" not in home and "/edit" not in home
    assert 'id="my-chapters"' not in home and 'id="my-proposals"' not in home


def test_visitors_keep_the_public_home_and_never_get_someone_elses(
    app: Flask, harbour: Shelf
) -> None:
    visitor = app.test_client()
    public = _page(visitor, "/")
    assert "Welcome" not in public and "My home" not in public
    assert "Principles, stories, practical tools" in public
    author = _signed_in(app, "ayo@test.example")
    response = author.get("/")
    assert "Welcome, Ayo Author" in response.get_data(as_text=True)
    assert "private" in response.headers["Cache-Control"], "no shared cache keeps it"
    again = _page(visitor, "/")  # the page cache serves visitors, never the author's page
    assert "Welcome" not in again and "Quiet rooms" not in again
    assert "Working together" in _page(author, "/books"), "books stay a click away"


# --- the header ------------------------------------------------------------------------

def _nav(page: str) -> str:
    match = re.search(r'<details class="nav-menu".*?</details>', page, re.S)
    assert match, "the header has a menu disclosure"
    return match.group(0)


def test_the_header_is_one_menu_behind_a_summary_button(app: Flask, harbour: Shelf) -> None:
    nav = _nav(_page(app.test_client(), "/"))
    assert re.search(r"<summary[^>]*>.*Menu.*</summary>", nav, re.S)
    assert '<nav aria-label="Main">' in nav and 'href="/login"' in nav
    signed = _nav(_page(_signed_in(app, "ayo@test.example"), "/"))
    assert re.search(r'href="/" aria-current="page" data-testid="my-home-link">My home<', signed)
    assert 'href="/books"' in signed and 'href="/inbox"' in signed


def test_those_who_publish_get_an_editions_link_for_the_book_in_hand(
    app: Flask, session: Session, harbour: Shelf
) -> None:
    admin = session.query(User).filter_by(email="admin@test.example").one()
    other = books.create_book(session, admin, title="Another book")
    session.commit()
    coordinator = _signed_in(app, "coordinator@test.example")
    first = harbour.chapters[0].book.slug
    # No book in hand: the first book by title ("Another book" < "Working together").
    assert f'href="/books/{other.slug}/exports"' in _nav(_page(coordinator, "/search"))
    on_book = _nav(_page(coordinator, f"/books/{first}"))
    assert f'href="/books/{first}/exports"' in on_book
    section_page = _nav(_page(coordinator, f"/sections/{harbour.sections['why-1'].id}"))
    assert f'href="/books/{first}/exports"' in section_page
    for email in ("editor@test.example", "ayo@test.example"):
        assert "/exports" not in _nav(_page(_signed_in(app, email), f"/books/{first}"))


# --- the section toolbar -------------------------------------------------------------

def test_section_controls_sit_above_the_text_for_writers_and_proposers(
    app: Flask, harbour: Shelf
) -> None:
    path = f"/sections/{harbour.sections['listen-1'].id}"
    writer = _page(_signed_in(app, "ayo@test.example"), path)
    tools = writer.index('data-testid="section-tools"')
    assert tools < writer.index('class="prose"')
    assert writer.index(f'href="{path}/edit"') < writer.index('class="prose"')
    assert f'href="{path}/history"' in writer and f'href="{path}/settings"' in writer
    outside = _page(_signed_in(app, "olu@test.example"), path)
    assert outside.index("Propose a change") < outside.index('class="prose"')
    assert f'href="{path}/edit"' not in outside
    assert 'data-testid="section-tools"' not in _page(_signed_in(app, "reader@test.example"),
                                                      path)


# --- previous / next through the whole book ------------------------------------------

def _pager(page: str) -> dict[str, tuple[int, str]]:
    nav = page[page.index('<nav class="pager"'):]
    nav = nav[:nav.index("</nav>")]
    found = {}
    for rel, section_id, inner in re.findall(
            r'<a rel="(prev|next)" href="/sections/(\d+)">(.*?)</a>', nav, re.S):
        found[rel] = (int(section_id), re.sub(r"<[^>]+>", "", inner).strip())
    return found


def test_next_and_previous_cross_chapter_edges_and_name_the_chapter(
    client: FlaskClient, harbour: Shelf
) -> None:
    s = harbour.sections
    end_of_first = _pager(_page(client, f"/sections/{s['why-2'].id}"))
    assert end_of_first["prev"][0] == s["why-1"].id
    assert end_of_first["prev"][1].split() == ["Previous", "Why", "we", "meet"], (
        "no chapter named within a chapter")
    assert end_of_first["next"][0] == s["listen-1"].id
    assert re.match(r"Next chapter\s+Listening\s+Boards that listen$", end_of_first["next"][1])
    start_of_second = _pager(_page(client, f"/sections/{s['listen-1'].id}"))
    assert start_of_second["prev"][0] == s["why-2"].id
    assert re.match(r"Previous chapter\s+Why\s+What we hope$", start_of_second["prev"][1])
    assert "prev" not in _pager(_page(client, f"/sections/{s['why-1'].id}"))
    assert "next" not in _pager(_page(client, f"/sections/{s['doing-2'].id}"))


def test_readers_skip_drafts_that_the_trio_sees(app: Flask, harbour: Shelf) -> None:
    s = harbour.sections
    path = f"/sections/{s['listen-1'].id}"
    assert _pager(_page(app.test_client(), path))["next"][0] == s["listen-3"].id
    assert _pager(_page(_signed_in(app, "reader@test.example"), path))["next"][0] == (
        s["listen-3"].id)
    assert _pager(_page(_signed_in(app, "ayo@test.example"), path))["next"][0] == (
        s["listen-draft"].id)


def test_sections_and_chapters_in_the_trash_are_skipped(
    client: FlaskClient, session: Session, harbour: Shelf
) -> None:
    s = harbour.sections
    session.get(Section, s["listen-3"].id).trashed_at = utcnow()  # type: ignore[union-attr]
    session.commit()
    assert _pager(_page(client, f"/sections/{s['listen-1'].id}"))["next"][0] == s["doing-1"].id
    session.get(Chapter, harbour.chapters[1].id).trashed_at = utcnow()  # type: ignore[union-attr]
    session.commit()
    after_why = _pager(_page(client, f"/sections/{s['why-2'].id}"))
    assert after_why["next"][0] == s["doing-1"].id
    assert re.match(r"Next chapter\s+Doing\s+First steps$", after_why["next"][1])
