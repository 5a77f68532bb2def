"""API schemas: search results."""

from __future__ import annotations

from marshmallow import Schema, fields


class SearchHitSchema(Schema):
    """One search result."""

    type = fields.String()
    id = fields.String()
    title = fields.String()
    snippet = fields.String(metadata={"description": "safe HTML: matches in <mark>"})
    url = fields.String()
    principles = fields.List(fields.String())
    score = fields.Function(lambda hit: round(hit.score, 4), metadata={"type": "number"})


class SearchResultsSchema(Schema):
    """GET /search: a page of results, facet counts over every match, and any correction."""

    total = fields.Integer()
    results = fields.List(fields.Nested(SearchHitSchema))
    facets = fields.Dict(keys=fields.String(),
                         values=fields.Dict(keys=fields.String(), values=fields.Integer()))
    suggestion = fields.String(allow_none=True)
    page = fields.Integer()
    per_page = fields.Integer()
    corrected = fields.Boolean()
