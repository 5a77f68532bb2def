"""Reading the content generation."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.content_state.models import ContentState

# The generation as one statement, for readers that run it without a Session (the page cache).
GENERATION = select(ContentState.generation).where(ContentState.id == 1)


def current_generation(session: Session) -> int:
    """The content generation now (0 before the first change)."""
    return session.scalar(GENERATION) or 0
