"""API schemas: the resource library: resources, their files, citations and CSV import."""

from __future__ import annotations

from flask import url_for
from marshmallow import Schema, fields

from cbook.api.schemas.moments import UtcDateTime
from cbook.api.schemas.taxonomy import AudienceSchema, PrincipleSchema


class ResourceFileSchema(Schema):
    """A resource's attached file (``file`` is null when it has none)."""

    name = fields.String(attribute="file_name")
    type = fields.String(attribute="file_type")
    size = fields.Integer(attribute="file_size")
    url = fields.Function(
        lambda resource: url_for("library.download_file", resource_id=resource.id))


class ResourceSchema(Schema):
    """A library resource."""

    id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    url = fields.String()
    authors = fields.String()
    year = fields.Integer(allow_none=True)
    summary = fields.String()
    language = fields.String()
    principles = fields.Pluck(PrincipleSchema, "slug", many=True)
    audiences = fields.Pluck(AudienceSchema, "slug", many=True)
    tags = fields.Function(lambda resource: sorted(tag.tag for tag in resource.tags))
    file = fields.Function(
        lambda resource: ResourceFileSchema().dump(resource) if resource.file_stored_name
        else None, metadata={"type": "object", "nullable": True})
    added_by = fields.Function(
        lambda resource: resource.added_by.name if resource.added_by else None)
    created_at = UtcDateTime()


class CitingSectionSchema(Schema):
    """A published section citing a resource, linked to the citing paragraph."""

    section_id = fields.Integer()
    title = fields.String(attribute="section_title")
    chapter = fields.String(attribute="chapter_title")
    url = fields.Function(lambda cited: url_for(
        "books.section", section_id=cited.section_id,
        _anchor=f"b-{cited.block_id}" if cited.block_id else None))


class ResourceDetailSchema(ResourceSchema):
    """GET /resources/{id}: the resource and where the published book cites it."""

    cited_in = fields.List(fields.Nested(CitingSectionSchema))


class CsvImportSchema(Schema):
    """POST /resources/csv: how many resources the CSV added and updated."""

    added = fields.Integer()
    updated = fields.Integer()
