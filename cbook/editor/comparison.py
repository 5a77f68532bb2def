"""Comparing two revisions or versions of a document, for the API and the history page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from cbook.editor import authority, revisions
from cbook.editor.diff import changes_only, diff_documents, render_diff_html
from cbook.editor.models import Document
from cbook.errors import InputError, InvalidInput, NotFound


class UnknownRevision(NotFound, InputError):
    """A comparison end names no revision of this document.

    Not found to the API (404), and a correctable choice on the history page, which says
    so beside the comparison instead of leaving the page.
    """


def resolve_reference(
    session: Session, document: Document, reference: str
) -> tuple[int, dict[str, Any], str]:
    """A comparison end: ``v:N`` (a version) or a revision id -> (version, doc, label)."""
    if reference.startswith("v:"):
        try:
            version = int(reference[2:])
        except ValueError:
            raise InvalidInput(f"not a version: {reference}") from None
        doc = authority.document_json(session, document, version)
        return version, doc, f"version {version}"
    if not reference.isdigit() or len(reference) > 10:
        raise InvalidInput(f"give a revision id or v:N, not {reference!r}")
    try:
        revision = revisions.get_revision(session, document, int(reference))
    except NotFound as error:
        raise UnknownRevision(error.message) from error
    return revision.version, revision.doc, f"revision {revision.id} (version {revision.version})"


def compare(session: Session, document: Document, start: str, end: str,
            translate: Callable[[str], str] = str) -> dict[str, Any]:
    """The changed blocks between two ends, as data and as escaped HTML (its words in the
    language ``translate`` gives them)."""
    _, old, old_label = resolve_reference(session, document, start)
    _, new, new_label = resolve_reference(session, document, end)
    changed = changes_only(diff_documents(old, new))
    return {"from": old_label, "to": new_label,
            "changes": [block.as_json() for block in changed],
            "html": str(render_diff_html(changed, translate))}
