"""The audit trail's one table: an event per security-relevant or publishing action."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from cbook.db import Base, utcnow


class AuditAction(StrEnum):
    """Everything the trail records; the value is what is stored and filtered on."""

    SIGNED_IN = "user.signed_in"
    SIGN_IN_FAILED = "user.sign_in_failed"
    SIGNED_OUT = "user.signed_out"
    USER_ADDED = "user.added"
    ROLE_CHANGED = "user.role_changed"
    DEACTIVATED = "user.deactivated"
    REACTIVATED = "user.reactivated"
    PASSWORD_SET = "user.password_set"  # noqa: S105 - an action's name
    PASSWORD_CHANGED = "user.password_changed"  # noqa: S105 - an action's name
    EMAIL_CHANGED = "user.email_changed"
    TOKEN_CREATED = "token.created"  # noqa: S105 - an action's name
    TOKEN_REVOKED = "token.revoked"  # noqa: S105 - an action's name
    SECTION_PUBLISHED = "section.published"
    SECTION_UNPUBLISHED = "section.unpublished"
    EXPORT_REQUESTED = "export.requested"
    PROPOSAL_MERGED = "proposal.merged"
    MOVED_TO_TRASH = "trash.moved"
    RESTORED_FROM_TRASH = "trash.restored"
    PURGED_FROM_TRASH = "trash.purged"
    INVITATION_SENT = "invitation.sent"
    INVITATION_REVOKED = "invitation.revoked"
    INVITATION_ACCEPTED = "invitation.accepted"
    PASSWORD_RESET_REQUESTED = "password_reset.requested"  # noqa: S105 - an action's name
    PASSWORD_RESET_DONE = "password_reset.done"  # noqa: S105 - an action's name
    TRANSLATION_STARTED = "translation.started"
    TRANSLATORS_CHANGED = "translation.translators_changed"


class AuditEvent(Base):
    """One recorded action. Who did it is kept as a snapshot (name and email at the time),
    so the trail still reads right after a person is renamed or their account is gone."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor_name: Mapped[str | None] = mapped_column(String(200))
    actor_email: Mapped[str | None] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_kind: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[int | None]
    target_label: Mapped[str] = mapped_column(String(300), default="")
    origin: Mapped[str | None] = mapped_column(String(100))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.action} by {self.actor_email}>"
