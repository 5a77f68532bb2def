"""Running Alembic from cbook: upgrade to head, and ask whether a database is current."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from cbook.resources import resource_dir


def alembic_config() -> Config:
    """An Alembic config pointing at the shipped migrations."""
    config = Config()
    config.set_main_option("script_location", str(resource_dir("migrations")))
    return config


def upgrade(engine: Engine) -> None:
    """Create or migrate the database to the newest schema.

    On SQLite, foreign keys are off while migrating: a batch migration rebuilds a table by
    dropping it, and with foreign keys on that drop would cascade to every row that
    refers to it. They are checked once the migration is done.
    """
    config = alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # ends SQLAlchemy's autobegun transaction; none was open
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise RuntimeError("the migration left rows pointing at missing rows")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def head_revisions() -> tuple[str, ...]:
    """The heads of the migration graph (exactly one when the history is linear)."""
    return tuple(ScriptDirectory.from_config(alembic_config()).get_heads())


def is_current(engine: Engine) -> bool:
    """Whether the database has been migrated to the newest revision."""
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    return set(current) == set(head_revisions())
