"""Reading the audit trail back in tests."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.audit.models import AuditEvent


def events(session: Session, action: str | None = None) -> list[AuditEvent]:
    """Every event on the trail (of one action), oldest first, read fresh."""
    session.expire_all()
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    return list(session.scalars(query))
