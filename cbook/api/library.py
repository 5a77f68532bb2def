"""The resource library over JSON: list with filters, create, read, update, delete."""

from __future__ import annotations

from typing import IO, Any

from flask import request, url_for
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from werkzeug.http import parse_options_header
from werkzeug.wrappers import Response

from cbook.errors import InvalidInput, Unprocessable
from cbook.library import citations, csv_io, service
from cbook.library.models import Resource, ResourceKind
from cbook.library.views import csv_response, file_store, max_upload_bytes
from cbook.policy import Action, require
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.uploads import accepts_upload

blueprint = Blueprint("api_library", __name__, url_prefix="/api/v1",
                      description="The resource library")
SLUGS = fields.List(fields.String(validate=validate.Length(max=80)),
                    validate=validate.Length(max=50))
KINDS = validate.OneOf([kind.value for kind in ResourceKind])


class ResourceUpdateSchema(Schema):
    """PATCH/PUT /resources/{id}: any of the fields."""

    title = fields.String(validate=validate.Length(min=1, max=300))
    kind = fields.String(validate=KINDS)
    url = fields.String(validate=validate.Length(max=2000))
    authors = fields.String(validate=validate.Length(max=500))
    year = fields.Integer(strict=True, allow_none=True)
    summary = fields.String(validate=validate.Length(max=20_000))
    principles = SLUGS
    audiences = SLUGS
    tags = fields.List(fields.String(validate=validate.Length(max=60)),
                       validate=validate.Length(max=20))


class ResourceCreateSchema(ResourceUpdateSchema):
    """POST /resources."""

    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    kind = fields.String(required=True, validate=KINDS)


class ResourceQuerySchema(Schema):
    """GET /resources?kind=&principle=&audience=&tag=&sort=."""

    kind = fields.String(validate=KINDS)
    principle = fields.String(validate=validate.Length(max=80))
    audience = fields.String(validate=validate.Length(max=80))
    tag = fields.String(validate=validate.Length(max=60))
    sort = fields.String(load_default="title", validate=validate.OneOf(list(service.SORTS)))


def file_json(resource: Resource) -> dict[str, Any] | None:
    """A resource's attached file as the API shows it, or None."""
    if not resource.file_stored_name:
        return None
    return {"name": resource.file_name, "type": resource.file_type, "size": resource.file_size,
            "url": url_for("library.download_file", resource_id=resource.id)}


def resource_json(resource: Resource) -> dict[str, Any]:
    """A resource as the API shows it."""
    return {
        "id": resource.id, "kind": resource.kind, "title": resource.title, "url": resource.url,
        "authors": resource.authors, "year": resource.year, "summary": resource.summary,
        "principles": [p.slug for p in resource.principles],
        "audiences": [a.slug for a in resource.audiences],
        "tags": sorted(t.tag for t in resource.tags),
        "file": file_json(resource),
        "added_by": resource.added_by.name if resource.added_by else None,
        "created_at": resource.created_at.isoformat(),
    }


@blueprint.route("/resources")
@blueprint.arguments(ResourceQuerySchema, location="query")
@blueprint.response(200)
def list_resources(query: dict[str, Any]) -> list[dict[str, Any]]:
    """The library, narrowed by kind, principle, audience or tag."""
    found = service.list_resources(db(), service.ResourceFilters(**query))
    return [resource_json(resource) for resource in found]


@blueprint.route("/resources", methods=["POST"])
@blueprint.arguments(ResourceCreateSchema)
@blueprint.response(201)
def create_resource(body: dict[str, Any]) -> dict[str, Any]:
    """Add a resource (authors, editors and above)."""
    resource = service.add_resource(db(), acting_user(), **body)
    db().commit()
    return resource_json(service.get_resource(db(), resource.id))


@blueprint.route("/resources/csv")
def export_resources() -> Response:
    """The whole library as CSV (the columns `import` takes)."""
    return csv_response(service.list_resources(db(), service.ResourceFilters()))


