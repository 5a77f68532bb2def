"""Principles and audiences: first-class records that sections and blocks are tagged with."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table, Text
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
    position: Mapped[int] = mapped_column(default=0)


class Audience(Base):
    """A group the book speaks to; editions and tagged blocks are made per audience."""

    __tablename__ = "audiences"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
