"""Reading the audit trail: filtered by action, person and time, newest first, a page at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from cbook.audit.models import AuditAction, AuditEvent
from cbook.paging import Paging

EVENTS_PER_PAGE = 50
USER_TARGET = "user"


@dataclass(frozen=True)
class AuditFilter:
    """What to look for; every part is optional. ``until`` is exclusive."""

    action: AuditAction | None = None
    person: str = ""  # an email: events by that person, or about their account
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class EventPage(Paging):
    """One page of the events matching a filter."""

    events: Sequence[AuditEvent]


def _matching(wanted: AuditFilter) -> Select[AuditEvent]:
    query = select(AuditEvent)
    if wanted.action is not None:
        query = query.where(AuditEvent.action == wanted.action.value)
    person = wanted.person.strip().lower()
    if person:
        # A failed sign-in has no actor: it is found through the account it was aimed at.
        query = query.where(or_(
            func.lower(AuditEvent.actor_email) == person,
            and_(AuditEvent.target_kind == USER_TARGET,
                 func.lower(AuditEvent.target_label) == person)))
    if wanted.since is not None:
        query = query.where(AuditEvent.at >= wanted.since)
    if wanted.until is not None:
        query = query.where(AuditEvent.at < wanted.until)
    return query


def find_events(session: Session, wanted: AuditFilter, page: int = 1,
                per_page: int = EVENTS_PER_PAGE) -> EventPage:
    """One page of the matching events, newest first (a page past the end shows the last)."""
    query = _matching(wanted)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    last_page = max(1, -(-total // per_page))
    page = min(max(1, page), last_page)
    events = session.scalars(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
                             .limit(per_page).offset((page - 1) * per_page)).all()
    return EventPage(events=events, total=total, page=page, per_page=per_page)


def latest_events(session: Session, wanted: AuditFilter, limit: int) -> list[AuditEvent]:
    """The ``limit`` most recent matching events, oldest first (as a log reads)."""
    events = session.scalars(_matching(wanted).order_by(AuditEvent.at.desc(),
                                                        AuditEvent.id.desc()).limit(limit))
    return list(reversed(events.all()))
