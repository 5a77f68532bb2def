"""Review pages: a section's proposals, the proposal editor, the review page, the inbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

from cbook.accounts.forms import EmptyForm
from cbook.books import queries as books_queries
from cbook.editor import authority
from cbook.editor.diff import changes_only, diff_documents, render_diff_html
from cbook.editor.page_config import editor_config
from cbook.policy import Action, can, require
from cbook.review import mentions, queries
from cbook.review.forms import ProposalForm, ReviewForm
from cbook.review.merge import block_plain_text
from cbook.review.models import NotificationKind, Proposal
from cbook.review.service import inbox, proposals
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.unit_of_work import input_errors_flashed, transaction

blueprint = Blueprint("review", __name__)


@blueprint.route("/sections/<int:section_id>/proposals", methods=["GET", "POST"])
def section_proposals(section_id: int) -> str | Response:
    """The section's proposals, and a form to start one."""
    viewer = acting_user()
    require(viewer, Action.USE_ACCOUNT)
    section = books_queries.get_section(db(), viewer, section_id)
    form = ProposalForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400, "a proposal needs a title of at most 300 characters")
        with transaction():
            proposal = proposals.open_proposal(db(), viewer, section, title=form.title.data,
                                               description=form.description.data or "")
        flash(_("Proposal started: edit the copy, then ask for a review."), "info")
        return redirect(url_for("review.edit_proposal", proposal_id=proposal.id))
    listed = queries.list_proposals(db(), viewer, section, include_closed=True)
    return render_template(
        "review/section_proposals.html", section=section, chapter=section.chapter,
        book=section.chapter.book, proposals=listed, form=form,
        can_propose=can(viewer, Action.PROPOSE_CHANGES, section), standing=queries.standing,
    )


@blueprint.route("/proposals/<int:proposal_id>/edit")
def edit_proposal(proposal_id: int) -> str:
    """The collaborative editor on the proposal's own copy of the text."""
    viewer = acting_user()
    proposal = queries.get_proposal(db(), viewer, proposal_id, action=Action.EDIT_PROPOSAL)
    assert viewer is not None  # get_proposal let a signed-in user through
    with transaction():
        inbox.mark_read_about(db(), viewer, proposal_id=proposal.id)
    api = f"/api/v1/proposals/{proposal.id}"
    config = editor_config(db(), viewer, proposal.document, {
        "steps": f"{api}/steps", "section": api, "comments": f"{api}/comments",
        "read": url_for("review.proposal", proposal_id=proposal.id),
    }, generate_csrf(), section_id=f"proposal-{proposal.id}", title=proposal.title,
        language=proposal.section.chapter.book.language)
    section = proposal.section
    return render_template("editor/edit.html", section=section, chapter=section.chapter,
                           book=section.chapter.book, config=config, proposal=proposal)


def _comparisons(proposal: Proposal) -> dict[str, Any]:
    now = authority.document_json(db(), proposal.document)
    section_now = authority.document_json(db(), proposal.section.document)
    return {name: render_diff_html(changes_only(diff_documents(old, now)), _)
            for name, old in (("base", proposal.base_doc), ("current", section_now))}


@blueprint.route("/proposals/<int:proposal_id>")
def proposal(proposal_id: int) -> str:
    """The review page: changes against the base and the section now, reviews, merge."""
    viewer = acting_user()
    found = queries.get_proposal(db(), viewer, proposal_id, with_base=True)
    preview = queries.merge_preview(db(), found) if found.is_open else None
    section = found.section
    # Whoever opens the proposal has seen what their inbox said about it.
    with transaction():
        inbox.mark_read_about(db(), viewer, proposal_id=found.id)
    return render_template(
        "review/proposal.html", proposal=found, section=section, chapter=section.chapter,
        book=section.chapter.book, comparisons=_comparisons(found), preview=preview,
        review_form=ReviewForm(formdata=None), action_form=EmptyForm(),
        plain=block_plain_text, standing=queries.standing,
        allowed={action: can(viewer, Action(f"{action}_proposal"), found)
             for action in ("edit", "review", "merge")},
    )


def _checked_proposal(proposal_id: int) -> Proposal:
    if not EmptyForm().validate_on_submit():
        abort(400)
    return queries.get_proposal(db(), acting_user(), proposal_id, with_base=True)


def _back(proposal_id: int) -> Response:
    return redirect(url_for("review.proposal", proposal_id=proposal_id))


@blueprint.route("/proposals/<int:proposal_id>/submit", methods=["POST"])
def submit(proposal_id: int) -> Response:
    """Ask the editors for a review."""
    found = _checked_proposal(proposal_id)
    told_before = queries.trio_told(db(), found)
    with transaction():
        proposals.submit(db(), acting_user(), found)
    if not told_before and queries.trio_told(db(), found):
        flash(_("Sent for review. The editors and the chapter's trio have been told."), "info")
    else:
        flash(_("Sent for review. The editors have been told."), "info")
    return _back(proposal_id)


@blueprint.route("/proposals/<int:proposal_id>/close", methods=["POST"])
def close(proposal_id: int) -> Response:
    """Set the proposal aside without merging it."""
    with transaction():
        proposals.close(db(), acting_user(), _checked_proposal(proposal_id))
    flash(_("Proposal closed. Its text and discussion are kept."), "info")
    return _back(proposal_id)


@blueprint.route("/proposals/<int:proposal_id>/reviews", methods=["POST"])
def add_review(proposal_id: int) -> Response:
    """Approve, request changes, or comment."""
    form = ReviewForm()
    if not form.validate_on_submit():
        abort(400, "choose a verdict; a review is at most 20,000 characters")
    found = queries.get_proposal(db(), acting_user(), proposal_id)
    body = form.body.data or ""
    with transaction():
        proposals.add_review(db(), acting_user(), found, verdict=form.verdict.data, body=body)
    flash(_("Review sent."), "info")
    _flash_mentions(mentions.resolve_mentions(body, queries.proposal_readers(db(), found)))
    return _back(proposal_id)


