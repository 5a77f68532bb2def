"""Principles and audiences over JSON: list, create, read, update, delete."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from cbook.api.schemas import (
    AudienceSchema,
    AudienceUpdateSchema,
    PrincipleSchema,
    PrincipleUpdateSchema,
)
from cbook.principles import queries, service
from cbook.principles.models import Audience, Principle
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.unit_of_work import transaction

blueprint = Blueprint("api_taxonomy", __name__, url_prefix="/api/v1",
                      description="Principles and audiences")


@blueprint.route("/principles")
@blueprint.response(200, PrincipleSchema(many=True))
def list_principles() -> list[Principle]:
    """The book's principles, in order."""
    return list(queries.list_principles(db()))


@blueprint.route("/principles", methods=["POST"])
@blueprint.arguments(PrincipleSchema)
@blueprint.response(201, PrincipleSchema)
@transaction()
def create_principle(body: dict[str, Any]) -> Principle:
    """Add a principle (coordinators and admins)."""
    principle = service.create_principle(db(), acting_user(), **body)
    return principle


@blueprint.route("/principles/<slug>")
@blueprint.response(200, PrincipleSchema)
def get_principle(slug: str) -> Principle:
    """One principle."""
    return queries.get_principle(db(), slug)


@blueprint.route("/principles/<slug>", methods=["PATCH", "PUT"])
@blueprint.arguments(PrincipleUpdateSchema)
@blueprint.response(200, PrincipleSchema)
@transaction()
def update_principle(body: dict[str, Any], slug: str) -> Principle:
    """Change a principle's wording or slug."""
    principle = service.update_principle(
        db(), acting_user(), queries.get_principle(db(), slug), **body
    )
    return principle


@blueprint.route("/principles/<slug>", methods=["DELETE"])
@blueprint.response(204)
@transaction()
def delete_principle(slug: str) -> None:
    """Remove a principle and its tags."""
    service.delete_tag(db(), acting_user(), queries.get_principle(db(), slug))


@blueprint.route("/audiences")
@blueprint.response(200, AudienceSchema(many=True))
def list_audiences() -> list[Audience]:
    """Every audience."""
    return list(queries.list_audiences(db()))


@blueprint.route("/audiences", methods=["POST"])
@blueprint.arguments(AudienceSchema)
@blueprint.response(201, AudienceSchema)
@transaction()
def create_audience(body: dict[str, Any]) -> Audience:
    """Add an audience (coordinators and admins)."""
    audience = service.create_audience(db(), acting_user(), **body)
    return audience


@blueprint.route("/audiences/<slug>")
@blueprint.response(200, AudienceSchema)
def get_audience(slug: str) -> Audience:
    """One audience."""
    return queries.get_audience(db(), slug)


@blueprint.route("/audiences/<slug>", methods=["PATCH", "PUT"])
@blueprint.arguments(AudienceUpdateSchema)
@blueprint.response(200, AudienceSchema)
@transaction()
def update_audience(body: dict[str, Any], slug: str) -> Audience:
    """Rename or re-describe an audience."""
    audience = service.update_audience(
        db(), acting_user(), queries.get_audience(db(), slug), **body
    )
    return audience


@blueprint.route("/audiences/<slug>", methods=["DELETE"])
@blueprint.response(204)
@transaction()
def delete_audience(slug: str) -> None:
    """Remove an audience and its tags."""
    service.delete_tag(db(), acting_user(), queries.get_audience(db(), slug))
