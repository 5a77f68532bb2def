"""Alembic environment: migrations run against the connection cbook hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from cbook.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    """Migrate through the caller's connection, or one made from sqlalchemy.url."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as own_connection:
        _run(own_connection)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place: batch mode rebuilds the table.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
