"""Shared fixtures: a fresh, migrated database per test, on SQLite or PostgreSQL.

Set CBOOK_TEST_DATABASE_URL (e.g. postgresql+psycopg://user@127.0.0.1/cbook_test) to run
the whole suite against PostgreSQL; otherwise each test gets its own SQLite file.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from cbook.accounts import service as accounts
from cbook.app import create_app, make_sessions, shutdown
from cbook.app.caches import clear_process_caches
from cbook.books.models import Book
from cbook.config import Settings
from cbook.db import Base, make_engine
from cbook.demo.loader import load_demo
from cbook.migrate import upgrade
from cbook.web.closing import closing
from tests.review.helpers import Review
from tests.support import PASSWORD, SERVER_URL


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> None:
    # Argon2 at production cost takes ~50 ms a hash; tests hash hundreds of passwords.
    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def _server_database(worker: str) -> str:
    """A database of our own on the test server, one per xdist worker."""
    base = make_engine(SERVER_URL)
    name = f"cbook_test_{re.sub(r'[^a-z0-9]', '', worker)}"
    with base.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    base.dispose()
    return SERVER_URL.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> str:
    """A database migrated once per session: a SQLite file to copy, or a server database."""
    if SERVER_URL:
        url = _server_database(worker_id)
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        return url
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return str(path)


def _empty_server_tables(engine: Engine) -> None:
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(scope="session")
def demo_template(migrated_template: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A copy of the SQLite template with the demo loaded once per worker (see demo_session)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    shutil.copyfile(migrated_template, path)
    engine = make_engine(f"sqlite:///{path}")
    # Built inside whichever test first asks for it: documents that test parsed are cached
    # by id, and the demo's reuse those ids.
    clear_process_caches()
    with make_sessions(engine)() as session:
        load_demo(session, PASSWORD)
        session.commit()
    engine.dispose()  # the last connection closing folds the WAL into the file we copy
    return str(path)


@pytest.fixture
def database_url(migrated_template: str, tmp_path: Path,
                 request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, migrated database for one test: empty, or holding the demo for a test that
    asks for ``demo_session`` (on SQLite a copy of ``demo_template``: loading it costs more)."""
    if SERVER_URL:
        engine = make_engine(migrated_template)
        _empty_server_tables(engine)
        engine.dispose()
        yield migrated_template
        return
    template = migrated_template
    if "demo_session" in request.fixturenames:
        template = request.getfixturevalue("demo_template")
    path = tmp_path / "cbook.sqlite3"
    shutil.copyfile(template, path)
    yield f"sqlite:///{path}"


@pytest.fixture
def env(database_url: str, tmp_path: Path) -> dict[str, str]:
    """The environment of a `cbook` user whose instance uses the test database."""
    return {**os.environ, "CBOOK_INSTANCE": str(tmp_path / "instance"),
            "CBOOK_DATABASE_URL": database_url, "CBOOK_DEMO_PASSWORD": "demo password 1"}


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Settings for a test instance."""
    return Settings(instance=tmp_path / "instance", database_url=database_url,
                    secret_key="test-secret-key", login_rate_limit="5 per minute")


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    """The app, built by the same factory production uses."""
    # Parsed documents are cached per process by id; each test has a fresh database.
    clear_process_caches()
    application = create_app({"TESTING": True}, settings=settings)
    yield application
    shutdown(application)


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """A session on the test database for arranging and checking state."""
    factory = make_sessions(app.extensions["cbook.engine"])
    with factory() as db_session:
        yield db_session


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser-like test client (cookies kept between requests)."""
    return app.test_client()


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The real app served over HTTP on 127.0.0.1 and a free port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # Request threads are joined when the server closes, so none is still running (and
    # opening database connections) once the app's pool has been released.
    server.daemon_threads = False
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name="cbook-live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        closing(app).set()  # long-polls still waiting answer now
        server.shutdown()  # werkzeug closes the server (joining its requests) as it stops
        thread.join(timeout=5)
        assert not thread.is_alive(), "the live server thread did not stop"


@pytest.fixture
def review(client: FlaskClient, session: Session) -> Review:
    """A section in a trio's chapter, its author and an editor, driven over the API."""
    return Review(client, session)


@pytest.fixture
def demo_session(session: Session) -> Session:
    """The test session with the demo book, its people (the shared test password) and
    library loaded and committed, without the library's files."""
    if SERVER_URL:  # on SQLite, database_url copied it in already
        load_demo(session, PASSWORD)
        session.commit()
    return session


@pytest.fixture
def demo_book(demo_session: Session) -> Book:
    """The demo book (not one of its translations), loaded as ``demo_session`` loads it."""
    return demo_session.scalars(select(Book).where(Book.source_book_id.is_(None))).one()
