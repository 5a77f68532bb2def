"""Choosing unique slugs for books, principles, audiences and trios."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from cbook.errors import Unprocessable
from cbook.textrules import check_slug, slugify


def choose_slug(
    session: Session, column: InstrumentedAttribute[str], *, wanted: str | None, title: str,
    fallback: str, current: str | None = None, reserved: frozenset[str] = frozenset(),
) -> str:
    """A slug for a record: the caller's choice if valid and free, else one derived from
    the title, numbered (``-2``, ``-3``...) until it is free.

    A chosen slug that is taken is an error (the caller meant that address); a derived one
    never is, so two titles in a non-Latin script (both slugified to the fallback) coexist.
    """
    if wanted:
        slug = check_slug(wanted)
        if slug == current:
            return slug
        if slug in reserved or session.scalar(select(column).where(column == slug)):
            raise Unprocessable(f"the slug '{slug}' is already used")
        return slug
    base = slugify(title, fallback)[:72].strip("-") or fallback
    taken = set(session.scalars(select(column).where(column.like(f"{base}%"))))
    taken.update(reserved)
    if current is not None:
        taken.discard(current)
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug
