"""Writes for principles and audiences, and resolving tag slugs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.errors import Unprocessable
from cbook.languages import clean_language
from cbook.policy import Action, require
from cbook.principles.models import Audience, Principle
from cbook.slugs import choose_slug
from cbook.textrules import clean_title, find_unstorable

Tag = TypeVar("Tag", Principle, Audience)


def _clean_text(value: str, field: str) -> str:
    problem = find_unstorable(value)
    if problem:
        raise Unprocessable(f"{field}: {problem}")
    if len(value) > 20_000:
        raise Unprocessable(f"{field} is too long")
    return value.strip()


def _slug(session: Session, model: type[Tag], wanted: str | None, title: str,
          current: Tag | None = None) -> str:
    return choose_slug(session, model.slug, wanted=wanted, title=title,
                       fallback=model.__name__.lower(),
                       current=current.slug if current is not None else None)


def create_principle(
    session: Session, actor: User | None, *, title: str, statement: str,
    description: str = "", slug: str | None = None, language: str = "en",
) -> Principle:
    """Add a principle at the end of the list."""
    require(actor, Action.MANAGE_TAXONOMY)
    clean = clean_title(title, "title", 200)
    last = session.scalar(select(func.max(Principle.position))) or 0
    principle = Principle(
        slug=_slug(session, Principle, slug, clean),
        title=clean,
        statement=clean_title(statement, "statement", 2000),
        description=_clean_text(description, "description"),
        language=clean_language(language),
        position=last + 1,
    )
    session.add(principle)
    session.flush()
    return principle


def update_principle(
    session: Session, actor: User | None, principle: Principle, *, title: str | None = None,
    statement: str | None = None, description: str | None = None, slug: str | None = None,
    language: str | None = None,
) -> Principle:
    """Change a principle's wording or slug."""
    require(actor, Action.MANAGE_TAXONOMY)
    if title is not None:
        principle.title = clean_title(title, "title", 200)
    if statement is not None:
        principle.statement = clean_title(statement, "statement", 2000)
    if description is not None:
        principle.description = _clean_text(description, "description")
    if slug is not None:
        principle.slug = _slug(session, Principle, slug, principle.title, principle)
    if language is not None:
        principle.language = clean_language(language)
    session.flush()
    return principle


def create_audience(
    session: Session, actor: User | None, *, name: str, description: str = "",
    slug: str | None = None,
) -> Audience:
    """Add an audience the book can be tagged and published for."""
    require(actor, Action.MANAGE_TAXONOMY)
    clean = clean_title(name, "name", 200)
    audience = Audience(
        slug=_slug(session, Audience, slug, clean),
        name=clean,
        description=_clean_text(description, "description"),
    )
    session.add(audience)
    session.flush()
    return audience


def update_audience(
    session: Session, actor: User | None, audience: Audience, *, name: str | None = None,
    description: str | None = None, slug: str | None = None,
) -> Audience:
    """Rename or re-describe an audience."""
    require(actor, Action.MANAGE_TAXONOMY)
    if name is not None:
        audience.name = clean_title(name, "name", 200)
    if description is not None:
        audience.description = _clean_text(description, "description")
    if slug is not None:
        audience.slug = _slug(session, Audience, slug, audience.name, audience)
    session.flush()
    return audience


def delete_tag(session: Session, actor: User | None, tag: Principle | Audience) -> None:
    """Remove a principle or audience; section tags with it go too."""
    require(actor, Action.MANAGE_TAXONOMY)
    session.delete(tag)
    session.flush()


def resolve_slugs(session: Session, model: type[Tag], slugs: Iterable[str]) -> list[Tag]:
    """The records for tag slugs, all of which must exist."""
    wanted = list(dict.fromkeys(slugs))
    if not wanted:
        return []
    found = {tag.slug: tag for tag in session.scalars(select(model).where(model.slug.in_(wanted)))}
    missing = [slug for slug in wanted if slug not in found]
    if missing:
        kind = "principle" if model is Principle else "audience"
        raise Unprocessable(f"unknown {kind}: {', '.join(missing)}", missing)
    return [found[slug] for slug in wanted]
