"""API schemas: translations of a book and bringing translated sections up to date."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from cbook.api.schemas.common import PageUrl


class TranslationCreateSchema(Schema):
    """POST /books/{slug}/translations."""

    language = fields.String(required=True, validate=validate.Length(min=1, max=35))


class TranslationSchema(Schema):
    """GET /books/{slug}/translations: one translation and how far it has come."""

    slug = fields.String()
    language = fields.String()
    translated = fields.Integer()
    behind = fields.Integer()
    missing = fields.Integer()
    url = PageUrl("translating.progress", "slug", "slug")


class CaughtUpSchema(Schema):
    """POST /sections/{id}/caught-up: the source's changed blocks now translated
    (leave ``blocks`` out for all of them; ``"title"`` names a changed title)."""

    blocks = fields.List(fields.String(validate=validate.Length(min=1, max=100)),
                         validate=validate.Length(max=10_000), allow_none=True)


class CaughtUpResultSchema(Schema):
    """The section's state afterwards, and the changes still to bring over."""

    state = fields.String(validate=validate.OneOf(["translated", "behind", "missing"]))
    source_version = fields.Integer(allow_none=True)
    pending = fields.List(fields.String())
