"""API schemas: principles and audiences."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from cbook.api.schemas.common import SLUG


class PrincipleSchema(Schema):
    """A principle."""

    id = fields.Integer(dump_only=True)
    slug = fields.String(validate=[validate.Length(max=80), SLUG])
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    statement = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    description = fields.String(load_default="", validate=validate.Length(max=20_000))
    language = fields.String(load_default="en", validate=validate.Length(min=1, max=20))
    position = fields.Integer(dump_only=True)


class PrincipleUpdateSchema(Schema):
    """PATCH /principles/{slug}."""

    slug = fields.String(validate=[validate.Length(max=80), SLUG])
    title = fields.String(validate=validate.Length(min=1, max=200))
    statement = fields.String(validate=validate.Length(min=1, max=2000))
    description = fields.String(validate=validate.Length(max=20_000))
    language = fields.String(validate=validate.Length(min=1, max=20))


class AudienceSchema(Schema):
    """An audience."""

    id = fields.Integer(dump_only=True)
    slug = fields.String(validate=[validate.Length(max=80), SLUG])
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=20_000))


class AudienceUpdateSchema(Schema):
    """PATCH /audiences/{slug}."""

    slug = fields.String(validate=[validate.Length(max=80), SLUG])
    name = fields.String(validate=validate.Length(min=1, max=200))
    description = fields.String(validate=validate.Length(max=20_000))