def _flash_mentions(found: mentions.Mentions) -> None:
    """Say who a mention told, and which @names told nobody."""
    viewer = acting_user()
    told = [user.name for user in found.users if viewer is None or user.id != viewer.id]
    if told:
        flash(ngettext("%(names)s was told.", "%(names)s were told.", len(told),
                       names=_names(told)), "info")
    if found.unknown:
        flash(_("Nobody who can read this matches %(names)s, so no one was told.",
                names=_names(found.unknown)), "error")
    if found.ambiguous:
        flash(_("%(names)s matches more than one person, so no one was told: write the "
                "whole name.", names=_names(found.ambiguous)), "error")


def _names(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return str(_("%(first)s and %(last)s", first=", ".join(names[:-1]), last=names[-1]))


def _resolutions_from_form(conflicts: list[Any]) -> dict[str, Any]:
    """Each conflict's choice: keep theirs, keep ours, or the text the editor wrote."""
    chosen: dict[str, Any] = {}
    for conflict in conflicts:
        choice = request.form.get(f"resolution-{conflict.id}")
        if choice in ("ours", "theirs"):
            chosen[conflict.id] = choice
        elif choice == "edit":
            written = request.form.get(f"edit-{conflict.id}", "")
            template = conflict.ours or conflict.theirs or {"type": "paragraph"}
            chosen[conflict.id] = {"blocks": blocks_from_text(template, written)}
    return chosen


def blocks_from_text(template: dict[str, Any], text: str) -> list[dict[str, Any]]:
    """Blocks for text an editor wrote to settle a conflict: one per paragraph.

    The first keeps the conflicting block's type and attributes (so its id, tags and
    comments carry on) if it holds text directly; other paragraphs are new.
    """
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    blocks = []
    for index, part in enumerate(p for p in paragraphs if p):
        content = [{"type": "text", "text": part}]
        if index == 0 and template.get("type") in ("paragraph", "heading"):
            blocks.append({"type": template["type"], "attrs": template.get("attrs", {}),
                           "content": content})
        else:
            blocks.append({"type": "paragraph", "content": content})
    return blocks


@blueprint.route("/proposals/<int:proposal_id>/merge", methods=["POST"])
def merge(proposal_id: int) -> Response:
    """Merge with the choices made for each conflict."""
    found = _checked_proposal(proposal_id)
    session = db()
    preview = queries.merge_preview(session, found)
    publish = request.form.get("publish") == "1"
    section = found.section
    published_at = section.published_at if section.is_published else None
    # Conflicts left open (or the proposal moved on) are said on the review page.
    with input_errors_flashed():
        with transaction(gate=lambda s: authority.sole_writer(s, section.document)):
            proposals.merge(session, acting_user(), found,
                            _resolutions_from_form(preview.conflicts), publish=publish)
        return _merged(found, publish, published_at)
    return _back(proposal_id)


def _merged(found: Proposal, publish: bool, published_at: datetime | None) -> Response:
    """Say what readers see now, and go where it shows."""
    if publish:
        flash(_("Merged and published: readers see it now."), "info")
        return redirect(url_for("books.section", section_id=found.section_id))
    if published_at is not None:
        flash(_("Merged into the draft: readers still see the published version of "
                "%(date)s until an editor publishes.", date=format_date(published_at)), "info")
    else:
        flash(_("Merged into the draft. The section is not published yet, so readers "
                "don't see it."), "info")
    return _back(found.id)


@blueprint.route("/inbox/<int:notification_id>")
def open_entry(notification_id: int) -> Response:
    """Open what a notification is about, marking it read on the way."""
    viewer = acting_user()
    require(viewer, Action.USE_ACCOUNT)
    assert viewer is not None
    with transaction():
        entry = inbox.open_entry(db(), viewer, notification_id)
    if entry.proposal_id is not None:
        return redirect(url_for("review.proposal", proposal_id=entry.proposal_id))
    if entry.chapter is not None:  # a chapter moved to the trash or back
        if entry.chapter.trashed_at is not None:
            return redirect(url_for("trash.book_trash", slug=entry.chapter.book.slug))
        return redirect(url_for("books.chapter", chapter_id=entry.chapter.id))
    if entry.section_id is not None and entry.kind in {NotificationKind.TRASHED,
                                                       NotificationKind.RESTORED}:
        # The reader's page says where a trashed section is and offers to restore it.
        return redirect(url_for("books.section", section_id=entry.section_id))
    if entry.section_id is not None:
        # Straight to the comment's thread (the editor opens it), or to the section.
        anchor = f"comment-{entry.comment_id}" if entry.comment_id is not None else None
        return redirect(url_for("editor.edit", section_id=entry.section_id, _anchor=anchor))
    return redirect(url_for("review.inbox_page"))


@blueprint.route("/inbox", methods=["GET", "POST"])
def inbox_page() -> str | Response:
    """Your notifications; POST marks them all read."""
    viewer = acting_user()
    require(viewer, Action.USE_ACCOUNT)
    assert viewer is not None
    form = EmptyForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        with transaction():
            inbox.mark_read(db(), viewer)
        return redirect(url_for("review.inbox_page"))
    return render_template(
        "review/inbox.html", entries=queries.list_inbox(db(), viewer), action_form=form,
        standing=queries.standing, live=queries.merge_is_live,
        queue=queries.list_open_for_review(db(), viewer)
        if viewer.role in ("editor", "coordinator", "admin") else [],
    )
