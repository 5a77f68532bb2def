"""The /api/v1 JSON API: thin views over the services, documented by flask-smorest."""

from __future__ import annotations

from typing import Any

from flask import Flask


def openapi_config() -> dict[str, Any]:
    """Config keys flask-smorest reads to publish /api/v1/openapi.json."""
    return {
        "API_TITLE": "Culture Book API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "API_SPEC_OPTIONS": {
            "components": {
                "securitySchemes": {
                    "bearerAuth": {"type": "http", "scheme": "bearer"},
                    "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "cbook_session"},
                }
            },
            "security": [{"bearerAuth": []}, {"cookieAuth": []}],
        },
    }


def init_app(app: Flask) -> None:
    """Bind the Api and register every API blueprint."""
    # Imported here: cbook.extensions imports this package's schemas, so a module-level
    # import of it would be circular.
    from cbook.api import (
        books,
        collab,
        comments,
        exports,
        library,
        meta,
        proposals,
        search,
        taxonomy,
    )
    from cbook.extensions import api

    api.init_app(app)
    for blueprint in (meta.blueprint, books.blueprint, taxonomy.blueprint, collab.blueprint,
                      proposals.blueprint, comments.blueprint, library.blueprint,
                      search.blueprint, exports.blueprint):
        api.register_blueprint(blueprint)
