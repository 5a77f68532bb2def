"""Reader pages (home, contents, chapters, sections) and the forms that shape a book."""

from __future__ import annotations

from dataclasses import dataclass

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from cbook.accounts.forms import EmptyForm
from cbook.accounts.models import User
from cbook.books import queries, service, trash_queries
from cbook.books.forms import (
    BookForm,
    ChapterForm,
    NewBookForm,
    NewChapterForm,
    NewSectionForm,
    SectionSettingsForm,
)
from cbook.books.models import Book, Section
from cbook.editor.authority import document_json
from cbook.errors import NotFound
from cbook.home.queries import home_for
from cbook.home.site_header import header_key
from cbook.policy import Action, can, require, section_access_key
from cbook.principles.queries import list_audiences, list_principles
from cbook.review.queries import standing, unread_count
from cbook.roles import SectionStatus
from cbook.translating import queries as translation_queries
from cbook.translating import reading as translations
from cbook.web.access import requires
from cbook.web.auth import acting_user
from cbook.web.csrf_tokens import signed_csrf_token
from cbook.web.database import db
from cbook.web.page_cache import keep_shared_part, shared_part
from cbook.web.unit_of_work import input_errors_flashed, transaction

blueprint = Blueprint("books", __name__)


def _offset() -> int:
    direction = request.form.get("direction")
    if direction not in {"up", "down"}:
        abort(400, "direction must be up or down")
    return -1 if direction == "up" else 1


@blueprint.route("/")
def home() -> str | Response:
    """The front page: a signed-in person's own home, else the books and principles."""
    viewer = acting_user()
    if viewer is not None:
        response = make_response(render_template(
            "home/personal.html", home=home_for(db(), viewer), standing=standing))
        # The page is about one person: a proxy must not hand it to anyone else.
        response.headers["Cache-Control"] = "private, no-cache"
        return response
    return render_template("home.html", books=queries.list_books(db()),
                           principles=list_principles(db()))


@blueprint.route("/books/<slug>")
def contents(slug: str) -> str:
    """A book's contents as this viewer may see it."""
    viewer = acting_user()
    book_contents = queries.book_contents(db(), viewer, slug)
    # Forms are built only for those who can use them: building one starts a session
    # (for its CSRF token), and pages without a session can be cached for everyone.
    may_add = can(viewer, Action.CREATE_CHAPTER, book_contents.book) and (
        not book_contents.book.is_translation)
    return render_template(
        "books/contents.html", contents=book_contents, book=book_contents.book,
        chapter_form=NewChapterForm() if may_add else None,
        languages=translations.contents_languages(db(), book_contents.book,
                                                  str(get_locale())),
    )


@blueprint.route("/books/new", methods=["GET", "POST"])
@requires(Action.CREATE_BOOK)
def new_book() -> Response | str:
    """Start a new book."""
    form = NewBookForm()
    if form.validate_on_submit():
        with input_errors_flashed():
            with transaction():
                book = service.create_book(
                    db(), acting_user(), title=form.title.data, slug=form.slug.data or None,
                    language=form.language.data, subtitle=form.subtitle.data or "",
                    description=form.description.data or "")
                book.allow_self_merge = bool(form.allow_self_merge.data)
            return redirect(url_for("books.contents", slug=book.slug))
    return render_template("books/book_form.html", form=form, book=None)


@blueprint.route("/books/<slug>/settings", methods=["GET", "POST"])
def book_settings(slug: str) -> Response | str:
    """Edit a book's title, subtitle, description and language."""
    book = queries.get_book(db(), slug)
    require(acting_user(), Action.EDIT_BOOK, book)
    form = BookForm(obj=book)
    if form.validate_on_submit():
        with input_errors_flashed():
            with transaction():
                service.update_book(db(), acting_user(), book, title=form.title.data,
                                    subtitle=form.subtitle.data or "",
                                    description=form.description.data or "",
                                    language=form.language.data,
                                    allow_self_merge=bool(form.allow_self_merge.data))
            flash(_("Book saved."), "info")
            return redirect(url_for("books.contents", slug=book.slug))
    return render_template("books/book_form.html", form=form, book=book)


