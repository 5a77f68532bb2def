"""Helpers tests share: making users, signing in, tokens, counting queries."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from cbook.accounts import service as accounts
from cbook.accounts.models import User
from cbook.roles import Role

PASSWORD = "correct horse battery"
# A PostgreSQL server to run the suite on (tests/conftest.py); empty: SQLite files.
SERVER_URL = os.environ.get("CBOOK_TEST_DATABASE_URL", "")


def make_user(session: Session, role: Role | str, email: str | None = None, **extra: Any) -> User:
    """Create and commit a user with the shared test password."""
    role = Role(role)
    user = accounts.create_user(session, email or f"{role.value}@test.example", role,
                                password=PASSWORD, **extra)
    session.commit()
    return user


def csrf_token(client: FlaskClient) -> str:
    """The CSRF token of the client's session, read from a page like a browser would."""
    page = client.get("/login").get_data(as_text=True)
    match = re.search(r'name="csrf-token" content="([^"]+)"', page) or re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert match, "the login page carries the CSRF token (meta tag or form field)"
    return match.group(1)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real login form."""
    token = csrf_token(client)
    response = client.post("/login", data={"email": email, "password": password,
                                           "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def api_token(session: Session, user: User) -> dict[str, str]:
    """Headers with a fresh bearer token for a user."""
    secret = accounts.create_api_token(session, user, "test")
    session.commit()
    return {"Authorization": f"Bearer {secret}"}


@contextmanager
def count_queries(engine: Engine) -> Iterator[list[str]]:
    """Collect the SQL statements sent through ``engine`` inside the block."""
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
