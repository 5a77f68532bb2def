"""GET /api/v1/schema: the ProseMirror schema spec both editors build from."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from cbook.editor.schema import schema_spec

blueprint = Blueprint("api_meta", __name__, url_prefix="/api/v1",
                      description="The document schema")


@blueprint.route("/schema")
@blueprint.response(200)
def get_schema() -> dict[str, Any]:
    """The ProseMirror schema spec: nodes and marks in the order ProseMirror needs."""
    return schema_spec()
