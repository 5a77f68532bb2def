"""Import pages (upload, preview, save) and the images imports bring with them."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from cbook.books import queries
from cbook.books.models import Book, Chapter, Trio
from cbook.errors import NotFound
from cbook.imports import service
from cbook.imports.forms import ConfirmImportForm, ImportForm
from cbook.imports.images import CONTENT_TYPES, ImageStore
from cbook.imports.reader import MAX_FILE_BYTES
from cbook.policy import Action, can, require
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.unit_of_work import input_errors_flashed, transaction
from cbook.web.uploads import accepts_upload

blueprint = Blueprint("imports", __name__)
IMAGE_CSP = "sandbox; default-src 'none'"
IMAGE_MAX_AGE = 365 * 24 * 3600  # names are random and never reused: cache for good


def _instance() -> Path:
    return Path(current_app.config["CBOOK_SETTINGS"].instance)


def image_store() -> ImageStore:
    """Where imported images are kept."""
    return ImageStore.for_instance(_instance())


def pending_imports() -> service.PendingImports:
    """Where imports wait between preview and save."""
    return service.PendingImports(_instance() / "imports")


def _book(slug: str) -> Book:
    book = queries.get_book(db(), slug)
    require(acting_user(), Action.CREATE_CHAPTER, book)
    return book


def _chapters(book: Book) -> list[Chapter]:
    viewer = acting_user()
    return [c for c in book.chapters if can(viewer, Action.EDIT_CHAPTER, c)]


def _own_chapter(book: Book, chapter_id: str | None) -> Chapter | None:
    """The chapter ``chapter_id`` if this viewer may edit it (None for none, or not theirs)."""
    return next((c for c in _chapters(book) if str(c.id) == chapter_id), None)


def _target(book: Book, chapter_id: str | None) -> Chapter | None:
    if not chapter_id:
        return None
    found = _own_chapter(book, chapter_id)
    if found is None:
        raise NotFound("no such chapter of yours in this book")
    return found


def _assigns_trios() -> bool:
    # The same people who choose a chapter's trio in its settings.
    return can(acting_user(), Action.PUBLISH_SECTION)


def _trio_choices(form: ConfirmImportForm) -> None:
    form.trio.choices = [("", _("No trio yet"))] + [
        (str(t.id), t.name) for t in queries.list_trios(db())]


def _chosen_trio(value: str | None) -> Trio | None:
    if not value or not _assigns_trios():
        return None
    if not value.isdigit():
        raise NotFound("no such trio")
    return queries.get_trio(db(), int(value))


@blueprint.route("/books/<slug>/import", methods=["GET", "POST"])
@accepts_upload
def start(slug: str) -> Response | str:
    """Choose a document to import into the book."""
    book = _book(slug)
    form = ImportForm()
    form.chapter.choices = [("", _("A new chapter"))] + [
        (str(c.id), c.title) for c in _chapters(book)]
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.stream.read(MAX_FILE_BYTES + 1)
        user = acting_user()
        assert user is not None  # require() let a signed-in user through
        _target(book, form.chapter.data)
        pending = None
        with input_errors_flashed():
            pending = pending_imports().create(user, book, data, upload.filename or "")
        if pending is not None:
            return redirect(url_for("imports.preview", slug=slug, token=pending.token,
                                    chapter=form.chapter.data or None,
                                    title=form.title.data or None))
    return render_template("imports/start.html", form=form, book=book)


def _preview_doc(doc: dict[str, Any]) -> dict[str, Any]:
    """The document with images described: staged images are not served until saved."""
    shown = copy.deepcopy(doc)
    stack = [shown]
    while stack:
        node = stack.pop()
        for index, child in enumerate(node.get("content") or []):
            if child.get("type") == "image":
                node["content"][index] = {"type": "paragraph", "content": [{
                    "type": "text", "marks": [{"type": "em"}],
                    "text": _("[Image: %(alt)s]", alt=child["attrs"]["alt"])}]}
            else:
                stack.append(child)
    return shown


def _load(book: Book, token: str) -> service.PendingImport | None:
    user = acting_user()
    assert user is not None
    pending = pending_imports().find(token, user, book)
    if pending is None:
        flash(_("That import has expired or is not yours: choose the file again."), "error")
    return pending


@blueprint.route("/books/<slug>/import/<token>")
def preview(slug: str, token: str) -> Response | str:
    """What the import would create, before anything is saved."""
    book = _book(slug)
    pending = _load(book, token)
    if pending is None:
        return redirect(url_for("imports.start", slug=slug))
    form = ConfirmImportForm(data={"chapter": request.args.get("chapter", ""),
                                   "title": request.args.get("title", "")})
    target = _own_chapter(book, form.chapter.data)
    if target is None:
        form.chapter.data = ""
    sections = [(s.title, _preview_doc(s.doc)) for s in pending.imported.sections]
    offer_trio = target is None and _assigns_trios()
    if offer_trio:
        _trio_choices(form)
    return render_template("imports/preview.html", book=book, pending=pending, form=form,
                           target=target, sections=sections, offer_trio=offer_trio,
                           chapter_title=form.title.data or pending.imported.title)


@blueprint.route("/books/<slug>/import/<token>/save", methods=["POST"])
def save(slug: str, token: str) -> Response:
    """Create the previewed sections."""
    book = _book(slug)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    pending = _load(book, token)
    if pending is None:
        return redirect(url_for("imports.start", slug=slug))
    pending_store = pending_imports()
    chapter: Chapter | None = None
    with input_errors_flashed(), transaction():
        chapter = service.save_import(
            db(), acting_user(), book, pending, pending_store.staged_images(token),
            image_store(), chapter=_target(book, form.chapter.data), title=form.title.data,
            trio=_chosen_trio(form.trio.data))
    if chapter is None:
        return redirect(url_for("imports.start", slug=slug))
    pending_store.discard(token)
    count = len(pending.imported.sections)
    flash(ngettext("Imported %(num)d section, as a draft.",
                   "Imported %(num)d sections, as drafts.", count), "info")
    return redirect(url_for("books.chapter", chapter_id=chapter.id))


@blueprint.route("/uploads/images/<name>")
def image(name: str) -> Response:
    """An imported image, with its true type and headers that stop it being run."""
    try:
        path = image_store().path(name)
    except ValueError:
        abort(404)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=CONTENT_TYPES[name.rsplit(".", 1)[1]],
                         conditional=True, etag=True, max_age=IMAGE_MAX_AGE)
    response.headers["Cache-Control"] = f"public, max-age={IMAGE_MAX_AGE}, immutable"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = IMAGE_CSP
    return response
