"""The shapes of the demo data, as TypedDicts so a seeder type-checks against it."""

from typing import Any, Literal, TypedDict

Status = Literal["draft", "in_review", "published"]
RoleName = Literal["admin", "coordinator", "editor", "author", "reader"]


class PrincipleData(TypedDict):
    """One principle: slug, short title, the principle sentence and a short description."""

    slug: str
    title: str
    statement: str
    description: str


class AudienceData(TypedDict):
    """One audience the book speaks to."""

    slug: str
    name: str
    description: str


class UserData(TypedDict):
    """One demo user account."""

    email: str
    name: str
    role: RoleName


class TrioData(TypedDict):
    """One trio: a lead plus two members, all identified by email."""

    slug: str
    name: str
    description: str
    lead: str
    members: list[str]


class SectionData(TypedDict):
    """One section: metadata plus its ProseMirror document."""

    slug: str
    title: str
    status: Status
    principles: list[str]
    audiences: list[str]
    doc: dict[str, Any]


class ChapterData(TypedDict):
    """One chapter, optionally owned by a trio (by slug)."""

    slug: str
    title: str
    summary: str
    trio: str | None
    sections: list[SectionData]


class BookData(TypedDict):
    """The whole demo book."""

    slug: str
    title: str
    subtitle: str
    language: str
    description: str
    chapters: list[ChapterData]


ResourceKindName = Literal[
    "reading", "report", "podcast", "video", "blog", "webinar", "tool", "framework",
    "guidance", "case_study",
]


class ResourceData(TypedDict):
    """One library resource; principles and audiences by slug, tags as free words.

    ``key`` names it within the demo: the book cites it as ``[title](resource:key)`` and
    its file, if any, is the handout with that key.
    """

    key: str
    kind: ResourceKindName
    title: str
    authors: str
    year: int | None
    url: str
    summary: str
    principles: list[str]
    audiences: list[str]
    tags: list[str]
