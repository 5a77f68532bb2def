"""Reads for principles and audiences."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.errors import NotFound
from cbook.principles.models import Audience, Principle


def list_principles(session: Session) -> Sequence[Principle]:
    """Principles in their book order."""
    return session.scalars(select(Principle).order_by(Principle.position, Principle.id)).all()


def list_audiences(session: Session) -> Sequence[Audience]:
    """Audiences by name."""
    return session.scalars(select(Audience).order_by(Audience.name)).all()


def get_principle(session: Session, slug: str) -> Principle:
    """The principle with this slug, or NotFound."""
    principle = session.scalar(select(Principle).where(Principle.slug == slug))
    if principle is None:
        raise NotFound("no such principle")
    return principle


def get_audience(session: Session, slug: str) -> Audience:
    """The audience with this slug, or NotFound."""
    audience = session.scalar(select(Audience).where(Audience.slug == slug))
    if audience is None:
        raise NotFound("no such audience")
    return audience
