"""What the browser editor needs to start, for the section editor and the proposal editor."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cbook.accounts.models import User, person_json
from cbook.editor import authority
from cbook.editor.models import Document
from cbook.editor.schema import schema_spec
from cbook.languages import direction_of
from cbook.principles.queries import list_audiences, list_principles


def editor_config(session: Session, viewer: User, document: Document,
                  endpoints: dict[str, str], csrf_token: str, **extra: Any) -> dict[str, Any]:
    """The text, the schema, the tags and where to talk, as the page embeds them.

    ``language`` is the book's: the editing surface carries it (``lang``, ``dir``), so
    the browser shapes, spell-checks and lays out the text as written, whatever
    language the interface around it speaks.
    """
    language = extra.pop("language", None) or "en"
    return {
        "language": language,
        "direction": direction_of(language),
        "sectionId": extra.pop("section_id", None),
        "version": document.version,
        "doc": authority.document_json(session, document),
        "schema": schema_spec(),
        "principles": [{"slug": p.slug, "title": p.title} for p in list_principles(session)],
        "audiences": [{"slug": a.slug, "name": a.name} for a in list_audiences(session)],
        "user": person_json(viewer),
        "csrfToken": csrf_token,
        "endpoints": {"commentActions": "/api/v1/comments", **endpoints},
        **extra,
    }
