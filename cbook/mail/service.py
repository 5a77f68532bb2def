"""Writing to the mail outbox: queue a message with the event that caused it; retry one.

``enqueue`` only adds a row to the caller's session: the message is stored if and only if
the caller's transaction commits (an invitation rolled back sends nothing), and nothing
in the request waits for a mail server. The sender (``cbook.mail.sender``) delivers it.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event, update
from sqlalchemy.orm import Session, sessionmaker

from cbook.db import utcnow
from cbook.mail.compose import Message
from cbook.mail.models import MailMessage, MailStatus

_QUEUED = "cbook.mail_queued"
_WAKE = "cbook.mail_wake"


def enqueue(session: Session, message: Message) -> MailMessage:
    """Queue ``message`` in the caller's transaction (flushed, not committed)."""
    row = MailMessage(kind=message.kind, to_address=message.to_address,
                      to_name=message.to_name, subject=message.subject,
                      text_body=message.text, html_body=message.html,
                      headers=dict(message.headers), status=MailStatus.PENDING,
                      next_attempt_at=utcnow())
    session.add(row)
    session.flush()
    session.info[_QUEUED] = True
    return row


def expect_mail(session: Session) -> None:
    """Wake this process's sender when ``session`` commits: something written in it
    (an inbox entry to be mailed at once) will be composed into mail by the sender."""
    session.info[_QUEUED] = True


def retry(session: Session, message_id: int) -> MailMessage | None:
    """Send a failed (or waiting) message again now, with a fresh set of attempts.

    ``None`` if there is no such message (purged since the admin's page was drawn).
    """
    row = session.get(MailMessage, message_id)
    if row is None:
        return None
    if row.status in (MailStatus.FAILED, MailStatus.PENDING):
        session.execute(update(MailMessage).where(
            MailMessage.id == row.id,
            MailMessage.status.in_((MailStatus.FAILED, MailStatus.PENDING)))
            .values(status=MailStatus.PENDING, attempts=0, next_attempt_at=utcnow()))
        session.flush()
        session.refresh(row)
        session.info[_QUEUED] = True
    return row


def on_commit(factory: sessionmaker[Session], callback: Callable[[], None]) -> None:
    """Call ``callback()`` after any commit of ``factory``'s sessions that queued mail
    (wakes this process's sender at once instead of at its next poll)."""
    factory.kw.setdefault("info", {})[_WAKE] = callback


def _after_commit(session: Session) -> None:
    if session.info.pop(_QUEUED, False):
        wake = session.info.get(_WAKE)
        if wake is not None:
            wake()


def _forget(session: Session) -> None:
    session.info.pop(_QUEUED, None)


def track_mail(factory: sessionmaker[Session]) -> None:
    """Let ``on_commit`` callbacks hear of committed mail (the composition root calls it)."""
    if not event.contains(factory, "after_commit", _after_commit):
        event.listen(factory, "after_commit", _after_commit)
        event.listen(factory, "after_rollback", _forget)
