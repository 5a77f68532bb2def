"""The permission matrix's worlds, built once per worker and state and copied per cell.

A cell (``test_permission_matrix``) asks for ``matrix_world``; on SQLite its database file
and instance folder start as a copy of that state's world, built once by ``build_world``,
instead of building the world again for each of the 1,300 cells. On PostgreSQL every cell
builds its world (the server database is shared by a worker's tests).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.app import make_sessions
from cbook.app.caches import clear_process_caches
from cbook.db import make_engine
from tests.policy.world import ROLES, STATES, World, build_world
from tests.support import SERVER_URL


@dataclass(frozen=True)
class WorldCopy:
    """A state's world: its SQLite file, the files it put in its instance, its ids."""

    database: Path
    instance: Path
    world: World


def _uploads(instance: Path) -> Path:
    return instance / "uploads" / "resources"


def _cell_state(request: pytest.FixtureRequest) -> str | None:
    """The section state of a matrix cell, or None for any other test."""
    if "matrix_world" not in request.fixturenames:
        return None
    state: str = request.node.callspec.params["state"]
    return state


@pytest.fixture(scope="session")
def matrix_worlds(migrated_template: str,
                  tmp_path_factory: pytest.TempPathFactory) -> dict[str, WorldCopy]:
    """Each state's world, built once on a copy of the migrated template."""
    worlds = {}
    for state in STATES:
        folder = tmp_path_factory.mktemp(f"matrix-{state}")
        database, instance = folder / "world.sqlite3", folder / "instance"
        shutil.copyfile(migrated_template, database)
        engine = make_engine(f"sqlite:///{database}")
        # Parsed documents are cached per process by id, and every world reuses the ids
        # of the test that ran before it (or of the world before).
        clear_process_caches()
        with make_sessions(engine)() as session:
            world = build_world(session, state, _uploads(instance))
        engine.dispose()
        worlds[state] = WorldCopy(database, instance, replace(world, users={}))
    return worlds


@pytest.fixture
def database_url(database_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The test's database; for a matrix cell on SQLite, a copy of its state's world."""
    state = _cell_state(request)
    if state is None or SERVER_URL:
        return database_url
    copy: WorldCopy = request.getfixturevalue("matrix_worlds")[state]
    shutil.copyfile(copy.database, database_url.removeprefix("sqlite:///"))
    shutil.copytree(copy.instance, tmp_path / "instance", dirs_exist_ok=True)
    return database_url


@pytest.fixture
def matrix_world(database_url: str, session: Session, request: pytest.FixtureRequest,
                 tmp_path: Path) -> World:
    """The world of the cell's state, its people loaded in the test's session."""
    state = _cell_state(request)
    assert state is not None
    if SERVER_URL:
        return build_world(session, state, _uploads(tmp_path / "instance"))
    world: World = request.getfixturevalue("matrix_worlds")[state].world
    users = {role: session.scalars(select(User).where(
                 User.email == f"{role}@matrix.example")).one()
             for role in ROLES if role != "anonymous"}
    return replace(world, users=users)
