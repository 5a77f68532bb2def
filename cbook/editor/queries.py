"""Reads of the editor feature for its pages: a section's history as the history page
shows it (revisions by day, who is credited on each, whose steps each holds).

Comparing two ends of the history is :mod:`cbook.editor.comparison`; a single revision
and the plain list are read by :mod:`cbook.editor.revisions`, beside its writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.editor import revisions
from cbook.editor.models import Document, Revision
from cbook.review.queries import credited_users


@dataclass(frozen=True)
class History:
    """A document's visible revisions, newest first, and the people behind each."""

    revisions: Sequence[Revision]
    days: list[list[Revision]]  # the same revisions, one list per calendar day
    credits: dict[int, list[User]]  # revision id -> people a merge credits
    contributors: dict[int, list[User]]  # revision id -> people whose steps it holds


def history(session: Session, document: Document) -> History:
    """The document's history as the history page lists it."""
    listed = revisions.list_revisions(session, document)
    return History(
        revisions=listed,
        days=[list(group) for _day, group in groupby(listed, key=lambda r: r.created_at.date())],
        credits=credited_users(session, [r.id for r in listed]),
        contributors=revisions.contributors(session, document, listed),
    )
