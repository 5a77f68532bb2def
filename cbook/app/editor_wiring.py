"""What the editor needs from the features above it, supplied by the composition root.

The collab core (:mod:`cbook.editor.references`) asks "which of these principles,
audiences and resources exist?" and says when a document gained steps; it imports no
feature to do so. :func:`wire_editor` answers from ``principles``, ``library`` and
``search``; ``create_app``, the CLI and the benchmarks call it before anything stores steps.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.editor import references
from cbook.library.models import Resource
from cbook.principles.models import Audience, Principle
from cbook.search import pending as search_pending


def _principles(session: Session, slugs: Collection[str | int]) -> set[str | int]:
    return set(session.scalars(select(Principle.slug).where(Principle.slug.in_(slugs))))


def _audiences(session: Session, slugs: Collection[str | int]) -> set[str | int]:
    return set(session.scalars(select(Audience.slug).where(Audience.slug.in_(slugs))))


def _resources(session: Session, ids: Collection[str | int]) -> set[str | int]:
    return set(session.scalars(select(Resource.id).where(Resource.id.in_(ids))))


def _index_document(session: Session, document_id: int) -> None:
    # Noted in the transaction; the search outbox writes it with the commit.
    search_pending.note(session, f"document:{document_id}")


def wire_editor() -> None:
    """Register the editor's lookups and its stored-steps listener (idempotent)."""
    references.register_lookup(references.Kind.PRINCIPLE, _principles)
    references.register_lookup(references.Kind.AUDIENCE, _audiences)
    references.register_lookup(references.Kind.RESOURCE, _resources)
    references.on_steps_stored(_index_document)
