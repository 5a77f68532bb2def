"""The editor page: ProseMirror in the browser, the server as the authority."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, url_for
from flask_wtf.csrf import generate_csrf

from cbook.books import queries
from cbook.editor import authority
from cbook.editor.schema import schema_spec
from cbook.policy import Action, require
from cbook.principles.queries import list_audiences, list_principles
from cbook.web.auth import acting_user
from cbook.web.database import db

blueprint = Blueprint("editor", __name__)


@blueprint.route("/sections/<int:section_id>/edit")
def edit(section_id: int) -> str:
    """The collaborative editor for one section."""
    viewer = acting_user()
    section = queries.get_section(db(), viewer, section_id)
    require(viewer, Action.EDIT_SECTION, section)
    assert viewer is not None  # require() let a signed-in user through
    config: dict[str, Any] = {
        "sectionId": section.id,
        "title": section.title,
        "version": section.document.version,
        "doc": authority.document_json(db(), section.document),
        "schema": schema_spec(),
        "principles": [{"slug": p.slug, "title": p.title} for p in list_principles(db())],
        "audiences": [{"slug": a.slug, "name": a.name} for a in list_audiences(db())],
        "user": {"id": viewer.id, "name": viewer.name},
        "csrfToken": generate_csrf(),
        "endpoints": {
            "steps": f"/api/v1/sections/{section.id}/steps",
            "revisions": f"/api/v1/sections/{section.id}/revisions",
            "section": f"/api/v1/sections/{section.id}",
            "read": url_for("books.section", section_id=section.id, draft=1),
        },
    }
    return render_template("editor/edit.html", section=section, chapter=section.chapter,
                           book=section.chapter.book, config=config)
