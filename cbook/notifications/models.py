"""What a person chose to be mailed about, per category of inbox entry."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from cbook.db import Base
from cbook.review.models import NotificationKind


class Category(StrEnum):
    """What a person chooses for: inbox entries grouped as a person thinks of them."""

    REVIEW_REQUESTED = "review_requested"  # asked to review; a proposal to my chapter
    VERDICT = "verdict"  # changes asked for, or approval, on my proposal
    MERGE = "merge"  # my proposal merged (into the draft, or published)
    REPLY = "reply"  # a reply in a thread I am in
    MENTION = "mention"  # someone wrote @me
    MY_SECTIONS = "my_sections"  # a new comment on, or the trash for, my trio's sections


class Delivery(StrEnum):
    """How entries of a category reach a person by mail."""

    NONE = "none"
    IMMEDIATE = "immediate"
    DIGEST = "digest"  # once a day, grouped by section


CATEGORY_OF: dict[str, Category] = {
    NotificationKind.REVIEW_REQUESTED: Category.REVIEW_REQUESTED,
    NotificationKind.PROPOSED: Category.REVIEW_REQUESTED,
    NotificationKind.CHANGES_REQUESTED: Category.VERDICT,
    NotificationKind.APPROVED: Category.VERDICT,
    NotificationKind.MERGED: Category.MERGE,
    NotificationKind.MERGED_PUBLISHED: Category.MERGE,
    NotificationKind.REPLY: Category.REPLY,
    NotificationKind.MENTIONED: Category.MENTION,
    NotificationKind.COMMENTED: Category.MY_SECTIONS,
    NotificationKind.TRASHED: Category.MY_SECTIONS,
    NotificationKind.RESTORED: Category.MY_SECTIONS,
    NotificationKind.ORIGINAL_CHANGED: Category.MY_SECTIONS,
}
# What someone gets before choosing: at once when someone waits on them or speaks to
# them, a daily digest for what is merely worth knowing.
DEFAULTS: dict[Category, Delivery] = {
    Category.REVIEW_REQUESTED: Delivery.IMMEDIATE,
    Category.VERDICT: Delivery.IMMEDIATE,
    Category.MERGE: Delivery.DIGEST,
    Category.REPLY: Delivery.IMMEDIATE,
    Category.MENTION: Delivery.IMMEDIATE,
    Category.MY_SECTIONS: Delivery.DIGEST,
}


class NotificationPreference(Base):
    """One person's choice for one category (stored only where it differs from DEFAULTS)."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    category: Mapped[str] = mapped_column(String(30), primary_key=True)
    delivery: Mapped[str] = mapped_column(String(10))
