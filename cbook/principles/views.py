"""Principle pages for readers."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from cbook.books.models import Chapter, Section
from cbook.library.service import ResourceFilters, list_resources
from cbook.policy import Action, can
from cbook.principles import passages, presence, queries
from cbook.principles.models import section_principles
from cbook.web.auth import acting_user
from cbook.web.database import db

blueprint = Blueprint("principles", __name__)


@blueprint.route("/principles")
def index() -> str:
    """Every principle with its statement."""
    principles = queries.list_principles(db())
    return render_template("principles/index.html", principles=principles,
                           map=presence.principle_map(db(), principles))


@blueprint.route("/principles/<slug>")
def principle(slug: str) -> str:
    """A principle and, chapter by chapter, the passages and sections that live it."""
    viewer = acting_user()
    found = queries.get_principle(db(), slug)
    tagged = db().scalars(
        select(Section)
        .join(section_principles, section_principles.c.section_id == Section.id)
        .where(section_principles.c.principle_id == found.id)
        .options(joinedload(Section.chapter).joinedload(Chapter.book))
        .order_by(Section.chapter_id, Section.position, Section.id)
    ).all()
    sections = [s for s in tagged if can(viewer, Action.VIEW_SECTION, s)]
    found_passages = passages.passages_for(db(), "principle", found.slug)
    return render_template("principles/principle.html", principle=found,
                           groups=passages.group_by_chapter(found_passages, sections),
                           passage_count=len(found_passages),
                           resources=list_resources(db(), ResourceFilters(principle=found.slug)),
                           principles=queries.list_principles(db()))
