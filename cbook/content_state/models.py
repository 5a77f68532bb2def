"""The content generation's table."""

from __future__ import annotations

from sqlalchemy.orm import Mapped, mapped_column

from cbook.db import Base


class ContentState(Base):
    """The single row holding the reader-visible content generation."""

    __tablename__ = "content_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(default=0)
