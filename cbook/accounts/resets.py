"""Password reset by mail: ask for a link, check a link, set the new password with it.

A link is 256 random bits; only its SHA-256 is stored, it works once and for an hour, and
only for the address it was sent to. Asking answers the same whether or not the address
has an account: both branches look the person up, make a token and compose the message;
only a real, active account gets a row and a queued mail. However often anyone asks, an
account receives at most ``MAILS_PER_HOUR`` links an hour (the web's rate limits come in
front of this; this cap holds across processes because it counts rows).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from cbook.accounts.emails import canonical_email
from cbook.accounts.models import LoginSession, PasswordReset, User
from cbook.accounts.service import find_user_by_email, hash_password, start_login_session
from cbook.audit.models import AuditAction
from cbook.audit.origin import current_origin
from cbook.audit.service import record
from cbook.db import utcnow
from cbook.errors import InvalidInput
from cbook.mail.compose import compose
from cbook.mail.service import enqueue
from cbook.policy import Action, require

LINK_LIFETIME = timedelta(hours=1)
MAILS_PER_HOUR = 3  # links one account can be sent in any hour, whoever asks
KEEP_SPENT = timedelta(days=1)  # then a link's row is deleted at that account's next request
MAX_TOKEN_LENGTH = 100  # ours are 43 characters; anything much longer is not one of ours

LinkFor = Callable[[str], str]
"""Turns a token into the absolute link a person clicks (the web layer knows the site)."""


class LinkProblem(StrEnum):
    """Why a link cannot be used; each has its own plain page."""

    UNKNOWN = "unknown"  # never issued, mistyped or tampered with
    EXPIRED = "expired"
    USED = "used"  # used already, or replaced by a password change since
    OTHER_ACCOUNT = "other_account"  # someone else is signed in in this browser


@dataclass(frozen=True)
class LinkCheck:
    """The outcome of looking at a link: the reset it names, or why it cannot be used."""

    reset: PasswordReset | None
    problem: LinkProblem | None


def _digest(token: str) -> str:
    # 256 random bits: a fast hash is enough, there is nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; they are stored in UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=utcnow().tzinfo)


def _links_sent_lately(session: Session, user: User, now: datetime) -> int:
    return int(session.scalar(
        select(func.count()).select_from(PasswordReset).where(
            PasswordReset.user_id == user.id,
            PasswordReset.created_at > now - timedelta(hours=1))) or 0)


def _issue(session: Session, user: User | None, address: str, link_for: LinkFor, *,
           by_admin: bool, language: str | None = None) -> bool:
    """Make a token and its message; store and queue them only for a real active account.

    Returns whether a mail was queued (never shown to the person asking).
    """
    now = utcnow()
    token = secrets.token_urlsafe(32)
    # Composed in both branches, so that the answer takes the same shape of time.
    message = compose("password_reset", to=user.email if user else address,
                      to_name=user.name if user else "",
                      language=(user.language if user else None) or language,
                      context={"link": link_for(token), "minutes": 60, "by_admin": by_admin})
    if user is None or not user.active:
        return False
    if _links_sent_lately(session, user, now) >= MAILS_PER_HOUR:
        return False
    # Links a day old are long dead: each account's new request sweeps its own away.
    session.execute(delete(PasswordReset).where(
        PasswordReset.user_id == user.id, PasswordReset.created_at < now - KEEP_SPENT))
    session.add(PasswordReset(user_id=user.id, token_hash=_digest(token), sent_to=user.email,
                              created_at=now, expires_at=now + LINK_LIFETIME,
                              requested_from=current_origin()))
    enqueue(session, message)
    session.flush()
    return True


def request_reset(session: Session, email: str, link_for: LinkFor, *,
                  language: str | None = None) -> None:
    """Someone asks for a reset link for ``email``: mail one if it is an active account,
    in the account's language (else ``language``, the page's where it was asked).

    Says nothing about the outcome, so that nobody learns which addresses have accounts.
    """
    address = canonical_email(email)
    if address is None:
        raise InvalidInput("not a valid email address")
    user = find_user_by_email(session, address)
    queued = _issue(session, user, address, link_for, by_admin=False, language=language)
    # The trail knows what the page does not say: whether this was an account, and if
    # a link went out. The typed address is the target label when there is no account.
    record(session, AuditAction.PASSWORD_RESET_REQUESTED, actor=None, target_kind="user",
           target_id=user.id if user else None,
           target_label=user.email if user else address,
           details={"mailed": queued, "by": "self"})


def send_reset_by_admin(session: Session, actor: User | None, person: User,
                        link_for: LinkFor) -> bool:
    """An admin mails ``person`` a reset link instead of typing a password; whether it went."""
    require(actor, Action.MANAGE_USERS)
    if not person.active:
        raise InvalidInput("this account is deactivated: reactivate it first")
    queued = _issue(session, person, person.email, link_for, by_admin=True)
    record(session, AuditAction.PASSWORD_RESET_REQUESTED, actor=actor, target_kind="user",
           target_id=person.id, target_label=person.email,
           details={"mailed": queued, "by": "admin"})
    return queued


def check_link(session: Session, token: str, viewer: User | None = None) -> LinkCheck:
    """Whether this link can set a password now (for ``viewer``, if someone is signed in)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return LinkCheck(None, LinkProblem.UNKNOWN)
    reset = session.scalar(select(PasswordReset).where(
        PasswordReset.token_hash == _digest(token)))
    if reset is None:
        return LinkCheck(None, LinkProblem.UNKNOWN)
    if viewer is not None and viewer.id != reset.user_id:
        return LinkCheck(None, LinkProblem.OTHER_ACCOUNT)
    if reset.used_at is not None:
        return LinkCheck(None, LinkProblem.USED)
    if _aware(reset.expires_at) <= utcnow():
        return LinkCheck(None, LinkProblem.EXPIRED)
    if not reset.user.active or reset.user.email != reset.sent_to:
        # Deactivated since, or the account's address changed: the link no longer speaks
        # for whoever reads that mailbox.
        return LinkCheck(None, LinkProblem.USED)
    return LinkCheck(reset, None)


def reset_password(session: Session, token: str, new_password: str,
                   viewer: User | None = None) -> tuple[User | None, LinkProblem | None]:
    """Set a new password with a link; every login session of the person ends and a new
    one starts (its token is on the returned user). Nothing changes if the link fails."""
    check = check_link(session, token, viewer)
    if check.reset is None:
        return None, check.problem
    reset = check.reset
    password_hash = hash_password(new_password)  # refuses a short one before anything changes
    now = utcnow()
    # Claim the link in one statement: of two tabs submitting at once, only one wins.
    claimed = session.execute(update(PasswordReset).where(
        PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None, LinkProblem.USED
    user = reset.user
    user.password_hash = password_hash
    # Any other link still out there dies with the old password.
    session.execute(update(PasswordReset).where(
        PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False))
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    record(session, AuditAction.PASSWORD_RESET_DONE, actor=user, target_kind="user",
           target_id=user.id, target_label=user.email)
    start_login_session(session, user)
    session.flush()
    return user, None
