"""Mail benchmark: what queueing costs a request, and how fast the outbox drains.

1. The time ``enqueue`` adds to a request's transaction: the same small transaction (a
   user's row updated, committed) with and without one message queued, medians of many
   (target: under 1 ms; composing the message from its template is reported apart).
2. Queue N messages (default 10,000) and deliver them to a local aiosmtpd server (its own
   process, on 127.0.0.1) through the real sender: messages per second, every message
   accepted exactly once. ``--files`` delivers to ``.eml`` files instead.
3. ``--notifications``: what deciding an inbox entry's mail adds to the request that
   writes it (one person's choices read, against the same entry written without), then
   N entries to be mailed at once (a burst of @mentions) composed into the outbox by the
   sender's step and delivered: messages per second from entry to the server.

    python bench/mail.py [--messages 10000] [--transactions 2000] [--files]
                         [--notifications] [--database-url postgresql+psycopg://...]

Needs the test extra (aiosmtpd): ``.venv/bin/pip install -e '.[test]'``.
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import shutil
import socket
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from sqlalchemy import func, select, update

from cbook.accounts.models import User
from cbook.accounts.service import create_user
from cbook.app import make_sessions
from cbook.config import Settings
from cbook.db import make_engine, session_scope, utcnow
from cbook.mail import service
from cbook.mail.compose import compose
from cbook.mail.models import MailMessage, MailStatus
from cbook.mail.sender import Sender
from cbook.migrate import upgrade
from cbook.review.models import Notification
from cbook.roles import Role


class Counter:
    """An SMTP handler that only counts (and remembers Message-IDs to find doubles)."""

    def __init__(self) -> None:
        self.ids: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content: bytes = envelope.original_content or envelope.content
        start = content.find(b"Message-ID: ")
        self.ids.append(content[start:content.find(b"\r\n", start)])
        return "250 2.0.0 accepted"


def _serve(port: int, ready: Any, stop: Any, results: Any) -> None:
    """The SMTP server, in a process of its own: sharing ours, every SMTP round trip
    would wait for the GIL to switch threads and the figure would measure that."""
    counter = Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()
    results.put((len(counter.ids), len(counter.ids) - len(set(counter.ids))))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f} ms"


def measure_request_cost(factory: Any, user_id: int, transactions: int) -> None:
    """Median transaction time with and without one queued message."""
    message = compose("test_message", to="ann@example.org", to_name="Ann",
                      context={"site_url": "https://book.example.org/"})
    plain: list[float] = []
    with_mail: list[float] = []
    enqueue_only: list[float] = []
    composing: list[float] = []
    for round_number in range(transactions):
        for queue_mail in (round_number % 2 == 0, round_number % 2 == 1):
            started = time.perf_counter()
            with session_scope(factory) as session:
                session.execute(update(User).where(User.id == user_id)
                                .values(name=f"Ann {round_number}"))
                if queue_mail:
                    before = time.perf_counter()
                    service.enqueue(session, message)
                    enqueue_only.append(time.perf_counter() - before)
            (with_mail if queue_mail else plain).append(time.perf_counter() - started)
        before = time.perf_counter()
        compose("test_message", to="ann@example.org", to_name="Ann")
        composing.append(time.perf_counter() - before)
    added = statistics.median(with_mail) - statistics.median(plain)
    print(f"request transaction, {transactions} each way: without mail p50 "
          f"{_ms(statistics.median(plain))}, with one message queued p50 "
          f"{_ms(statistics.median(with_mail))}: enqueue adds {_ms(added)} "
          f"(the enqueue call itself p50 {_ms(statistics.median(enqueue_only))}, "
          f"p95 {_ms(statistics.quantiles(enqueue_only, n=20)[-1])})")
    print(f"composing the message from its template (before enqueue, in the request): "
          f"p50 {_ms(statistics.median(composing))}")
    with session_scope(factory) as session:
        session.execute(update(MailMessage).values(status=MailStatus.SENT, sent_at=utcnow()))


def measure_delivery(factory: Any, settings: Settings, messages: int, files: bool) -> None:
    """Queue ``messages`` and time the sender draining them."""
    started = time.perf_counter()
    with session_scope(factory) as session:
        for n in range(messages):
            service.enqueue(session, compose("test_message", to=f"person{n}@example.org"))
            if n % 500 == 499:
                session.commit()
    print(f"queued {messages} messages in {time.perf_counter() - started:.1f} s "
          "(composed one by one)")
    server = None
    if not files:
        port = _free_port()
        context = multiprocessing.get_context("spawn")
        ready, stop, results = context.Event(), context.Event(), context.Queue()
        server = context.Process(target=_serve, args=(port, ready, stop, results))
        server.start()
        ready.wait(30)
        settings = dataclasses.replace(settings, smtp_url=f"smtp://127.0.0.1:{port}")
    sender = Sender(factory, settings)
    started = time.perf_counter()
    report = sender.deliver_now()
    elapsed = time.perf_counter() - started
    accepted = doubles = 0
    if server is not None:
        stop.set()
        accepted, doubles = results.get(timeout=30)
        server.join(30)
    with factory() as session:
        sent = session.scalar(select(func.count()).where(
            MailMessage.status == MailStatus.SENT, MailMessage.sent_at.is_not(None)))
    where = "to .eml files" if files else "to a local aiosmtpd server"
    print(f"delivered {report.sent} of {messages} {where} in {elapsed:.1f} s: "
          f"{report.sent / elapsed:.0f} messages/s ({report.retrying} retrying, "
          f"{report.failed} failed)")
    if not files:
        print(f"the server accepted {accepted} messages, {doubles} twice")
    assert sent is not None


def _section(session: Any) -> int:
    from cbook.books import service as books

    admin = create_user(session, "admin@example.org", Role.ADMIN, password="a long password")  # noqa: S106
    book = books.create_book(session, admin, title="Bench")
    chapter = books.create_chapter(session, admin, book, title="Chapter")
    return int(books.create_section(session, admin, chapter, title="Section").id)


def measure_notifications(factory: Any, settings: Settings, entries: int,
                          transactions: int) -> None:
    """The request-side cost of mail for an inbox entry, and entries to delivered mail."""
    from cbook.app.notification_mail import compose_step
    from cbook.notifications import models as choice_models
    from cbook.review.models import NotificationKind
    from cbook.review.service import inbox

    with session_scope(factory) as session:
        section_id = _section(session)
        actor = create_user(session, "actor@example.org", Role.EDITOR, password="a long password")  # noqa: S106
        people = [create_user(session, f"p{n}@example.org", Role.AUTHOR, name=f"Person {n}",
                              password="a long password").id for n in range(100)]  # noqa: S106
        actor_id = actor.id
    about = inbox.About(section_id=section_id)
    decided = inbox.choices_for
    timings: dict[bool, list[float]] = {True: [], False: []}
    for round_number in range(transactions):
        for with_mail in (round_number % 2 == 0, round_number % 2 == 1):
            # Without: the entry written as before mail existed (no choice read, no mail).
            inbox.choices_for = decided if with_mail else (  # type: ignore[assignment]
                lambda _s, _u: {c: choice_models.Delivery.NONE for c in choice_models.Category})
            started = time.perf_counter()
            with session_scope(factory) as session:
                person = session.get(User, people[round_number % len(people)])
                inbox.notify(session, [person], NotificationKind.MENTIONED,
                             session.get(User, actor_id), about)
            timings[with_mail].append(time.perf_counter() - started)
    inbox.choices_for = decided  # type: ignore[assignment]
    added = statistics.median(timings[True]) - statistics.median(timings[False])
    print(f"a request writing one inbox entry, {transactions} each way: p50 "
          f"{_ms(statistics.median(timings[False]))} without mail, "
          f"{_ms(statistics.median(timings[True]))} with its mail decided: mail adds "
          f"{_ms(added)} (target < 1 ms; composing and sending happen later, elsewhere)")
    with session_scope(factory) as session:
        session.execute(update(Notification).values(emailed_at=utcnow()))
    started = time.perf_counter()
    with session_scope(factory) as session:
        actor_row = session.get(User, actor_id)
        for n in range(entries):
            person = session.get(User, people[n % len(people)])
            inbox.notify(session, [person], NotificationKind.MENTIONED, actor_row, about)
            if n % 500 == 499:
                session.commit()
    print(f"wrote {entries} inbox entries to be mailed at once in "
          f"{time.perf_counter() - started:.1f} s")
    port = _free_port()
    context = multiprocessing.get_context("spawn")
    ready, stop, results = context.Event(), context.Event(), context.Queue()
    server = context.Process(target=_serve, args=(port, ready, stop, results))
    server.start()
    ready.wait(30)
    settings = dataclasses.replace(settings, smtp_url=f"smtp://127.0.0.1:{port}")
    step = compose_step(settings)
    sender = Sender(factory, settings)
    started = time.perf_counter()
    composed = 0
    while True:
        with session_scope(factory) as session:
            made = step(session, utcnow())
        composed += int(made)
        if not made:
            break
    composing = time.perf_counter() - started
    report = sender.deliver_now()
    elapsed = time.perf_counter() - started
    stop.set()
    accepted, doubles = results.get(timeout=30)
    server.join(30)
    print(f"composed {composed} mails from entries in {composing:.1f} s "
          f"({composed / composing:.0f}/s); delivered {report.sent} to a local aiosmtpd in "
          f"{elapsed:.1f} s from the first entry: {report.sent / elapsed:.0f} messages/s; "
          f"the server accepted {accepted}, {doubles} twice")


def main() -> None:
    """Run both measurements on a fresh database."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--transactions", type=int, default=2_000)
    parser.add_argument("--files", action="store_true", help="deliver to .eml files")
    parser.add_argument("--notifications", action="store_true",
                        help="inbox entries mailed at once instead of plain messages")
    parser.add_argument("--database-url", default="")
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cbook-bench-mail-"))
    url = arguments.database_url or f"sqlite:///{folder / 'cbook.sqlite3'}"
    engine = make_engine(url)
    try:
        upgrade(engine)
        factory = make_sessions(engine)
        with session_scope(factory) as session:
            user_id = create_user(session, "ann@example.org", Role.AUTHOR,
                                  password="a long password").id  # noqa: S106
        settings = Settings(instance=folder / "instance", database_url=url, secret_key="x",  # noqa: S106
                            mail_from="Books <books@example.org>")
        print(f"database: {engine.dialect.name}")
        if arguments.notifications:
            measure_notifications(factory, settings, arguments.messages,
                                  arguments.transactions)
            return
        measure_request_cost(factory, user_id, arguments.transactions)
        measure_delivery(factory, settings, arguments.messages, arguments.files)
    finally:
        engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
