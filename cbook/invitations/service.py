"""Invitation writes: invite, re-send, revoke, and accept (new account or existing one).

A link carries 256 random bits; only their SHA-256 is stored, it works once and until
``expires_at`` (a week by default), and re-sending replaces it. Every refusal is a domain
error the edge turns into a plain message; nothing here commits (callers' unit of work).
Who may invite whom is the policy's ``INVITE_PEOPLE``; ``actor=None`` is the command line.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from cbook.accounts.emails import normalise_email
from cbook.accounts.models import User
from cbook.accounts.service import create_user, find_user_by_email
from cbook.audit.models import AuditAction
from cbook.audit.service import record
from cbook.books.models import Trio, TrioMembership
from cbook.db import utcnow
from cbook.errors import Conflict, InvalidInput, Unprocessable
from cbook.invitations.models import LIFETIME, Invitation, InvitationState
from cbook.invitations.queries import find_by_token, token_digest
from cbook.mail.compose import MAX_NAME, clean_address, clean_text, compose
from cbook.mail.service import enqueue
from cbook.policy import Action, require
from cbook.roles import Role

LinkFor = Callable[[str], str]
"""Turns a token into the absolute link a person clicks (the edge knows the site's address)."""
MAX_TOKEN_LENGTH = 100  # ours are 43 characters; anything much longer is not one of ours
_RANK = {role: rank for rank, role in enumerate(Role)}


class LinkProblem(StrEnum):
    """Why an invitation link cannot be used; each has its own plain page."""

    UNKNOWN = "unknown"  # never issued, mistyped, tampered with, or replaced by a re-send
    EXPIRED = "expired"
    ACCEPTED = "accepted"
    REVOKED = "revoked"
    OTHER_ACCOUNT = "other_account"  # signed in as someone the invitation is not for


class LinkUnusable(Conflict):
    """The link cannot be used (any more); ``problem`` says why."""

    def __init__(self, problem: LinkProblem) -> None:
        super().__init__(_PROBLEM_TEXT[problem])
        self.problem = problem


_PROBLEM_TEXT = {
    LinkProblem.UNKNOWN: "this invitation link is not valid",
    LinkProblem.EXPIRED: "this invitation has expired",
    LinkProblem.ACCEPTED: "this invitation has already been accepted",
    LinkProblem.REVOKED: "this invitation was withdrawn",
    LinkProblem.OTHER_ACCOUNT: "this invitation is for another address",
}
_STATE_PROBLEM = {InvitationState.EXPIRED: LinkProblem.EXPIRED,
                  InvitationState.ACCEPTED: LinkProblem.ACCEPTED,
                  InvitationState.REVOKED: LinkProblem.REVOKED}


@dataclass(frozen=True)
class Ask:
    """What someone asks to invite: the policy looks at ``role`` and ``trio_id``."""

    role: Role
    trio_id: int | None


@dataclass(frozen=True)
class Sent:
    """An invitation just made or re-sent, and the link its mail carries (shown once)."""

    invitation: Invitation
    link: str


@dataclass(frozen=True)
class Cleaned:
    """An invitation request checked: the address as stored, the role, the trio."""

    email: str
    role: Role
    trio: Trio | None
    has_account: bool


def one_line(text: str) -> str:
    """``text`` with control characters dropped and runs of space made one (fit for a header)."""
    kept = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    return " ".join(kept.split())


def clean_request(session: Session, actor: User | None, email: Any, role: Any,
                  trio: Trio | None) -> Cleaned:
    """Check an invitation request without writing: address, role, permission, duplicates."""
    if not isinstance(email, str) or not email.strip():
        raise InvalidInput("an email address is needed")
    address = normalise_email(clean_address(email))
    try:
        invited_role = Role(role)
    except ValueError:
        raise InvalidInput(f"{one_line(str(role))[:40]!r} is not a role "
                           f"({', '.join(r.value for r in Role)})") from None
    if actor is not None:
        require(actor, Action.INVITE_PEOPLE, Ask(invited_role, trio.id if trio else None))
    pending = session.scalars(select(Invitation).where(
        Invitation.email == address, Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None))).all()
    if any(invitation.is_pending for invitation in pending):
        raise Conflict(f"{address} already has a pending invitation: re-send it instead")
    user = find_user_by_email(session, address)
    if user is not None and _RANK[user.role] >= _RANK[invited_role] and (
            trio is None or any(m.trio_id == trio.id for m in user.memberships)):
        raise Unprocessable(f"{address} already has an account with this access")
    return Cleaned(email=address, role=invited_role, trio=trio, has_account=user is not None)


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _mail(session: Session, invitation: Invitation, link: str, inviter: User | None,
          language: str | None) -> None:
    has_account = find_user_by_email(session, invitation.email) is not None
    message = compose("invitation", to=invitation.email, language=language, context={
        "inviter": one_line(inviter.name)[:MAX_NAME] if inviter is not None else "",
        "role": invitation.role, "trio": one_line(invitation.trio.name) if invitation.trio else "",
        "link": link, "expires_on": invitation.expires_at.date(),
        "has_account": has_account, "days": LIFETIME.days,
    })
    enqueue(session, message)


def _about(invitation: Invitation) -> dict[str, Any]:
    return {"target_kind": "invitation", "target_id": invitation.id,
            "target_label": invitation.email,
            "details": {"role": invitation.role,
                        "trio": invitation.trio.slug if invitation.trio else None}}


