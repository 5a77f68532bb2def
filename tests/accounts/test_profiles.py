"""A person's profile: name, pronouns and bio they set themselves, shown beside their words."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.editor.models import Revision
from cbook.roles import Role
from tests.review.helpers import Review
from tests.support import csrf_token, make_user, sign_in


def _save(client: FlaskClient, **fields: str) -> tuple[int, str]:
    answer = client.post("/account/profile", data={"csrf_token": csrf_token(client), **fields},
                         follow_redirects=True)
    return answer.status_code, answer.get_data(as_text=True)


def test_a_person_sets_their_profile_and_others_see_it(client: FlaskClient,
                                                       session: Session) -> None:
    nadia = make_user(session, Role.AUTHOR, "nadia@test.example", name="Nadia")
    session.commit()
    sign_in(client, "nadia@test.example")
    status, page = _save(client, name="Nadia Noor", pronouns="she/her",
                         bio="Community organiser in Oldham.\nLoves long walks.")
    assert status == 200 and "Profile saved" in page
    assert "Nadia Noor" in page and "(she/her)" in page and "Community organiser" in page
    other = client.application.test_client()
    make_user(session, Role.READER, "reader@test.example")
    session.commit()
    sign_in(other, "reader@test.example")
    seen = other.get(f"/people/{nadia.id}").get_data(as_text=True)
    assert "Nadia Noor" in seen and "(she/her)" in seen and "Loves long walks." in seen
    assert "Change your profile" not in seen
    assert client.application.test_client().get(f"/people/{nadia.id}").status_code == 302


def test_a_bio_is_text_not_markup(client: FlaskClient, session: Session) -> None:
    make_user(session, Role.AUTHOR, "nadia@test.example")
    session.commit()
    sign_in(client, "nadia@test.example")
    _, page = _save(client, name="Nadia", pronouns="", bio='<script>alert("x")</script>')
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_bad_profiles_are_refused_beside_the_form(client: FlaskClient, session: Session) -> None:
    make_user(session, Role.AUTHOR, "nadia@test.example", name="Nadia")
    session.commit()
    sign_in(client, "nadia@test.example")
    for fields in ({"name": "", "pronouns": "", "bio": ""},
                   {"name": "Nadia", "pronouns": "x" * 41, "bio": ""},
                   {"name": "Nadia", "pronouns": "", "bio": "y" * 501},
                   {"name": "Nadia\x00", "pronouns": "", "bio": ""}):
        status, _ = _save(client, **fields)
        assert status in (200, 400, 422), fields  # 400: NUL is refused before any form
    session.expire_all()
    person = session.query(User).filter_by(email="nadia@test.example").one()
    assert person.name == "Nadia" and person.pronouns is None and person.bio is None


def test_pronouns_and_trio_come_with_a_comment_author(review: Review, session: Session) -> None:
    review.author.pronouns = "he/him"
    session.commit()
    answer = review.call("POST", f"/sections/{review.section.id}/comments", review.as_author,
                         {"body": "Is this right?", "from": 1, "to": 8, "version": 0})
    assert answer.status_code == 201, answer.get_json()
    author = answer.get_json()["author"]
    assert author == {"id": review.author.id, "name": "Ayo Author", "pronouns": "he/him",
                      "trio": "Trio"}


def test_history_names_the_writer_with_their_pronouns(review: Review, client: FlaskClient,
                                                       session: Session) -> None:
    first = session.scalars(select(Revision).where(
        Revision.document_id == review.section.document_id).order_by(Revision.id)).first()
    assert first is not None and first.author is not None
    first.author.name, first.author.pronouns = "Sam Starter", "they/them"
    session.commit()
    sign_in(client, review.author.email)
    page = client.get(f"/sections/{review.section.id}/history").get_data(as_text=True)
    assert "Started by Sam Starter (they/them)" in page


def test_an_unknown_or_deactivated_person_has_no_page(client: FlaskClient,
                                                      session: Session) -> None:
    gone = make_user(session, Role.AUTHOR, "gone@test.example")
    gone.active = False
    make_user(session, Role.READER, "reader@test.example")
    session.commit()
    sign_in(client, "reader@test.example")
    assert client.get(f"/people/{gone.id}").status_code == 404
    assert client.get("/people/999999").status_code == 404
