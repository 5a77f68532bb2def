"""Library resources, their tags, and where the published book cites them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cbook.accounts.models import User
from cbook.db import Base, utcnow
from cbook.languages import N_
from cbook.principles.models import Audience, Principle


class ResourceKind(StrEnum):
    """What sort of thing a resource is."""

    READING = "reading"
    REPORT = "report"
    PODCAST = "podcast"
    VIDEO = "video"
    BLOG = "blog"
    WEBINAR = "webinar"
    TOOL = "tool"
    FRAMEWORK = "framework"
    GUIDANCE = "guidance"
    CASE_STUDY = "case_study"


# What readers call each kind (the templates translate them).
KIND_LABELS: dict[str, str] = {
    ResourceKind.READING: N_("Reading"), ResourceKind.REPORT: N_("Report"),
    ResourceKind.PODCAST: N_("Podcast"), ResourceKind.VIDEO: N_("Video"),
    ResourceKind.BLOG: N_("Blog"), ResourceKind.WEBINAR: N_("Webinar"),
    ResourceKind.TOOL: N_("Tool"), ResourceKind.FRAMEWORK: N_("Framework"),
    ResourceKind.GUIDANCE: N_("Guidance"), ResourceKind.CASE_STUDY: N_("Case study"),
}


resource_principles = Table(
    "resource_principles",
    Base.metadata,
    Column("resource_id", ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True),
    Column("principle_id", ForeignKey("principles.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)

resource_audiences = Table(
    "resource_audiences",
    Base.metadata,
    Column("resource_id", ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True),
    Column("audience_id", ForeignKey("audiences.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class Resource(Base):
    """One item of the library: a link and/or an uploaded file, with what it is about."""

    __tablename__ = "resources"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(2000), default="")
    authors: Mapped[str] = mapped_column(String(500), default="")
    year: Mapped[int | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    # What the title and summary are written in (a BCP 47 tag): search reads them with
    # that language's rules, and pages mark them with it.
    language: Mapped[str] = mapped_column(String(20), default="en", server_default="en")
    # The attached file, if any (all five set together). The bytes live in the instance's
    # uploads folder under ``file_stored_name``, a random name never taken from the user.
    file_name: Mapped[str | None] = mapped_column(String(200))
    file_type: Mapped[str | None] = mapped_column(String(10))
    file_size: Mapped[int | None]
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    file_stored_name: Mapped[str | None] = mapped_column(String(64))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    added_by: Mapped[User | None] = relationship()
    principles: Mapped[list[Principle]] = relationship(
        secondary=resource_principles, order_by=Principle.position)
    audiences: Mapped[list[Audience]] = relationship(
        secondary=resource_audiences, order_by=Audience.slug)
    tags: Mapped[list[ResourceTag]] = relationship(
        cascade="all, delete-orphan", order_by="ResourceTag.tag")


class ResourceTag(Base):
    """A free tag on a resource, e.g. the barrier it helps with."""

    __tablename__ = "resource_tags"
    __table_args__ = (UniqueConstraint("resource_id", "tag"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id", ondelete="CASCADE"))
    tag: Mapped[str] = mapped_column(String(60), index=True)


class PublishedCitation(Base):
    """A library resource cited by a block of a section's published text.

    Rebuilt from the published text by :func:`cbook.library.citations.reindex_citations`.
    """

    __tablename__ = "published_citations"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(
        ForeignKey("sections.id", ondelete="CASCADE"), index=True
    )
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), index=True
    )
    block_id: Mapped[str] = mapped_column(String(64))  # "" when the block has no id
    position: Mapped[int]  # the citation's order in the section
