"""Moving chapters and sections to the trash (after a confirmation), and the trash page.

Every destructive step is a GET that says what will happen and a POST (with CSRF) that
does it, so all of it works without JavaScript.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup
from werkzeug.wrappers import Response

from cbook.accounts.forms import EmptyForm
from cbook.books import queries, trash, trash_queries
from cbook.books.models import Chapter, Section, TrashItem
from cbook.policy import Action, require
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.unit_of_work import input_errors_flashed, transaction

blueprint = Blueprint("trash", __name__)


def what_goes_text(goes: trash_queries.WhatGoes, chapter: bool) -> str:
    """'3 sections, 42 revisions, 2 open proposals and 5 comments', in plain words."""
    parts = []
    if chapter:
        parts.append(ngettext("%(num)s section", "%(num)s sections", goes.sections))
    parts += [ngettext("%(num)s revision", "%(num)s revisions", goes.revisions),
              ngettext("%(num)s open proposal", "%(num)s open proposals", goes.open_proposals),
              ngettext("%(num)s comment", "%(num)s comments", goes.comments)]
    return str(_("%(items)s and %(last)s", items=", ".join(parts[:-1]), last=parts[-1]))


def _checked_form() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


def _flash_trashed(item: TrashItem, message: str) -> None:
    # Markup, so the flash can carry the Undo button (a CSRF-protected form) and the link;
    # the template escapes the message and title, so no user text is trusted here.
    html = render_template("books/_trashed_flash.html", item=item, message=message,
                           action_form=EmptyForm())
    flash(Markup(html), "info")  # noqa: S704 - html is our own autoescaped template


@blueprint.route("/sections/<int:section_id>/delete", methods=["GET", "POST"])
def delete_section(section_id: int) -> Response | str:
    """Confirm, then move a section to its book's trash."""
    viewer = acting_user()
    found: Section = queries.get_section(db(), viewer, section_id)
    require(viewer, Action.DELETE_SECTION, found)
    goes = trash_queries.what_goes_with_section(db(), found)
    chapter = found.chapter
    form = EmptyForm()
    if form.validate_on_submit():
        with transaction():
            item = trash.trash_section(db(), viewer, found)
        _flash_trashed(item, _("“%(title)s” and its %(what)s are in the trash.",
                               title=item.title, what=what_goes_text(goes, chapter=False)))
        return redirect(url_for("books.chapter", chapter_id=chapter.id))
    return render_template("books/confirm_trash.html", kind="section", thing=found,
                           book=chapter.book, chapter=chapter, section=found,
                           what=what_goes_text(goes, chapter=False), form=form,
                           back=url_for("books.section_settings", section_id=found.id))


@blueprint.route("/chapters/<int:chapter_id>/delete", methods=["GET", "POST"])
def delete_chapter(chapter_id: int) -> Response | str:
    """Confirm, then move a chapter with its sections to its book's trash."""
    viewer = acting_user()
    found: Chapter = queries.get_chapter(db(), chapter_id)
    require(viewer, Action.DELETE_CHAPTER, found)
    goes = trash_queries.what_goes_with_chapter(db(), found)
    book = found.book
    form = EmptyForm()
    if form.validate_on_submit():
        with transaction():
            item = trash.trash_chapter(db(), viewer, found)
        _flash_trashed(item, _("The chapter “%(title)s” and its %(what)s are in the trash.",
                               title=item.title, what=what_goes_text(goes, chapter=True)))
        return redirect(url_for("books.contents", slug=book.slug))
    return render_template("books/confirm_trash.html", kind="chapter", thing=found,
                           book=book, chapter=found, what=what_goes_text(goes, chapter=True),
                           form=form,
                           back=url_for("books.chapter_settings", chapter_id=found.id))


@blueprint.route("/books/<slug>/trash")
@transaction()  # expired items are purged on the way
def book_trash(slug: str) -> str:
    """What lies in a book's trash, with Restore (and, for admins, Delete forever)."""
    viewer = acting_user()
    book = queries.get_book(db(), slug)
    items = trash.open_trash(db(), viewer, book)
    return render_template("books/trash.html", book=book, items=items,
                           days_left=trash_queries.days_left, action_form=EmptyForm())


def _restored_url(restored: Chapter | Section) -> str:
    if isinstance(restored, Section):
        return url_for("books.section", section_id=restored.id)
    return url_for("books.chapter", chapter_id=restored.id)


@blueprint.route("/trash/<int:item_id>/restore", methods=["POST"])
def restore(item_id: int) -> Response:
    """Put a trashed chapter or section back where it was."""
    viewer = acting_user()
    item = trash_queries.get_item(db(), viewer, item_id)
    require(viewer, Action.RESTORE_FROM_TRASH, item)
    _checked_form()
    slug, kind, title = item.book.slug, item.kind, item.title
    with input_errors_flashed():
        with transaction():
            restored = trash.restore(db(), viewer, item)
        if kind == trash_queries.SECTION:
            flash(_("Restored “%(title)s” to its chapter, with its history.", title=title),
                  "info")
        else:
            flash(_("Restored the chapter “%(title)s” with its sections.", title=title),
                  "info")
        return redirect(_restored_url(restored))
    # Refused (e.g. its chapter is in the trash too): the message says why.
    return redirect(url_for("trash.book_trash", slug=slug))


@blueprint.route("/trash/<int:item_id>/purge", methods=["GET", "POST"])
def purge(item_id: int) -> Response | str:
    """Confirm, then delete a trashed chapter or section for good (admins)."""
    viewer = acting_user()
    item = trash_queries.get_item(db(), viewer, item_id)
    require(viewer, Action.PURGE_FROM_TRASH, item)
    book = item.book
    form = EmptyForm()
    if form.validate_on_submit():
        title = item.title
        with transaction():
            trash.purge(db(), viewer, item)
        flash(_("“%(title)s” is deleted for good.", title=title), "info")
        return redirect(url_for("trash.book_trash", slug=book.slug))
    if item.section is not None:
        what = what_goes_text(trash_queries.what_goes(db(), [item.section]), chapter=False)
    else:
        assert item.chapter is not None
        goes = trash_queries.what_goes(db(), trash_queries.all_sections(db(), item.chapter))
        what = what_goes_text(goes, chapter=True)
    return render_template("books/confirm_purge.html", item=item, book=book, what=what,
                           form=form)
