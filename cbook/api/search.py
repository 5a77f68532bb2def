"""Search over JSON: the same engine, syntax and visibility as the search page."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from cbook.api.schemas import SearchResultsSchema
from cbook.languages import TAG_MAX
from cbook.search.binding import get_search
from cbook.search.engine import MAX_PER_PAGE, SearchResults
from cbook.search.query import MAX_FILTER_CHARS
from cbook.web.auth import acting_user

blueprint = Blueprint("api_search", __name__, url_prefix="/api/v1",
                      description="Full-text search")
FILTER = fields.String(load_default="", validate=validate.Length(max=MAX_FILTER_CHARS))
FILTER_NAMES = ("principle", "kind", "audience", "type", "chapter")


class SearchQuerySchema(Schema):
    """GET /search?q=&principle=&kind=&audience=&type=&chapter=&lang=&page=&per_page=."""

    q = fields.String(load_default="")  # the engine gives too-long or empty queries a 400
    principle = FILTER
    kind = FILTER
    audience = FILTER
    type = FILTER
    chapter = FILTER
    lang = fields.String(load_default="", validate=validate.Length(max=TAG_MAX), metadata={
        "description": "a language tag ('ur', 'pl'...): that language's matches only, its "
                       "words read with its analyzer; when it has none, every language's, "
                       "with widened: true. Empty or 'all': every language."})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PER_PAGE))


@blueprint.route("/search")
@blueprint.arguments(SearchQuerySchema, location="query")
@blueprint.response(200, SearchResultsSchema)
def search(query: dict[str, Any]) -> SearchResults:
    """``{total, results: [{type, id, title, snippet, url, principles, score, language}],
    facets, suggestion, language, widened, page, per_page, corrected}``.

    Drafts and comments appear only for users who may read them.
    """
    filters = {name: query[name] for name in FILTER_NAMES}
    return get_search(current_app).query(
        query["q"], filters=filters, language=query["lang"], user=acting_user(),
        page=query["page"], per_page=query["per_page"])
