"""Imports every model so the metadata (and Alembic) sees all tables."""

from cbook.accounts.models import ApiToken, LoginSession, User
from cbook.books.models import Book, Chapter, Section, Trio, TrioMembership
from cbook.content_state import ContentState
from cbook.db import Base
from cbook.principles.models import Audience, Principle

__all__ = [
    "ApiToken", "Audience", "Base", "Book", "Chapter", "ContentState", "LoginSession", "Principle",
    "Section", "Trio", "TrioMembership", "User",
]
