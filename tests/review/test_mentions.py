"""@mentions by name: resolved robustly, told exactly to those who may read, never silent."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books import service as books
from cbook.books import trios
from cbook.books.models import Section
from cbook.review.mentions import resolve_mentions
from cbook.review.models import Notification
from cbook.roles import Role
from tests.review.helpers import Review
from tests.support import api_token, csrf_token, make_user, sign_in


def person(user_id: int, name: str, email: str) -> User:
    return User(id=user_id, name=name, email=email, role=Role.AUTHOR, active=True)


GRACE = person(1, "Grace Okafor", "g.okafor@example.org")
TOMASZ = person(2, "Tomasz Nowak", "tomasz@example.org")
ZOE = person(3, "Zoë Ångström", "zoe@example.org")
LUKASZ = person(4, "Łukasz Wójcik", "lw@example.org")
GRACE_TOO = person(5, "Grace Lee", "glee@example.org")
EVERYONE = [GRACE, TOMASZ, ZOE, LUKASZ]


def names(text: str, people: list[User] = EVERYONE) -> list[str]:
    return [user.name for user in resolve_mentions(text, people).users]


@pytest.mark.parametrize(("text", "expected"), [
    ("Thanks @Grace Okafor, and @Tomasz Nowak too.", ["Grace Okafor", "Tomasz Nowak"]),
    ("@grace okafor can you look?", ["Grace Okafor"]),
    ("@grace: see above", ["Grace Okafor"]),
    ("@GRACE.", ["Grace Okafor"]),
    ("@g.okafor and @tomasz@example.org", ["Grace Okafor", "Tomasz Nowak"]),
    ("@Zoe Angstrom and @lukasz wojcik", ["Zoë Ångström", "Łukasz Wójcik"]),
    ("@zoë's note", ["Zoë Ångström"]),
    ("@GraceOkafor", ["Grace Okafor"]),
    ("mail grace@example.org or g.okafor@example.org", []),
    ("@Grace Okafor @grace @g.okafor", ["Grace Okafor"]),
])
def test_mentions_are_found_by_name_address_case_and_accents(
    text: str, expected: list[str]
) -> None:
    assert names(text) == expected


def test_a_longer_name_wins_over_a_shorter_one() -> None:
    found = resolve_mentions("@Grace Lee and @Grace Okafor", [GRACE, GRACE_TOO])
    assert sorted(user.name for user in found.users) == ["Grace Lee", "Grace Okafor"]
    assert found.unknown == [] and found.ambiguous == []


def test_a_first_name_shared_by_two_people_tells_neither_and_says_so() -> None:
    found = resolve_mentions("@grace what do you think?", [GRACE, GRACE_TOO])
    assert found.users == []
    assert found.ambiguous == ["@grace"]


def test_a_mention_of_nobody_is_reported() -> None:
    found = resolve_mentions("Over to @bob and @Grace", EVERYONE)
    assert [user.name for user in found.users] == ["Grace Okafor"]
    assert found.unknown == ["@bob"]


def test_only_the_candidates_can_be_mentioned() -> None:
    found = resolve_mentions("@Tomasz Nowak", [GRACE])
    assert found.users == [] and found.unknown == ["@Tomasz"]


# --- over the API, in a real section ------------------------------------------------------

class Desk(Review):
    """The review fixture plus a second trio member and an author outside the trio."""

    def __init__(self, client: FlaskClient, session: Session) -> None:
        super().__init__(client, session)
        admin = session.scalars(select(User).where(User.role == Role.ADMIN)).one()
        self.grace = make_user(session, Role.AUTHOR, "g.okafor@test.example",
                               name="Grace Okafor")
        self.outsider = make_user(session, Role.AUTHOR, "out@test.example",
                                  name="Tomasz Nowak")
        section = session.get(Section, self.section.id)
        assert section is not None and section.chapter.trio is not None
        trios.set_trio_members(session, admin, section.chapter.trio,
                               lead=self.author.email, members=[self.grace.email])
        session.commit()

    def comment(self, body: str, who: dict[str, str] | None = None) -> Any:
        response = self.call("POST", f"/sections/{self.section.id}/comments",
                             who or self.as_editor,
                             {"body": body, "from": 1, "to": 8, "version": 0})
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def mentions_of(self, user: User) -> int:
        return len(self.session.scalars(select(Notification).where(
            Notification.user_id == user.id, Notification.kind == "mentioned")).all())


@pytest.fixture
def team(client: FlaskClient, session: Session) -> Desk:
    return Desk(client, session)


def test_a_comment_mentioning_names_with_spaces_tells_exactly_those_people(team: Desk) -> None:
    answer = team.comment("@Grace Okafor and @ayo author, please look.")
    assert sorted(p["name"] for p in answer["mentions"]["people"]) == ["Ayo Author",
                                                                       "Grace Okafor"]
    assert answer["mentions"]["unknown"] == []
    assert team.mentions_of(team.grace) == 1 and team.mentions_of(team.author) == 1


def test_someone_who_cannot_read_the_comments_is_not_told_and_the_answer_says_so(
    team: Desk
) -> None:
    # Tomasz writes, but not in this trio: he cannot open the section's comments.
    answer = team.comment("Should @Tomasz Nowak see this?")
    assert answer["mentions"]["people"] == []
    assert answer["mentions"]["unknown"] == ["@Tomasz"]
    assert team.mentions_of(team.outsider) == 0


def test_a_reply_mentioning_nobody_says_so(team: Desk) -> None:
    thread = team.comment("A thread")
    response = team.call("POST", f"/sections/{team.section.id}/comments", team.as_author,
                         {"body": "Ask @nobody-at-all", "parent_id": thread["id"]})
    assert response.status_code == 201
    assert response.get_json()["mentions"]["unknown"] == ["@nobody-at-all"]


def test_before_posting_the_box_can_ask_who_will_be_told(team: Desk) -> None:
    response = team.call("POST", f"/sections/{team.section.id}/mentions", team.as_editor,
                         {"text": "@grace and @bob"})
    assert response.status_code == 200
    body = response.get_json()
    assert [p["name"] for p in body["people"]] == ["Grace Okafor"]
    assert body["unknown"] == ["@bob"]
    assert team.mentions_of(team.grace) == 0  # asking tells nobody
    bad = team.call("POST", f"/sections/{team.section.id}/mentions", team.as_editor, {})
    assert bad.status_code in (400, 422) and bad.is_json


def test_suggestions_are_the_people_who_may_read_the_comments(team: Desk) -> None:
    people = team.call("GET", f"/sections/{team.section.id}/people", team.as_editor).get_json()
    listed = [p["name"] for p in people]
    assert "Grace Okafor" in listed and "Ayo Author" in listed
    assert "Tomasz Nowak" not in listed  # outside the trio
    assert "Esme Editor" not in listed  # not yourself
    assert {"id", "name", "handle"} <= set(people[0])
    as_outsider = api_token(team.session, team.outsider)
    refused = team.call("GET", f"/sections/{team.section.id}/people", as_outsider)
    assert refused.status_code in (403, 404)


def test_a_proposal_discussion_can_mention_its_outside_author(
    team: Desk, session: Session
) -> None:
    admin = session.scalars(select(User).where(User.role == Role.ADMIN)).one()
    section = session.get(Section, team.section.id)
    assert section is not None
    books.publish_section(session, admin, section)
    session.commit()
    as_outsider = api_token(session, team.outsider)
    opened = team.call("POST", f"/sections/{team.section.id}/proposals", as_outsider,
                       {"title": "Outside view", "description": ""}).get_json()
    people = team.call("GET", f"/proposals/{opened['id']}/people", team.as_editor).get_json()
    assert "Tomasz Nowak" in [p["name"] for p in people]
    reviewed = team.call("POST", f"/proposals/{opened['id']}/reviews", team.as_editor,
                         {"verdict": "comment", "body": "Thanks @Tomasz Nowak!"})
    assert reviewed.status_code == 201
    assert team.mentions_of(team.outsider) == 1


def test_the_review_form_says_when_a_mention_told_nobody(
    team: Desk, client: FlaskClient
) -> None:
    opened = team.propose()
    sign_in(client, team.editor.email)
    page = client.post(f"/proposals/{opened['id']}/reviews", data={
        "csrf_token": csrf_token(client), "verdict": "comment",
        "body": "Over to @Grace Okafor and @bob"}, follow_redirects=True).get_data(as_text=True)
    assert "Grace Okafor was told." in page
    assert "Nobody who can read this matches @bob, so no one was told." in page
