"""Reads for the admin pages: the person a page is about, and their trios."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books.models import Trio
from cbook.books.queries import get_trio
from cbook.errors import NotFound


def get_person(session: Session, user_id: int) -> User:
    """The account with this id, or NotFound."""
    person = session.get(User, user_id)
    if person is None:
        raise NotFound("no such user")
    return person


def trio_of(session: Session, person: User, trio_id: int) -> Trio:
    """One of the person's trios, or NotFound if they are not in it."""
    trio = get_trio(session, trio_id)
    if all(m.user_id != person.id for m in trio.memberships):
        raise NotFound("not in that trio")
    return trio