def invite(session: Session, actor: User | None, email: Any, role: Any, trio: Trio | None,
           link_for: LinkFor, *, language: str | None = None) -> Sent:
    """Invite one person: a row, a queued mail with the link, an audit event.

    The mail is written in ``language``: the one the person inviting is using, the best
    guess at what the invitee reads (English when None)."""
    cleaned = clean_request(session, actor, email, role, trio)
    token, now = _new_token(), utcnow()
    invitation = Invitation(email=cleaned.email, role=cleaned.role.value, trio=cleaned.trio,
                            invited_by_id=actor.id if actor else None,
                            token_hash=token_digest(token), created_at=now,
                            expires_at=now + LIFETIME)
    session.add(invitation)
    session.flush()
    link = link_for(token)
    _mail(session, invitation, link, actor, language)
    record(session, AuditAction.INVITATION_SENT, actor=actor, **_about(invitation))
    return Sent(invitation, link)


def resend(session: Session, actor: User | None, invitation: Invitation,
           link_for: LinkFor, *, language: str | None = None) -> Sent:
    """Send a new link (the old one stops working) valid for another full week."""
    if actor is not None:
        require(actor, Action.INVITE_PEOPLE, invitation)
    state = invitation.state()
    if state in (InvitationState.ACCEPTED, InvitationState.REVOKED):
        raise Conflict(f"the invitation to {invitation.email} was {state.value}: "
                       "it cannot be re-sent")
    token = _new_token()
    invitation.token_hash = token_digest(token)
    invitation.expires_at = utcnow() + LIFETIME
    session.flush()
    link = link_for(token)
    _mail(session, invitation, link, actor, language)
    about = _about(invitation)
    about["details"]["resent"] = True
    record(session, AuditAction.INVITATION_SENT, actor=actor, **about)
    return Sent(invitation, link)


def revoke(session: Session, actor: User | None, invitation: Invitation) -> bool:
    """Withdraw an invitation: its link stops working. False if it was already withdrawn."""
    if actor is not None:
        require(actor, Action.INVITE_PEOPLE, invitation)
    if invitation.accepted_at is not None:
        raise Conflict(f"{invitation.email} has already accepted this invitation")
    if invitation.revoked_at is not None:
        return False
    invitation.revoked_at = utcnow()
    session.flush()
    record(session, AuditAction.INVITATION_REVOKED, actor=actor, **_about(invitation))
    return True


@dataclass(frozen=True)
class LinkCheck:
    """A link looked at: the pending invitation it names, or why it cannot be used."""

    invitation: Invitation | None
    problem: LinkProblem | None


def look_up(session: Session, token: str, viewer: User | None = None) -> LinkCheck:
    """What a link names, without changing anything (for the page that shows it)."""
    if not token or len(token) > MAX_TOKEN_LENGTH or not token.isascii():
        return LinkCheck(None, LinkProblem.UNKNOWN)
    invitation = find_by_token(session, token)
    if invitation is None:
        return LinkCheck(None, LinkProblem.UNKNOWN)
    problem = _STATE_PROBLEM.get(invitation.state())
    if problem is None and viewer is not None and viewer.email != invitation.email:
        problem = LinkProblem.OTHER_ACCOUNT
    return LinkCheck(invitation, problem)


def check_link(session: Session, token: str, viewer: User | None = None) -> Invitation:
    """The pending invitation a link names, or ``LinkUnusable`` saying plainly why not."""
    checked = look_up(session, token, viewer)
    if checked.problem is not None or checked.invitation is None:
        raise LinkUnusable(checked.problem or LinkProblem.UNKNOWN)
    return checked.invitation


def _take(session: Session, invitation: Invitation, user: User) -> None:
    # One conditional UPDATE: of two browsers accepting at once, exactly one wins.
    taken = session.execute(update(Invitation).where(
        Invitation.id == invitation.id, Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None)).values(accepted_at=utcnow(), accepted_by_id=user.id)
        .execution_options(synchronize_session=False))
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise LinkUnusable(LinkProblem.ACCEPTED)
    session.refresh(invitation)
    if invitation.trio is not None and not any(
            m.trio_id == invitation.trio.id for m in user.memberships):
        user.memberships.append(TrioMembership(trio=invitation.trio, is_lead=False))
    if _RANK[Role(invitation.role)] > _RANK[user.role]:
        user.role = Role(invitation.role)  # never lowers what the person already had
    session.flush()
    record(session, AuditAction.INVITATION_ACCEPTED, actor=user, **_about(invitation))


def accept_new(session: Session, token: str, name: Any, password: str) -> User:
    """Accept with a new account (name and password); its address is the invitation's."""
    invitation = check_link(session, token)
    if find_user_by_email(session, invitation.email) is not None:
        raise Conflict("an account with this address exists already: sign in to accept")
    if not isinstance(name, str):
        raise InvalidInput("a name is needed")
    # A name reaches mail headers (To:), so a line break in it is refused, not folded.
    display = clean_text(name, "your name", MAX_NAME)
    user = create_user(session, invitation.email, Role(invitation.role), name=display,
                       password=password)
    _take(session, invitation, user)
    return user


def accept_existing(session: Session, token: str, user: User) -> Invitation:
    """Accept with the account already signed in (it must be the invited address's)."""
    invitation = check_link(session, token, viewer=user)
    _take(session, invitation, user)
    return invitation
