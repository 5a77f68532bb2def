"""Each person's inbox: reviews requested, changes requested, merges, mentions, replies."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from cbook.accounts.models import User
from cbook.db import utcnow
from cbook.errors import NotFound
from cbook.review.models import Comment, Notification, NotificationKind, Proposal

INBOX_PAGE = 100
# Where a mention starts: an @ not inside a word or an address ("ayo@example.org").
_MENTION_START = re.compile(r"(?<![\w@])@")
# The word after an @ that matched nobody, to say so: "@bob" or "@bob@example.org".
_HANDLE = re.compile(r"[\w.%+-]+(?:@[\w.-]+\.\w{2,})?")
_MENTION_LOOKAHEAD = 120  # characters after an @ a name or address can span
# Letters NFKD leaves whole, spelled as people type them on an English keyboard.
_PLAIN_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "æ": "ae", "œ": "oe",
                                "\u0131": "i", "þ": "th", "ð": "d"})


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
        session.add(Notification(
            user_id=user.id, kind=kind, actor_id=actor.id if actor else None,
            section_id=about.section_id,
            proposal_id=about.proposal.id if about.proposal else None,
            comment_id=about.comment.id if about.comment else None,
            chapter_id=about.chapter_id,
        ))
    return len(seen)


def plain(text: str) -> str:
    """Text folded for matching names: no accents, no case, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_PLAIN_LETTERS))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", bare).strip()


def mention_keys(user: User) -> set[str]:
    """What may follow an @ to mean this person: their name (whole, first, or run
    together), the part of their address before the @, or the whole address."""
    name = plain(user.name or "")
    email = plain(user.email or "")
    keys = {email, email.split("@", 1)[0]}
    if name:
        words = name.split(" ")
        keys |= {name, words[0], "".join(words), ".".join(words), "_".join(words)}
    return {key for key in keys if key}


@dataclass
class Mentions:
    """Who a text mentions among the people who may read it, and what matched no one."""

    users: list[User] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # "@bob": nobody of that name
    ambiguous: list[str] = field(default_factory=list)  # "@sam": more than one person


def _ends_word(rest: str, length: int) -> bool:
    return length >= len(rest) or not (rest[length].isalnum() or rest[length] in "_-@")


def resolve_mentions(text: str, candidates: Sequence[User]) -> Mentions:
    """The people among ``candidates`` that ``text`` mentions with @name or @address.

    The longest name that follows an @ wins ("@Grace Okafor" over "@Grace"); matching
    ignores case and accents. A name shared by several people mentions none of them.
    """
    keyed: dict[str, list[User]] = {}
    for user in candidates:
        for key in mention_keys(user):
            keyed.setdefault(key, []).append(user)
    found = Mentions()
    chosen: dict[int, User] = {}
    for start in _MENTION_START.finditer(text):
        raw = text[start.end():start.end() + _MENTION_LOOKAHEAD]
        rest = plain(raw) if raw[:1].strip() else ""
        best = max((key for key in keyed if rest.startswith(key) and _ends_word(rest, len(key))),
                   key=len, default=None)
        handle = _HANDLE.match(raw)
        written = "@" + (handle.group(0).rstrip(".") if handle else "")
        if best is None:
            if handle and written not in found.unknown:
                found.unknown.append(written)
        elif len(keyed[best]) > 1:
            if written not in found.ambiguous:
                found.ambiguous.append(written)
        else:
            chosen.setdefault(keyed[best][0].id, keyed[best][0])
    found.users = sorted(chosen.values(), key=lambda user: user.id)
    return found


def mentioned_users(text: str, candidates: Sequence[User]) -> list[User]:
    """The people a text mentions (see resolve_mentions); unknown names are left out."""
    return resolve_mentions(text, candidates).users


def list_inbox(session: Session, user: User, *, unread_only: bool = False
               ) -> Sequence[Notification]:
    """Newest first, with who did it and what it is about."""
    query = (select(Notification).where(Notification.user_id == user.id)
             .order_by(Notification.id.desc()).limit(INBOX_PAGE)
             .options(joinedload(Notification.actor), joinedload(Notification.proposal),
                      joinedload(Notification.section), joinedload(Notification.chapter)))
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return session.scalars(query).all()


def unread_count(session: Session, user: User) -> int:
    """How many inbox entries are unread."""
    return session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


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
