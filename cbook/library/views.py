"""The library for readers: browse with filters, and a page per resource."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from cbook.errors import DomainError
from cbook.library import service
from cbook.library.models import ResourceKind
from cbook.principles.queries import list_audiences, list_principles
from cbook.web.database import db

blueprint = Blueprint("library", __name__)
KIND_LABELS = {kind.value: kind.value.replace("_", " ").capitalize() for kind in ResourceKind}


@blueprint.route("/library")
def index() -> str:
    """Every resource, narrowed by kind, principle, audience or tag."""
    filters = service.ResourceFilters(
        kind=request.args.get("kind") or None, principle=request.args.get("principle") or None,
        audience=request.args.get("audience") or None, tag=request.args.get("tag") or None,
        sort=request.args.get("sort") or "title")
    try:
        resources = service.list_resources(db(), filters)
    except DomainError as error:
        abort(400, error.message)
    return render_template(
        "library/index.html", resources=resources, filters=filters, kinds=KIND_LABELS,
        principles=list_principles(db()), audiences=list_audiences(db()),
        sorts={"title": "Title", "newest": "Newest first", "year": "Year"},
    )


@blueprint.route("/library/<int:resource_id>")
def resource(resource_id: int) -> str:
    """One resource with what it is about."""
    return render_template("library/resource.html", resource=service.get_resource(db(),
                                                                                  resource_id),
                           kinds=KIND_LABELS)
