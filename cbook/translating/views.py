"""Translation pages: a book's translations (and starting one), a translation's progress
by chapter with its translators, and marking source changes as brought over."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from cbook.accounts.forms import EmptyForm
from cbook.accounts.service import find_user_by_email
from cbook.books import queries as books
from cbook.books.models import Book, TranslationMember
from cbook.errors import InvalidInput, NotFound
from cbook.languages import language_name
from cbook.policy import Action, can, require
from cbook.translating import queries, service
from cbook.translating.forms import (
    SUGGESTED_LANGUAGES,
    CaughtUpForm,
    StartTranslationForm,
    TranslatorForm,
)
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.unit_of_work import input_errors_flashed, transaction

blueprint = Blueprint("translating", __name__)


def _source_of(book: Book) -> Book:
    return book.source_book if book.source_book is not None else book


@blueprint.route("/books/<slug>/translations", methods=["GET", "POST"])
def translations(slug: str) -> Response | tuple[str, int]:
    """The book in other languages: each translation with how far it has come; for
    coordinators, a form to start one."""
    book = _source_of(books.get_book(db(), slug))
    viewer = acting_user()
    may_start = can(viewer, Action.MANAGE_TRANSLATIONS, book)
    form = StartTranslationForm() if may_start else None
    if request.method == "POST":
        require(viewer, Action.MANAGE_TRANSLATIONS, book)
        assert form is not None
        if form.validate_on_submit():
            with input_errors_flashed(), transaction():
                started = service.start_translation(db(), viewer, book, form.language.data)
                flash(_("Translation into %(language)s started: every section waits to be "
                        "translated.", language=language_name(started.language, str(get_locale()))),
                      "info")
                return redirect(url_for("translating.progress", slug=started.slug))
    found = queries.translations(db(), book)
    status = 400 if request.method == "POST" else 200
    return render_template("translating/translations.html", book=book, translations=found,
                           form=form, suggested=SUGGESTED_LANGUAGES), status


@blueprint.route("/books/<slug>/progress")
def progress(slug: str) -> str:
    """A translation's state by chapter: translated, behind and missing, with counts."""
    translation = books.get_book(db(), slug)
    if translation.source_book is None:
        raise NotFound("this book is not a translation")
    viewer = acting_user()
    totals, chapters = queries.progress(db(), translation)
    manage = can(viewer, Action.MANAGE_TRANSLATIONS, translation)
    form = None
    if manage:
        form = TranslatorForm()
        form.trio.choices = [("", "—")] + [(t.slug, t.name) for t in books.list_trios(db())]
    return render_template(
        "translating/progress.html", book=translation, source=translation.source_book,
        totals=totals, chapters=chapters, translator_form=form,
        action_form=EmptyForm() if manage else None,
        writes=can(viewer, Action.EDIT_CHAPTER, translation.chapters[0])
        if translation.chapters else False)


@blueprint.route("/books/<slug>/translators", methods=["POST"])
def add_translator(slug: str) -> Response:
    """Name a person or a trio as the translation's translators."""
    translation = books.get_book(db(), slug)
    viewer = acting_user()
    require(viewer, Action.MANAGE_TRANSLATIONS, translation)
    form = TranslatorForm()
    form.trio.choices = [("", "—")] + [(t.slug, t.name) for t in books.list_trios(db())]
    if form.validate_on_submit():
        with input_errors_flashed(), transaction():
            user = trio = None
            if form.email.data:
                user = find_user_by_email(db(), form.email.data)
                if user is None:
                    raise InvalidInput(_("No one has an account with that email: invite them "
                                         "first."))
            elif form.trio.data:
                trio = next((t for t in books.list_trios(db()) if t.slug == form.trio.data),
                            None)
            service.add_translator(db(), viewer, translation, user=user, trio=trio)
            flash(_("%(who)s can now translate this book.",
                    who=user.display_name if user else trio.name if trio else ""), "info")
    else:
        flash(_("Name a person by email, or choose a trio."), "error")
    return redirect(url_for("translating.progress", slug=slug, _anchor="translators"))


@blueprint.route("/translators/<int:member_id>/remove", methods=["POST"])
def remove_translator(member_id: int) -> Response:
    """Take a person or trio off a translation; what they wrote stays."""
    member = db().get(TranslationMember, member_id)
    if member is None:
        raise NotFound("no such translator")
    if not EmptyForm().validate_on_submit():
        abort(400)
    slug = member.book.slug
    who = member.user.display_name if member.user else member.trio.name if member.trio else ""
    with transaction():
        service.remove_translator(db(), acting_user(), member)
    flash(_("%(who)s no longer translates this book; what they wrote stays.", who=who), "info")
    return redirect(url_for("translating.progress", slug=slug, _anchor="translators"))


@blueprint.route("/sections/<int:section_id>/caught-up", methods=["POST"])
def caught_up(section_id: int) -> Response:
    """Mark one of the source's changes (or all) as brought into the translation."""
    viewer = acting_user()
    section = books.get_section_for_editing(db(), viewer, section_id)
    form = CaughtUpForm()
    if not form.validate_on_submit():
        abort(400)
    with input_errors_flashed(), transaction():
        block = form.block.data or None
        done = service.bring_up_to_date(db(), viewer, section, [block] if block else None)
        flash(_("Up to date with the original: this section is translated again.") if done
              else _("Marked as brought up to date."), "info")
    return redirect(url_for("editor.edit", section_id=section.id, _anchor="source-changes"))
