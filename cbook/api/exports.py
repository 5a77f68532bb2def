"""Editions over JSON: queue an export, follow its progress, find its file."""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from cbook.books.queries import get_book
from cbook.export import jobs
from cbook.export.formats import CONTRACT_FORMATS
from cbook.export.models import ExportJob, JobStatus
from cbook.export.runner import get_runner
from cbook.policy import Action, can, require
from cbook.web.auth import acting_user
from cbook.web.database import db

blueprint = Blueprint("api_exports", __name__, url_prefix="/api/v1",
                      description="Editions: exports of a book")


class ExportRequestSchema(Schema):
    """POST /books/{slug}/exports."""

    format = fields.String(required=True, validate=validate.OneOf(CONTRACT_FORMATS))
    audience = fields.String(allow_none=True, load_default=None,
                             validate=validate.Length(max=80))
    options = fields.Dict(load_default=dict)  # checked by jobs.clean_options


def _json(job: ExportJob) -> dict[str, Any]:
    url = None
    if job.status == JobStatus.DONE:
        url = url_for("exports.download", job_id=job.id, _external=False)
    return jobs.job_json(job, url)


@blueprint.route("/books/<slug>/exports", methods=["POST"])
@blueprint.arguments(ExportRequestSchema)
@blueprint.response(202)
def request_export(body: dict[str, Any], slug: str) -> dict[str, Any]:
    """Queue an edition (coordinators and admins): 202 ``{id, status}``."""
    job = jobs.request_export(db(), acting_user(), get_book(db(), slug), body["format"],
                              body["audience"], body["options"])
    db().commit()
    get_runner(current_app).wake()
    return _json(job)


@blueprint.route("/books/<slug>/exports")
@blueprint.response(200)
def list_exports(slug: str) -> list[dict[str, Any]]:
    """The book's recent exports that this viewer may see, newest first."""
    viewer = acting_user()
    return [_json(job) for job in jobs.recent_jobs(db(), get_book(db(), slug))
            if can(viewer, Action.VIEW_EXPORT, job)]


@blueprint.route("/exports/<int:job_id>")
@blueprint.response(200)
def export_status(job_id: int) -> dict[str, Any]:
    """``{status: queued|running|done|failed, progress, download_url?, error?}``."""
    job = jobs.get_job(db(), job_id)
    require(acting_user(), Action.VIEW_EXPORT, job)
    return _json(job)
