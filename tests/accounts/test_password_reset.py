"""Password reset by mail: no enumeration, throttled, single-use hour-long links, sign-outs."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from cbook.accounts import resets
from cbook.accounts import service as accounts
from cbook.accounts.models import PasswordReset, User
from cbook.accounts.reset_views import reset_link
from cbook.audit.models import AuditEvent
from cbook.db import utcnow
from cbook.mail.models import MailMessage
from cbook.roles import Role
from tests.support import PASSWORD, csrf_token, make_user, sign_in

NEW_PASSWORD = "a brand new passphrase"
FLOOD = 3_000
LINK = re.compile(r"https?://[^\s<>\"]+/password/reset/[A-Za-z0-9_\-]+")


def ask(client: FlaskClient, email: str, ip: str = "192.0.2.1") -> tuple[int, str, str]:
    """Submit the forgot-password form; (status, Location, page followed to)."""
    response = client.post("/password/forgot", data={"email": email,
                                                     "csrf_token": csrf_token(client)},
                           environ_base={"REMOTE_ADDR": ip})
    location = response.headers.get("Location", "")
    page = (client.get(location).get_data(as_text=True) if response.status_code == 302
            else response.get_data(as_text=True))
    return response.status_code, location, page


def mails_to(session: Session, address: str) -> list[MailMessage]:
    session.expire_all()
    return list(session.scalars(select(MailMessage).where(MailMessage.to_address == address)
                                .order_by(MailMessage.id)))


def link_in(mail: MailMessage) -> str:
    found = LINK.search(mail.text_body)
    assert found, mail.text_body
    assert found.group(0) in mail.html_body
    return found.group(0)


def path_of(link: str) -> str:
    return link[link.index("/password/reset/"):]


def choose(client: FlaskClient, path: str, password: str = NEW_PASSWORD,
           repeat: str | None = None) -> TestResponse:
    return client.post(path, data={"new": password, "repeat": repeat or password,
                                   "csrf_token": csrf_token(client)})


def can_sign_in(session: Session, email: str, password: str) -> bool:
    session.expire_all()
    return accounts.authenticate(session, email, password) is not None


@pytest.fixture
def reader(session: Session) -> User:
    return make_user(session, Role.READER, "reader@test.example", name="Rita Reader")


def test_the_sign_in_page_links_to_the_forgot_password_form(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert 'href="/password/forgot"' in page and "Forgot your password?" in page
    assert client.get("/password/forgot").status_code == 200


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(
    client: FlaskClient, session: Session, reader: User
) -> None:
    known = ask(client, "Reader@Test.Example")
    unknown = ask(client, "nobody@test.example")
    assert known[0] == unknown[0] == 302
    assert known[1] == unknown[1]
    strip = re.compile(r'(csrf[-_]token"[^>]*value|content)="[^"]*"')
    assert strip.sub("", known[2]) == strip.sub("", unknown[2])
    assert "If an active account has that address" in known[2]
    assert len(mails_to(session, "reader@test.example")) == 1
    assert mails_to(session, "nobody@test.example") == []
    events = session.scalars(select(AuditEvent).where(
        AuditEvent.action == "password_reset.requested").order_by(AuditEvent.id)).all()
    assert [(e.target_id, e.details["mailed"]) for e in events] == [(reader.id, True),
                                                                     (None, False)]
    assert [e.origin for e in events] == ["192.0.2.1", "192.0.2.1"]


def test_both_branches_compose_the_message_so_a_refusal_cannot_tell_them_apart(
    client: FlaskClient, session: Session
) -> None:
    # Mail cannot reach an address whose local part is not ASCII; composing finds that out,
    # so the same refusal for an account and a stranger shows both composed.
    make_user(session, Role.READER, "rené@test.example")
    known = client.post("/password/forgot", data={"email": "rené@test.example",
                                                  "csrf_token": csrf_token(client)})
    unknown = client.post("/password/forgot", data={"email": "josé@test.example",
                                                    "csrf_token": csrf_token(client)})
    assert known.status_code == unknown.status_code == 422
    said = [re.findall(r'class="flash[^"]*"[^>]*>([^<]*)', r.get_data(as_text=True))
            for r in (known, unknown)]
    assert said[0] and [m.replace("rené", "X") for m in said[0]] == [
        m.replace("josé", "X") for m in said[1]]
    assert session.scalar(select(func.count()).select_from(MailMessage)) == 0


def test_the_mail_carries_a_link_whose_token_is_stored_only_as_a_hash(
    client: FlaskClient, session: Session, reader: User
) -> None:
    ask(client, "reader@test.example")
    mail = mails_to(session, "reader@test.example")[0]
    link = link_in(mail)
    token = link.rsplit("/", 1)[1]
    assert mail.subject == "Choose a new Culture Book password"
    assert "Rita Reader" in mail.text_body and "60 minutes" in mail.text_body
    row = session.scalars(select(PasswordReset)).one()
    assert token not in row.token_hash and len(row.token_hash) == 64
    trail = " ".join(str(e.details) + e.target_label for e in session.scalars(select(AuditEvent)))
    assert token not in trail and "/password/reset" not in trail


def test_a_link_sets_the_password_once_signs_out_every_other_browser_and_signs_in(
    app: Flask, client: FlaskClient, session: Session, reader: User
) -> None:
    other_browser = app.test_client()
    sign_in(other_browser, "reader@test.example")
    assert other_browser.get("/account").status_code == 200
    ask(client, "reader@test.example")
    path = path_of(link_in(mails_to(session, "reader@test.example")[0]))

    form = client.get(path)
    assert form.status_code == 200 and "reader@test.example" in form.get_data(as_text=True)
    assert form.headers["Referrer-Policy"] == "no-referrer"
    done = choose(client, path)
    assert done.status_code == 302
    assert "signed in" in client.get(done.headers["Location"]).get_data(as_text=True)
    assert client.get("/account").status_code == 200  # this browser is signed in
    assert other_browser.get("/account").status_code == 302  # the other one is not
    assert can_sign_in(session, "reader@test.example", NEW_PASSWORD)
    assert not can_sign_in(session, "reader@test.example", PASSWORD)

    again = client.get(path)
    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)
    assert choose(client, path, "yet another passphrase").status_code == 410
    assert can_sign_in(session, "reader@test.example", NEW_PASSWORD)
    assert session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "password_reset.done", AuditEvent.actor_id == reader.id)) == 1


def test_a_new_password_ends_every_other_link_sent_before(
    client: FlaskClient, session: Session, reader: User
) -> None:
    ask(client, "reader@test.example")
    ask(client, "reader@test.example")
    first, second = (path_of(link_in(m)) for m in mails_to(session, "reader@test.example"))
    assert choose(client, second).status_code == 302
    assert client.get(first).status_code == 410


def test_an_expired_link_says_so_and_changes_nothing(
    client: FlaskClient, session: Session, reader: User
) -> None:
    ask(client, "reader@test.example")
    path = path_of(link_in(mails_to(session, "reader@test.example")[0]))
    session.execute(update(PasswordReset).values(
        expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
    page = client.get(path)
    assert page.status_code == 410 and "expired" in page.get_data(as_text=True)
    assert choose(client, path).status_code == 410
    assert can_sign_in(session, "reader@test.example", PASSWORD)


def test_of_two_submissions_racing_with_one_link_only_the_first_sets_a_password(
    app: Flask, client: FlaskClient, session: Session, reader: User
) -> None:
    ask(client, "reader@test.example")
    token = link_in(mails_to(session, "reader@test.example")[0]).rsplit("/", 1)[1]
    factory = app.extensions["cbook.sessions"]
    with factory() as slow, factory() as fast:
        assert resets.check_link(slow, token).reset is not None  # slow has read the link
        winner, _problem = resets.reset_password(fast, token, NEW_PASSWORD)
        fast.commit()
        loser, problem = resets.reset_password(slow, token, "the slower passphrase")
        slow.commit()
    assert winner is not None and (loser, problem) == (None, resets.LinkProblem.USED)
    assert can_sign_in(session, "reader@test.example", NEW_PASSWORD)


def test_old_links_are_swept_away_by_the_next_request(
    client: FlaskClient, session: Session, reader: User
) -> None:
    ask(client, "reader@test.example")
    session.execute(update(PasswordReset).values(created_at=utcnow() - timedelta(days=2)))
    session.commit()
    ask(client, "reader@test.example")
    session.expire_all()
    assert len(session.scalars(select(PasswordReset)).all()) == 1


def test_links_last_an_hour(client: FlaskClient, session: Session, reader: User) -> None:
    ask(client, "reader@test.example")
    row = session.scalars(select(PasswordReset)).one()
    assert row.expires_at - row.created_at == timedelta(hours=1)


@pytest.mark.parametrize("mangle", [
    lambda path: path[:-1] + ("A" if path[-1] != "A" else "B"),
    lambda path: path + "x",
    lambda path: "/password/reset/" + "x" * 5000,
    lambda _path: "/password/reset/%00",
])
def test_a_tampered_link_is_not_valid_and_changes_nothing(
    client: FlaskClient, session: Session, reader: User, mangle: Callable[[str], str]
) -> None:
    ask(client, "reader@test.example")
    path = path_of(link_in(mails_to(session, "reader@test.example")[0]))
    bad = mangle(path)
    page = client.get(bad)
    assert page.status_code in (400, 404), page.status_code
    assert choose(client, bad).status_code in (400, 404)
    assert can_sign_in(session, "reader@test.example", PASSWORD)
    assert client.get(path).status_code == 200  # the real link still works


def test_someone_elses_link_is_refused_to_whoever_is_signed_in(
    client: FlaskClient, session: Session, reader: User
) -> None:
    make_user(session, Role.EDITOR, "editor@test.example")
    ask(client, "reader@test.example")
    path = path_of(link_in(mails_to(session, "reader@test.example")[0]))
    sign_in(client, "editor@test.example")
    page = client.get(path)
    assert page.status_code == 403 and "another account" in page.get_data(as_text=True)
    assert choose(client, path).status_code == 403
    assert can_sign_in(session, "reader@test.example", PASSWORD)


def test_a_link_sent_before_the_email_changed_no_longer_works(
    client: FlaskClient, session: Session, reader: User
) -> None:
    ask(client, "reader@test.example")
    path = path_of(link_in(mails_to(session, "reader@test.example")[0]))
    admin = make_user(session, Role.ADMIN)
    accounts.change_email(session, admin, reader, "rita@test.example")
    session.commit()
    assert client.get(path).status_code == 410
    assert can_sign_in(session, "rita@test.example", PASSWORD)


def test_a_short_or_mismatched_password_is_refused_and_the_link_still_works(
    client: FlaskClient, session: Session, reader: User
) -> None:
    ask(client, "reader@test.example")
    path = path_of(link_in(mails_to(session, "reader@test.example")[0]))
    assert choose(client, path, "short").status_code == 400
    mismatch = choose(client, path, NEW_PASSWORD, "a different passphrase")
    assert mismatch.status_code == 400 and "do not match" in mismatch.get_data(as_text=True)
    assert can_sign_in(session, "reader@test.example", PASSWORD)
    assert choose(client, path).status_code == 302


def test_deactivated_people_get_no_mail(client: FlaskClient, session: Session,
                                        reader: User) -> None:
    admin = make_user(session, Role.ADMIN)
    accounts.update_user(session, admin, reader, active=False)
    session.commit()
    status, location, _page = ask(client, "reader@test.example")
    assert (status, location) == (302, "/password/forgot?sent=1")
    assert mails_to(session, "reader@test.example") == []


def test_a_link_of_someone_deactivated_since_no_longer_works(
    client: FlaskClient, session: Session, reader: User
) -> None:
    ask(client, "reader@test.example")
    path = path_of(link_in(mails_to(session, "reader@test.example")[0]))
    admin = make_user(session, Role.ADMIN)
    accounts.update_user(session, admin, reader, active=False)
    session.commit()
    assert client.get(path).status_code == 410


@pytest.mark.parametrize("email", [
    "reader@test.example\r\nBcc: victim@test.example",
    "x" * 300 + "@test.example",
    "not an address",
    "",
])
def test_bad_addresses_are_refused_plainly(client: FlaskClient, session: Session,
                                           reader: User, email: str) -> None:
    response = client.post("/password/forgot", data={"email": email,
                                                     "csrf_token": csrf_token(client)})
    assert response.status_code in (400, 422)
    for raw in (b"reader\xff@test.example", b"reader%FF%40test.example", b"%C0%80@x.example"):
        not_utf8 = client.post("/password/forgot", data=b"email=" + raw + b"&csrf_token="
                               + csrf_token(client).encode(),
                               content_type="application/x-www-form-urlencoded")
        assert not_utf8.status_code in (302, 400, 422)  # the usual answer or a refusal
    assert session.scalar(select(func.count()).select_from(MailMessage)) == 0


def test_too_many_requests_from_one_client_get_a_clear_429_page(
    app: Flask, client: FlaskClient, session: Session, reader: User
) -> None:
    app.config["CBOOK_RESET_RATE_LIMIT"] = "3 per minute"
    statuses = [ask(client, f"someone{n}@test.example")[0] for n in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    page = client.post("/password/forgot", data={"email": "reader@test.example",
                                                 "csrf_token": csrf_token(client)},
                       environ_base={"REMOTE_ADDR": "192.0.2.1"})
    assert page.status_code == 429
    assert "Too many reset requests" in page.get_data(as_text=True)
    assert mails_to(session, "reader@test.example") == []


def test_one_address_is_throttled_whichever_clients_ask(
    client: FlaskClient, session: Session, reader: User
) -> None:
    statuses = [ask(client, "READER@test.example", ip=f"198.51.100.{n}")[0] for n in range(8)]
    assert statuses[:5] == [302] * 5 and set(statuses[5:]) == {429}
    assert len(mails_to(session, "reader@test.example")) == 3


def test_an_account_gets_at_most_three_links_an_hour_even_without_the_web_limits(
    app: Flask, client: FlaskClient, session: Session, reader: User
) -> None:
    # The cap counts rows, so it holds across processes whose limit counters are apart.
    app.config["CBOOK_RESET_RATE_LIMIT"] = "100000 per minute"
    app.config["CBOOK_RESET_ADDRESS_RATE_LIMIT"] = "100000 per minute"
    assert {ask(client, "reader@test.example")[0] for _ in range(12)} == {302}
    assert len(mails_to(session, "reader@test.example")) == 3


def test_a_flood_from_thousands_of_clients_does_not_flood_the_outbox(
    client: FlaskClient, session: Session, reader: User
) -> None:
    # 3,000 requests from 3,000 addresses at ten accounts (two real) within seconds; the
    # same run with 10,000 (45 s here) let the same 50 through and queued the same 6 mails.
    make_user(session, Role.EDITOR, "editor@test.example")
    targets = ["reader@test.example", "editor@test.example",
               *(f"ghost{n}@test.example" for n in range(8))]
    token = csrf_token(client)
    statuses: dict[int, int] = {}
    for n in range(FLOOD):
        response = client.post("/password/forgot", data={
            "email": targets[n % len(targets)], "csrf_token": token},
            environ_base={"REMOTE_ADDR": f"10.{n // 250 % 256}.{n % 250}.1"})
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    # Each account is asked about at most five times an hour; the rest are refused.
    assert statuses == {302: 5 * len(targets), 429: FLOOD - 5 * len(targets)}
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(MailMessage)) == 6
    assert len(mails_to(session, "reader@test.example")) == 3
    assert len(mails_to(session, "editor@test.example")) == 3


def test_links_use_the_configured_site_address_not_the_host_asked_for(
    app: Flask, client: FlaskClient, session: Session, reader: User
) -> None:
    forged = {"Host": "evil.example"}
    with app.test_request_context("/password/forgot", headers=forged):
        assert reset_link("abc").startswith("http://evil.example/")  # why it matters
    app.config["CBOOK_SITE_URL"] = "https://book.example.org/"
    with app.test_request_context("/password/forgot", headers=forged):
        assert reset_link("abc") == "https://book.example.org/password/reset/abc"
    ask(client, "reader@test.example")
    link = link_in(mails_to(session, "reader@test.example")[0])
    assert link.startswith("https://book.example.org/password/reset/")


def test_an_admin_sends_a_reset_link_from_the_person_page(
    client: FlaskClient, session: Session, reader: User
) -> None:
    admin = make_user(session, Role.ADMIN)
    sign_in(client, "admin@test.example")
    page = client.get(f"/admin/users/{reader.id}").get_data(as_text=True)
    assert f'action="/admin/users/{reader.id}/send-reset"' in page
    response = client.post(f"/admin/users/{reader.id}/send-reset",
                           data={"csrf_token": csrf_token(client)}, follow_redirects=True)
    assert "is on its way to reader@test.example" in response.get_data(as_text=True)
    mail = mails_to(session, "reader@test.example")[0]
    assert "An administrator" in mail.text_body
    event = session.scalars(select(AuditEvent).where(
        AuditEvent.action == "password_reset.requested")).one()
    assert (event.actor_id, event.target_id, event.details) == (
        admin.id, reader.id, {"mailed": True, "by": "admin"})
    # The person, not the admin, uses the link.
    path = path_of(link_in(mail))
    assert client.get(path).status_code == 403
    assert choose(client.application.test_client(), path).status_code == 302


def test_an_admin_cannot_send_a_link_to_a_deactivated_person(
    client: FlaskClient, session: Session, reader: User
) -> None:
    admin = make_user(session, Role.ADMIN)
    accounts.update_user(session, admin, reader, active=False)
    session.commit()
    sign_in(client, "admin@test.example")
    response = client.post(f"/admin/users/{reader.id}/send-reset",
                           data={"csrf_token": csrf_token(client)}, follow_redirects=True)
    assert "deactivated" in response.get_data(as_text=True)
    assert mails_to(session, "reader@test.example") == []


def test_the_reset_form_needs_the_csrf_token(client: FlaskClient, session: Session,
                                             reader: User) -> None:
    ask(client, "reader@test.example")
    path = path_of(link_in(mails_to(session, "reader@test.example")[0]))
    refused = client.post(path, data={"new": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    assert refused.status_code == 400
    assert can_sign_in(session, "reader@test.example", PASSWORD)
