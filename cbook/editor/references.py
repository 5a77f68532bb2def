"""What the editor needs to know about the rest of the book, declared here and supplied
by the composition root.

Steps may tag blocks with principles and audiences and cite library resources; the
collab core must refuse names that do not exist, but it sits below the features that own
those tables and must not import them. It asks "of these, which exist?" per kind, and
:func:`cbook.app.editor_wiring.wire_editor` registers the answers (from ``principles``
and ``library``) once per process, for the web app, the CLI and the benchmarks alike.

The editor also says when a document's steps changed (so the search index can catch up
after the commit) through :func:`steps_stored`, wired the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from enum import StrEnum

from sqlalchemy.orm import Session


class Kind(StrEnum):
    """The kinds of things a step may name."""

    PRINCIPLE = "principle"  # by slug
    AUDIENCE = "audience"  # by slug
    RESOURCE = "resource"  # by id


# Given some slugs or ids of one kind, the subset that exists.
Existing = Callable[[Session, Collection[str | int]], set[str | int]]
StepsStored = Callable[[Session, int], None]

_lookups: dict[Kind, Existing] = {}
_steps_stored: list[StepsStored] = []


class NotWired(RuntimeError):
    """The composition root did not register what the editor needs."""

    def __init__(self, what: str) -> None:
        super().__init__(f"the editor has no {what}: call "
                         "cbook.app.editor_wiring.wire_editor() when building the app, "
                         "CLI command or benchmark")


def register_lookup(kind: Kind, lookup: Existing) -> None:
    """Answer "which of these exist?" for ``kind`` (replaces an earlier registration)."""
    _lookups[kind] = lookup


def on_steps_stored(listener: StepsStored) -> None:
    """Call ``listener(session, document_id)`` when steps are stored (once per listener)."""
    if listener not in _steps_stored:
        _steps_stored.append(listener)


def existing(session: Session, kind: Kind, wanted: Collection[str | int]) -> set[str | int]:
    """Those of ``wanted`` that exist (one lookup; none at all if nothing is wanted)."""
    if not wanted:
        return set()
    lookup = _lookups.get(kind)
    if lookup is None:
        raise NotWired(f"lookup for {kind.value}s")
    return lookup(session, wanted)


def steps_stored(session: Session, document_id: int) -> None:
    """Tell whoever listens that ``document_id`` gained steps in this transaction."""
    if not _steps_stored:
        raise NotWired("listener for stored steps")
    for listener in _steps_stored:
        listener(session, document_id)
