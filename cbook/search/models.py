"""The search package's one table: the outbox of things whose search documents are stale."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from cbook.db import Base, utcnow


class SearchOutboxRow(Base):
    """One thing whose search documents must be brought up to date (see ``outbox``)."""

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
