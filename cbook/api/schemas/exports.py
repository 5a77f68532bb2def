"""API schemas: editions: export jobs."""

from __future__ import annotations

from flask import url_for
from marshmallow import Schema, fields, missing

from cbook.api.schemas.moments import UtcDateTime
from cbook.export.models import JobStatus


class ExportJobSchema(Schema):
    """An export job: the contract's fields first; ``download_url`` once done, ``error``
    once failed (absent otherwise)."""

    id = fields.Integer()
    status = fields.String()
    progress = fields.Function(lambda job: round(job.progress, 3), metadata={"type": "number"})
    download_url = fields.Function(
        lambda job: url_for("exports.download", job_id=job.id)
        if job.status == JobStatus.DONE else missing, metadata={"type": "string"})
    error = fields.Function(lambda job: job.error if job.status == JobStatus.FAILED else missing,
                            metadata={"type": "string"})
    format = fields.String()
    audience = fields.String(allow_none=True)
    options = fields.Dict()
    step = fields.String()
    book = fields.Function(lambda job: job.book.slug, metadata={"type": "string"})
    size = fields.Integer()
    from_cache = fields.Boolean()
    created_at = UtcDateTime()
