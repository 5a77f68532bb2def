"""Delivering the outbox: claim what is due, send it, mark it sent; retry, then give up.

The order, and what each crash does:

1. **Claim** (committed): due rows become ``sending`` with this pass's ``claim_token``,
   ``claimed_at`` and one more attempt counted. A conditional UPDATE, so of several
   senders (threads, processes, hosts) exactly one gets each row.
2. **Send** over one connection for the batch.
3. **Mark** (committed right after the server's "250 accepted", one row at a time):
   ``sent``, or back to ``pending`` with a back-off, or ``failed`` for good.

- A crash or outage *before the server accepted* a message (including a connection
  dropped mid-message) sends nothing: the row is retried, so nothing is lost.
- A crash *between the server's 250 and our commit* (a millisecond's window) leaves the
  row ``sending``. After ``LEASE`` a sender takes it back, notes it in ``last_error``
  and sends it again **with the same Message-ID** (derived from the row), so a person
  may receive it twice but their mail client sees one message. We choose that over the
  alternative (never re-sending a claimed row), which would lose the mail. Because the
  attempt is counted at the claim, a message that crashes its sender every time still
  reaches ``max_attempts`` and is shown as failed instead of looping.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from cbook.config import ConfigError, Settings
from cbook.db import session_scope, utcnow
from cbook.errors import InvalidInput
from cbook.mail import service
from cbook.mail.compose import message_id, parse_sender, to_mime
from cbook.mail.models import MailMessage, MailStatus
from cbook.mail.transport import (
    Connection,
    DeliveryFailure,
    Outgoing,
    ServerUnavailable,
    Transport,
    transport_for,
)

log = logging.getLogger(__name__)
ComposeStep = Callable[[Session, datetime], object]
BATCH = 20  # messages per claim and per SMTP connection
# A claim older than this belongs to a sender that died: longer than a batch can take
# (BATCH messages, each bounded by the SMTP timeout).
LEASE = timedelta(minutes=30)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
KEEP_SENT = timedelta(days=30)
POLL_SECONDS = 2.0
SWEEP_SECONDS = 3600.0
_STALE_NOTE = ("a sender stopped while sending this (a crash or restart); it is sent again "
               "with the same Message-ID")


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed try: 1, 2, 4 ... minutes, at most
    an hour (eight tries span about three hours)."""
    wait: timedelta = FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 10)
    return min(wait, LONGEST_WAIT)


