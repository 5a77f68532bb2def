"""The /api/v1 JSON API: thin views over the services, documented by flask-smorest.

The composition root (``cbook.app.blueprints``) binds :data:`api` to the app and registers
each module's blueprint.
"""

from __future__ import annotations

from typing import Any

from flask_smorest import Api

from cbook.api.schemas import ErrorSchema


class CultureBookApi(Api):  # type: ignore[misc]
    """flask-smorest's Api, documenting the error body this app really sends."""

    ERROR_SCHEMA = ErrorSchema


api = CultureBookApi()


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
