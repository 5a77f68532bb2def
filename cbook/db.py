"""The declarative base, the engine and the session factory.

One session per request (or CLI command): the edge opens it, commits it explicitly, and
closes it; services only ``flush()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, MetaData, create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import NullPool

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Attributes that record bookkeeping rather than content: a change to only these leaves
# what readers see, and what the search index holds, as it was.
BOOKKEEPING_ATTRIBUTES = frozenset({"updated_at", "created_at", "memberships", "added_by_id"})


def has_changes_beyond(obj: object, ignored: frozenset[str] = BOOKKEEPING_ATTRIBUTES) -> bool:
    """Whether a pending change to ``obj`` touches an attribute outside ``ignored``."""
    state = inspect(obj)
    return any(state.attrs[attribute.key].history.has_changes()
               for attribute in state.mapper.attrs if attribute.key not in ignored)


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base of every model; constraint names are deterministic so migrations stay stable."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        datetime: DateTime(timezone=True),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers go on while one writer commits; busy_timeout makes a writer wait
    # for the lock instead of failing at once; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


SQLITE_POOL_SIZE = 24


def make_engine(url: str) -> Engine:
    """Create the engine for a database URL, tuned for SQLite or PostgreSQL."""
    if url.startswith("sqlite"):
        options: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
        if ":memory:" in url:
            # Each pooled connection would get its own empty in-memory database.
            options["poolclass"] = NullPool
        else:
            # Keep a connection for every server thread (16 by default, plus background
            # threads): with SQLAlchemy's 5, the other threads opened, configured and
            # closed one per request, and signed-in pages ran at a third of the rate.
            options.update(pool_size=SQLITE_POOL_SIZE, max_overflow=SQLITE_POOL_SIZE)
        engine = create_engine(url, **options)
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    # As many as the server has threads (see SQLITE_POOL_SIZE), so none reconnects per request.
    return create_engine(url, pool_pre_ping=True, pool_size=16, max_overflow=16)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A bare session factory whose objects stay readable after commit (views render them).

    Bare: the features' session listeners (search outbox, content generation, the collab
    cache, library files) are added by the composition root, ``cbook.app.make_sessions``,
    which is what the app, the CLI, the tests and the benchmarks use.
    """
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session for one unit of work outside a request: commit on success, else roll back."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
