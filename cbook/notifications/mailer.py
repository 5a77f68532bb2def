"""Inbox entries into mail: at once for those who chose it, a daily digest for the rest.

Run by the mail sender's loop (and ``cbook mail digest``), never in a request. Each entry
is claimed with a conditional UPDATE of its ``emailed_at`` in the same transaction that
queues its message in the outbox: two senders never mail one entry, and a crash before
the commit leaves both undone, to be done by the next pass.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from cbook.accounts.models import User
from cbook.db import utcnow
from cbook.errors import InvalidInput
from cbook.mail.compose import compose
from cbook.mail.service import enqueue
from cbook.notifications.links import Links
from cbook.notifications.models import CATEGORY_OF, Delivery
from cbook.review.models import Notification
from cbook.review.queries import merge_is_live

log = logging.getLogger(__name__)
BATCH = 200  # entries composed per transaction


def _claim(session: Session, entry_id: int, now: datetime) -> bool:
    result = session.execute(
        update(Notification).where(Notification.id == entry_id,
                                   Notification.emailed_at.is_(None))
        .values(emailed_at=now).execution_options(synchronize_session=False))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _pending(session: Session, delivery: Delivery, limit: int,
             before: datetime | None = None) -> Sequence[Notification]:
    query = (select(Notification).where(Notification.delivery == delivery.value,
                                        Notification.emailed_at.is_(None))
             .options(joinedload(Notification.actor), joinedload(Notification.proposal),
                      joinedload(Notification.section), joinedload(Notification.chapter))
             .order_by(Notification.id).limit(limit))
    if before is not None:
        query = query.where(Notification.created_at < before)
    return session.scalars(query).unique().all()


def _unsubscribe_headers(link: str) -> dict[str, str]:
    # RFC 8058: mail clients offer "Unsubscribe" and POST to the link themselves.
    return {"List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _recipient(session: Session, user_id: int) -> User | None:
    user = session.get(User, user_id)
    return user if user is not None and user.active else None


def mail_immediate(session: Session, links: Links, now: datetime | None = None) -> int:
    """Queue one message per entry waiting to be mailed at once; returns how many.

    An entry already read on the site, or whose person has left, is marked and not mailed.
    """
    now = now or utcnow()
    queued = 0
    for entry in _pending(session, Delivery.IMMEDIATE, BATCH):
        if not _claim(session, entry.id, now):
            continue  # another sender took it
        person = _recipient(session, entry.user_id)
        category = CATEGORY_OF.get(entry.kind)
        if person is None or entry.read_at is not None or category is None:
            continue
        stop_link = links.unsubscribe(person.id, category)
        try:
            message = compose(
                "notification", to=person.email, to_name=person.name, kind="notification",
                language=person.language,
                context={"entry": entry, "link": links.entry(entry), "live": merge_is_live,
                         "settings_link": links.settings(), "stop_link": stop_link,
                         "category": category.value},
                headers=_unsubscribe_headers(stop_link))
        except InvalidInput as error:  # an address that cannot be mailed: say so, go on
            log.warning("notification %s not mailed: %s", entry.id, error)
            continue
        enqueue(session, message)
        queued += 1
    session.flush()
    return queued


def digest_due_before(now: datetime, hour: int) -> datetime | None:
    """Entries written before this moment are due in today's digest (None: not yet time)."""
    sent_at = datetime.combine(now.date(), time(hour=hour), tzinfo=now.tzinfo)
    return sent_at if now >= sent_at else None


def mail_digests(session: Session, links: Links, *, hour: int, now: datetime | None = None,
                 force: bool = False) -> int:
    """Queue each person's daily digest (entries before today's ``hour``, grouped by
    section); ``force`` sends what is pending regardless of the hour. Returns how many."""
    now = now or utcnow()
    before = now + timedelta(seconds=1) if force else digest_due_before(now, hour)
    if before is None:
        return 0
    by_person: dict[int, list[Notification]] = {}
    for entry in _pending(session, Delivery.DIGEST, 10 * BATCH, before):
        if _claim(session, entry.id, now) and entry.read_at is None:
            by_person.setdefault(entry.user_id, []).append(entry)
    queued = 0
    for user_id, entries in by_person.items():
        person = _recipient(session, user_id)
        if person is None:
            continue
        groups: dict[str, list[Notification]] = {}
        for entry in entries:
            groups.setdefault(_place(entry), []).append(entry)
        categories = sorted({CATEGORY_OF[e.kind] for e in entries if e.kind in CATEGORY_OF})
        try:
            message = compose(
                "notification_digest", to=person.email, to_name=person.name,
                kind="notification_digest", language=person.language,
                context={"groups": groups, "count": len(entries), "links": links,
                         "live": merge_is_live, "settings_link": links.settings(),
                         "stops": [(c.value, links.unsubscribe(person.id, c))
                                   for c in categories]})
        except InvalidInput as error:
            log.warning("digest for user %s not mailed: %s", user_id, error)
            continue
        enqueue(session, message)
        queued += 1
    session.flush()
    return queued


def _place(entry: Notification) -> str:
    """The heading an entry is grouped under: "chapter: section" (or the chapter)."""
    if entry.section is not None:
        return f"{entry.section.chapter.title}: {entry.section.title}"
    if entry.chapter is not None:
        return entry.chapter.title
    return ""
