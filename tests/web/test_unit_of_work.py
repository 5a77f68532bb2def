"""One unit of work per request: what a view wrote is stored only if the view succeeds.

Exercised through real requests on the real app: a view that writes and returns keeps
its write; one that raises after writing keeps nothing; an input error in a form view
becomes a message and undoes the write; a permission error never becomes a message.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask, get_flashed_messages, request
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cbook.books.models import Trio
from cbook.errors import PermissionDenied, Unprocessable
from cbook.web.database import db
from cbook.web.unit_of_work import input_errors_flashed, transaction


def _add_trio(slug: str) -> None:
    slug += request.args.get("suffix", "")
    db().add(Trio(name=slug.title(), slug=slug))
    db().flush()


@pytest.fixture
def routes(app: Flask) -> list[str]:
    """Views that write a trio, then succeed or fail in different ways; returns gate log."""
    gate_log: list[str] = []

    @contextmanager
    def logging_gate(_session: Session) -> Iterator[None]:
        gate_log.append("enter")
        yield
        gate_log.append("leave")

    @transaction()
    def succeeds() -> str:
        _add_trio("kept")
        return "ok"

    @transaction()
    def fails_after_writing() -> str:
        _add_trio("lost")
        raise Unprocessable("that slug is taken")

    @transaction()
    def form_refuses_input() -> str:
        with input_errors_flashed():
            _add_trio("refused")
            raise Unprocessable("that slug is taken")
        return "messages: " + "|".join(get_flashed_messages())

    @transaction()
    def form_forbidden() -> str:
        with input_errors_flashed():
            _add_trio("forbidden")
            raise PermissionDenied("editors only")
        return "unreachable"

    def gated() -> str:
        with transaction(gate=logging_gate):
            _add_trio("gated")
            gate_log.append("work")
        committed = db().scalar(select(func.count()).select_from(Trio)
                                .where(Trio.slug == "gated"))
        gate_log.append(f"after:{committed}")
        return "ok"

    for view in (succeeds, fails_after_writing, form_refuses_input, form_forbidden, gated):
        app.add_url_rule(f"/_uow/{view.__name__}", view.__name__, view, methods=["GET"])
    return gate_log


def _trio_slugs(session: Session) -> set[str]:
    session.expire_all()
    return set(session.scalars(select(Trio.slug)))


def test_a_view_that_returns_keeps_what_it_wrote(routes: list[str], client: FlaskClient,
                                                 session: Session) -> None:
    assert client.get("/_uow/succeeds").status_code == 200
    assert "kept" in _trio_slugs(session)


def test_a_view_that_raises_after_writing_keeps_nothing(routes: list[str],
                                                        client: FlaskClient,
                                                        session: Session) -> None:
    response = client.get("/_uow/fails_after_writing", headers={"Accept": "application/json"})
    assert response.status_code == 422
    assert response.get_json()["error"] == "that slug is taken"
    assert "lost" not in _trio_slugs(session)


def test_an_input_error_in_a_form_becomes_its_message_and_undoes_the_write(
        routes: list[str], client: FlaskClient, session: Session) -> None:
    response = client.get("/_uow/form_refuses_input")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "messages: that slug is taken"
    assert "refused" not in _trio_slugs(session)


def test_a_permission_error_is_never_turned_into_a_form_message(
        routes: list[str], client: FlaskClient, session: Session) -> None:
    response = client.get("/_uow/form_forbidden")
    assert response.status_code == 403
    assert "editors only" in response.get_data(as_text=True)
    assert "forbidden" not in _trio_slugs(session)


def test_the_gate_is_held_until_after_the_commit(routes: list[str], client: FlaskClient,
                                                 session: Session) -> None:
    assert client.get("/_uow/gated").status_code == 200
    assert routes == ["enter", "work", "leave", "after:1"]
    assert "gated" in _trio_slugs(session)


def test_one_decorated_view_serves_concurrent_requests_independently(
        routes: list[str], app: Flask, session: Session) -> None:
    # The decorator is one object shared by every request: its state must not be.
    errors: list[BaseException] = []

    def call(path: str) -> None:
        try:
            app.test_client().get(path, headers={"Accept": "application/json"})
        except BaseException as error:  # a crash in a thread must fail the test
            errors.append(error)

    threads = [threading.Thread(target=call, args=(f"{path}?suffix=-{n}",))
               for n in range(3) for path in ["/_uow/succeeds", "/_uow/fails_after_writing"]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    slugs = _trio_slugs(session)
    assert {"kept-0", "kept-1", "kept-2"} <= slugs
    assert not {"lost-0", "lost-1", "lost-2"} & slugs
