"""The search bound to a Flask app: the one module of ``cbook.search`` that knows Flask.

Each app gets one :class:`~cbook.search.searcher.Search`, opened on first use, and its
writer runs in one of two modes (``CBOOK_SEARCH_WRITER``):
- ``thread`` (the default): a daemon thread applies the outbox right after local commits
  and polls for commits made by other processes.
- ``on-search``: nothing runs in the background; the outbox is applied just before each
  search. The test suite uses it so that a thousand short-lived apps start no threads.
"""

from __future__ import annotations

import threading

from flask import Flask
from sqlalchemy.orm import Session, sessionmaker

from cbook.search import outbox
from cbook.search.searcher import Search, open_search

_EXTENSION = "cbook.search"
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


def close_search(app: Flask) -> None:
    """Stop the app's search writer, if it was opened (the composition root's shutdown)."""
    search: Search | None = app.extensions.pop(_EXTENSION, None)
    if search is not None:
        search.close()


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
