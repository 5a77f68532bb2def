"""Editions over JSON: queue an export, follow its progress, find its file."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from cbook.api.schemas import ExportJobSchema
from cbook.books.queries import get_book
from cbook.export import jobs
from cbook.export.formats import CONTRACT_FORMATS
from cbook.export.models import ExportJob
from cbook.export.runner import get_runner
from cbook.policy import Action, can, require
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.unit_of_work import transaction

blueprint = Blueprint("api_exports", __name__, url_prefix="/api/v1",
                      description="Editions: exports of a book")


class ExportRequestSchema(Schema):
    """POST /books/{slug}/exports."""

    format = fields.String(required=True, validate=validate.OneOf(CONTRACT_FORMATS))
    audience = fields.String(allow_none=True, load_default=None,
                             validate=validate.Length(max=80))
    # Checked by jobs.clean_options (unknown keys are refused).
    options = fields.Dict(load_default=dict, metadata={"description": (
        "Edition options: title_page, cover, contents_depth (0-3), resources_appendix, "
        "principles_index, drafts, paper (a4|a5), blog_unit, blog_start, "
        "blog_interval_days, site_url; for a translation, untranslated: source|omit "
        "(sections not yet translated or behind their source: shown in the source "
        "language under a notice, or left out).")})


@blueprint.route("/books/<slug>/exports", methods=["POST"])
@blueprint.arguments(ExportRequestSchema)
@blueprint.response(202, ExportJobSchema)
def request_export(body: dict[str, Any], slug: str) -> ExportJob:
    """Queue an edition (coordinators and admins): 202 ``{id, status}``."""
    with transaction():
        job = jobs.request_export(db(), acting_user(), get_book(db(), slug), body["format"],
                                  body["audience"], body["options"])
    get_runner(current_app).wake()  # after the commit, so the runner finds the job
    return job


@blueprint.route("/books/<slug>/exports")
@blueprint.response(200, ExportJobSchema(many=True))
def list_exports(slug: str) -> list[ExportJob]:
    """The book's recent exports that this viewer may see, newest first."""
    viewer = acting_user()
    return [job for job in jobs.recent_jobs(db(), get_book(db(), slug))
            if can(viewer, Action.VIEW_EXPORT, job)]


@blueprint.route("/exports/<int:job_id>")
@blueprint.response(200, ExportJobSchema)
def export_status(job_id: int) -> ExportJob:
    """``{status: queued|running|done|failed, progress, download_url?, error?}``."""
    job = jobs.get_job(db(), job_id)
    require(acting_user(), Action.VIEW_EXPORT, job)
    return job
