"""The library for readers: browse with filters, and a page per resource."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms import Field
from wtforms.fields.choices import SelectChoice

from cbook.accounts.forms import EmptyForm
from cbook.errors import InputError, NotFound
from cbook.languages import N_
from cbook.library import csv_io, files, queries, service
from cbook.library.forms import ResourceForm
from cbook.library.models import KIND_LABELS, Resource
from cbook.library.web_helpers import csv_response, file_store, max_upload_bytes
from cbook.policy import Action, can, require
from cbook.principles.queries import list_audiences, list_principles
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.unit_of_work import input_errors_flashed, refusal_shown, transaction
from cbook.web.uploads import accepts_upload

blueprint = Blueprint("library", __name__)
MAX_CSV_BYTES = 5_000_000
# A stored file is shown to nobody as a page: no scripts, no plugins, no loads, no sniffing.
DOWNLOAD_CSP = "sandbox; default-src 'none'"

# How the library can be ordered, as the sort menu names it (translated there).
SORT_LABELS = {"title": N_("Title"), "newest": N_("Newest first"), "year": N_("Year")}


@blueprint.app_template_filter("filesize")
def filesize(size: int) -> str:
    """A size in bytes as people read it."""
    return files.describe_size(size)


@blueprint.route("/library")
def index() -> str:
    """Every resource, narrowed by kind, principle, audience or tag."""
    filters = queries.ResourceFilters(
        kind=request.args.get("kind") or None, principle=request.args.get("principle") or None,
        audience=request.args.get("audience") or None, tag=request.args.get("tag") or None,
        sort=request.args.get("sort") or "title",
        keywords=request.args.get("q", "").strip() or None)
    return render_template(
        "library/index.html", resources=queries.list_resources(db(), filters), filters=filters,
        kinds=KIND_LABELS,
        principles=list_principles(db()), audiences=list_audiences(db()),
        sorts=SORT_LABELS,
    )


@blueprint.route("/library/<int:resource_id>")
def resource(resource_id: int) -> str:
    """One resource with what it is about."""
    found = queries.get_resource(db(), resource_id)
    viewer = acting_user()
    return render_template("library/resource.html", resource=found, kinds=KIND_LABELS,
                           can_edit=can(viewer, Action.EDIT_LIBRARY),
                           can_delete=can(viewer, Action.DELETE_RESOURCE, found),
                           cited_in=queries.cited_in(db(), found.id),
                           action_form=EmptyForm())


def _form(obj: Any = None) -> ResourceForm:
    form = ResourceForm(obj=obj if request.method == "GET" else None)
    form.principles.choices = [SelectChoice(p.slug, p.title) for p in list_principles(db())]
    form.audiences.choices = [SelectChoice(a.slug, a.name) for a in list_audiences(db())]
    if request.method == "GET" and obj is not None:
        form.principles.data = [p.slug for p in obj.principles]
        form.audiences.data = [a.slug for a in obj.audiences]
        form.tags.data = ", ".join(t.tag for t in obj.tags)
    return form


def _change_file(form: ResourceForm, resource: Resource) -> None:
    """Attach or remove the file as the form asks; ``files.FileRefused`` if refused."""
    upload = form.file.data
    if upload is not None and upload.filename:
        service.attach_file(db(), acting_user(), resource, file_store(), upload.stream,
                            upload.filename, max_upload_bytes())
    elif form.remove_file.data:
        service.remove_file(db(), acting_user(), resource, file_store())


def _beside(field: Field) -> Callable[[InputError], None]:
    """Show a refusal as an error of ``field``."""
    def show(refusal: InputError) -> None:
        field.errors = [*field.errors, refusal.message]
    return show


def _fields(form: ResourceForm) -> dict[str, Any]:
    return {"title": form.title.data, "kind": form.kind.data, "url": form.url.data or "",
            "authors": form.authors.data or "", "year": form.year.data,
            "summary": form.summary.data or "", "language": form.language.data or "en",
            "principles": form.principles.data or [],
            "audiences": form.audiences.data or [],
            "tags": [t for t in (form.tags.data or "").split(",") if t.strip()]}


@blueprint.route("/library/new", methods=["GET", "POST"])
@accepts_upload
def new_resource() -> str | Response:
    """Add a resource (authors, editors and above), with a file if one is chosen."""
    require(acting_user(), Action.EDIT_LIBRARY)
    form = _form()
    if form.validate_on_submit():
        # A refused file goes beside the file field, other refusals above the form; either
        # way nothing is added.
        with input_errors_flashed(), refusal_shown(files.FileRefused, _beside(form.file)):
            with transaction():
                added = service.add_resource(db(), acting_user(), **_fields(form))
                _change_file(form, added)
            flash(_("Added to the library."), "info")
            return redirect(url_for("library.resource", resource_id=added.id))
    return render_template("library/form.html", form=form, resource=None)


@blueprint.route("/library/<int:resource_id>/edit", methods=["GET", "POST"])
@accepts_upload
def edit_resource(resource_id: int) -> str | Response:
    """Change a resource, and attach, replace or remove its file."""
    require(acting_user(), Action.EDIT_LIBRARY)
    found = queries.get_resource(db(), resource_id)
    form = _form(found)
    if form.validate_on_submit():
        with input_errors_flashed(), refusal_shown(files.FileRefused, _beside(form.file)):
            with transaction():
                service.update_resource(db(), acting_user(), found, **_fields(form))
                _change_file(form, found)
            flash(_("Resource saved."), "info")
            return redirect(url_for("library.resource", resource_id=found.id))
    return render_template("library/form.html", form=form, resource=found)


@blueprint.route("/library/<int:resource_id>/delete", methods=["POST"])
@transaction()
def delete_resource(resource_id: int) -> Response:
    """Remove a resource (editors and above, or whoever added it)."""
    found = queries.get_resource(db(), resource_id)
    require(acting_user(), Action.DELETE_RESOURCE, found)
    if not EmptyForm().validate_on_submit():
        abort(400)
    service.delete_resource(db(), acting_user(), found, file_store())
    flash(_("Removed from the library."), "info")
    return redirect(url_for("library.index"))


@blueprint.route("/library/<int:resource_id>/file")
def download_file(resource_id: int) -> Response:
    """A resource's file, always as a download, with headers that stop it being run."""
    found = queries.get_resource(db(), resource_id)
    if not found.file_stored_name or not found.file_type or not found.file_name:
        raise NotFound("this resource has no file")
    path = file_store().path(found.file_stored_name)
    if not path.is_file():
        raise NotFound("this resource's file is missing")
    response = send_file(path, mimetype=files.FILE_TYPES[found.file_type].content_type,
                         as_attachment=True, download_name=found.file_name,
                         etag=found.file_sha256 or False, conditional=True)
    response.headers["Content-Security-Policy"] = DOWNLOAD_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@blueprint.route("/library/export.csv")
