"""The admin page of the trail: admins only, filtered by a GET form, paged, escaped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.audit.models import AuditAction
from cbook.audit.service import record
from tests.support import make_user, sign_in


@pytest.fixture
def admin_client(client: FlaskClient, session: Session) -> FlaskClient:
    make_user(session, "admin", email="boss@test.example", name="Boss")
    sign_in(client, "boss@test.example")
    return client


def _count(page: str) -> int:
    return page.count('data-testid="audit-event"')


@pytest.mark.parametrize(("role", "status"), [
    ("reader", 403), ("author", 403), ("editor", 403), ("coordinator", 403), ("admin", 200)])
def test_only_admins_see_the_trail(client: FlaskClient, session: Session, role: str,
                                   status: int) -> None:
    make_user(session, role, email=f"{role}@test.example")
    sign_in(client, f"{role}@test.example")
    assert client.get("/admin/audit").status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/admin/audit")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_page_lists_events_with_who_what_and_where(admin_client: FlaskClient) -> None:
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert _count(page) == 1  # the admin's own sign-in
    assert "Signed in" in page and "Boss &lt;boss@test.example&gt;" in page
    assert "127.0.0.1" in page


def test_filters_by_action_person_and_days(admin_client: FlaskClient,
                                           session: Session) -> None:
    sam = make_user(session, "author", email="sam@test.example", name="Sam")
    old = record(session, AuditAction.TOKEN_CREATED, actor=sam, target_kind="api_token",
                 target_id=1, target_label="old laptop")
    old.at = datetime(2026, 1, 10, 12, tzinfo=UTC)
    record(session, AuditAction.SIGN_IN_FAILED, actor=None, target_kind="user",
           target_id=sam.id, target_label="sam@test.example")
    session.commit()

    tokens = admin_client.get("/admin/audit?action=token.created").get_data(as_text=True)
    assert _count(tokens) == 1 and "old laptop" in tokens
    assert '<option selected value="token.created">' in tokens or (
        'value="token.created" selected' in tokens)
    sams = admin_client.get("/admin/audit?person=SAM@test.example").get_data(as_text=True)
    assert _count(sams) == 2  # their token, and the failed sign-in aimed at their account
    january = admin_client.get("/admin/audit?since=2026-01-10&until=2026-01-10")
    assert _count(january.get_data(as_text=True)) == 1
    later = admin_client.get("/admin/audit?since=2026-01-11").get_data(as_text=True)
    assert "old laptop" not in later and _count(later) == 2


def test_bad_filter_values_say_so_and_are_left_out(admin_client: FlaskClient) -> None:
    response = admin_client.get("/admin/audit?since=yesterday&action=no.such&page=x")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Not a valid date value." in page and "Not a valid choice." in page
    assert _count(page) == 1


def test_a_long_trail_is_paginated_and_keeps_the_filter(admin_client: FlaskClient,
                                                        session: Session) -> None:
    start = datetime.now(UTC) - timedelta(hours=1)
    for n in range(60):
        event = record(session, AuditAction.SIGN_IN_FAILED, actor=None, target_kind="user",
                       target_label=f"guess{n}@test.example")
        event.at = start + timedelta(seconds=n)
    session.commit()
    first = admin_client.get("/admin/audit?action=user.sign_in_failed").get_data(as_text=True)
    assert _count(first) == 50 and "guess59@" in first and "guess9@" not in first
    assert 'href="/admin/audit?page=2&amp;action=user.sign_in_failed"' in first or (
        "action=user.sign_in_failed&amp;page=2" in first)
    second = admin_client.get("/admin/audit?action=user.sign_in_failed&page=2")
    text = second.get_data(as_text=True)
    assert _count(text) == 10 and "guess0@" in text and "Page 2 of 2" in text


def test_what_people_typed_is_shown_escaped(admin_client: FlaskClient,
                                            session: Session) -> None:
    record(session, AuditAction.SIGN_IN_FAILED, actor=None, target_kind="user",
           target_label='<script>alert("x")</script>', details={"note": "<b>bold</b>"})
    session.commit()
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<b>bold</b>" not in page


def test_the_admin_page_links_to_the_trail_for_admins_only(client: FlaskClient,
                                                          session: Session) -> None:
    make_user(session, "coordinator", email="co@test.example")
    sign_in(client, "co@test.example")
    assert 'href="/admin/audit"' not in client.get("/admin/").get_data(as_text=True)
    make_user(session, "admin", email="boss@test.example")
    sign_in(client, "boss@test.example")
    assert 'href="/admin/audit"' in client.get("/admin/").get_data(as_text=True)
