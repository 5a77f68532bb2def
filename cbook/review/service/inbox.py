"""Each person's inbox, its writes: telling people (reviews requested, changes requested,
merges, mentions, replies, trash) and marking entries read.

Listing and counting entries are in :mod:`cbook.review.queries`; who a text @mentions
is found by :mod:`cbook.review.mentions`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.db import utcnow
from cbook.errors import NotFound
from cbook.mail.service import expect_mail
from cbook.notifications.models import Delivery
from cbook.notifications.service import choices_for, delivery_of
from cbook.review.models import Comment, Notification, NotificationKind, Proposal


@dataclass(frozen=True)
class About:
    """What a notification points at."""

    section_id: int | None = None
    proposal: Proposal | None = None
    comment: Comment | None = None
    chapter_id: int | None = None  # a whole chapter (moved to the trash or restored)


def notify(session: Session, recipients: Iterable[User | None], kind: NotificationKind,
           actor: User | None, about: About) -> int:
    """Put an entry in each recipient's inbox (never the actor's own); returns how many."""
    seen: set[int] = set()
    for user in recipients:
        if user is None or not user.active or user.id in seen:
            continue
        if actor is not None and user.id == actor.id:
            continue
        seen.add(user.id)
        # Decided now, by the person's choice at this moment (cbook.notifications).
        delivery = delivery_of(choices_for(session, user.id), kind)
        if delivery == Delivery.IMMEDIATE:
            expect_mail(session)  # wake this process's sender when this commits
        session.add(Notification(
            user_id=user.id, kind=kind, actor_id=actor.id if actor else None,
            delivery=None if delivery == Delivery.NONE else delivery.value,
            section_id=about.section_id,
            proposal_id=about.proposal.id if about.proposal else None,
            comment_id=about.comment.id if about.comment else None,
            chapter_id=about.chapter_id,
        ))
    return len(seen)


def open_entry(session: Session, user: User, notification_id: int) -> Notification:
    """One of the user's entries, marked read because they are opening it."""
    entry = session.scalar(select(Notification).where(
        Notification.id == notification_id, Notification.user_id == user.id))
    if entry is None:
        raise NotFound("no such notification")
    if entry.read_at is None:
        entry.read_at = utcnow()
        session.flush()
    return entry


def mark_read_about(session: Session, user: User | None, *, proposal_id: int | None = None,
                    section_id: int | None = None) -> int:
    """Mark read the entries about what the user is looking at: a proposal, or a section
    (its comments and mentions, not its proposals'); returns how many changed."""
    if user is None or (proposal_id is None and section_id is None):
        return 0
    statement = update(Notification).where(Notification.user_id == user.id,
                                           Notification.read_at.is_(None))
    if proposal_id is not None:
        statement = statement.where(Notification.proposal_id == proposal_id)
    else:
        statement = statement.where(Notification.section_id == section_id,
                                    Notification.proposal_id.is_(None))
    result = session.execute(statement.values(read_at=utcnow())
                             .execution_options(synchronize_session=False))
    return int(result.rowcount)  # type: ignore[attr-defined]


def mark_read(session: Session, user: User, notification_id: int | None = None) -> int:
    """Mark one entry (or every entry) read; returns how many changed."""
    statement = update(Notification).where(Notification.user_id == user.id,
                                           Notification.read_at.is_(None))
    if notification_id is not None:
        exists = session.scalar(select(Notification.id).where(
            Notification.id == notification_id, Notification.user_id == user.id))
        if exists is None:
            raise NotFound("no such notification")
        statement = statement.where(Notification.id == notification_id)
    result = session.execute(statement.values(read_at=utcnow())
                             .execution_options(synchronize_session=False))
    return int(result.rowcount)  # type: ignore[attr-defined]
