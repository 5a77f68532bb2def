"""Library reads: listings narrowed by filters, one resource, and where it is cited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from cbook.books.models import Chapter, Section
from cbook.errors import InvalidInput, NotFound
from cbook.library.models import KIND_LABELS, PublishedCitation, Resource, ResourceTag
from cbook.principles.models import Audience, Principle
from cbook.roles import SectionStatus

KEYWORDS_MAX_CHARS = 200
SORTS = {"title": (Resource.title, Resource.id), "newest": (Resource.id.desc(),),
         "year": (Resource.year.desc(), Resource.title)}


@dataclass(frozen=True)
class ResourceFilters:
    """What a library listing is narrowed to."""

    kind: str | None = None
    principle: str | None = None
    audience: str | None = None
    tag: str | None = None
    sort: str = "title"
    keywords: str | None = None  # every word must appear in the title, summary, authors or tags


@dataclass(frozen=True)
class CitingSection:
    """A published section citing a resource, and the first block that cites it."""

    section_id: int
    section_title: str
    chapter_title: str
    block_id: str


def _with_details(query: Select[Resource]) -> Select[Resource]:
    return query.options(selectinload(Resource.principles), selectinload(Resource.audiences),
                         selectinload(Resource.tags), joinedload(Resource.added_by))


def get_resource(session: Session, resource_id: int) -> Resource:
    """One resource, or NotFound."""
    resource = session.scalar(_with_details(select(Resource).where(Resource.id == resource_id)))
    if resource is None:
        raise NotFound("no such resource")
    return resource


def _keyword_conditions(text: str) -> list[ColumnElement[bool]]:
    """One condition per word: it appears in the title, summary, authors or a tag."""
    if len(text) > KEYWORDS_MAX_CHARS:
        raise InvalidInput(f"the keywords are longer than {KEYWORDS_MAX_CHARS} characters")
    conditions = []
    for word in dict.fromkeys(text.lower().split()):
        # Escaped so that "%" and "_" are searched for, not wildcards.
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conditions.append(or_(
            Resource.title.ilike(pattern, escape="\\"),
            Resource.summary.ilike(pattern, escape="\\"),
            Resource.authors.ilike(pattern, escape="\\"),
            Resource.tags.any(ResourceTag.tag.ilike(pattern, escape="\\")),
        ))
    return conditions


def list_resources(session: Session, filters: ResourceFilters) -> Sequence[Resource]:
    """The library, narrowed and sorted; InvalidInput for a filter that cannot be applied."""
    query = select(Resource)
    if filters.kind:
        if filters.kind not in KIND_LABELS:
            raise InvalidInput(f"kind must be one of: {', '.join(KIND_LABELS)}")
        query = query.where(Resource.kind == filters.kind)
    if filters.principle:
        query = query.where(Resource.principles.any(Principle.slug == filters.principle))
    if filters.audience:
        query = query.where(Resource.audiences.any(Audience.slug == filters.audience))
    if filters.tag:
        query = query.where(Resource.tags.any(ResourceTag.tag == filters.tag.strip().lower()))
    if filters.keywords:
        query = query.where(*_keyword_conditions(filters.keywords))
    if filters.sort not in SORTS:
        raise InvalidInput(f"sort must be one of: {', '.join(SORTS)}")
    return session.scalars(_with_details(query.order_by(*SORTS[filters.sort]))).all()


def cited_in(session: Session, resource_id: int) -> list[CitingSection]:
    """The published sections citing a resource, in book order, each once."""
    rows = session.execute(
        select(Section.id, Section.title, Chapter.title, PublishedCitation.block_id)
        .join(PublishedCitation, PublishedCitation.section_id == Section.id)
        .join(Chapter, Chapter.id == Section.chapter_id)
        .where(PublishedCitation.resource_id == resource_id,
               Section.status == SectionStatus.PUBLISHED)
        .order_by(Chapter.book_id, Chapter.position, Chapter.id, Section.position,
                  Section.id, PublishedCitation.position)
    ).all()
    found: dict[int, CitingSection] = {}
    for section_id, section_title, chapter_title, block_id in rows:
        found.setdefault(section_id, CitingSection(section_id, section_title, chapter_title,
                                                   block_id))
    return list(found.values())
