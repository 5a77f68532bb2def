"""Each person's inbox: reviews requested, changes requested, merges, mentions, replies."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, joinedload

from cbook.accounts.models import User
from cbook.db import utcnow
from cbook.errors import NotFound
from cbook.review.models import Comment, Notification, NotificationKind, Proposal

INBOX_PAGE = 100
# "@ayo" (the part of an address before the @) or "@ayo@example.org" (a whole address).
_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9._%+-]+(?:@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?)")


@dataclass(frozen=True)
class About:
    """What a notification points at."""

    section_id: int | None = None
    proposal: Proposal | None = None
    comment: Comment | None = None


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
        session.add(Notification(
            user_id=user.id, kind=kind, actor_id=actor.id if actor else None,
            section_id=about.section_id,
            proposal_id=about.proposal.id if about.proposal else None,
            comment_id=about.comment.id if about.comment else None,
        ))
    return len(seen)


def mentioned_users(session: Session, text: str) -> list[User]:
    """The people a text mentions with @name or @address (unknown names are ignored)."""
    handles = {match.lower() for match in _MENTION.findall(text)}
    if not handles:
        return []
    addresses = {h for h in handles if "@" in h}
    locals_ = {h for h in handles if "@" not in h}
    conditions = []
    if addresses:
        conditions.append(func.lower(User.email).in_(addresses))
    for local in locals_:
        conditions.append(func.lower(User.email).like(f"{_escape_like(local)}@%", escape="\\"))
    return list(session.scalars(select(User).where(or_(*conditions), User.active)
                                .order_by(User.id)))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_inbox(session: Session, user: User, *, unread_only: bool = False
               ) -> Sequence[Notification]:
    """Newest first, with who did it and what it is about."""
    query = (select(Notification).where(Notification.user_id == user.id)
             .order_by(Notification.id.desc()).limit(INBOX_PAGE)
             .options(joinedload(Notification.actor), joinedload(Notification.proposal),
                      joinedload(Notification.section)))
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return session.scalars(query).all()


def unread_count(session: Session, user: User) -> int:
    """How many inbox entries are unread."""
    return session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


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
