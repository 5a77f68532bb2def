"""The session factory every entry point uses, with each feature's listeners attached.

The listeners keep derived state in step with commits: the content generation (page
cache), the search outbox, the collab authority's cache of parsed documents, and stored
library files (deleted only once the row's deletion is committed).
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from cbook.app.editor_wiring import wire_editor
from cbook.books.models import Book, Chapter, Section, Trio
from cbook.content_state import track_content_changes
from cbook.db import make_session_factory
from cbook.editor.authority import track_commits
from cbook.library.files import track_file_changes
from cbook.library.models import Resource, ResourceTag
from cbook.principles.models import Audience, Principle
from cbook.search.outbox import track_search_changes

# What readers can see: a change to any of these makes every cached page stale.
READER_VISIBLE: tuple[type, ...] = (
    Book, Chapter, Section, Trio, Principle, Audience, Resource, ResourceTag,
)


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    """A session factory for ``engine`` with every feature's session listeners.

    Also supplies the editor's lookups (principles, audiences, resources) for this process:
    whatever can make sessions can then validate steps.
    """
    wire_editor()
    factory = make_session_factory(engine)
    track_content_changes(factory, READER_VISIBLE)
    track_commits(factory)
    track_file_changes(factory)
    track_search_changes(factory)
    return factory
