"""Signing in and out, sessions, tokens, CSRF and the login rate limit."""

from __future__ import annotations

import time

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts.models import ApiToken, User
from cbook.roles import Role
from tests.support import PASSWORD, api_token, csrf_token, make_user, sign_in


def test_password_is_stored_as_an_argon2id_hash(session: Session) -> None:
    user = make_user(session, Role.READER)
    stored = session.scalar(select(User.password_hash).where(User.id == user.id))
    assert stored is not None and stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_sign_in_shows_the_account_and_sign_out_ends_it(client: FlaskClient,
                                                        session: Session) -> None:
    make_user(session, Role.EDITOR, name="Edith Editor")
    assert client.get("/account").status_code == 302
    sign_in(client, "editor@test.example")
    page = client.get("/account").get_data(as_text=True)
    assert "Edith Editor" in page and "editor" in page
    response = client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert client.get("/account").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(
    client: FlaskClient, session: Session
) -> None:
    make_user(session, Role.READER)
    token = csrf_token(client)
    wrong = client.post("/login", data={"email": "reader@test.example",
                                        "password": "not the password", "csrf_token": token})
    unknown = client.post("/login", data={"email": "nobody@test.example",
                                          "password": "not the password", "csrf_token": token})
    assert wrong.status_code == unknown.status_code == 401
    assert "do not match" in wrong.get_data(as_text=True)
    assert "do not match" in unknown.get_data(as_text=True)


def test_login_form_needs_the_csrf_token(client: FlaskClient, session: Session) -> None:
    make_user(session, Role.READER)
    response = client.post("/login", data={"email": "reader@test.example",
                                           "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/account").status_code == 302


def test_session_cookie_is_httponly_and_samesite_lax(client: FlaskClient,
                                                     session: Session) -> None:
    make_user(session, Role.READER)
    token = csrf_token(client)
    response = client.post("/login", data={"email": "reader@test.example",
                                           "password": PASSWORD, "csrf_token": token})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_new_session_at_sign_in_and_the_old_cookie_is_useless_after_sign_out(
    app: Flask, session: Session
) -> None:
    make_user(session, Role.READER)
    browser = app.test_client()
    before = csrf_token(browser)
    sign_in(browser, "reader@test.example")
    cookie = browser.get_cookie("cbook_session")
    assert cookie is not None
    # The CSRF token from before sign-in no longer belongs to the session.
    assert csrf_token(browser) != before
    stolen = cookie.value
    browser.post("/logout", data={"csrf_token": csrf_token(browser)})

    attacker = app.test_client()
    attacker.set_cookie("cbook_session", stolen)
    assert attacker.get("/account").status_code == 302


def test_repeated_failures_are_rate_limited_then_allowed_again(
    app: Flask, client: FlaskClient, session: Session
) -> None:
    make_user(session, Role.READER)
    app.config["CBOOK_LOGIN_RATE_LIMIT"] = "3 per 2 seconds"
    token = csrf_token(client)
    statuses = [
        client.post("/login", data={"email": "reader@test.example", "password": "wrong-guess",
                                    "csrf_token": token}).status_code
        for _ in range(5)
    ]
    assert statuses[:3] == [401, 401, 401]
    assert statuses[3:] == [429, 429]
    time.sleep(2.1)
    sign_in(client, "reader@test.example")
    assert client.get("/account").status_code == 200


def test_bearer_token_works_without_csrf_and_only_its_hash_is_stored(
    client: FlaskClient, session: Session
) -> None:
    user = make_user(session, Role.COORDINATOR)
    headers = api_token(session, user)
    response = client.post("/api/v1/books", json={"title": "Token book"}, headers=headers)
    assert response.status_code == 201, response.get_json()
    secret = headers["Authorization"].split()[1]
    stored = session.scalars(select(ApiToken.token_hash)).all()
    assert stored and secret not in stored


def test_invalid_bearer_token_is_401_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/books", headers={"Authorization": "Bearer cbk_nope"})
    assert response.status_code == 401
    assert response.get_json()["error"]


def test_cookie_api_writes_need_the_csrf_header(client: FlaskClient, session: Session) -> None:
    make_user(session, Role.COORDINATOR)
    sign_in(client, "coordinator@test.example")
    refused = client.post("/api/v1/books", json={"title": "No token"})
    assert refused.status_code == 400
    assert "CSRF" in refused.get_json()["error"]
    allowed = client.post("/api/v1/books", json={"title": "With token"},
                          headers={"X-CSRFToken": csrf_token(client)})
    assert allowed.status_code == 201


def test_tokens_are_created_on_the_account_page_and_revoked(
    client: FlaskClient, session: Session
) -> None:
    make_user(session, Role.AUTHOR)
    sign_in(client, "author@test.example")
    page = client.post("/account", data={"label": "my script", "csrf_token": csrf_token(client)})
    text = page.get_data(as_text=True)
    secret = text.split('data-testid="new-token">')[1].split("<")[0]
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/books", headers=headers).status_code == 200
    token_id = session.scalar(select(ApiToken.id))
    client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf_token(client)})
    assert client.get("/api/v1/books", headers=headers).status_code == 401


def test_deactivated_user_cannot_sign_in(client: FlaskClient, session: Session) -> None:
    user = make_user(session, Role.READER)
    user.active = False
    session.commit()
    token = csrf_token(client)
    response = client.post("/login", data={"email": "reader@test.example",
                                           "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 401


def test_sign_in_redirects_only_to_this_site(client: FlaskClient, session: Session) -> None:
    make_user(session, Role.READER)
    token = csrf_token(client)
    response = client.post("/login?next=//evil.example/x", data={
        "email": "reader@test.example", "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/"


def test_changing_ones_password_needs_the_current_one_and_signs_out_other_browsers(
    app: Flask, session: Session
) -> None:
    make_user(session, Role.AUTHOR)
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, "author@test.example")
    sign_in(phone, "author@test.example")
    refused = laptop.post("/account/password", data={
        "current": "not it at all", "new": "a brand new password",
        "csrf_token": csrf_token(laptop)}, follow_redirects=True)
    assert "current password is not right" in refused.get_data(as_text=True)
    changed = laptop.post("/account/password", data={
        "current": PASSWORD, "new": "a brand new password",
        "csrf_token": csrf_token(laptop)}, follow_redirects=True)
    assert "Password changed" in changed.get_data(as_text=True)
    assert laptop.get("/account").status_code == 200
    assert phone.get("/account").status_code == 302
    fresh = app.test_client()
    sign_in(fresh, "author@test.example", "a brand new password")
