"""Account writes: users, password checks, login sessions and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import Session

from cbook.accounts import queries
from cbook.accounts.emails import canonical_email, normalise_email
from cbook.accounts.models import ApiToken, LoginSession, User
from cbook.audit.models import AuditAction
from cbook.audit.service import record
from cbook.db import utcnow
from cbook.errors import InvalidInput, NotFound, Unprocessable
from cbook.languages import shipped
from cbook.policy import Action, require
from cbook.roles import Role
from cbook.textrules import clean_title, find_unstorable

_hasher = PasswordHasher()
# Verifying against this keeps the time of a login for an unknown email the same as for
# a known one, so response times do not reveal which emails have accounts.
_DUMMY_HASH = _hasher.hash("not a real password")
MIN_PASSWORD_LENGTH = 10
TOKEN_PREFIX = "cbk_"  # noqa: S105 - a public prefix that marks tokens, not a secret


def _digest(token: str) -> str:
    # Tokens are 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


class EmailTaken(Unprocessable):
    """Another account already has this email (compared case-insensitively)."""


class WrongPassword(Unprocessable):
    """The current password given to confirm a change is not the person's."""


def _about(user: User) -> dict[str, Any]:
    """The audit trail's target for an event about a person's account."""
    return {"target_kind": "user", "target_id": user.id, "target_label": user.email}


def _email_in_use(session: Session, address: str, by_other_than: int | None = None) -> bool:
    query = select(func.count()).select_from(User).where(func.lower(User.email) == address)
    if by_other_than is not None:
        query = query.where(User.id != by_other_than)
    return bool(session.scalar(query))


def email_is_free(session: Session, email: str, for_user: User) -> bool:
    """Whether ``for_user`` could take this email: nobody else has it, in any case."""
    return not _email_in_use(session, normalise_email(email), for_user.id)


def hash_password(password: str) -> str:
    """An Argon2id hash of a password that meets the length rule."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Unprocessable(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    if find_unstorable(password):
        raise Unprocessable("password contains characters that cannot be stored")
    return _hasher.hash(password)


def find_user_by_email(session: Session, email: str) -> User | None:
    """The user with this email, if any."""
    wanted = canonical_email(email)
    if wanted is None:
        return None
    return session.scalar(select(User).where(User.email == wanted))


def create_user(
    session: Session, email: str, role: Role, name: str | None = None,
    password: str | None = None,
) -> User:
    """Add a user; the email must be new."""
    address = normalise_email(email)
    if _email_in_use(session, address):
        raise EmailTaken(f"a user with email {address} already exists")
    user = User(
        email=address,
        name=clean_title(name or address.split("@")[0], "name", 200),
        role=Role(role),
        password_hash=hash_password(password) if password else None,
    )
    session.add(user)
    session.flush()
    return user


def add_user(
    session: Session, actor: User | None, email: str, role: Role, name: str | None = None,
    password: str | None = None,
) -> User:
    """Add a user on someone's say-so (an admin; None: the command line), on the audit trail."""
    if actor is not None:
        require(actor, Action.MANAGE_USERS)
    created = create_user(session, email, role, name=name, password=password)
    record(session, AuditAction.USER_ADDED, actor=actor, **_about(created),
           details={"role": created.role.value})
    return created


def update_user(
    session: Session, actor: User | None, user: User, *, role: Role | None = None,
    name: str | None = None, active: bool | None = None, password: str | None = None,
) -> User:
    """Change a user's role, name, active flag or password (admins only)."""
    require(actor, Action.MANAGE_USERS)
    if actor is not None and actor.id == user.id and (
        (role is not None and role != Role.ADMIN) or active is False
    ):
        raise Unprocessable("you cannot demote or deactivate yourself")
    if role is not None and Role(role) != user.role:
        record(session, AuditAction.ROLE_CHANGED, actor=actor, **_about(user),
               details={"from": user.role.value, "to": Role(role).value})
        user.role = Role(role)
    if name is not None:
        user.name = clean_title(name, "name", 200)
    if password:
        user.password_hash = hash_password(password)
        record(session, AuditAction.PASSWORD_SET, actor=actor, **_about(user))
    if active is not None:
        if active != user.active:
            record(session, AuditAction.REACTIVATED if active else AuditAction.DEACTIVATED,
                   actor=actor, **_about(user))
        user.active = active
        if not active:
            session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    session.flush()
    return user


def _set_email(session: Session, actor: User | None, user: User, email: str) -> User:
    address = normalise_email(email)
    if _email_in_use(session, address, user.id):
        raise EmailTaken(f"a user with email {address} already exists")
    if address != user.email:
        record(session, AuditAction.EMAIL_CHANGED, actor=actor, **_about(user),
               details={"from": user.email, "to": address})
    # Login sessions and tokens name the user, not the address, so everyone stays
    # signed in: only the next sign-in needs the new email.
    user.email = address
    session.flush()
    return user


def change_email(session: Session, actor: User | None, user: User, email: str) -> User:
    """Give a user a new email (admins only); it must be free, case-insensitively."""
    require(actor, Action.MANAGE_USERS)
    return _set_email(session, actor, user, email)


