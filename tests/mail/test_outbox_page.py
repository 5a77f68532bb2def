"""``/admin/mail``: admins see failed and waiting mail and can send it again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from cbook.db import utcnow
from cbook.mail import service
from cbook.mail.compose import compose
from cbook.mail.models import MailMessage, MailStatus
from cbook.mail.views import blueprint
from tests.support import csrf_token, make_user, sign_in


@pytest.fixture
def app(app: Flask) -> Flask:
    """The app with the outbox page (registered here until the composition root does)."""
    if "mail" not in app.blueprints:
        app.register_blueprint(blueprint)
    return app


def _failed_and_sent(session: Session) -> tuple[int, int]:
    failed = service.enqueue(session, compose("test_message", to="gone@example.org"))
    sent = service.enqueue(session, compose("test_message", to="ann@example.org"))
    session.execute(update(MailMessage).where(MailMessage.id == failed.id).values(
        status=MailStatus.FAILED, attempts=8, last_error="the server refused the login: 535"))
    session.execute(update(MailMessage).where(MailMessage.id == sent.id).values(
        status=MailStatus.SENT, sent_at=utcnow() - timedelta(minutes=5), attempts=2,
        last_error="cannot reach the SMTP server"))
    session.commit()
    return failed.id, sent.id


def test_an_admin_sees_why_mail_failed_and_sends_it_again(client: FlaskClient,
                                                           session: Session) -> None:
    make_user(session, "admin", email="admin@example.org")
    failed_id, _sent_id = _failed_and_sent(session)
    sign_in(client, "admin@example.org")
    page = client.get("/admin/mail").get_data(as_text=True)
    assert "gone@example.org" in page and "refused the login: 535" in page
    assert "1 failed, 0 waiting, 0 being sent, 1 sent." in page
    assert "files in" in page  # where mail goes without CBOOK_SMTP_URL
    assert "after 2 tries; before: cannot reach the SMTP server" in page
    response = client.post(f"/admin/mail/{failed_id}/retry",
                           data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "will be sent again shortly" in page
    assert "0 failed, 1 waiting" in page
    row = session.get(MailMessage, failed_id)
    session.refresh(row)
    assert row is not None and (row.status, row.attempts) == (MailStatus.PENDING, 0)


def test_a_retry_without_the_csrf_token_changes_nothing(client: FlaskClient,
                                                        session: Session) -> None:
    make_user(session, "admin", email="admin@example.org")
    failed_id, _sent_id = _failed_and_sent(session)
    sign_in(client, "admin@example.org")
    assert client.post(f"/admin/mail/{failed_id}/retry").status_code == 400
    row = session.get(MailMessage, failed_id)
    session.refresh(row)
    assert row is not None and row.status == MailStatus.FAILED


def test_retrying_a_message_no_longer_there_says_so(client: FlaskClient,
                                                    session: Session) -> None:
    make_user(session, "admin", email="admin@example.org")
    session.commit()
    sign_in(client, "admin@example.org")
    response = client.post("/admin/mail/999/retry", data={"csrf_token": csrf_token(client)},
                           follow_redirects=True)
    assert "no longer in the outbox" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["coordinator", "editor", "author", "reader"])
def test_only_admins_see_the_outbox(client: FlaskClient, session: Session, role: str) -> None:
    make_user(session, role, email=f"{role}@example.org")
    session.commit()
    sign_in(client, f"{role}@example.org")
    assert client.get("/admin/mail").status_code == 403
