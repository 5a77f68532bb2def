"""Books, chapters and sections, and the trios that co-write chapters."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cbook.accounts.models import User
from cbook.db import Base, utcnow
from cbook.editor.models import Document, Revision
from cbook.principles.models import Audience, Principle, section_audiences, section_principles
from cbook.roles import SectionStatus


class Trio(Base):
    """A lead and members from different sectors who co-write chapters."""

    __tablename__ = "trios"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

    memberships: Mapped[list[TrioMembership]] = relationship(
        back_populates="trio", cascade="all, delete-orphan", order_by="TrioMembership.id"
    )


class TrioMembership(Base):
    """A user's place in a trio; one member is its lead."""

    __tablename__ = "trio_memberships"
    __table_args__ = (UniqueConstraint("trio_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trio_id: Mapped[int] = mapped_column(ForeignKey("trios.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    is_lead: Mapped[bool] = mapped_column(default=False)

    trio: Mapped[Trio] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(back_populates="memberships")


class Book(Base):
    """A Culture Book: chapters of sections, in one language."""

    __tablename__ = "books"
    __table_args__ = (UniqueConstraint("source_book_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    subtitle: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(20), default="en")
    # Whether an editor may merge a proposal they wrote themselves (off: a second pair of
    # eyes on every change).
    allow_self_merge: Mapped[bool] = mapped_column(default=False)
    # The cover image editions use, stored as <instance>/uploads/covers/<cover_file>.
    cover_file: Mapped[str] = mapped_column(String(100), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set on a translation: the book it translates. Its chapters and sections follow that
    # book's (see cbook.translating); one translation per language and source.
    source_book_id: Mapped[int | None] = mapped_column(
        ForeignKey("books.id", ondelete="CASCADE"), index=True)

    source_book: Mapped[Book | None] = relationship(remote_side=[id], foreign_keys=[source_book_id])
    # The people and trios who may write this translation (only on translations).
    translators: Mapped[list[TranslationMember]] = relationship(
        back_populates="book", cascade="all, delete-orphan", order_by="TranslationMember.id")

    @property
    def is_translation(self) -> bool:
        """Whether the book is a translation of another book."""
        return self.source_book_id is not None

    @property
    def translator_ids(self) -> frozenset[int]:
        """The users named as this translation's translators."""
        return frozenset(m.user_id for m in self.translators if m.user_id is not None)

    @property
    def translator_trio_ids(self) -> frozenset[int]:
        """The trios that write this translation."""
        return frozenset(m.trio_id for m in self.translators if m.trio_id is not None)

    # Only the chapters out of the trash: every reader, export and API listing walks this.
    chapters: Mapped[list[Chapter]] = relationship(
        back_populates="book", cascade="all, delete-orphan",
        primaryjoin="and_(Book.id == Chapter.book_id, Chapter.trashed_at.is_(None))",
        order_by="(Chapter.position, Chapter.id)",
    )


class Chapter(Base):
    """An ordered part of a book, usually owned by a trio."""

    __tablename__ = "chapters"

    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id", ondelete="CASCADE"), index=True)
    trio_id: Mapped[int | None] = mapped_column(
        ForeignKey("trios.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    # Set while the chapter lies in its book's trash (see TrashItem): readers, search and
    # editions skip it, and it comes back as it was when restored.
    trashed_at: Mapped[datetime | None]
    # In a translation: the chapter it translates, and that chapter's title when this
    # one's title was last translated (None: never; differs: the source was retitled).
    source_chapter_id: Mapped[int | None] = mapped_column(
        ForeignKey("chapters.id", ondelete="SET NULL"), index=True)
    source_title: Mapped[str | None] = mapped_column(String(300))

    book: Mapped[Book] = relationship(back_populates="chapters")
    trio: Mapped[Trio | None] = relationship()
    source_chapter: Mapped[Chapter | None] = relationship(
        remote_side=[id], foreign_keys=[source_chapter_id])
    # Only the sections out of the trash (a trashed chapter hides all of its own).
    sections: Mapped[list[Section]] = relationship(
        back_populates="chapter", cascade="all, delete-orphan",
        primaryjoin="and_(Chapter.id == Section.chapter_id, Section.trashed_at.is_(None))",
        order_by="(Section.position, Section.id)",
    )


class Section(Base):
    """The unit of writing: a ProseMirror document with a version and a status."""

    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(
        ForeignKey("chapters.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(default=0)
    status: Mapped[SectionStatus] = mapped_column(
        Enum(SectionStatus, native_enum=False, length=20, create_constraint=True,
             values_callable=lambda enum: [member.value for member in enum],
             name="section_status"),
        default=SectionStatus.DRAFT,
    )
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), unique=True)
    # Published text is pinned here; large, so loaded only when a page shows it.
    published_doc: Mapped[dict[str, Any] | None] = mapped_column(deferred=True)
    published_version: Mapped[int | None]
    published_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("revisions.id", ondelete="SET NULL")
    )
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Set while the section lies in its book's trash (see TrashItem).
    trashed_at: Mapped[datetime | None]
    # In a translation: the section it translates, the source's published version this
    # translation matches (None: the source was not published when it was copied), the
    # source title it matches, and the blocks already brought up to date with the source's
    # newer version (cleared once all are; see cbook.translating.staleness).
    source_section_id: Mapped[int | None] = mapped_column(
        ForeignKey("sections.id", ondelete="SET NULL"), index=True)
    source_version: Mapped[int | None]
    source_title: Mapped[str | None] = mapped_column(String(300))
    caught_up: Mapped[list[Any]] = mapped_column(default=list)

    chapter: Mapped[Chapter] = relationship(back_populates="sections")
    document: Mapped[Document] = relationship(cascade="all, delete-orphan", single_parent=True)
    published_revision: Mapped[Revision | None] = relationship()
    principles: Mapped[list[Principle]] = relationship(
        secondary=section_principles, order_by=Principle.position
    )
    audiences: Mapped[list[Audience]] = relationship(
        secondary=section_audiences, order_by=Audience.slug
    )
    source_section: Mapped[Section | None] = relationship(
        remote_side=[id], foreign_keys=[source_section_id])

    @property
    def version(self) -> int:
        """The working document's current version."""
        return self.document.version

    @property
    def is_published(self) -> bool:
        """Readers see a section only when it is published."""
        return self.status == SectionStatus.PUBLISHED and self.published_version is not None

    @property
    def in_trash(self) -> bool:
        """Whether the section, or the chapter it belongs to, lies in the trash."""
        return self.trashed_at is not None or self.chapter.trashed_at is not None


class TrashItem(Base):
    """A chapter or section moved to its book's trash: restorable until ``purge_after``.

    The chapter or section row itself stays where it was (with its history, proposals,
    comments and citations), marked by its ``trashed_at``; this row says who put it here,
    when, and when it may be purged for good.
    """

    __tablename__ = "trash_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "chapter" or "section"
    chapter_id: Mapped[int | None] = mapped_column(
        ForeignKey("chapters.id", ondelete="CASCADE"), index=True
    )
    section_id: Mapped[int | None] = mapped_column(
        ForeignKey("sections.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    deleted_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    purge_after: Mapped[datetime]

    book: Mapped[Book] = relationship()
    chapter: Mapped[Chapter | None] = relationship()
    section: Mapped[Section | None] = relationship()
    deleted_by: Mapped[User | None] = relationship()


class TranslationMember(Base):
    """A person, or a trio, who writes one translation (a role on top of the policy)."""

    __tablename__ = "translation_members"
    __table_args__ = (UniqueConstraint("book_id", "user_id"),
                      UniqueConstraint("book_id", "trio_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    trio_id: Mapped[int | None] = mapped_column(ForeignKey("trios.id", ondelete="CASCADE"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    book: Mapped[Book] = relationship(back_populates="translators")
    user: Mapped[User | None] = relationship()
    trio: Mapped[Trio | None] = relationship()
