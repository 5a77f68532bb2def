"""Each security-relevant or publishing action lands on the trail with who, what and where."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.accounts.models import ApiToken
from cbook.app import create_app, shutdown
from cbook.audit.models import AuditAction
from cbook.books import service as books
from cbook.books import trash
from cbook.cli import main
from cbook.config import Settings
from cbook.export import jobs
from tests.audit.helpers import events
from tests.review.helpers import Review
from tests.support import PASSWORD, csrf_token, make_user, sign_in


def _post(client: FlaskClient, url: str, **data: object) -> int:
    return client.post(url, data={"csrf_token": csrf_token(client), **data}).status_code


def test_a_sign_in_is_recorded_with_who_and_the_client_address(
        client: FlaskClient, session: Session) -> None:
    ana = make_user(session, "author", email="ana@test.example", name="Ana")
    sign_in(client, "ana@test.example")
    [event] = events(session, AuditAction.SIGNED_IN)
    assert (event.actor_id, event.actor_name, event.actor_email) == (
        ana.id, "Ana", "ana@test.example")
    assert (event.target_kind, event.target_id) == ("user", ana.id)
    assert event.origin == "127.0.0.1"
    assert event.at is not None


def test_failed_sign_ins_are_recorded_without_an_actor(client: FlaskClient,
                                                       session: Session) -> None:
    ana = make_user(session, "author", email="ana@test.example")
    token = csrf_token(client)
    for email in ("Ana@Test.example", "nobody@test.example"):
        response = client.post("/login", data={"email": email, "password": "wrong password!",
                                                "csrf_token": token})
        assert response.status_code == 401
    known, unknown = events(session, AuditAction.SIGN_IN_FAILED)
    assert known.actor_id is None and known.actor_email is None
    assert (known.target_id, known.target_label) == (ana.id, "ana@test.example")
    assert (unknown.target_id, unknown.target_label) == (None, "nobody@test.example")
    assert known.origin == unknown.origin == "127.0.0.1"
    assert events(session, AuditAction.SIGNED_IN) == []


@pytest.mark.parametrize(("proxies", "expected"), [(0, "127.0.0.1"), (1, "203.0.113.9")])
def test_the_origin_honours_the_trusted_proxies_setting(
        settings: Settings, session: Session, proxies: int, expected: str) -> None:
    from dataclasses import replace

    app = create_app({"TESTING": True}, settings=replace(settings, trusted_proxies=proxies))
    try:
        client = app.test_client()
        make_user(session, "author", email="ana@test.example")
        token = csrf_token(client)
        # A client behind no trusted proxy cannot make up its address with this header.
        client.post("/login", headers={"X-Forwarded-For": "203.0.113.9"},
                    data={"email": "ana@test.example", "password": PASSWORD,
                          "csrf_token": token})
        [event] = events(session, AuditAction.SIGNED_IN)
        assert event.origin == expected
    finally:
        shutdown(app)


def test_signing_out_is_recorded(client: FlaskClient, session: Session) -> None:
    make_user(session, "reader", email="rea@test.example")
    sign_in(client, "rea@test.example")
    assert _post(client, "/logout") == 302
    [event] = events(session, AuditAction.SIGNED_OUT)
    assert event.actor_email == "rea@test.example"
    assert event.origin == "127.0.0.1"


def test_role_changes_and_deactivation_are_recorded_with_the_admin(
        client: FlaskClient, session: Session) -> None:
    make_user(session, "admin", email="boss@test.example", name="Boss")
    person = make_user(session, "author", email="sam@test.example", name="Sam")
    sign_in(client, "boss@test.example")
    url = f"/admin/users/{person.id}"
    assert _post(client, url, role="editor", name="Sam", active="y") == 302
    assert _post(client, url, role="editor", name="Sam") == 302  # unticked: deactivated
    assert _post(client, url, role="editor", name="Sam", active="y") == 302
    trail = [e for e in events(session) if e.target_id == person.id and e.target_kind == "user"]
    assert [e.action for e in trail] == [AuditAction.ROLE_CHANGED, AuditAction.DEACTIVATED,
                                         AuditAction.REACTIVATED]
    assert trail[0].details == {"from": "author", "to": "editor"}
    assert {e.actor_email for e in trail} == {"boss@test.example"}
    assert {e.target_label for e in trail} == {"sam@test.example"}


def test_an_admin_adding_a_person_is_recorded(client: FlaskClient, session: Session) -> None:
    make_user(session, "admin", email="boss@test.example")
    sign_in(client, "boss@test.example")
    assert _post(client, "/admin/users", email="new@test.example", role="reader", name="New",
                 password="a long enough password") == 302
    [event] = events(session, AuditAction.USER_ADDED)
    assert (event.actor_email, event.target_label, event.details) == (
        "boss@test.example", "new@test.example", {"role": "reader"})


def test_token_creation_and_revocation_are_recorded(client: FlaskClient,
                                                    session: Session) -> None:
    make_user(session, "author", email="ana@test.example")
    sign_in(client, "ana@test.example")
    page = client.post("/account", data={"csrf_token": csrf_token(client), "label": "laptop"})
    assert page.status_code == 200
    token_id = session.query(ApiToken).one().id
    assert _post(client, f"/account/tokens/{token_id}/revoke") == 302
    created, revoked = (events(session, AuditAction.TOKEN_CREATED)
                        + events(session, AuditAction.TOKEN_REVOKED))
    for event in (created, revoked):
        assert (event.actor_email, event.target_kind, event.target_id, event.target_label) == (
            "ana@test.example", "api_token", token_id, "laptop")
        assert event.origin == "127.0.0.1"


def test_publishing_and_unpublishing_are_recorded(client: FlaskClient,
                                                  session: Session) -> None:
    editor = make_user(session, "editor", email="ed@test.example")
    book = books.create_book(session, make_user(session, "admin"), title="Field guide")
    chapter = books.create_chapter(session, editor, book, title="Barriers")
    section = books.create_section(session, editor, chapter, title="Money")
    session.commit()
    sign_in(client, "ed@test.example")
    assert _post(client, f"/sections/{section.id}/publish") == 302
    assert _post(client, f"/sections/{section.id}/unpublish") == 302
    published, unpublished = (events(session, AuditAction.SECTION_PUBLISHED)
                              + events(session, AuditAction.SECTION_UNPUBLISHED))
    for event in (published, unpublished):
        assert (event.actor_email, event.target_kind, event.target_id) == (
            "ed@test.example", "section", section.id)
        assert event.target_label == "Field guide / Barriers / Money"
        assert event.origin == "127.0.0.1"
    assert published.details["version"] == 0


def test_requesting_an_edition_is_recorded(session: Session) -> None:
    coordinator = make_user(session, "coordinator", email="co@test.example")
    book = books.create_book(session, coordinator, title="Field guide")
    job = jobs.request_export(session, coordinator, book, "epub")
    session.commit()
    [event] = events(session, AuditAction.EXPORT_REQUESTED)
    assert (event.actor_email, event.target_kind, event.target_id, event.target_label) == (
        "co@test.example", "book", book.id, "Field guide")
    assert event.details["export"] == job.id and event.details["format"] == "epub"
    assert event.origin is None  # not from a request: no address to name


def test_cbook_user_add_is_recorded_as_from_the_command_line(
        app: Flask, session: Session, database_url: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CBOOK_DATABASE_URL", database_url)
    result = CliRunner().invoke(main, ["user", "add", "Lead@Test.example", "--role", "editor",
                                       "--instance", str(tmp_path / "cli")])
    assert result.exit_code == 0, result.output
    [event] = events(session, AuditAction.USER_ADDED)
    assert event.actor_id is None
    assert (event.target_label, event.origin, event.details) == (
        "lead@test.example", "cli", {"role": "editor"})


def test_trashing_restoring_and_purging_are_recorded(session: Session) -> None:
    editor = make_user(session, "editor", email="ed@test.example")
    admin = make_user(session, "admin", email="root@test.example")
    book = books.create_book(session, admin, title="Field guide")
    chapter = books.create_chapter(session, editor, book, title="Barriers")
    section = books.create_section(session, editor, chapter, title="Money")
    item = trash.trash_section(session, editor, section)
    trash.restore(session, editor, item)
    again = trash.trash_chapter(session, editor, chapter)
    trash.purge(session, admin, again)
    session.commit()
    moved = events(session, AuditAction.MOVED_TO_TRASH)
    assert [(e.target_kind, e.target_label, e.actor_email) for e in moved] == [
        ("section", "Money", "ed@test.example"), ("chapter", "Barriers", "ed@test.example")]
    [restored] = events(session, AuditAction.RESTORED_FROM_TRASH)
    assert (restored.target_kind, restored.target_id) == ("section", section.id)
    [purged] = events(session, AuditAction.PURGED_FROM_TRASH)
    assert (purged.actor_email, purged.target_label, purged.details) == (
        "root@test.example", "Barriers", {"expired": False})


def test_a_merge_is_recorded_with_the_proposal_and_whether_it_was_published(
        client: FlaskClient, session: Session) -> None:
    review = Review(client, session)
    path = f"/proposals/{review.propose('Clearer words')['id']}"
    review.edit(path, review.as_author, 0, "barriers", "walls")
    assert review.call("POST", f"{path}/submit", review.as_author).status_code == 200
    assert review.call("POST", f"{path}/reviews", review.as_editor,
                       {"verdict": "approve"}).status_code == 201
    merged = review.call("POST", f"{path}/merge", review.as_editor, {"publish": True})
    assert merged.status_code == 200, merged.get_json()
    [event] = events(session, AuditAction.PROPOSAL_MERGED)
    assert (event.actor_email, event.target_id) == (review.editor.email, review.section.id)
    assert event.details["title"] == "Clearer words" and event.details["published"] is True
    assert event.details["version"] == merged.get_json()["version"]
