"""Editions on the web: the exports page of a book, and downloads."""

from __future__ import annotations

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
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from cbook.books.queries import get_book
from cbook.errors import Unprocessable
from cbook.export import covers, jobs
from cbook.export.formats import FORMATS, get_format
from cbook.export.forms import (
    FORMAT_LABELS,
    OPTION_GROUPS,
    TRANSLATION_GROUPS,
    CoverForm,
    EditionForm,
)
from cbook.export.models import ExportJob, JobStatus
from cbook.export.runner import get_runner
from cbook.policy import Action, can, require
from cbook.principles.queries import list_audiences
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.unit_of_work import input_errors_flashed, transaction
from cbook.web.uploads import accepts_upload

blueprint = Blueprint("exports", __name__)


def _form() -> EditionForm:
    form = EditionForm()
    form.format.choices = [SelectChoice(name, FORMAT_LABELS.get(name, name))
                           for name in FORMATS]
    form.audience.choices = [SelectChoice("", _("Everyone"))] + [
        SelectChoice(a.slug, a.name) for a in list_audiences(db())]
    return form


@blueprint.route("/books/<slug>/exports", methods=["GET", "POST"])
def book_exports(slug: str) -> str | Response:
    """The book's editions: a form for coordinators, and recent exports with progress."""
    book = get_book(db(), slug)
    viewer = acting_user()
    may_export = can(viewer, Action.EXPORT_BOOK, book)
    form = _form() if may_export else None
    if form is not None and form.is_submitted() and form.validate_for_format():
        job: ExportJob | None = None
        with input_errors_flashed(), transaction():
            job = jobs.request_export(db(), viewer, book, form.format.data,
                                      form.audience.data or None, form.edition_options())
        if job is not None:
            get_runner(current_app).wake()
            flash(_("Export queued: it appears below with its progress."), "success")
            return redirect(url_for("exports.book_exports", slug=slug, _anchor=f"job-{job.id}"),
                            303)
    elif form is None and request.method == "POST":
        require(viewer, Action.EXPORT_BOOK, book)
    # A book that is no translation has no untranslated sections to choose about.
    groups = [group for group in OPTION_GROUPS
              if book.is_translation or not TRANSLATION_GROUPS & set(group[2])]
    visible = [job for job in jobs.recent_jobs(db(), book) if can(viewer, Action.VIEW_EXPORT, job)]
    return render_template("exports/index.html", book=book, form=form, jobs=visible,
                           labels=FORMAT_LABELS, JobStatus=JobStatus, groups=groups,
                           audiences={a.slug: a.name for a in list_audiences(db())},
                           cover_form=CoverForm() if may_export else None)


@blueprint.route("/books/<slug>/cover", methods=["POST"])
@accepts_upload
def upload_cover(slug: str) -> Response:
    """Set or remove the book's cover image (coordinators and admins)."""
    book = get_book(db(), slug)
    viewer = acting_user()
    require(viewer, Action.EXPORT_BOOK, book)
    form = CoverForm()
    if not form.validate_on_submit():
        abort(400, _("The form was not valid; try again."))
    saved = False
    with input_errors_flashed(), transaction():
        if form.remove.data:
            covers.remove_cover(db(), viewer, book)
        elif form.image.data:
            covers.set_cover(db(), viewer, book, form.image.data.read(),
                             current_app.config["CBOOK_SETTINGS"].instance)
        else:
            raise Unprocessable(_("Choose an image, or tick Remove."))
        saved = True
    if saved:
        flash(_("Cover saved."), "success")
    return redirect(url_for("exports.book_exports", slug=slug, _anchor="cover"), 303)


@blueprint.route("/books/<slug>/cover")
def cover_image(slug: str) -> Response:
    """The book's cover image (everyone: it is on every published edition)."""
    book = get_book(db(), slug)
    path = covers.cover_path(current_app.config["CBOOK_SETTINGS"].instance, book)
    if path is None:
        abort(404, _("This book has no cover."))
    response = send_file(path, mimetype=covers.media_type(path.name), etag=path.stem,
                         conditional=True, max_age=3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@blueprint.route("/exports/<int:job_id>/download")
def download(job_id: int) -> Response:
    """The finished file, as an attachment."""
    job = jobs.get_job(db(), job_id)
    require(acting_user(), Action.VIEW_EXPORT, job)
    if job.status != JobStatus.DONE or not job.file_name:
        abort(404, _("This export has no file (yet)."))
    path = jobs.exports_folder(current_app.config["CBOOK_SETTINGS"].instance) / job.file_name
    if not path.is_file():
        abort(404, _("This export's file is gone; make the edition again."))
    chosen = get_format(job.format)
    response = send_file(path, mimetype=chosen.media_type, as_attachment=True,
                         download_name=jobs.download_name(job), etag=job.fingerprint,
                         conditional=True, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
