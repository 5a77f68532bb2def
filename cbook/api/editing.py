"""What the collab handlers (sections and proposals) lend the collab protocol for a
request: its session, the person asking, its unit of work and its admission control."""

from __future__ import annotations

from flask import current_app

from cbook.editor.collab import Edge
from cbook.errors import NotSignedIn
from cbook.web import admission
from cbook.web.auth import acting_user
from cbook.web.closing import closing
from cbook.web.database import db
from cbook.web.unit_of_work import transaction


def _end_read() -> None:
    # A long-poll ends its read-only transaction while it waits: nothing was written,
    # so it is not a unit of work to commit; SQLite would otherwise keep its snapshot.
    db().rollback()


def edge() -> Edge:
    """This request's edge (the caller was already let through as someone who may edit)."""
    viewer = acting_user()
    if viewer is None:
        raise NotSignedIn("sign in first")
    return Edge(db(), viewer, transaction, admission.stepped_aside, _end_read,
                closing(current_app))
