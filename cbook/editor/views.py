"""The editor page: ProseMirror in the browser, the server as the authority."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

from cbook.accounts.forms import EmptyForm
from cbook.books import queries
from cbook.editor import authority, revisions
from cbook.editor import queries as editor_queries
from cbook.editor.comparison import compare
from cbook.editor.forms import RevisionForm
from cbook.editor.page_config import editor_config
from cbook.review.service import inbox as review_inbox
from cbook.translating.forms import CaughtUpForm
from cbook.translating.side_by_side import side_by_side
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.unit_of_work import input_errors_flashed, transaction

blueprint = Blueprint("editor", __name__)


@blueprint.route("/sections/<int:section_id>/edit")
def edit(section_id: int) -> str:
    """The collaborative editor for one section."""
    viewer = acting_user()
    section = queries.get_section_for_editing(db(), viewer, section_id)
    assert viewer is not None  # the query let a signed-in user through
    # Opening the text is reading what the inbox said about its comments and mentions.
    with transaction():
        review_inbox.mark_read_about(db(), viewer, section_id=section.id)
    config = editor_config(db(), viewer, section.document, {
        "steps": f"/api/v1/sections/{section.id}/steps",
        "revisions": f"/api/v1/sections/{section.id}/revisions",
        "section": f"/api/v1/sections/{section.id}",
        "comments": f"/api/v1/sections/{section.id}/comments",
        "presence": f"/api/v1/sections/{section.id}/presence",
        "read": url_for("books.section", section_id=section.id, draft=1),
    }, generate_csrf(), section_id=section.id, title=section.title,
        language=section.chapter.book.language,
        tagsFromSource=section.source_section_id is not None)
    # A translated section is written beside its source, block by block.
    source = side_by_side(db(), section, _)
    return render_template("editor/edit.html", section=section, chapter=section.chapter,
                           book=section.chapter.book, config=config, side=source,
                           caught_up_form=CaughtUpForm() if source else None)


@blueprint.route("/sections/<int:section_id>/history")
def history(section_id: int) -> str:
    """Revisions with author and time; a comparison of any two; restore."""
    section = queries.get_section_for_editing(db(), acting_user(), section_id)
    if revisions.idle_session_unsaved(db(), section.document):
        # Keep the last editing session if it is over, so the list ends with it.
        with transaction(gate=lambda s: authority.sole_writer(s, section.document)):
            revisions.end_idle_session(db(), section.document)
    shown = editor_queries.history(db(), section.document)
    start, end = request.args.get("from"), request.args.get("to")
    comparison = None
    if start and end:
        with input_errors_flashed():
            comparison = compare(db(), section.document, start, end, _)
    return render_template(
        "editor/history.html", section=section, chapter=section.chapter,
        book=section.chapter.book, revisions=shown.revisions, comparison=comparison,
        days=shown.days, credits=shown.credits, contributors=shown.contributors,
        start=start or "", end=end or f"v:{section.document.version}",
        revision_form=RevisionForm(formdata=None), action_form=EmptyForm(),
    )


@blueprint.route("/sections/<int:section_id>/history/revisions", methods=["POST"])
def save_revision(section_id: int) -> Response:
    """Save a named revision of the text as it is now."""
    section = queries.get_section_for_editing(db(), acting_user(), section_id)
    form = RevisionForm()
    if not form.validate_on_submit():
        abort(400, "a revision message is at most 500 characters")
    with transaction():
        revisions.create_revision(db(), section.document, acting_user(),
                                  message=form.message.data or "")
    flash(_("Revision saved."), "info")
    return redirect(url_for("editor.history", section_id=section.id))


@blueprint.route("/sections/<int:section_id>/history/<int:revision_id>/restore",
                 methods=["POST"])
def restore(section_id: int, revision_id: int) -> Response:
    """Make an old revision the newest version (everyone editing sees it at once)."""
    section = queries.get_section_for_editing(db(), acting_user(), section_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    old = revisions.get_revision(db(), section.document, revision_id)
    with transaction(gate=lambda s: authority.sole_writer(s, section.document)):
        revisions.restore_revision(db(), section.document, old, acting_user())
    flash(_("Revision %(id)s restored as the newest version.", id=old.id), "info")
    return redirect(url_for("editor.history", section_id=section.id))
