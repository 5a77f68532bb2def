"""API schemas shared by every part: the error body, validators, slug and page fields, people."""

from __future__ import annotations

from typing import Any

from flask import url_for
from marshmallow import INCLUDE, Schema, fields, missing, validate

TITLE = validate.Length(min=1, max=300)
SLUG = validate.Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", error="lowercase letters, digits, hyphens")


class ErrorSchema(Schema):
    """Every error body; some add fields (a 409's `version`, a CSV import's `errors`)."""

    class Meta:
        unknown = INCLUDE

    error = fields.String(required=True)
    detail = fields.Raw()

class SlugOf(fields.String):
    """A related record shown by its slug (a chapter's trio, a section's book), or null."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else str(value.slug)


class PageUrl(fields.String):
    """The address of an object's page on the site, made from one of its attributes
    (``source``, passed to the endpoint as ``argument``)."""

    def __init__(self, endpoint: str, argument: str, source: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.endpoint, self.argument, self.source = endpoint, argument, source

    def get_value(self, obj: Any, attr: str, accessor: Any = None,
                  default: Any = missing) -> Any:
        """The source attribute, read as the schema reads any other."""
        return super().get_value(obj, self.source, accessor=accessor, default=default)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str:
        return url_for(self.endpoint, **{self.argument: value})

class PersonSchema(Schema):
    """Who did something (null once their account is gone); built by ``person_json``."""

    id = fields.Integer()
    name = fields.String()
    pronouns = fields.String(allow_none=True, metadata={
        "description": "as they wrote them (e.g. she/her), or null"})
    trio = fields.Method("_first_trio", allow_none=True, metadata={
        "description": "the name of the (first) trio they write with, or null"})

    def _first_trio(self, person: Any) -> str | None:
        trios = getattr(person, "trio_names", None)
        if trios is None and isinstance(person, dict):
            return person.get("trio")
        return trios[0] if trios else None
