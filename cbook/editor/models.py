"""Documents edited collaboratively: their step log, snapshots (revisions) and presence.

A document's state at version N is the newest snapshot at or below N plus the steps after
it. The step log is the authority: a unique (document, version) means that of two writers
racing for version N, exactly one wins, whatever process or host they run in.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cbook.accounts.models import User
from cbook.db import Base, utcnow


class RevisionKind(StrEnum):
    """Why a snapshot was taken; checkpoints only speed up rebuilding old versions."""

    CREATED = "created"
    NAMED = "named"
    AUTO = "auto"
    RESTORE = "restore"
    PUBLISH = "publish"
    MERGE = "merge"
    CHECKPOINT = "checkpoint"


class Document(Base):
    """A ProseMirror document: its current version and latest snapshot."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
    # The document as it was at snapshot_version; steps after it give the current state.
    snapshot: Mapped[dict[str, Any]] = mapped_column(deferred=True)
    snapshot_version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_step_at: Mapped[datetime | None]


class DocumentStep(Base):
    """One accepted ProseMirror step, producing ``version`` from ``version - 1``."""

    __tablename__ = "document_steps"
    __table_args__ = (UniqueConstraint("document_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    version: Mapped[int]
    step: Mapped[dict[str, Any]]
    client_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Revision(Base):
    """A snapshot of a document at a version: named, automatic, restored or published."""

    __tablename__ = "revisions"
    __table_args__ = (Index("ix_revisions_document_version", "document_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    version: Mapped[int]
    doc: Mapped[dict[str, Any]] = mapped_column(deferred=True)
    kind: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()


class Presence(Base):
    """Who has an editor open on a document, refreshed by their polling."""

    __tablename__ = "presence"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    last_seen: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # The client's selection, mapped to ``selection_version``; None until it reports one.
    anchor: Mapped[int | None]
    head: Mapped[int | None]
    selection_version: Mapped[int | None]
    # When the person last moved or typed: an idle cursor stops being shown.
    active_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
