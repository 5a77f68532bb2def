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
    language = fields.String(metadata={
        "description": "the language its title and snippet are written in (a BCP 47 tag)"})


class SearchResultsSchema(Schema):
    """GET /search: a page of results, facet counts over every match, and any correction.

    ``facets.language`` counts matches per language over every language, even when the
    search is kept to one.
    """

    total = fields.Integer()
    results = fields.List(fields.Nested(SearchHitSchema))
    facets = fields.Dict(keys=fields.String(),
                         values=fields.Dict(keys=fields.String(), values=fields.Integer()))
    suggestion = fields.String(allow_none=True)
    language = fields.String(allow_none=True, metadata={
        "description": "the one language searched (a primary subtag such as 'ur'), or null "
                       "when the results are from every language"})
    widened = fields.Boolean(metadata={
        "description": "true when the language asked for had no match, so the results are "
                       "from every language"})
    page = fields.Integer()
    per_page = fields.Integer()
    corrected = fields.Boolean()
