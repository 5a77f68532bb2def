"""Principle pages for readers."""

from __future__ import annotations

from flask import Blueprint, render_template

from cbook.library.queries import ResourceFilters, list_resources
from cbook.policy import Action, can
from cbook.principles import queries
from cbook.web.auth import acting_user
from cbook.web.database import db

blueprint = Blueprint("principles", __name__)


@blueprint.route("/principles")
def index() -> str:
    """Every principle with its statement."""
    principles = queries.list_principles(db())
    return render_template("principles/index.html", principles=principles,
                           map=queries.principle_map(db(), principles))


@blueprint.route("/principles/<slug>")
def principle(slug: str) -> str:
    """A principle and, chapter by chapter, the passages and sections that live it."""
    viewer = acting_user()
    found = queries.get_principle(db(), slug)
    sections = [s for s in queries.sections_tagged(db(), found)
                if can(viewer, Action.VIEW_SECTION, s)]
    found_passages = queries.passages_for(db(), "principle", found.slug)
    return render_template("principles/principle.html", principle=found,
                           groups=queries.group_by_chapter(found_passages, sections),
                           passage_count=len(found_passages),
                           resources=list_resources(db(), ResourceFilters(principle=found.slug)),
                           principles=queries.list_principles(db()))