@blueprint.route("/books/<slug>/chapters", methods=["POST"])
def add_chapter(slug: str) -> Response:
    """Add a chapter to a book."""
    book = queries.get_book(db(), slug)
    require(acting_user(), Action.CREATE_CHAPTER, book)
    form = NewChapterForm()
    if not form.validate_on_submit():
        flash(_("A chapter needs a title."), "error")
        return redirect(url_for("books.contents", slug=slug))
    with transaction():
        chapter = service.create_chapter(db(), acting_user(), book, title=form.title.data)
    flash(_("Chapter added."), "info")
    return redirect(url_for("books.contents", slug=slug, _anchor=f"chapter-{chapter.id}"))


@blueprint.route("/chapters/<int:chapter_id>")
def chapter(chapter_id: int) -> str:
    """A chapter's summary and its sections."""
    viewer = acting_user()
    found = queries.get_chapter(db(), chapter_id)
    # In a translation, sections not translated yet are read as their originals.
    sections = [s for s in found.sections if can(viewer, Action.VIEW_SECTION, s) or (
        s.source_section is not None and s.source_section.is_published)]
    if not sections and not can(viewer, Action.EDIT_CHAPTER, found):
        raise NotFound("no such chapter")
    may_add = can(viewer, Action.EDIT_CHAPTER, found) and not found.book.is_translation
    states = (translation_queries.states_in(db(), found.book) if found.book.is_translation
              else {})
    return render_template("books/chapter.html", chapter=found, book=found.book,
                           sections=sections, states=states,
                           section_form=NewSectionForm() if may_add else None)


@blueprint.route("/chapters/<int:chapter_id>/settings", methods=["GET", "POST"])
def chapter_settings(chapter_id: int) -> Response | str:
    """Rename a chapter, edit its summary, or (staff) choose its trio."""
    viewer = acting_user()
    found = queries.get_chapter(db(), chapter_id)
    require(viewer, Action.EDIT_CHAPTER, found)
    form = ChapterForm(obj=found)
    form.trio.choices = [SelectChoice("", _("No trio"))] + [
        SelectChoice(str(t.id), t.name) for t in queries.list_trios(db())]
    staff = can(viewer, Action.PUBLISH_SECTION)
    if request.method == "GET":
        form.trio.data = str(found.trio_id or "")
    if form.validate_on_submit():
        with input_errors_flashed():
            with transaction():
                trio = (queries.get_trio(db(), int(form.trio.data)) if form.trio.data
                        else None)
                service.update_chapter(db(), viewer, found, title=form.title.data,
                                       summary=form.summary.data or "",
                                       trio=trio if staff else False)
            flash(_("Chapter saved."), "info")
            return redirect(url_for("books.chapter", chapter_id=found.id))
    return render_template("books/chapter_settings.html", form=form, chapter=found,
                           book=found.book, staff=staff, action_form=EmptyForm())


@blueprint.route("/chapters/<int:chapter_id>/publish", methods=["GET", "POST"])
def publish_chapter(chapter_id: int) -> Response | str:
    """Editors: confirm (the drafts listed), then publish them all in one transaction."""
    viewer = acting_user()
    found = queries.get_chapter(db(), chapter_id)
    require(viewer, Action.PUBLISH_CHAPTER, found)
    form = EmptyForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        with transaction():
            published = service.publish_chapter(db(), viewer, found)
        if published:
            flash(ngettext("Published %(num)d section: readers now see it.",
                           "Published %(num)d sections: readers now see them.",
                           len(published)), "info")
        else:
            flash(_("Nothing to publish: every section of this chapter is already published."),
                  "info")
        return redirect(url_for("books.chapter", chapter_id=found.id), 303)
    return render_template("books/confirm_publish_chapter.html", chapter=found,
                           book=found.book, drafts=service.chapter_drafts(found), form=form)


