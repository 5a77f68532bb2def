"""Proposals and their reviews, anchored comments, credits and the inbox."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cbook.accounts.models import User
from cbook.db import Base, utcnow
from cbook.editor.models import Document

if TYPE_CHECKING:
    from cbook.books.models import Chapter, Section


class ProposalStatus(StrEnum):
    """Where a proposal is in review."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    MERGED = "merged"
    CLOSED = "closed"


OPEN_STATUSES = frozenset({ProposalStatus.DRAFT, ProposalStatus.SUBMITTED,
                           ProposalStatus.CHANGES_REQUESTED})


class Verdict(StrEnum):
    """What a review says."""

    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    COMMENT = "comment"


class Proposal(Base):
    """Suggested changes to a section: its own document, started from a base version."""

    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(
        ForeignKey("sections.id", ondelete="CASCADE"), index=True
    )
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), unique=True)
    base_version: Mapped[int]
    # The section's text at base_version: one side of every three-way merge.
    base_doc: Mapped[dict[str, Any]] = mapped_column(deferred=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=ProposalStatus.DRAFT, index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    merged_at: Mapped[datetime | None]
    merged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    merged_version: Mapped[int | None]

    section: Mapped[Section] = relationship()
    document: Mapped[Document] = relationship(cascade="all, delete-orphan", single_parent=True)
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    merged_by: Mapped[User | None] = relationship(foreign_keys=[merged_by_id])
    reviews: Mapped[list[Review]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="Review.id"
    )

    @property
    def is_open(self) -> bool:
        """Whether it can still be edited, reviewed and merged."""
        return self.status in OPEN_STATUSES


class Review(Base):
    """An editor's verdict on a proposal, with what they said."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    verdict: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="reviews")
    reviewer: Mapped[User | None] = relationship()


class RevisionCredit(Base):
    """Someone whose writing a revision brought in (the authors of a merged proposal)."""

    __tablename__ = "revision_credits"

    revision_id: Mapped[int] = mapped_column(
        ForeignKey("revisions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)

    user: Mapped[User] = relationship()


class Comment(Base):
    """A comment on a range of a document's text, or a reply in its thread.

    The anchor is stored as positions valid at ``anchor_version`` and brought forward
    through newer steps when read, then saved again: reading never remaps from the start.
    """

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_document_thread", "document_id", "parent_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    anchor_from: Mapped[int] = mapped_column(default=0)
    anchor_to: Mapped[int] = mapped_column(default=0)
    anchor_version: Mapped[int] = mapped_column(default=0)
    # While detached: where the text would be if it came back (see review.anchors).
    anchor_offset: Mapped[int] = mapped_column(default=0)
    anchor_span: Mapped[int] = mapped_column(default=0)
    quote: Mapped[str] = mapped_column(Text, default="")
    detached: Mapped[bool] = mapped_column(default=False)
    resolved: Mapped[bool] = mapped_column(default=False)
    resolved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    resolved_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    replies: Mapped[list[Comment]] = relationship(
        cascade="all, delete-orphan", order_by="Comment.id"
    )


class NotificationKind(StrEnum):
    """What an inbox entry is about."""

    REVIEW_REQUESTED = "review_requested"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    MERGED = "merged"  # into the draft: readers still see the published version
    MERGED_PUBLISHED = "merged_published"  # and published: readers see it now
    PROPOSED = "proposed"  # someone outside asked to change a trio's chapter
    MENTIONED = "mentioned"
    REPLY = "reply"
    TRASHED = "trashed"  # a section or chapter of your trio went to the trash
    RESTORED = "restored"  # and came back out of it
    COMMENTED = "commented"  # someone started a thread on a section of your trio's chapter
    # The original of a section you translate was published again: the translation is behind.
    ORIGINAL_CHANGED = "original_changed"


class Notification(Base):
    """An entry in someone's inbox."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),
                      Index("ix_notifications_delivery_emailed", "delivery", "emailed_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    section_id: Mapped[int | None] = mapped_column(
        ForeignKey("sections.id", ondelete="CASCADE")
    )
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE")
    )
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    # A whole chapter moved to the trash or restored (a section's notices use section_id).
    chapter_id: Mapped[int | None] = mapped_column(
        ForeignKey("chapters.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    # How this entry reaches its person by mail, decided by their choice when it was
    # written (cbook.notifications): None (not at all), "immediate" or "digest"; and when
    # its mail was queued (so it is never mailed twice).
    delivery: Mapped[str | None] = mapped_column(String(10))
    emailed_at: Mapped[datetime | None]

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    section: Mapped[Section | None] = relationship()
    chapter: Mapped[Chapter | None] = relationship()
    proposal: Mapped[Proposal | None] = relationship()
    comment: Mapped[Comment | None] = relationship()