@dataclass
class Delivery:
    """What one pass did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def add(self, other: Delivery) -> None:
        """Count another pass in."""
        self.sent += other.sent
        self.retrying += other.retrying
        self.failed += other.failed

    @property
    def handled(self) -> int:
        """How many messages were tried."""
        return self.sent + self.retrying + self.failed


def recover_stale(session: Session, now: datetime) -> int:
    """Hand back rows claimed by a sender that died (see the module's notes)."""
    result = session.execute(
        update(MailMessage).where(MailMessage.status == MailStatus.SENDING,
                                  MailMessage.claimed_at < now - LEASE)
        .values(status=MailStatus.PENDING, claim_token=None, next_attempt_at=now,
                last_error=_STALE_NOTE))
    session.flush()
    return int(result.rowcount)  # type: ignore[attr-defined]


def claim_due(session: Session, now: datetime, limit: int = BATCH) -> tuple[str, list[int]]:
    """Claim up to ``limit`` due messages for this pass: its token and their ids."""
    due = and_(MailMessage.status == MailStatus.PENDING, MailMessage.next_attempt_at <= now)
    candidates = list(session.scalars(select(MailMessage.id).where(due)
                                      .order_by(MailMessage.next_attempt_at, MailMessage.id)
                                      .limit(limit)))
    if not candidates:
        return "", []
    token = secrets.token_hex(16)
    session.execute(update(MailMessage).where(MailMessage.id.in_(candidates), due)
                    .values(status=MailStatus.SENDING, claim_token=token, claimed_at=now,
                            attempts=MailMessage.attempts + 1))
    session.flush()
    # Another sender may have won some of them between our SELECT and UPDATE.
    return token, list(session.scalars(select(MailMessage.id)
                                       .where(MailMessage.claim_token == token)
                                       .order_by(MailMessage.id)))


def _mark_sent(session: Session, row_id: int, token: str) -> None:
    session.execute(update(MailMessage).where(MailMessage.id == row_id,
                                              MailMessage.claim_token == token)
                    # last_error stays: why it took more than one try (or was sent again).
                    .values(status=MailStatus.SENT, sent_at=utcnow(), claim_token=None)
                    .execution_options(synchronize_session=False))
    session.commit()


def _mark_failed(session: Session, row: MailMessage, token: str, reason: str,
                 permanent: bool, now: datetime, max_attempts: int) -> bool:
    """Back to pending with a back-off, or failed for good; True if it gave up."""
    gives_up = permanent or row.attempts >= max_attempts
    session.execute(update(MailMessage).where(MailMessage.id == row.id,
                                              MailMessage.claim_token == token)
                    .values(status=MailStatus.FAILED if gives_up else MailStatus.PENDING,
                            claim_token=None, last_error=reason,
                            next_attempt_at=now + backoff(row.attempts)))
    session.commit()
    return gives_up


def _outgoing(row: MailMessage, sender: str, envelope_from: str) -> Outgoing:
    data = to_mime(sender=sender, to_address=row.to_address, to_name=row.to_name,
                   subject=row.subject, text=row.text_body, html=row.html_body,
                   headers=row.headers or {},
                   message_id=message_id(row.id, row.created_at, sender), date=row.created_at)
    return Outgoing(row_id=row.id, created_at=row.created_at, envelope_from=envelope_from,
                    recipient=row.to_address, data=data, subject=row.subject)


def deliver_due(factory: sessionmaker[Session], transport: Transport, settings: Settings,
                now: datetime | None = None, limit: int = BATCH) -> Delivery:
    """One pass: claim up to ``limit`` due messages and try each once."""
    moment = now or utcnow()
    try:
        _name, envelope_from = parse_sender(settings.mail_from)
    except InvalidInput as error:
        raise ConfigError(str(error)) from None
    with session_scope(factory) as session:
        recover_stale(session, moment)
        token, ids = claim_due(session, moment, limit)
    report = Delivery()
    if not ids:
        return report
    session = factory()
    connection: Connection | None = None
    try:
        rows = list(session.scalars(select(MailMessage).where(MailMessage.id.in_(ids))
                                    .order_by(MailMessage.id)))
        for index, row in enumerate(rows):
            try:
                if connection is None:
                    connection = transport.connect()
                connection.send(_outgoing(row, settings.mail_from, envelope_from))
            except ServerUnavailable as failure:
                # Nothing can go now: every message of the batch waits for the next try.
                log.warning("mail: %s", failure.reason)
                for waiting in rows[index:]:
                    if _mark_failed(session, waiting, token, failure.reason, False, moment,
                                    settings.mail_max_attempts):
                        report.failed += 1
                    else:
                        report.retrying += 1
                break
            except DeliveryFailure as failure:
                log.warning("mail %d to %s not sent: %s", row.id, row.to_address,
                            failure.reason)
                if failure.connection_lost and connection is not None:
                    connection.close()
                    connection = None
                if _mark_failed(session, row, token, failure.reason, failure.permanent,
                                moment, settings.mail_max_attempts):
                    report.failed += 1
                else:
                    report.retrying += 1
            else:
                _mark_sent(session, row.id, token)
                report.sent += 1
    finally:
        if connection is not None:
            connection.close()
        session.close()
    return report


def purge_sent(session: Session, now: datetime | None = None) -> int:
    """Forget messages sent more than ``KEEP_SENT`` ago (the caller commits)."""
    result = session.execute(delete(MailMessage).where(
        MailMessage.status == MailStatus.SENT, MailMessage.sent_at < (now or utcnow()) - KEEP_SENT))
    return int(result.rowcount)  # type: ignore[attr-defined]


class Sender:
    """Delivers the outbox in a daemon thread until stopped (or by hand: ``deliver_now``)."""

    def __init__(self, factory: sessionmaker[Session], settings: Settings,
                 transport: Transport | None = None,
                 compose_step: ComposeStep | None = None) -> None:
        """Prepare; nothing runs until ``start()``. Refuses unusable mail settings now.

        ``compose_step`` (the composition root's) queues mail made from other tables
        (notifications) before each delivery pass, in a transaction of its own.
        """
        self.factory = factory
        self.compose_step = compose_step
        self.settings = settings
        self.transport = transport or transport_for(settings)
        try:
            parse_sender(settings.mail_from)
        except InvalidInput as error:
            raise ConfigError(str(error)) from None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def wake(self) -> None:
        """Look for mail now (some was just queued in this process)."""
        self._wake.set()

    def deliver_now(self, now: datetime | None = None) -> Delivery:
        """Deliver everything due, batch after batch, in this thread."""
        if self.compose_step is not None:
            with session_scope(self.factory) as session:
                self.compose_step(session, now or utcnow())
        total = Delivery()
        while True:
            report = deliver_due(self.factory, self.transport, self.settings, now)
            total.add(report)
            if report.handled == 0 or report.sent == 0:
                # Nothing due, or the server is refusing: wait for the back-off.
                return total

    def start(self) -> None:
        """Run the loop in a daemon thread (once)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="cbook-mail-sender",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the current message (tests, shutdown)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        last_sweep = 0.0
        while not self._stop.is_set():
            try:
                if time.monotonic() - last_sweep > SWEEP_SECONDS:
                    with session_scope(self.factory) as session:
                        purge_sent(session)
                    last_sweep = time.monotonic()
                self.deliver_now()
            except Exception:  # keep delivering after a bad moment (database restart...)
                log.exception("mail sender failed; retrying")
            self._wake.wait(POLL_SECONDS)
            self._wake.clear()


def start_sender(settings: Settings, factory: sessionmaker[Session],
                 transport: Transport | None = None,
                 compose_step: ComposeStep | None = None) -> Sender:
    """A running sender for ``factory``'s database, woken by commits that queue mail."""
    sender = Sender(factory, settings, transport, compose_step)
    service.track_mail(factory)
    service.on_commit(factory, sender.wake)
    sender.start()
    return sender


def stop_sender(sender: Sender | None) -> None:
    """Stop a sender started by ``start_sender`` (idempotent; ``None`` is fine)."""
    if sender is not None:
        sender.stop()
