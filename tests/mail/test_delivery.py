"""Delivery through a real SMTP server: once, complete, retried, and never lost."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from cbook.config import Settings
from cbook.db import session_scope, utcnow
from cbook.mail import service
from cbook.mail.compose import compose
from cbook.mail.models import MailMessage, MailStatus
from cbook.mail.sender import LEASE, Sender, backoff, claim_due
from cbook.mail.transport import transport_for
from tests.mail.smtp_server import SmtpServer


@pytest.fixture
def factory(app: Flask) -> sessionmaker[Session]:
    return app.extensions["cbook.sessions"]  # type: ignore[no-any-return]


def queue(factory: sessionmaker[Session], *addresses: str) -> list[int]:
    ids = []
    with session_scope(factory) as session:
        for address in addresses:
            ids.append(service.enqueue(session, compose("test_message", to=address,
                                                        to_name="Ann")).id)
    return ids


def rows(factory: sessionmaker[Session]) -> list[MailMessage]:
    with factory() as session:
        return list(session.scalars(select(MailMessage).order_by(MailMessage.id)))


def sender(factory: sessionmaker[Session], settings: Settings, url: str = "",
           **changes: object) -> Sender:
    return Sender(factory, dataclasses.replace(settings, smtp_url=url,
                                               mail_from="Books <books@example.org>",
                                               **changes))  # type: ignore[arg-type]


def test_a_queued_message_is_delivered_once_complete_and_marked_sent(
        factory: sessionmaker[Session], settings: Settings,
        smtp_server: Callable[..., SmtpServer]) -> None:
    server = smtp_server()
    queue(factory, "ann@example.org", "bo@example.org")
    report = sender(factory, settings, server.url).deliver_now()
    assert (report.sent, report.retrying, report.failed) == (2, 0, 0)
    messages = server.mailbox.messages()
    assert sorted(str(m["To"]) for m in messages) == ["Ann <ann@example.org>",
                                                      "Ann <bo@example.org>"]
    first = messages[0]
    assert first.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in first.iter_parts()] == ["text/plain",
                                                                         "text/html"]
    assert first["From"] == "Books <books@example.org>"
    assert first["Message-ID"].startswith("<cbook-mail-")
    assert all(row.status == MailStatus.SENT and row.sent_at for row in rows(factory))
    # Nothing is due any more: a second pass sends nothing.
    assert sender(factory, settings, server.url).deliver_now().handled == 0
    assert len(server.mailbox.accepted) == 2


def test_starttls_with_login(factory: sessionmaker[Session], settings: Settings,
                             smtp_server: Callable[..., SmtpServer]) -> None:
    server = smtp_server(starttls=True, auth=True)
    queue(factory, "ann@example.org")
    assert sender(factory, settings, server.url).deliver_now().sent == 1
    assert len(server.mailbox.accepted) == 1


def test_tls_from_the_first_byte(factory: sessionmaker[Session], settings: Settings,
                                 smtp_server: Callable[..., SmtpServer]) -> None:
    server = smtp_server(tls=True, auth=True)
    queue(factory, "ann@example.org")
    assert sender(factory, settings, server.url).deliver_now().sent == 1
    assert len(server.mailbox.accepted) == 1


def test_a_certificate_we_do_not_trust_sends_nothing(
        factory: sessionmaker[Session], settings: Settings,
        smtp_server: Callable[..., SmtpServer]) -> None:
    server = smtp_server(starttls=True)
    untrusted = server.url.split("&cafile=")[0]  # the system's CAs never signed this one
    queue(factory, "ann@example.org")
    assert sender(factory, settings, untrusted).deliver_now().retrying == 1
    assert server.mailbox.accepted == []
    assert "TLS" in rows(factory)[0].last_error


def test_starttls_asked_for_but_not_offered_sends_nothing(
        factory: sessionmaker[Session], settings: Settings,
        smtp_server: Callable[..., SmtpServer]) -> None:
    server = smtp_server()
    queue(factory, "ann@example.org")
    assert sender(factory, settings, server.url + "&starttls=1").deliver_now().retrying == 1
    assert server.mailbox.accepted == []
    assert "STARTTLS" in rows(factory)[0].last_error


def test_a_refused_login_is_retried_then_given_up_and_shown(
        factory: sessionmaker[Session], settings: Settings,
        smtp_server: Callable[..., SmtpServer]) -> None:
    server = smtp_server(starttls=True, auth=True)
    wrong = server.url.replace("s3cret%20pass", "wrong")
    queue(factory, "ann@example.org", "bo@example.org")
    mail = sender(factory, settings, wrong, mail_max_attempts=3)
    assert mail.deliver_now().retrying == 2
    row = rows(factory)[0]
    assert (row.status, row.attempts) == (MailStatus.PENDING, 1)
    assert "refused the login" in row.last_error and "wrong" not in row.last_error
    assert mail.deliver_now().handled == 0, "retried before its back-off"
    later = utcnow()
    for _ in range(2):
        later += timedelta(hours=2)
        mail.deliver_now(later)
    assert [(r.status, r.attempts) for r in rows(factory)] == [(MailStatus.FAILED, 3)] * 2
    assert server.mailbox.accepted == []
    # Fixed password, and an admin's retry: it goes.
    with session_scope(factory) as session:
        for row in rows(factory):
            service.retry(session, row.id)
    assert sender(factory, settings, server.url).deliver_now().sent == 2


def test_a_connection_dropped_mid_message_is_retried_and_later_delivered_once(
        factory: sessionmaker[Session], settings: Settings,
        smtp_server: Callable[..., SmtpServer]) -> None:
    server = smtp_server()
    server.mailbox.drop_next = 1
    queue(factory, "ann@example.org", "bo@example.org")
    mail = sender(factory, settings, server.url)
    first = mail.deliver_now()
    # The first message's connection died; the second went on a new connection.
    assert (first.sent, first.retrying) == (1, 1)
    dropped = next(r for r in rows(factory) if r.status == MailStatus.PENDING)
    assert "connection" in dropped.last_error
    assert mail.deliver_now(utcnow() + backoff(1) + timedelta(seconds=1)).sent == 1
    recipients = sorted(str(m["To"]) for m in server.mailbox.messages())
    assert recipients == ["Ann <ann@example.org>", "Ann <bo@example.org>"]


def test_an_outage_loses_nothing(factory: sessionmaker[Session], settings: Settings,
                                 smtp_server: Callable[..., SmtpServer]) -> None:
    server = smtp_server()
    server.controller.stop()
    queue(factory, "ann@example.org", "bo@example.org", "cy@example.org")
    mail = sender(factory, settings, server.url)
    assert mail.deliver_now().retrying == 3
    assert all("cannot reach" in row.last_error for row in rows(factory))
    back = smtp_server(port=server.controller.port)
    assert mail.deliver_now(utcnow() + timedelta(minutes=2)).sent == 3
    assert len(back.mailbox.accepted) == 3


def test_a_recipient_refused_for_good_is_not_retried(
        factory: sessionmaker[Session], settings: Settings,
        smtp_server: Callable[..., SmtpServer]) -> None:
    server = smtp_server()
    server.mailbox.refuse_recipients = {"gone@example.org"}
    queue(factory, "gone@example.org", "ann@example.org")
    report = sender(factory, settings, server.url).deliver_now()
    assert (report.sent, report.failed) == (1, 1)
    gone = rows(factory)[0]
    assert gone.status == MailStatus.FAILED and "550" in gone.last_error


def test_mail_queued_in_a_transaction_that_rolls_back_is_never_sent(
        factory: sessionmaker[Session], settings: Settings,
        smtp_server: Callable[..., SmtpServer]) -> None:
    server = smtp_server()
    with factory() as session:
        service.enqueue(session, compose("test_message", to="ann@example.org"))
        session.rollback()
    assert sender(factory, settings, server.url).deliver_now().handled == 0
    assert rows(factory) == []


def test_a_crash_between_send_and_mark_sends_again_with_the_same_message_id(
        factory: sessionmaker[Session], settings: Settings,
        smtp_server: Callable[..., SmtpServer]) -> None:
    server = smtp_server()
    queue(factory, "ann@example.org")
    mail = sender(factory, settings, server.url)
    # A sender claims the message, hands it to the server, and dies before marking it.
    with session_scope(factory) as session:
        _token, ids = claim_due(session, utcnow())
    assert len(ids) == 1
    # Within the lease nobody touches it: the dead sender might still be working.
    assert mail.deliver_now().handled == 0
    assert mail.deliver_now(utcnow() + LEASE + timedelta(seconds=1)).sent == 1
    row = rows(factory)[0]
    assert row.status == MailStatus.SENT and row.attempts == 2
    assert "same Message-ID" in row.last_error  # the admin page says so
    assert len(server.mailbox.accepted) == 1


def test_two_senders_at_once_send_each_message_once(
        factory: sessionmaker[Session], settings: Settings,
        smtp_server: Callable[..., SmtpServer]) -> None:
    server = smtp_server()
    queue(factory, *(f"person{n}@example.org" for n in range(60)))
    senders = [sender(factory, settings, server.url) for _ in range(3)]
    threads = [threading.Thread(target=s.deliver_now) for s in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    delivered = [str(m["To"].addresses[0].addr_spec) for m in server.mailbox.messages()]
    assert sorted(delivered) == sorted(f"person{n}@example.org" for n in range(60))
    with factory() as session:
        assert session.scalar(select(func.count()).where(
            MailMessage.status == MailStatus.SENT)) == 60


def test_without_a_server_mail_is_written_to_the_instance_and_its_subject_logged(
        factory: sessionmaker[Session], settings: Settings,
        caplog: pytest.LogCaptureFixture) -> None:
    queue(factory, "ann@example.org")
    with caplog.at_level(logging.INFO, logger="cbook.mail.transport"):
        assert sender(factory, settings).deliver_now().sent == 1
    files = sorted((settings.instance / "mail").glob("*.eml"))
    assert len(files) == 1
    parsed = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert parsed["To"] == "Ann <ann@example.org>"
    assert parsed.get_body(("plain",)) is not None
    assert "Culture Book can send you mail" in caplog.text
    assert str(settings.instance / "mail") in transport_for(settings).describe()


def test_a_message_sent_again_to_the_files_overwrites_its_own_file(
        factory: sessionmaker[Session], settings: Settings) -> None:
    queue(factory, "ann@example.org")
    mail = sender(factory, settings)
    with session_scope(factory) as session:
        claim_due(session, utcnow())  # and crashed after writing, say
    mail.deliver_now(utcnow() + LEASE + timedelta(seconds=1))
    mail.deliver_now()
    assert len(list(Path(settings.instance / "mail").glob("*.eml"))) == 1


def test_committing_mail_wakes_the_running_sender(
        factory: sessionmaker[Session], settings: Settings,
        smtp_server: Callable[..., SmtpServer]) -> None:
    from cbook.mail.sender import start_sender, stop_sender

    server = smtp_server()
    running = start_sender(dataclasses.replace(settings, smtp_url=server.url), factory)
    try:
        queue(factory, "ann@example.org")
        for _ in range(100):  # well under the 2 s poll: the commit woke it
            if server.mailbox.accepted:
                break
            threading.Event().wait(0.01)
        assert len(server.mailbox.accepted) == 1
    finally:
        stop_sender(running)


def test_the_app_starts_its_sender_with_the_first_request_and_stops_it(
        app: Flask, factory: sessionmaker[Session], settings: Settings) -> None:
    from cbook.mail import binding

    app.config["CBOOK_MAIL_SENDER"] = "thread"
    binding.init_app(app)
    assert binding.get_sender(app) is None  # nothing runs before the app serves
    app.test_client().get("/")
    running = binding.get_sender(app)
    assert running is not None
    try:
        queue(factory, "ann@example.org")
        for _ in range(200):
            if list((settings.instance / "mail").glob("*.eml")):
                break
            threading.Event().wait(0.01)
        assert len(list((settings.instance / "mail").glob("*.eml"))) == 1
    finally:
        binding.stop(app)
    assert binding.get_sender(app) is None
