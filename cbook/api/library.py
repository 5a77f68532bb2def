"""The resource library over JSON: list with filters, create, read, update, delete."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from werkzeug.http import parse_options_header
from werkzeug.wrappers import Response

from cbook.api.schemas import CsvImportSchema, ResourceDetailSchema, ResourceSchema
from cbook.errors import InvalidInput
from cbook.library import csv_io, queries, service
from cbook.library.models import Resource, ResourceKind
from cbook.library.queries import CitingSection
from cbook.library.web_helpers import csv_response, file_store, max_upload_bytes
from cbook.policy import Action, require
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.unit_of_work import transaction
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
    language = fields.String(validate=validate.Length(min=1, max=20),
                             metadata={"description": "what it is written in, e.g. en, ur"})
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
    sort = fields.String(load_default="title", validate=validate.OneOf(list(queries.SORTS)))


@dataclass(frozen=True)
class CitedResource:
    """A resource with the published sections citing it, as ResourceDetailSchema dumps it."""

    resource: Resource
    cited_in: list[CitingSection]

    def __getattr__(self, name: str) -> Any:
        # Everything but ``cited_in`` is the resource's own.
        return getattr(self.resource, name)


@blueprint.route("/resources")
@blueprint.arguments(ResourceQuerySchema, location="query")
@blueprint.response(200, ResourceSchema(many=True))
def list_resources(query: dict[str, Any]) -> Sequence[Resource]:
    """The library, narrowed by kind, principle, audience or tag."""
    return queries.list_resources(db(), queries.ResourceFilters(**query))


@blueprint.route("/resources", methods=["POST"])
@blueprint.arguments(ResourceCreateSchema)
@blueprint.response(201, ResourceSchema)
@transaction()
def create_resource(body: dict[str, Any]) -> Resource:
    """Add a resource (authors, editors and above)."""
    return service.add_resource(db(), acting_user(), **body)


@blueprint.route("/resources/csv")
@blueprint.doc(responses={"200": {"description": "The library as CSV", "content": {
    "text/csv": {"schema": {"type": "string"}}}}})
def export_resources() -> Response:
    """The whole library as CSV (the columns `import` takes)."""
    return csv_response(queries.list_resources(db(), queries.ResourceFilters()))


@blueprint.route("/resources/csv", methods=["POST"])
@blueprint.response(200, CsvImportSchema)
@transaction()
def import_resources() -> csv_io.ImportReport:
    """Add or update resources from a CSV body (or JSON `{"csv": text}`); all rows or none.

    Any wrong row: 422 with every problem in `errors`, and nothing stored.
    """
    if request.is_json:
        body = request.get_json(silent=True)
        text = body.get("csv") if isinstance(body, dict) else None
        if not isinstance(text, str):
            raise InvalidInput('send the CSV as the body (text/csv) or as {"csv": "..."}')
    else:
        text = request.get_data(as_text=True)
    return csv_io.import_csv(db(), acting_user(), text)


@blueprint.route("/resources/<int:resource_id>")
@blueprint.response(200, ResourceDetailSchema)
def get_resource(resource_id: int) -> CitedResource:
    """One resource, with the published sections that cite it (`cited_in`)."""
    resource = queries.get_resource(db(), resource_id)
    return CitedResource(resource, queries.cited_in(db(), resource.id))


@blueprint.route("/resources/<int:resource_id>", methods=["PATCH", "PUT"])
@blueprint.arguments(ResourceUpdateSchema)
@blueprint.response(200, ResourceSchema)
@transaction()
def update_resource(body: dict[str, Any], resource_id: int) -> Resource:
    """Change a resource; fields left out are kept."""
    return service.update_resource(db(), acting_user(),
                                   queries.get_resource(db(), resource_id), **body)


@blueprint.route("/resources/<int:resource_id>", methods=["DELETE"])
@blueprint.response(204)
@transaction()
def delete_resource(resource_id: int) -> None:
    """Remove a resource (editors and above, or whoever added it)."""
    service.delete_resource(db(), acting_user(), queries.get_resource(db(), resource_id),
                            file_store())


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
@blueprint.response(200, ResourceSchema)
@accepts_upload
@transaction()
def put_file(resource_id: int) -> Resource:
    """Attach a PDF, DOCX or ODT file, replacing any; its type is checked from its content.

    Send multipart field `file`, or the raw body with `Content-Disposition: attachment;
    filename="..."`. Too large: 413; not a PDF/DOCX/ODT, damaged, empty or a zip bomb: 422.
    """
    resource = queries.get_resource(db(), resource_id)
    # Before reading a byte of the body, so a refused user's upload is never stored.
    require(acting_user(), Action.EDIT_LIBRARY)
    stream, name = _upload()
    return service.attach_file(db(), acting_user(), resource, file_store(), stream, name,
                               max_upload_bytes())


@blueprint.route("/resources/<int:resource_id>/file", methods=["DELETE"])
@blueprint.response(204)
@transaction()
def delete_file(resource_id: int) -> None:
    """Detach a resource's file; its bytes are deleted once that is committed."""
    service.remove_file(db(), acting_user(), queries.get_resource(db(), resource_id),
                        file_store())
