"""Reading the mail outbox: what an admin needs to see (failed and waiting messages)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cbook.mail.models import MailMessage, MailStatus


@dataclass(frozen=True)
class OutboxCounts:
    """How many messages are in each state."""

    pending: int
    sending: int
    sent: int
    failed: int


def counts(session: Session) -> OutboxCounts:
    """The number of messages per status."""
    rows: dict[str, int] = {
        status: count for status, count in session.execute(
            select(MailMessage.status, func.count()).group_by(MailMessage.status))}
    return OutboxCounts(**{status.value: int(rows.get(status.value, 0))
                           for status in MailStatus})


def needing_attention(session: Session, limit: int = 200) -> list[MailMessage]:
    """Failed messages first, then those waiting or being sent, oldest first in each."""
    order = (MailMessage.status != MailStatus.FAILED, MailMessage.created_at, MailMessage.id)
    return list(session.scalars(
        select(MailMessage).where(MailMessage.status != MailStatus.SENT)
        .order_by(*order).limit(limit)))


def recently_sent(session: Session, limit: int = 20) -> list[MailMessage]:
    """The last messages the server accepted."""
    return list(session.scalars(select(MailMessage).where(MailMessage.status == MailStatus.SENT)
                                .order_by(MailMessage.sent_at.desc(), MailMessage.id.desc())
                                .limit(limit)))
