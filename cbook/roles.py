"""The roles a user can hold, from least to most trusted."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A user's role; anonymous visitors have none."""

    READER = "reader"
    AUTHOR = "author"
    EDITOR = "editor"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


class SectionStatus(StrEnum):
    """Where a section is in its life: only published sections reach readers."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
