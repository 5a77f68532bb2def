"""The invitations table: who was invited, as what, into which trio, and what became of it."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cbook.db import Base, utcnow

if TYPE_CHECKING:
    from cbook.accounts.models import User
    from cbook.books.models import Trio

LIFETIME = timedelta(days=7)


class InvitationState(StrEnum):
    """Where an invitation stands; only a pending one can be accepted, re-sent or revoked."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REVOKED = "revoked"
    EXPIRED = "expired"


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; they are stored in UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=utcnow().tzinfo)


def _in_a_week() -> datetime:
    return utcnow() + LIFETIME


class Invitation(Base):
    """One invitation to one address; only the hash of its link's token is kept."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    role: Mapped[str] = mapped_column(String(20))  # a cbook.roles.Role value
    trio_id: Mapped[int | None] = mapped_column(
        ForeignKey("trios.id", ondelete="SET NULL"), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(default=_in_a_week)
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))

    trio: Mapped[Trio | None] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])
    accepted_by: Mapped[User | None] = relationship(foreign_keys=[accepted_by_id])

    def state(self, now: datetime | None = None) -> InvitationState:
        """Accepted, revoked, expired (past ``expires_at``) or still pending."""
        if self.accepted_at is not None:
            return InvitationState.ACCEPTED
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if _aware(self.expires_at) <= (now or utcnow()):
            return InvitationState.EXPIRED
        return InvitationState.PENDING

    @property
    def is_pending(self) -> bool:
        """Whether the link still works."""
        return self.state() == InvitationState.PENDING

    def __repr__(self) -> str:
        return f"<Invitation {self.id} {self.email} {self.role}>"