@blueprint.route("/resources/csv", methods=["POST"])
@blueprint.response(200)
def import_resources() -> dict[str, Any]:
    """Add or update resources from a CSV body (or JSON `{"csv": text}`); all rows or none."""
    if request.is_json:
        body = request.get_json(silent=True)
        text = body.get("csv") if isinstance(body, dict) else None
        if not isinstance(text, str):
            raise InvalidInput('send the CSV as the body (text/csv) or as {"csv": "..."}')
    else:
        text = request.get_data(as_text=True)
    report = csv_io.import_csv(db(), acting_user(), text)
    if report.errors:
        db().rollback()
        raise Unprocessable("the CSV has problems, so nothing was stored",
                            extra={"errors": report.errors})
    db().commit()
    return {"added": report.added, "updated": report.updated}


@blueprint.route("/resources/<int:resource_id>")
@blueprint.response(200)
def get_resource(resource_id: int) -> dict[str, Any]:
    """One resource, with the published sections that cite it (`cited_in`)."""
    resource = service.get_resource(db(), resource_id)
    return {**resource_json(resource), "cited_in": [
        {"section_id": cited.section_id, "title": cited.section_title,
         "chapter": cited.chapter_title,
         "url": url_for("books.section", section_id=cited.section_id,
                        _anchor=f"b-{cited.block_id}" if cited.block_id else None)}
        for cited in citations.cited_in(db(), resource.id)]}


@blueprint.route("/resources/<int:resource_id>", methods=["PATCH", "PUT"])
@blueprint.arguments(ResourceUpdateSchema)
@blueprint.response(200)
def update_resource(body: dict[str, Any], resource_id: int) -> dict[str, Any]:
    """Change a resource; fields left out are kept."""
    resource = service.update_resource(db(), acting_user(),
                                       service.get_resource(db(), resource_id), **body)
    db().commit()
    return resource_json(resource)


@blueprint.route("/resources/<int:resource_id>", methods=["DELETE"])
@blueprint.response(204)
def delete_resource(resource_id: int) -> None:
    """Remove a resource (editors and above, or whoever added it)."""
    service.delete_resource(db(), acting_user(), service.get_resource(db(), resource_id),
                            file_store())
    db().commit()


def _upload() -> tuple[IO[bytes], str]:
    """The uploaded file and its name: multipart field `file`, or the raw body."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise InvalidInput("send the file in the multipart field 'file', with a file name")
        return upload.stream, upload.filename
    _disposition, options = parse_options_header(request.headers.get("Content-Disposition"))
    name = options.get("filename", "")
    if not name or request.is_json:
        raise InvalidInput("send the file as multipart field 'file', or as the raw body with "
                           "a Content-Disposition header naming it (filename=...)")
    return request.stream, name


FILE_BODY = {"content": {
    "multipart/form-data": {"schema": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"}}}},
    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
}}


@blueprint.route("/resources/<int:resource_id>/file", methods=["PUT"])
@blueprint.doc(requestBody=FILE_BODY)
@blueprint.response(200)
@accepts_upload
def put_file(resource_id: int) -> dict[str, Any]:
    """Attach a PDF, DOCX or ODT file, replacing any; its type is checked from its content.

    Send multipart field `file`, or the raw body with `Content-Disposition: attachment;
    filename="..."`. Too large: 413; not a PDF/DOCX/ODT, damaged, empty or a zip bomb: 422.
    """
    resource = service.get_resource(db(), resource_id)
    # Before reading a byte of the body, so a refused user's upload is never stored.
    require(acting_user(), Action.EDIT_LIBRARY)
    stream, name = _upload()
    service.attach_file(db(), acting_user(), resource, file_store(), stream, name,
                        max_upload_bytes())
    db().commit()
    return resource_json(resource)


@blueprint.route("/resources/<int:resource_id>/file", methods=["DELETE"])
@blueprint.response(204)
def delete_file(resource_id: int) -> None:
    """Detach a resource's file; its bytes are deleted once that is committed."""
    service.remove_file(db(), acting_user(), service.get_resource(db(), resource_id),
                        file_store())
    db().commit()
