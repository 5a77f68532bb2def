"""Search as the rest of the app sees it: one index and one writer per app, queries
filtered to what the viewer may see.

Modes (``CBOOK_SEARCH_WRITER``):
- ``thread`` (the default): a daemon thread applies the outbox right after local commits
  and polls for commits made by other processes.
- ``on-search``: nothing runs in the background; the outbox is applied just before each
  search. The test suite uses it so that a thousand short-lived apps start no threads.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from sqlalchemy.orm import Session, sessionmaker

from cbook.accounts.models import User
from cbook.policy import STAFF, trio_ids
from cbook.roles import Role
from cbook.search import outbox
from cbook.search.documents import PUBLIC
from cbook.search.documents import STAFF as STAFF_TOKEN
from cbook.search.engine import SearchIndex, SearchResults
from cbook.search.sync import Writer

INDEX_LAYOUT = "v2"  # bump when the index schema changes: a new folder is built afresh
_EXTENSION = "cbook.search"


def index_folder(instance: Path) -> Path:
    """Where an instance keeps its search index."""
    return instance / "search" / INDEX_LAYOUT


def visibility_for(user: User | None) -> list[str]:
    """The visibility tokens of what ``user`` may find (see ``documents.draft_visibility``)."""
    tokens = [PUBLIC]
    if user is None or not user.active:
        return tokens
    if user.role in STAFF:
        tokens.append(STAFF_TOKEN)
    elif user.role == Role.AUTHOR:
        tokens.extend(f"trio:{trio}" for trio in sorted(trio_ids(user)))
    return tokens


@dataclass
class Search:
    """An app's (or a CLI command's) index, its writer, and how the writer runs."""

    index: SearchIndex
    writer: Writer
    mode: str

    def query(self, text: str, *, filters: Mapping[str, str] | None = None,
              user: User | None = None, page: int = 1, per_page: int = 20) -> SearchResults:
        """Run ``text`` in our syntax for ``user``; InvalidInput for unusable queries."""
        if self.mode == "on-search":
            self.writer.catch_up()
        return self.index.search(text, filters=filters, page=page, per_page=per_page,
                                 visible=visibility_for(user))

    def close(self) -> None:
        """Stop the writer and release the index."""
        self.writer.stop()


def open_search(factory: sessionmaker[Session], instance: Path, mode: str = "on-search"
                ) -> Search:
    """Open the index of ``instance`` with a writer fed from ``factory``'s database."""
    if mode not in {"thread", "on-search"}:
        raise ValueError(f"unknown search writer mode {mode!r}")
    folder = index_folder(instance)
    index = SearchIndex(folder)
    return Search(index=index, writer=Writer(factory, index, folder), mode=mode)


_open_lock = threading.Lock()


def _mode(app: Flask) -> str:
    default = "on-search" if app.config.get("TESTING") else "thread"
    return str(app.config.get("CBOOK_SEARCH_WRITER") or default)


def get_search(app: Flask) -> Search:
    """The app's search, opened on first use (starting the writer thread in thread mode)."""
    search: Search | None = app.extensions.get(_EXTENSION)
    if search is None:
        with _open_lock:
            search = app.extensions.get(_EXTENSION)
            if search is None:
                settings = app.config["CBOOK_SETTINGS"]
                search = open_search(app.extensions["cbook.sessions"], settings.instance,
                                     _mode(app))
                if search.mode == "thread":
                    search.writer.start()
                app.extensions[_EXTENSION] = search
    return search


def init_app(app: Flask) -> None:
    """Wake the writer after commits that changed indexed content; start it with the app."""
    factory: sessionmaker[Session] = app.extensions["cbook.sessions"]

    def wake() -> None:
        search: Search | None = app.extensions.get(_EXTENSION)
        if search is not None:
            search.writer.wake()

    outbox.on_commit(factory, wake)

    if _mode(app) == "thread":
        started = threading.Event()

        @app.before_request
        def _start_writer() -> None:
            # Threads do not survive a fork, so start in the serving process, not at import.
            if not started.is_set():
                started.set()
                get_search(app)
