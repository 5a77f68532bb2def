"""Changing one's own email, confirmed by a link mailed to the new address.

Asking (with the current password) mails the new address a link and the old one a
notice; nothing changes until the link is opened by the same person, signed in, within
24 hours. The link is signed (itsdangerous, a salt of its own) over the person, the
address they had when asking and the new one: once the email has changed, or changed
otherwise meanwhile, the link no longer fits and says so. Whether the new address is
already someone's is told only to its owner at confirmation, never when asking.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from cbook.accounts.emails import canonical_email
from cbook.accounts.models import User
from cbook.accounts.resets import LinkProblem
from cbook.accounts.service import (
    WrongPassword,
    authenticate,
    email_is_free,
    take_confirmed_email,
)
from cbook.errors import Conflict, InvalidInput
from cbook.mail.compose import compose
from cbook.mail.service import enqueue

LIFETIME = timedelta(hours=24)
MAX_TOKEN_LENGTH = 600
_SALT = "cbook.email_change"

LinkFor = Callable[[str], str]


@dataclass(frozen=True)
class Change:
    """What a valid link asks for: this person's email to become ``address``."""

    user_id: int
    address: str


def _signer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def request_change(session: Session, user: User, current_password: str, new_email: str, *,
                   secret: str, link_for: LinkFor) -> str:
    """Mail the confirmation link (and the old address a notice); returns the address.

    A wrong password is refused; an address that is already someone else's gets no mail,
    but the answer is the same, so the form cannot be used to find out who has an account.
    """
    if authenticate(session, user.email, current_password) is None:
        raise WrongPassword("the current password is not right")
    address = canonical_email(new_email)
    if address is None:
        raise InvalidInput(f"{new_email!r} is not an email address")
    if address == user.email:
        raise InvalidInput("that is already your email")
    if email_is_free(session, address, user):
        token = str(_signer(secret).dumps([user.id, user.email, address]))
        enqueue(session, compose("email_change", to=address, to_name=user.name,
                                 language=user.language,
                                 context={"link": link_for(token), "old": user.email,
                                          "hours": int(LIFETIME.total_seconds() // 3600)}))
        enqueue(session, compose("email_change_notice", to=user.email, to_name=user.name,
                                 language=user.language,
                                 context={"new": address}))
    return address


def check(session: Session, token: str, viewer: User, *, secret: str) -> Change | LinkProblem:
    """What the link asks, or why it cannot be used by ``viewer`` now."""
    if len(token) > MAX_TOKEN_LENGTH:
        return LinkProblem.UNKNOWN
    try:
        user_id, old, address = _signer(secret).loads(
            token, max_age=int(LIFETIME.total_seconds()))
    except SignatureExpired:
        return LinkProblem.EXPIRED
    except (BadSignature, ValueError, TypeError):
        return LinkProblem.UNKNOWN
    if user_id != viewer.id:
        return LinkProblem.OTHER_ACCOUNT
    if viewer.email != old:
        return LinkProblem.USED  # changed already (by this link or otherwise)
    return Change(int(user_id), str(address))


def confirm(session: Session, token: str, viewer: User, *, secret: str) -> str:
    """Make the change a valid link asks for; returns the new address."""
    found = check(session, token, viewer, secret=secret)
    if isinstance(found, LinkProblem):
        raise InvalidInput(f"the link cannot be used: {found.value}")
    if not email_is_free(session, found.address, viewer):
        raise Conflict("that address now belongs to another account")
    take_confirmed_email(session, viewer, found.address)
    return found.address
