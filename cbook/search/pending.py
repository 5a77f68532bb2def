"""Noting, inside a transaction, what the search index must catch up on after it commits.

Kept apart from ``cbook.search.outbox`` (which knows the models) so low-level modules such
as the editor's authority can note changes without importing half the app.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

PENDING_KEY = "cbook.search_refs"


def note(session: Session, ref: str) -> None:
    """Record that ``ref`` (e.g. ``"document:7"``) changed in this transaction.

    For writes the ORM does not see, such as the collaborative editor's bulk step inserts;
    ORM changes to indexed models are noticed without this.
    """
    pending: set[str] = session.info.setdefault(PENDING_KEY, set())
    pending.add(ref)
