"""One SQLAlchemy session per request, opened lazily and always closed."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session, sessionmaker


def db() -> Session:
    """This request's session (views commit it explicitly)."""
    session: Session | None = g.get("db_session")
    if session is None:
        factory: sessionmaker[Session] = current_app.extensions["cbook.sessions"]
        session = factory()
        g.db_session = session
    return session


def _close_session(_error: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        # Whatever a view did not commit is rolled back here, never half-written.
        session.close()


def init_app(app: Flask, factory: sessionmaker[Session]) -> None:
    """Register the session factory and the end-of-request cleanup."""
    app.extensions["cbook.sessions"] = factory
    app.teardown_appcontext(_close_session)
