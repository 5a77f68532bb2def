"""Account models: users, their login sessions and their API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, overload

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cbook.db import Base, utcnow
from cbook.roles import Role

if TYPE_CHECKING:
    from cbook.books.models import TranslationMember, TrioMembership


def _enum_values(enum: type[Role]) -> list[str]:
    return [member.value for member in enum]


class User(Base):
    """A person who signs in; what they may do follows from their role and trios."""

    __tablename__ = "users"
    # login_token below is a plain per-request attribute, not a column.
    __allow_unmapped__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=_enum_values,
             create_constraint=True, name="role"),
    )
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_signed_in_at: Mapped[datetime | None]
    # The interface language they chose (cbook.languages), None until they choose.
    language: Mapped[str | None] = mapped_column(String(10))
    # Shown beside their words (history, comments) and on their profile page.
    pronouns: Mapped[str | None] = mapped_column(String(40))
    bio: Mapped[str | None] = mapped_column(String(500))

    memberships: Mapped[list[TrioMembership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="TrioMembership.id"
    )
    # The translations they are named a translator of (the trio-wide ones are on the book).
    translation_memberships: Mapped[list[TranslationMember]] = relationship(
        "TranslationMember", viewonly=True,
        primaryjoin="User.id == foreign(TranslationMember.user_id)")

    # Set by the login loader: which login session this request belongs to, so that
    # flask-login's get_id() names the session rather than the user (logout can then
    # invalidate exactly this session's cookie).
    login_token: str | None = None

    @property
    def is_authenticated(self) -> bool:
        """flask-login: a loaded user is signed in."""
        return True

    @property
    def is_active(self) -> bool:
        """flask-login: deactivated users cannot sign in."""
        return self.active

    @property
    def is_anonymous(self) -> bool:
        """flask-login: real users are never anonymous."""
        return False

    def get_id(self) -> str | None:
        """flask-login: the login session token kept in the session cookie."""
        return self.login_token

    @property
    def display_name(self) -> str:
        """Their name, with their pronouns if they gave them: "Nadia Noor (she/her)"."""
        return f"{self.name} ({self.pronouns})" if self.pronouns else self.name

    @property
    def trio_names(self) -> list[str]:
        """The trios they write with, in the order they joined."""
        return [membership.trio.name for membership in self.memberships]

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"


@overload
def person_json(user: User) -> dict[str, Any]: ...
@overload
def person_json(user: User | None) -> dict[str, Any] | None: ...
def person_json(user: User | None) -> dict[str, Any] | None:
    """A person as the API shows them (``PersonSchema``); None once the account is gone."""
    # A plain dict, not PersonSchema().dump: it runs per comment, review and poll, and it
    # lives here rather than in cbook.api so domain modules (editor.collab) can use it too.
    if user is None:
        return None
    trios = user.trio_names
    return {"id": user.id, "name": user.name, "pronouns": user.pronouns,
            "trio": trios[0] if trios else None}


class LoginSession(Base):
    """One signed-in browser; deleting it signs that browser out for good."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class ApiToken(Base):
    """A personal API token; only its hash is stored, the token is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class PasswordReset(Base):
    """A password-reset link sent by mail: single-use, short-lived, only its hash kept."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The address the link went to: a link outlives no change of the account's email.
    sent_to: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    requested_from: Mapped[str | None] = mapped_column(String(100))

    user: Mapped[User] = relationship()
