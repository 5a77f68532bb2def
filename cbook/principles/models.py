"""Principles and audiences: first-class records that sections and blocks are tagged with."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from cbook.db import Base

section_principles = Table(
    "section_principles",
    Base.metadata,
    Column("section_id", ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True),
    Column("principle_id", ForeignKey("principles.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)

section_audiences = Table(
    "section_audiences",
    Base.metadata,
    Column("section_id", ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True),
    Column("audience_id", ForeignKey("audiences.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class Principle(Base):
    """One of the book's principles, e.g. "We are driven by real work and real challenges"."""

    __tablename__ = "principles"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    statement: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    # What it is written in (a BCP 47 tag), for search and for lang on pages.
    language: Mapped[str] = mapped_column(String(20), default="en", server_default="en")
    position: Mapped[int] = mapped_column(default=0)


class Audience(Base):
    """A group the book speaks to; editions and tagged blocks are made per audience."""

    __tablename__ = "audiences"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")


class PublishedPassage(Base):
    """A block of published text tagged with a principle or an audience.

    Kept in step with what readers see (rebuilt whenever a section is published or
    unpublished), so principle pages, search and exports find tagged passages without
    reading every section's text.
    """

    __tablename__ = "published_passages"
    __table_args__ = (Index("ix_published_passages_tag", "tag_kind", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(
        ForeignKey("sections.id", ondelete="CASCADE"), index=True
    )
    block_id: Mapped[str] = mapped_column(String(64))
    position: Mapped[int]  # the block's order in the section
    tag_kind: Mapped[str] = mapped_column(String(20))  # principle | audience
    slug: Mapped[str] = mapped_column(String(80))
    excerpt: Mapped[str] = mapped_column(Text)
