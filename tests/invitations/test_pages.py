"""Invitations through the pages: invite, mail, accept, and every way a link can fail."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from cbook.accounts import service as accounts
from cbook.accounts.models import User
from cbook.audit.models import AuditEvent
from cbook.db import utcnow
from cbook.invitations.models import Invitation
from tests.invitations.conftest import Cohort
from tests.invitations.helpers import link_in, mails_to, path_of
from tests.support import PASSWORD, csrf_token, make_user, sign_in

NEW_PASSWORD = "a long enough password"


def invite(client: FlaskClient, email: str, role: str = "author", trio: str = "") -> int:
    response = client.post("/invitations/new", data={
        "email": email, "role": role, "trio": trio, "csrf_token": csrf_token(client)})
    return response.status_code


def accept(client: FlaskClient, path: str, name: str = "Nadia New",
           password: str = NEW_PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(path, data={"name": name, "password": password, "repeat": password,
                                   "csrf_token": csrf_token(client)})


def sign_out(client: FlaskClient) -> None:
    client.post("/logout", data={"csrf_token": csrf_token(client)})


def people(session: Session, email: str) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(User)
                              .where(User.email == email)) or 0)


def sent_link(client: FlaskClient, session: Session, cohort: Cohort, email: str,
              trio: str | None = None) -> str:
    sign_in(client, cohort.coordinator.email)
    assert invite(client, email, "author", cohort.trio_slug if trio is None else trio) == 302
    sign_out(client)
    return path_of(link_in(mails_to(session, email)[-1]))


def test_a_coordinator_invites_and_the_invitee_lands_in_the_trios_chapter(
        client: FlaskClient, session: Session, cohort: Cohort) -> None:
    sign_in(client, cohort.coordinator.email)
    assert invite(client, "nadia@test.example", "author", cohort.trio_slug) == 302
    listing = client.get("/invitations").get_data(as_text=True)
    assert "nadia@test.example" in listing and "Harbour trio" in listing
    [mail] = mails_to(session, "nadia@test.example")
    assert mail.subject == "You are invited to write with Harbour trio in Culture Book"
    assert "Cora Coord invites you" in mail.text_body
    link = link_in(mail)
    token = link.rsplit("/", 1)[1]
    stored = session.scalar(select(Invitation))
    assert stored is not None and token not in stored.token_hash  # only a hash is kept
    sign_out(client)

    page = client.get(path_of(link))
    assert page.status_code == 200 and "Your name" in page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    landed = accept(client, path_of(link))
    assert landed.status_code == 302
    assert landed.headers["Location"] == f"/chapters/{cohort.chapter_id}"
    chapter = client.get(landed.headers["Location"]).get_data(as_text=True)
    assert "Our harbour" in chapter  # a draft only the trio's writers see: signed in, in it
    person = accounts.find_user_by_email(session, "nadia@test.example")
    assert person is not None and person.name == "Nadia New" and person.role == "author"
    assert [m.trio.slug for m in person.memberships] == [cohort.trio_slug]
    assert client.get("/invitations").status_code == 403  # an author who leads nothing


def test_a_link_works_once(client: FlaskClient, session: Session, cohort: Cohort) -> None:
    path = sent_link(client, session, cohort, "once@test.example")
    assert accept(client, path).status_code == 302
    sign_out(client)
    again = accept(client, path, name="Somebody Else", password="another long password")
    assert again.status_code == 410
    assert "already been accepted" in again.get_data(as_text=True)
    assert people(session, "once@test.example") == 1
    assert accounts.authenticate(session, "once@test.example", NEW_PASSWORD) is not None


def test_an_expired_link_says_so_and_changes_nothing(
        client: FlaskClient, session: Session, cohort: Cohort) -> None:
    path = sent_link(client, session, cohort, "late@test.example")
    session.execute(update(Invitation).values(expires_at=utcnow() - timedelta(minutes=1)))
    session.commit()
    for response in (client.get(path), accept(client, path)):
        assert response.status_code == 410
        assert "This invitation has expired" in response.get_data(as_text=True)
    assert people(session, "late@test.example") == 0


def test_invitations_last_a_week(client: FlaskClient, session: Session, cohort: Cohort) -> None:
    sent_link(client, session, cohort, "week@test.example")
    stored = session.scalar(select(Invitation))
    assert stored is not None
    lifetime = stored.expires_at - stored.created_at
    assert timedelta(days=7) - timedelta(seconds=5) < lifetime <= timedelta(days=7)


def test_a_tampered_link_is_not_valid(client: FlaskClient, session: Session,
                                      cohort: Cohort) -> None:
    path = sent_link(client, session, cohort, "tamper@test.example")
    forged = path[:-2] + ("AA" if not path.endswith("AA") else "BB")
    for url in (forged, "/invitations/x", "/invitations/" + "A" * 5000,
                "/invitations/%C3%A9t%C3%A9"):
        response = accept(client, url)
        assert response.status_code == 404, url
        assert "not a valid invitation link" in response.get_data(as_text=True)
    assert people(session, "tamper@test.example") == 0
    assert client.get(path).status_code == 200  # the real one still works


def test_revoking_asks_first_says_what_happened_and_kills_the_link(
        client: FlaskClient, session: Session, cohort: Cohort) -> None:
    path = sent_link(client, session, cohort, "gone@test.example")
    sign_in(client, cohort.coordinator.email)
    invitation = session.scalar(select(Invitation))
    assert invitation is not None
    confirm = client.get(f"/invitations/{invitation.id}/revoke").get_data(as_text=True)
    assert "Withdraw the invitation to gone@test.example?" in confirm
    done = client.post(f"/invitations/{invitation.id}/revoke",
                       data={"csrf_token": csrf_token(client)}, follow_redirects=True)
    page = done.get_data(as_text=True)
    assert "Withdrew the invitation to gone@test.example: its link no longer works." in page
    assert "0 invitations are waiting" in page
    sign_out(client)
    response = client.get(path)
    assert response.status_code == 410 and "withdrawn" in response.get_data(as_text=True)


def test_resending_replaces_the_link(client: FlaskClient, session: Session,
                                     cohort: Cohort) -> None:
    old = sent_link(client, session, cohort, "again@test.example")
    sign_in(client, cohort.coordinator.email)
    invitation = session.scalar(select(Invitation))
    assert invitation is not None
    page = client.post(f"/invitations/{invitation.id}/resend",
                       data={"csrf_token": csrf_token(client)}, follow_redirects=True)
    assert "Sent a new link to again@test.example" in page.get_data(as_text=True)
    sign_out(client)
    _first, second = mails_to(session, "again@test.example")
    new = path_of(link_in(second))
    assert new != old
    assert client.get(old).status_code == 404
    assert accept(client, new).status_code == 302


def test_an_existing_account_is_offered_sign_in_not_a_second_account(
        client: FlaskClient, session: Session, cohort: Cohort) -> None:
    make_user(session, "reader", "known@test.example", name="Kim Known")
    path = sent_link(client, session, cohort, "known@test.example")
    assert "already have an account" in mails_to(session, "known@test.example")[0].text_body
    page = client.get(path).get_data(as_text=True)
    assert "Sign in to accept" in page and "Your name" not in page
    assert accept(client, path).status_code == 400  # no second account, whatever is posted
    assert people(session, "known@test.example") == 1

    sign_in(client, "known@test.example")
    assert "Accept the invitation" in client.get(path).get_data(as_text=True)
    landed = client.post(path, data={"csrf_token": csrf_token(client)})
    assert landed.headers["Location"] == f"/chapters/{cohort.chapter_id}"
    known = accounts.find_user_by_email(session, "known@test.example")
    assert known is not None and known.role == "author"  # raised from reader, never lowered
    assert [m.trio.slug for m in known.memberships] == [cohort.trio_slug]
    assert known.name == "Kim Known"
    assert accounts.authenticate(session, "known@test.example", PASSWORD) is not None


def test_someone_elses_link_is_refused_to_whoever_is_signed_in(
        client: FlaskClient, session: Session, cohort: Cohort) -> None:
    path = sent_link(client, session, cohort, "theirs@test.example")
    sign_in(client, cohort.editor.email)
    for response in (client.get(path),
                     client.post(path, data={"csrf_token": csrf_token(client)})):
        assert response.status_code == 403
        assert "for another address" in response.get_data(as_text=True)
    session.expire_all()
    invitation = session.scalar(select(Invitation))
    assert invitation is not None and invitation.accepted_at is None
    assert cohort.editor.memberships == []


def test_who_may_invite_whom(client: FlaskClient, session: Session, cohort: Cohort) -> None:
    sign_in(client, cohort.coordinator.email)
    assert invite(client, "c1@test.example", "editor") == 302
    assert invite(client, "c2@test.example", "coordinator") == 403
    assert invite(client, "c3@test.example", "admin") == 403
    sign_out(client)
    sign_in(client, cohort.lead.email)
    assert client.get("/invitations").status_code == 200
    assert invite(client, "l1@test.example", "author", cohort.trio_slug) == 302
    assert invite(client, "l2@test.example", "author", cohort.other_trio_slug) == 403
    assert invite(client, "l3@test.example", "editor", cohort.trio_slug) == 403
    assert invite(client, "l4@test.example", "author") == 403  # into no trio
    listed = client.get("/invitations").get_data(as_text=True)
    assert "l1@test.example" in listed and "c1@test.example" not in listed
    sign_out(client)
    sign_in(client, cohort.admin.email)
    assert invite(client, "a1@test.example", "admin") == 302
    sign_out(client)
    sign_in(client, cohort.editor.email)
    assert client.get("/invitations").status_code == 403
    assert invite(client, "e1@test.example", "reader") == 403
    assert mails_to(session, "c2@test.example") == mails_to(session, "l2@test.example") == []


def test_bad_input_gets_a_clear_message_and_no_500(
        client: FlaskClient, session: Session, cohort: Cohort) -> None:
    sign_in(client, cohort.admin.email)
    for address in ("a" * 300 + "@test.example", "not an address", "x@test.example\r\nBcc: y@z",
                    "ünïcode@test.example"):
        response = client.post("/invitations/new", data={
            "email": address, "role": "author", "csrf_token": csrf_token(client)})
        assert response.status_code == 400, address
        assert "email address" in response.get_data(as_text=True), address
    # A NUL anywhere in a request is refused by the app before any view (tests/app).
    assert invite(client, "nul\x00@test.example") == 400
    assert invite(client, "x@test.example", "wizard") == 400
    assert invite(client, "twice@test.example") == 302
    assert invite(client, "twice@test.example") == 400  # already pending: re-send it instead
    sign_out(client)
    path = path_of(link_in(mails_to(session, "twice@test.example")[0]))
    for name in ("Eve\r\nBcc: victim@example.org", "Eve\nEvil", "Eve\u2028Evil"):
        response = accept(client, path, name=name)
        assert response.status_code == 400, name
        assert "line breaks or control characters" in response.get_data(as_text=True)
    assert accept(client, path, password="short").status_code == 400
    assert people(session, "twice@test.example") == 0
    assert accept(client, path).status_code == 302


def test_the_audit_trail_records_each_step_and_never_the_link(
        client: FlaskClient, session: Session, cohort: Cohort) -> None:
    path = sent_link(client, session, cohort, "audited@test.example")
    accept(client, path)
    token = path.rsplit("/", 1)[1]
    events = session.scalars(select(AuditEvent).where(AuditEvent.target_kind == "invitation")
                             .order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["invitation.sent", "invitation.accepted"]
    assert events[0].actor_email == cohort.coordinator.email
    assert events[1].actor_email == "audited@test.example"
    assert all(token not in repr((e.details, e.target_label)) for e in events)
    assert events[0].details == {"role": "author", "trio": cohort.trio_slug}


def test_the_pages_need_the_csrf_token(client: FlaskClient, session: Session,
                                       cohort: Cohort) -> None:
    sign_in(client, cohort.admin.email)
    response = client.post("/invitations/new", data={"email": "csrf@test.example",
                                                    "role": "author"})
    assert response.status_code == 400
    assert mails_to(session, "csrf@test.example") == []


def test_links_use_the_configured_site_address_not_the_host_the_request_came_to(
        app: Flask, client: FlaskClient, session: Session, cohort: Cohort) -> None:
    app.config["CBOOK_SITE_URL"] = "https://book.example.org/"
    sign_in(client, cohort.coordinator.email)
    response = client.post("/invitations/new", data={
        "email": "site@test.example", "role": "reader", "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    link = link_in(mails_to(session, "site@test.example")[0])
    assert link.startswith("https://book.example.org/invitations/")
