"""People, for admins: who signed in when, finding people, emails, trio membership."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts import service as accounts
from cbook.accounts.models import User
from cbook.books import trios
from cbook.books.models import Trio, TrioMembership
from cbook.roles import Role
from tests.support import PASSWORD, csrf_token, make_user, sign_in


def post(client: FlaskClient, url: str, **data: object) -> tuple[int, str]:
    response = client.post(url, data={**data, "csrf_token": csrf_token(client)},
                           follow_redirects=True)
    return response.status_code, response.get_data(as_text=True)


def rows(page: str) -> list[str]:
    """The names in the people table, in order."""
    return re.findall(r'<th scope="row" data-label="Name"><a href="[^"]+">([^<]+)</a>', page)


def aware(moment: datetime | None) -> datetime:
    assert moment is not None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def test_signing_in_records_when_and_the_list_shows_it(app: Flask, session: Session) -> None:
    make_user(session, Role.ADMIN, name="Ada Admin")
    priya = make_user(session, Role.AUTHOR, "priya@test.example", name="Priya Raman")
    assert priya.last_signed_in_at is None
    before = datetime.now(UTC) - timedelta(seconds=1)
    sign_in(app.test_client(), "priya@test.example")
    session.expire_all()
    signed_in = aware(session.get(User, priya.id).last_signed_in_at)  # type: ignore[union-attr]
    assert before <= signed_in <= datetime.now(UTC) + timedelta(seconds=1)

    # A failed sign-in is not a sign-in.
    app.test_client().post("/login", data={"email": "ada@test.example", "password": "wrong"})
    admin = app.test_client()
    sign_in(admin, "admin@test.example")
    page = admin.get("/admin/users").get_data(as_text=True)
    assert "Last signed in" in page
    priya_row = page[page.index("Priya Raman"):].split("</tr>")[0]
    assert "just now" in priya_row and f'datetime="{signed_in.isoformat(timespec="seconds")}'\
        in priya_row

    # Someone who has never signed in says so; an older sign-in reads in words.
    never = make_user(session, Role.READER, "rowan@test.example", name="Rowan Reader")
    priya_again = session.get(User, priya.id)
    assert priya_again is not None
    priya_again.last_signed_in_at = datetime.now(UTC) - timedelta(days=3, hours=1)
    session.commit()
    page = admin.get("/admin/users").get_data(as_text=True)
    assert "never" in page[page.index("Rowan Reader"):].split("</tr>")[0]
    assert "3 days ago" in page[page.index("Priya Raman"):].split("</tr>")[0]
    person = admin.get(f"/admin/users/{never.id}").get_data(as_text=True)
    assert re.search(r"Last signed in</dt><dd>never", person)


def test_search_finds_by_part_of_a_name_or_email_in_any_case(client: FlaskClient,
                                                             session: Session) -> None:
    make_user(session, Role.ADMIN, name="Ada Admin")
    make_user(session, Role.AUTHOR, "priya.raman@salford.example", name="Priya Raman")
    make_user(session, Role.EDITOR, "tomasz@bolton.example", name="Tomasz Nowak")
    make_user(session, Role.AUTHOR, "grace@oldham.example", name="Grace O'Neill")
    sign_in(client, "admin@test.example")

    assert rows(client.get("/admin/users?q=RAMA").get_data(as_text=True)) == ["Priya Raman"]
    assert rows(client.get("/admin/users?q=Bolton.EX").get_data(as_text=True)) == [
        "Tomasz Nowak"]
    # Every word must match, in the name or the email.
    assert rows(client.get("/admin/users?q=priya+salford").get_data(as_text=True)) == [
        "Priya Raman"]
    page = client.get("/admin/users?q=a&role=author").get_data(as_text=True)
    assert rows(page) == ["Grace O&#39;Neill", "Priya Raman"]
    assert "2 people match." in page
    # Wildcards are what they look like: "%" is not "anything".
    page = client.get("/admin/users?q=%25").get_data(as_text=True)
    assert rows(page) == [] and "Nobody matches" in page
    # The form keeps what was asked, and works as a plain GET (no JavaScript, no CSRF).
    page = client.get("/admin/users?q=tomasz&role=editor").get_data(as_text=True)
    assert 'name="q" value="tomasz"' in page and '<option value="editor" selected>' in page
    assert len(rows(client.get("/admin/users").get_data(as_text=True))) == 4


def test_a_long_list_is_paginated(client: FlaskClient, session: Session) -> None:
    make_user(session, Role.ADMIN, name="Ada Admin")
    for n in range(55):
        accounts.create_user(session, f"person{n:02}@many.example", Role.READER,
                             name=f"Person {n:02}")
    session.commit()
    sign_in(client, "admin@test.example")
    first = client.get("/admin/users?q=many").get_data(as_text=True)
    assert len(rows(first)) == 50 and "Page 1 of 2" in first and "55 people match." in first
    assert 'href="/admin/users?q=many&amp;page=2"' in first
    second = client.get("/admin/users?q=many&page=2").get_data(as_text=True)
    assert rows(second) == [f"Person {n}" for n in range(50, 55)]
    assert rows(client.get("/admin/users?q=many&page=99").get_data(as_text=True)) == rows(second)


def test_admin_changes_an_email_after_confirming_and_the_person_stays_signed_in(
        app: Flask, session: Session) -> None:
    make_user(session, Role.ADMIN, name="Ada Admin")
    nadia = make_user(session, Role.EDITOR, "nadia@test.example", name="Nadia")
    make_user(session, Role.AUTHOR, "taken@test.example", name="Someone Else")
    her_browser = app.test_client()
    sign_in(her_browser, "nadia@test.example")
    admin = app.test_client()
    sign_in(admin, "admin@test.example")
    url = f"/admin/users/{nadia.id}/email"

    status, page = post(admin, url, email="TAKEN@Test.example")
    assert status == 422 and "taken@test.example is already the email of another account" in page
    status, page = post(admin, url, email="not an email")
    assert status == 422 and "Invalid email address" in page
    session.expire_all()
    assert session.get(User, nadia.id).email == "nadia@test.example"  # type: ignore[union-attr]

    # The first step only asks; nothing changes until it is confirmed.
    status, page = post(admin, url, email="Nadia.Khan@Example.org")
    assert status == 200 and "Change Nadia&#39;s email?" in page
    assert "From nadia@test.example to nadia.khan@example.org." in page
    session.expire_all()
    assert session.get(User, nadia.id).email == "nadia@test.example"  # type: ignore[union-attr]
    status, page = post(admin, url, email="nadia.khan@example.org", confirmed="yes")
    assert status == 200
    assert "Email changed: Nadia now signs in as nadia.khan@example.org." in page
    assert 'data-testid="person-email">nadia.khan@example.org<' in page

    assert her_browser.get("/account").status_code == 200  # still signed in
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": "nadia@test.example", "password": PASSWORD,
                                      "csrf_token": csrf_token(fresh)}).status_code == 401
    sign_in(fresh, "nadia.khan@example.org")


def test_people_change_their_own_email_with_their_current_password(
        app: Flask, session: Session) -> None:
    make_user(session, Role.AUTHOR, "ayo@test.example", name="Ayo")
    make_user(session, Role.READER, "taken@test.example")
    client = app.test_client()
    sign_in(client, "ayo@test.example")
    assert "Change email" in client.get("/account").get_data(as_text=True)

    status, page = post(client, "/account/email", email="ayo@new.example", password="wrong one")
    assert status == 422 and "That is not your current password." in page
    status, page = post(client, "/account/email", email="nope", password=PASSWORD)
    assert status == 422 and "Invalid email address" in page
    # The change itself waits for the link mailed to the new address: tests/accounts.
    status, page = post(client, "/account/email", email="Ayo@New.example", password=PASSWORD)
    assert status == 200 and "a link is on its way there" in page
    assert "Until then you sign in as ayo@test.example" in page


def _trio_world(session: Session) -> tuple[User, User, Trio]:
    admin = make_user(session, Role.ADMIN, name="Ada Admin")
    lead = make_user(session, Role.AUTHOR, "lead@test.example", name="Lena Lead")
    grace = make_user(session, Role.AUTHOR, "grace@test.example", name="Grace")
    trio = trios.create_trio(session, admin, name="Harbour trio")
    trios.set_trio_members(session, admin, trio, lead=lead.email, members=[])
    trios.create_trio(session, admin, name="Moorland trio")
    session.commit()
    return lead, grace, trio


def _leads(session: Session, trio: Trio) -> dict[str, bool]:
    session.expire_all()
    return {m.user.name: m.is_lead for m in session.scalars(
        select(TrioMembership).where(TrioMembership.trio_id == trio.id))}


def test_admin_adds_leads_and_removes_trio_members_from_a_persons_page(
        client: FlaskClient, session: Session) -> None:
    lead, grace, trio = _trio_world(session)
    sign_in(client, "admin@test.example")
    page = client.get(f"/admin/users/{grace.id}").get_data(as_text=True)
    assert "Not in any trio." in page and f'<option value="{trio.id}">Harbour trio' in page

    status, page = post(client, f"/admin/users/{grace.id}/trios", trio=str(trio.id))
    assert status == 200 and "Grace is now in Harbour trio." in page
    assert _leads(session, trio) == {"Lena Lead": True, "Grace": False}
    # Her page lists the trio; Lena's marks her as its lead.
    assert re.search(r'Make lead<span class="visually-hidden"> of Harbour trio</span>', page)
    lena = client.get(f"/admin/users/{lead.id}").get_data(as_text=True)
    assert re.search(r"Harbour trio</a> <strong[^>]*>\(lead\)</strong>", lena)

    status, page = post(client, f"/admin/users/{grace.id}/trios/{trio.id}/lead")
    assert "Grace now leads Harbour trio." in page
    assert _leads(session, trio) == {"Lena Lead": False, "Grace": True}

    # Removing asks first, and says that the trio will have no lead.
    status, page = post(client, f"/admin/users/{grace.id}/trios/{trio.id}/remove")
    assert status == 200 and "Remove Grace from Harbour trio?" in page
    assert "the trio will have no lead" in page
    assert "Grace" in _leads(session, trio)
    status, page = post(client, f"/admin/users/{grace.id}/trios/{trio.id}/remove",
                        confirmed="yes")
    assert "Grace is no longer in Harbour trio." in page and "Not in any trio." in page
    assert _leads(session, trio) == {"Lena Lead": False}

    # Adding as lead makes the old lead a member.
    post(client, f"/admin/users/{grace.id}/trios", trio=str(trio.id), lead="y")
    assert _leads(session, trio) == {"Lena Lead": False, "Grace": True}
    status, page = post(client, f"/admin/users/{grace.id}/trios", trio=str(trio.id))
    assert "Choose a trio they are not in yet." in page


def test_trio_membership_follows_the_trio_policy(app: Flask, session: Session) -> None:
    lead, grace, trio = _trio_world(session)
    for role in (Role.EDITOR, Role.READER):
        make_user(session, role)
    make_user(session, Role.COORDINATOR)
    for email in ("editor@test.example", "reader@test.example", "lead@test.example"):
        other = app.test_client()
        sign_in(other, email)
        token = csrf_token(other)
        for url in (f"/admin/users/{grace.id}/trios",
                    f"/admin/users/{lead.id}/trios/{trio.id}/lead",
                    f"/admin/users/{lead.id}/trios/{trio.id}/remove"):
            answer = other.post(url, data={"trio": str(trio.id), "confirmed": "yes",
                                           "csrf_token": token})
            assert answer.status_code == 403, (email, url)
        assert other.get(f"/admin/users/{grace.id}").status_code == 403
    assert _leads(session, trio) == {"Lena Lead": True}

    # Coordinators manage trios (not people): they may, and land on the trio's page.
    coordinator = app.test_client()
    sign_in(coordinator, "coordinator@test.example")
    assert coordinator.get(f"/admin/users/{grace.id}").status_code == 403
    answer = coordinator.post(f"/admin/users/{grace.id}/trios",
                              data={"trio": str(trio.id), "csrf_token": csrf_token(coordinator)})
    assert answer.status_code == 302 and answer.headers["Location"] == f"/admin/trios/{trio.id}"
    assert _leads(session, trio) == {"Lena Lead": True, "Grace": False}
    # Without the CSRF token nothing happens.
    answer = coordinator.post(f"/admin/users/{grace.id}/trios/{trio.id}/remove",
                              data={"confirmed": "yes"})
    assert answer.status_code == 400
    assert "Grace" in _leads(session, trio)
