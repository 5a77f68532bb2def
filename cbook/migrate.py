"""Running Alembic from cbook: upgrade to head, and ask whether a database is current."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from cbook import resource_dir


def alembic_config() -> Config:
    """An Alembic config pointing at the shipped migrations."""
    config = Config()
    config.set_main_option("script_location", str(resource_dir("migrations")))
    return config


def upgrade(engine: Engine) -> None:
    """Create or migrate the database to the newest schema."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def head_revisions() -> tuple[str, ...]:
    """The heads of the migration graph (exactly one when the history is linear)."""
    return tuple(ScriptDirectory.from_config(alembic_config()).get_heads())


def is_current(engine: Engine) -> bool:
    """Whether the database has been migrated to the newest revision."""
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    return set(current) == set(head_revisions())
