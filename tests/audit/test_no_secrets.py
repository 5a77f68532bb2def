"""Nothing on the trail holds a password, a token or a reset link, whatever a caller passes."""

from __future__ import annotations

import json
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.audit.models import AuditAction
from cbook.audit.service import is_secret_key, record
from tests.audit.helpers import events
from tests.support import PASSWORD, csrf_token, make_user, sign_in


def test_record_drops_secret_keys_at_any_depth_and_keeps_the_rest(session: Session) -> None:
    event = record(session, AuditAction.PASSWORD_RESET_REQUESTED, actor=None, details={
        "password": "hunter2hunter2", "newPassword": "x", "api_token": "abc",
        "reset_link": "https://book.example/reset/abc", "Authorization": "Bearer abc",
        "secret_key": "k", "format": "epub",
        "nested": {"token": "abc", "kept": 1, "list": [{"passwd": "x", "role": "editor"}]},
    })
    session.commit()
    assert event.details == {"format": "epub", "nested": {"kept": 1, "list": [{"role": "editor"}]}}


def test_record_blanks_values_that_look_like_secrets_under_any_key(session: Session) -> None:
    event = record(
        session, AuditAction.INVITATION_SENT, actor=None,
        target_label="sent cbk_abcdefghijklmnopqrstuvwxyz to them",
        details={"note": "see https://book.example/invite?t=abc123 now", "header": "Bearer abc",
                 "plain": "https://book.example/books/guide", "label": "cbk_AAAAAAAAAAAAAAAAAAAA"})
    session.commit()
    stored = json.dumps(event.details) + event.target_label
    assert "abc123" not in stored and "cbk_A" not in stored and "cbk_abc" not in stored
    assert "Bearer abc" not in stored
    assert event.details["plain"] == "https://book.example/books/guide"  # no query: no secret


def test_secret_key_words_are_recognised_but_ordinary_ones_are_not() -> None:
    for key in ("password", "current_password", "resetLink", "token", "invite-url", "key",
                "api_key", "Cookie", "credentials", "otp", "tokenHash"):
        assert is_secret_key(key), key
    for key in ("format", "role", "from", "to", "author", "keyboard", "monkey", "audience",
                "version", "export"):
        assert not is_secret_key(key), key


def test_no_password_or_token_reaches_the_trail_through_real_actions(
        client: FlaskClient, session: Session) -> None:
    make_user(session, "admin", email="boss@test.example")
    sign_in(client, "boss@test.example")
    client.post("/login", data={"email": "boss@test.example", "password": "my wrong secret 1",
                                "csrf_token": csrf_token(client)})
    page = client.post("/account", data={"csrf_token": csrf_token(client), "label": "ci"})
    secret = re.search(r"cbk_[A-Za-z0-9_\-]+", page.get_data(as_text=True))
    assert secret is not None
    client.post("/account/password", data={"csrf_token": csrf_token(client),
                                            "current": PASSWORD, "new": "a new long password",
                                            "confirm": "a new long password"})
    person = make_user(session, "author", email="sam@test.example")
    client.post(f"/admin/users/{person.id}", data={
        "csrf_token": csrf_token(client), "role": "author", "name": "Sam", "active": "y",
        "password": "set by the admin 1"})
    trail = events(session)
    actions = {e.action for e in trail}
    assert {AuditAction.TOKEN_CREATED, AuditAction.PASSWORD_SET} <= actions
    everything = json.dumps([[e.actor_name, e.actor_email, e.target_label, e.origin, e.details]
                             for e in trail])
    for leaked in (PASSWORD, "my wrong secret", secret.group(0), "a new long password",
                   "set by the admin"):
        assert leaked not in everything