def change_own_email(session: Session, user: User, current_password: str, email: str) -> User:
    """Change one's own email after checking one's current password."""
    if authenticate(session, user.email, current_password) is None:
        raise WrongPassword("the current password is not right")
    return _set_email(session, user, user, email)


def take_confirmed_email(session: Session, user: User, email: str) -> User:
    """Give a person the new email their confirmation link asked for
    (:mod:`cbook.accounts.email_change`); it must still be free."""
    return _set_email(session, user, user, email)


def change_own_password(session: Session, user: User, current: str, new: str) -> None:
    """Set a new password after checking the current one; other browsers are signed out."""
    if authenticate(session, user.email, current) is None:
        raise WrongPassword("the current password is not right")
    user.password_hash = hash_password(new)
    this_browser = _digest(user.login_token or "")
    session.execute(delete(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.token_hash != this_browser))
    record(session, AuditAction.PASSWORD_CHANGED, actor=user, **_about(user))
    session.flush()


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user whose password this is, or None (in constant-ish time)."""
    user = find_user_by_email(session, email)
    stored = user.password_hash if user and user.password_hash else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active or not user.password_hash:
        return None
    if _hasher.check_needs_rehash(stored):
        user.password_hash = _hasher.hash(password)
    return user


def start_login_session(session: Session, user: User) -> str:
    """Record a new signed-in browser (and when) and return the secret its cookie carries."""
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(token_hash=_digest(token), user_id=user.id))
    # Every way of signing in (the form, an accepted invitation, a reset) starts here,
    # so "last signed in" cannot miss one.
    user.last_signed_in_at = utcnow()
    record(session, AuditAction.SIGNED_IN, actor=user, **_about(user))
    session.flush()
    user.login_token = token
    return token


def load_login_session(session: Session, token: str) -> User | None:
    """The active user a login-session secret belongs to, or None once signed out."""
    user = queries.user_of_login_session(session, _digest(token))
    if user is not None:
        user.login_token = token
    return user


def note_failed_sign_in(session: Session, email: str) -> None:
    """Put a refused sign-in on the audit trail, with the account it was aimed at if any."""
    # Nobody proved who they are, so there is no actor; the typed email is the target.
    aimed_at = find_user_by_email(session, email)
    record(session, AuditAction.SIGN_IN_FAILED, actor=None, target_kind="user",
           target_id=aimed_at.id if aimed_at else None,
           target_label=aimed_at.email if aimed_at else email.strip()[:254])


def end_login_session(session: Session, token: str) -> None:
    """Forget a signed-in browser: its cookie no longer signs anyone in."""
    ending = session.scalar(select(LoginSession).where(LoginSession.token_hash == _digest(token)))
    if ending is None:
        return
    record(session, AuditAction.SIGNED_OUT, actor=ending.user, **_about(ending.user))
    session.delete(ending)
    session.flush()


def create_api_token(session: Session, user: User, label: str = "") -> str:
    """A new personal API token; only its hash is kept, so this is the one time it is seen."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(token_hash=_digest(token), user_id=user.id, label=label[:200])
    session.add(row)
    session.flush()
    record(session, AuditAction.TOKEN_CREATED, actor=user, target_kind="api_token",
           target_id=row.id, target_label=row.label)
    return token


def load_api_token(session: Session, token: str) -> User | None:
    """The active user an API token belongs to, or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    # One statement, built once: every API request with a token comes through here, and
    # building it cost more than running it. Nothing is cached, so a revoked token, a
    # deactivated person or a changed role counts from the very next request.
    return session.scalar(_TOKEN_USER, {"token_hash": _digest(token)})


_TOKEN_USER = (
    select(User).join(ApiToken, ApiToken.user_id == User.id)
    .where(ApiToken.token_hash == bindparam("token_hash"), User.active.is_(True))
)


def revoke_api_token(session: Session, user: User, token_id: int) -> None:
    """Delete one of the user's own tokens."""
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise NotFound("no such token")
    record(session, AuditAction.TOKEN_REVOKED, actor=user, target_kind="api_token",
           target_id=row.id, target_label=row.label)
    session.delete(row)


def set_language(session: Session, user: User, code: str) -> None:
    """Keep the interface language a person chose (a shipped one: cbook.languages)."""
    chosen = shipped(code)
    if chosen is None:
        raise InvalidInput(f"{code!r} is not a language of the interface")
    user.language = chosen
    session.flush()


def update_profile(session: Session, user: User, *, name: Any, pronouns: Any, bio: Any) -> None:
    """Change what others see beside a person's words (checked as any stored text is)."""
    user.name = clean_title(str(name or ""), "name", 200)
    short = " ".join(str(pronouns or "").split())
    if find_unstorable(short):
        raise InvalidInput(f"pronouns: {find_unstorable(short)}")
    if len(short) > 40:
        raise InvalidInput("pronouns must be at most 40 characters")
    user.pronouns = short or None
    text = str(bio or "").strip()
    if find_unstorable(text):
        raise InvalidInput(f"bio: {find_unstorable(text)}")
    if len(text) > 500:
        raise InvalidInput("the bio must be at most 500 characters")
    user.bio = text or None
    session.flush()
