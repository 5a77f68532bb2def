"""Changing one's own email: a link to the new address confirms it; bad links change nothing."""

from __future__ import annotations

import re
import time

from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.audit.models import AuditEvent
from cbook.mail.models import MailMessage
from cbook.roles import Role
from tests.support import PASSWORD, csrf_token, make_user, sign_in

LINK = re.compile(r"https?://\S+/account/email/confirm/[A-Za-z0-9_.\-]+")


def _ask(client: FlaskClient, email: str) -> str:
    answer = client.post("/account/email", data={"csrf_token": csrf_token(client),
                                                 "email": email, "password": PASSWORD},
                         follow_redirects=True)
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def _mail_to(session: Session, address: str) -> MailMessage | None:
    session.expire_all()
    return session.scalars(select(MailMessage).where(MailMessage.to_address == address)
                           .order_by(MailMessage.id.desc())).first()


def _email_of(session: Session, user_id: int) -> str:
    session.expire_all()
    person = session.get(User, user_id)
    assert person is not None
    return person.email


def _confirm(client: FlaskClient, link: str) -> tuple[int, str]:
    path = link.split("://", 1)[1].split("/", 1)[1]
    answer = client.post(f"/{path}", data={"csrf_token": csrf_token(client)},
                         follow_redirects=True)
    return answer.status_code, answer.get_data(as_text=True)


def test_the_link_to_the_new_address_changes_the_email_once(
        client: FlaskClient, session: Session) -> None:
    ayo = make_user(session, Role.AUTHOR, "ayo@test.example", name="Ayo")
    session.commit()
    sign_in(client, "ayo@test.example")
    page = _ask(client, "Ayo@New.example")
    assert "a link is on its way there" in page
    assert _email_of(session, ayo.id) == "ayo@test.example"  # nothing changed yet
    mail = _mail_to(session, "ayo@new.example")
    assert mail is not None
    notice = _mail_to(session, "ayo@test.example")
    assert notice is not None and "ayo@new.example" in notice.text_body
    assert not LINK.search(notice.text_body)  # the old address never gets the link
    found = LINK.search(mail.text_body)
    assert found
    path = found.group(0).split("://", 1)[1].split("/", 1)[1]
    asked = client.get(f"/{path}").get_data(as_text=True)
    assert "you will sign in as ayo@new.example instead of ayo@test.example" in asked
    assert _email_of(session, ayo.id) == "ayo@test.example"  # GET only asks
    status, page = _confirm(client, found.group(0))
    assert status == 200 and "you now sign in as ayo@new.example" in page
    assert _email_of(session, ayo.id) == "ayo@new.example"
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "user.email_changed"))
    again = client.get(f"/{path}")
    assert again.status_code == 410 and "used already" in again.get_data(as_text=True)
    sign_in(client.application.test_client(), "ayo@new.example")


def test_a_taken_address_is_not_told_when_asking_and_refused_when_confirming(
        app: Flask, client: FlaskClient, session: Session) -> None:
    ayo = make_user(session, Role.AUTHOR, "ayo@test.example")
    make_user(session, Role.READER, "taken@test.example")
    session.commit()
    sign_in(client, "ayo@test.example")
    page = _ask(client, "taken@test.example")
    assert "If taken@test.example can be used, a link is on its way there" in page
    assert _mail_to(session, "taken@test.example") is None  # its owner is not mailed
    # An address free when asked and taken before the link is opened:
    _ask(client, "soon@test.example")
    mail = _mail_to(session, "soon@test.example")
    assert mail is not None
    found = LINK.search(mail.text_body)
    assert found
    make_user(session, Role.READER, "soon@test.example")
    session.commit()
    _, page = _confirm(client, found.group(0))
    assert "that address now belongs to another account" in page
    assert _email_of(session, ayo.id) == "ayo@test.example"


def test_bad_links_say_why_and_change_nothing(app: Flask, client: FlaskClient,
                                              session: Session) -> None:
    ayo = make_user(session, Role.AUTHOR, "ayo@test.example")
    other = make_user(session, Role.AUTHOR, "other@test.example")
    session.commit()
    signer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="cbook.email_change")
    sign_in(client, "ayo@test.example")
    someone_elses = signer.dumps([other.id, "other@test.example", "x@test.example"])
    answer = client.get(f"/account/email/confirm/{someone_elses}")
    assert answer.status_code == 403 and "another account" in answer.get_data(as_text=True)
    assert client.get("/account/email/confirm/not-a-link").status_code == 404
    forged = URLSafeTimedSerializer("wrong", salt="cbook.email_change").dumps(
        [ayo.id, "ayo@test.example", "x@test.example"])
    assert client.post(f"/account/email/confirm/{forged}",
                       data={"csrf_token": csrf_token(client)}).status_code == 404
    old = signer.dumps([ayo.id, "ayo@test.example", "x@test.example"])
    real_time = time.time
    try:
        time.time = lambda: real_time() + 25 * 3600  # type: ignore[assignment]
        expired = client.get(f"/account/email/confirm/{old}")
    finally:
        time.time = real_time  # type: ignore[assignment]
    assert expired.status_code == 410 and "expired" in expired.get_data(as_text=True)
    assert _email_of(session, ayo.id) == "ayo@test.example"
    anonymous = client.application.test_client().get(f"/account/email/confirm/{old}")
    assert anonymous.status_code == 302  # sign in first


def test_header_injection_and_odd_addresses_are_refused(client: FlaskClient,
                                                        session: Session) -> None:
    make_user(session, Role.AUTHOR, "ayo@test.example")
    session.commit()
    sign_in(client, "ayo@test.example")
    for bad in ("ayo@new.example\r\nBcc: all@evil.example", "x" * 300 + "@example.org",
                "not an address"):
        answer = client.post("/account/email", data={"csrf_token": csrf_token(client),
                                                     "email": bad, "password": PASSWORD})
        assert answer.status_code in (400, 422), bad
    session.expire_all()
    assert session.scalar(select(MailMessage)) is None