@blueprint.route("/chapters/<int:chapter_id>/move", methods=["POST"])
def move_chapter(chapter_id: int) -> Response:
    """Move a chapter up or down the contents."""
    found = queries.get_chapter(db(), chapter_id)
    require(acting_user(), Action.EDIT_CHAPTER, found)
    if not EmptyForm().validate_on_submit():
        abort(400)
    with transaction():
        service.move_chapter(db(), acting_user(), found, _offset())
    return redirect(url_for("books.contents", slug=found.book.slug,
                            _anchor=f"chapter-{found.id}"))


@blueprint.route("/chapters/<int:chapter_id>/sections", methods=["POST"])
def add_section(chapter_id: int) -> Response:
    """Add a draft section to a chapter."""
    found = queries.get_chapter(db(), chapter_id)
    require(acting_user(), Action.EDIT_CHAPTER, found)
    form = NewSectionForm()
    if not form.validate_on_submit():
        flash(_("A section needs a title."), "error")
        return redirect(url_for("books.chapter", chapter_id=chapter_id))
    with transaction():
        section = service.create_section(db(), acting_user(), found, title=form.title.data)
    flash(_("Section added as a draft."), "info")
    return redirect(url_for("books.section_settings", section_id=section.id))


@dataclass(frozen=True)
class SectionPage:
    """What a section page shows besides its header, rendered once for everyone who may
    do the same things there (``section_access_key``) until the content changes."""

    title: str
    language: str
    book_id: int
    crumbs: Markup
    body: Markup
    head: Markup


def _render_section(viewer: User | None, found: Section, show_draft: bool, *,
                    untranslated: bool = False) -> SectionPage:
    """The shared part of a section page. ``untranslated``: a translation readers cannot
    read yet, shown as its source with a notice."""
    book = found.chapter.book
    before, after = queries.book_neighbours(db(), viewer, found)
    languages = translations.in_languages(db(), found, untranslated=untranslated)
    doc = (found.source_section.published_doc if untranslated and found.source_section
           else document_json(db(), found.document) if show_draft else found.published_doc)
    body = render_template(
        "books/_section_body.html", section=found, chapter=found.chapter, book=book,
        doc=doc, showing_draft=show_draft, before=before, after=after, languages=languages,
        heading=found.source_section.title if untranslated and found.source_section else None,
    )
    crumbs = render_template("books/_crumbs.html", book=book, chapter=found.chapter,
                             section=found)
    head = render_template("books/_alternates.html", languages=languages)
    # All three were rendered by autoescaping templates: they are HTML already.
    return SectionPage(found.title, book.language, book.id,
                       Markup(crumbs), Markup(body), Markup(head))  # noqa: S704


@blueprint.route("/sections/<int:section_id>")
def section(section_id: int) -> str:
    """A section as readers see it (writers also see an unpublished draft, marked)."""
    viewer = acting_user()
    wants_draft = request.args.get("draft") == "1"
    key = (section_id, wants_draft, section_access_key(viewer))
    page = shared_part(SectionPage, key)
    if page is None:
        found = queries.find_section(db(), viewer, section_id)
        waiting = translation_queries.untranslated(db(), section_id) if found is None else None
        if waiting is not None:
            # Not translated yet (or not published): its source, with a notice, not a 404.
            page = _render_section(viewer, waiting, False, untranslated=True)
            keep_shared_part(key, page)
        elif found is None:
            # Those who may restore a trashed section are told where it is; others a 404.
            held = trash_queries.trashed_section(db(), viewer, section_id)
            if held is None:
                raise NotFound("no such section")
            return render_template("books/in_trash.html", section=held[0], item=held[1],
                                   chapter=held[0].chapter, book=held[0].chapter.book,
                                   action_form=EmptyForm())
        else:
            show_draft = not found.is_published or (
                wants_draft and can(viewer, Action.EDIT_SECTION, found))
            page = _render_section(viewer, found, show_draft)
            if show_draft:  # a working draft changes without the content generation
                return _section_around(page, viewer)
            keep_shared_part(key, page)
    if viewer is None or session.get("_flashes"):
        return _section_around(page, viewer)
    # A signed-in person's page, whole: the shared part, their header and their session's
    # CSRF token are all it holds, so it is kept under exactly those (flashes aside, which
    # are shown once: a page carrying them is never kept).
    unread = unread_count(db(), viewer)
    book = _editions_book(page, viewer)
    whole_key = (*key, header_key(unread, book), signed_csrf_token())
    whole = shared_part(WholeSectionPage, whole_key)
    if whole is None:
        whole = WholeSectionPage(_section_around(page, viewer, book))
        keep_shared_part(whole_key, whole)
    return whole.html