def export_csv() -> Response:
    """The whole library as a CSV download."""
    return csv_response(queries.list_resources(db(), queries.ResourceFilters()))


@blueprint.route("/library/import", methods=["GET", "POST"])
def import_csv() -> str | Response:
    """Upload a CSV of resources: every row is checked, and all are stored or none."""
    require(acting_user(), Action.EDIT_LIBRARY)
    form = EmptyForm()
    errors: list[str] = []
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        upload = request.files.get("file")
        text = ""
        if upload is None or not upload.filename:
            errors = ["choose a CSV file to import"]
        else:
            try:
                text = upload.read(MAX_CSV_BYTES + 1).decode("utf-8-sig")
            except UnicodeDecodeError:
                errors = ["the file is not UTF-8 text; save it as CSV UTF-8"]
        if len(text) > MAX_CSV_BYTES:
            errors = [f"the file is larger than {MAX_CSV_BYTES // 1_000_000} MB"]
        if not errors:
            with refusal_shown(csv_io.CsvRefused, lambda refused: errors.extend(refused.errors)):
                with transaction():
                    report = csv_io.import_csv(db(), acting_user(), text)
                flash(_("Imported: %(added)s added, %(updated)s updated.", added=report.added,
                        updated=report.updated), "info")
                return redirect(url_for("library.index"))
    return render_template("library/import.html", form=form, errors=errors,
                           columns=csv_io.COLUMNS)
