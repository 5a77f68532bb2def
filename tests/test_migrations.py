"""The migration history is linear and produces exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from cbook.db import Base, make_engine
from cbook.migrate import head_revisions, is_current, upgrade


def test_there_is_exactly_one_head() -> None:
    assert len(head_revisions()) == 1


def test_migrated_database_matches_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        assert is_current(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
        assert differences == [], f"models drifted from migrations: {differences}"
    finally:
        engine.dispose()


def test_upgrading_twice_is_harmless(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        assert is_current(engine)
    finally:
        engine.dispose()