@dataclass(frozen=True)
class WholeSectionPage:
    """A section page as sent to one signed-in session."""

    html: str


def _editions_book(page: SectionPage, viewer: User | None) -> Book | None:
    # The header's editions link names the page's book, for those who publish editions.
    return db().get(Book, page.book_id) if can(viewer, Action.EXPORT_BOOK) else None


def _section_around(page: SectionPage, viewer: User | None, book: Book | None = None) -> str:
    return render_template("books/section.html", page=page,
                           book=book or _editions_book(page, viewer))


def _settings_form(found: Section) -> SectionSettingsForm:
    form = SectionSettingsForm(obj=found if request.method == "GET" else None)
    form.principles.choices = [SelectChoice(p.slug, p.title) for p in list_principles(db())]
    form.audiences.choices = [SelectChoice(a.slug, a.name) for a in list_audiences(db())]
    if request.method == "GET":
        form.status.data = (found.status if found.status != SectionStatus.PUBLISHED
                            else SectionStatus.DRAFT).value
        form.principles.data = [p.slug for p in found.principles]
        form.audiences.data = [a.slug for a in found.audiences]
    return form


@blueprint.route("/sections/<int:section_id>/settings", methods=["GET", "POST"])
def section_settings(section_id: int) -> Response | str:
    """A section's title, status, tags, publishing, order and deletion."""
    viewer = acting_user()
    found = queries.get_section(db(), viewer, section_id)
    require(viewer, Action.EDIT_SECTION, found)
    form = _settings_form(found)
    if form.validate_on_submit():
        with input_errors_flashed():
            with transaction():
                service.update_section(
                    db(), viewer, found, title=form.title.data,
                    status=None if found.is_published else SectionStatus(form.status.data),
                    # A translation is tagged as its original: its form has no tags.
                    principles=None if found.source_section_id else form.principles.data,
                    audiences=None if found.source_section_id else form.audiences.data)
            flash(_("Section saved."), "info")
            return redirect(url_for("books.section_settings", section_id=found.id))
    return render_template("books/section_settings.html", form=form, section=found,
                           chapter=found.chapter, book=found.chapter.book,
                           action_form=EmptyForm())


def _section_action(section_id: int, action: Action) -> Section:
    found = queries.get_section(db(), acting_user(), section_id)
    require(acting_user(), action, found)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return found


@blueprint.route("/sections/<int:section_id>/publish", methods=["POST"])
def publish_section(section_id: int) -> Response:
    """Publish the current text of a section."""
    found = _section_action(section_id, Action.PUBLISH_SECTION)
    with transaction():
        service.publish_section(db(), acting_user(), found)
    flash(_("Published: readers now see this version."), "info")
    return redirect(url_for("books.section", section_id=found.id))


@blueprint.route("/sections/<int:section_id>/unpublish", methods=["POST"])
def unpublish_section(section_id: int) -> Response:
    """Hide a section from readers."""
    found = _section_action(section_id, Action.PUBLISH_SECTION)
    with transaction():
        service.unpublish_section(db(), acting_user(), found)
    flash(_("Unpublished: readers no longer see this section."), "info")
    return redirect(url_for("books.section_settings", section_id=found.id))


@blueprint.route("/sections/<int:section_id>/move", methods=["POST"])
def move_section(section_id: int) -> Response:
    """Move a section up or down its chapter."""
    found = _section_action(section_id, Action.EDIT_SECTION)
    with transaction():
        service.move_section(db(), acting_user(), found, _offset())
    return redirect(url_for("books.chapter", chapter_id=found.chapter_id))

# Deleting chapters and sections (to the trash) lives in cbook.books.trash_views.
