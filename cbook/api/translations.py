"""Translations over JSON: start one, list them with their counts, bring a translated
section up to date with its source."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from cbook.api.schemas import (
    BookSchema,
    CaughtUpResultSchema,
    CaughtUpSchema,
    TranslationCreateSchema,
    TranslationSchema,
)
from cbook.books import queries as books
from cbook.books.models import Book
from cbook.translating import queries, service, staleness
from cbook.translating.queries import TranslationSummary
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.unit_of_work import transaction

blueprint = Blueprint("api_translations", __name__, url_prefix="/api/v1",
                      description="Translations of a book, kept in step with it")


@blueprint.route("/books/<slug>/translations")
@blueprint.response(200, TranslationSchema(many=True))
def list_translations(slug: str) -> list[TranslationSummary]:
    """Every translation of the book: how many sections are translated, behind, missing."""
    return queries.translations(db(), books.get_book(db(), slug))


@blueprint.route("/books/<slug>/translations", methods=["POST"])
@blueprint.arguments(TranslationCreateSchema)
@blueprint.response(201, BookSchema)
@transaction()
def start_translation(body: dict[str, Any], slug: str) -> Book:
    """Start a translation of the book into a language (coordinators and admins): a book
    of its own, with the source's chapters and sections, each waiting to be translated."""
    return service.start_translation(db(), acting_user(), books.get_book(db(), slug),
                                     body["language"])


@blueprint.route("/sections/<int:section_id>/caught-up", methods=["POST"])
@blueprint.arguments(CaughtUpSchema)
@blueprint.response(200, CaughtUpResultSchema)
@transaction()
def bring_up_to_date(body: dict[str, Any], section_id: int) -> dict[str, Any]:
    """Mark source changes as brought into this translated section (all, or the blocks
    named); once every change is, the section matches the source's current version."""
    section = books.get_section(db(), acting_user(), section_id)
    service.bring_up_to_date(db(), acting_user(), section, body.get("blocks"))
    pending = staleness.catchup(db(), section)
    keys = [] if pending is None else [b.block_id or b.label for b in pending.pending] + (
        [staleness.TITLE_BLOCK] if pending.title_pending else [])
    return {"state": staleness.state_of(section, section.source_section).value,
            "source_version": section.source_version, "pending": keys}
