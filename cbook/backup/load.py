"""Restoring a backup: verified whole first, staged in a scratch SQLite database at the
backup's schema revision and migrated there to the newest, then moved into the instance
in one step (a file rename on SQLite, one transaction on PostgreSQL), so a failure at any
point leaves the instance as it was."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import (
    Connection,
    DateTime,
    Engine,
    MetaData,
    create_engine,
    func,
    inspect,
    select,
    text,
)

import cbook.models  # noqa: F401 - every table in the metadata
from cbook.backup import tables
from cbook.backup.archive import BadBackup, Manifest
from cbook.db import Base
from cbook.migrate import alembic_config

Progress = Callable[[str, float], None]
BATCH = 1000
# Tables whose rows say an instance is in use: restoring over them needs --replace.
IN_USE = ("users", "books")


class NotEmpty(Exception):
    """The target instance already holds data and --replace was not given."""


def holds_data(engine: Engine) -> str | None:
    """What the instance already holds ("5 users, 1 book"), or None if it is empty."""
    present = set(inspect(engine).get_table_names())
    found = []
    with engine.connect() as connection:
        for name in IN_USE:
            if name in present:
                count = connection.execute(text(f"SELECT count(*) FROM {name}")).scalar() or 0  # noqa: S608 - a fixed table name
                if count:
                    found.append(f"{count} {name}")
    return ", ".join(found) or None


def _migrate(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _known(revision: str) -> None:
    try:
        found = ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except CommandError:
        found = None
    if found is None:
        raise BadBackup(f"the backup's schema revision {revision!r} is unknown here: it was "
                        "made by a newer Culture Book; restore it with that version")


def _rows(archive: zipfile.ZipFile, name: str) -> Iterator[dict[str, object]]:
    with archive.open(f"tables/{name}.jsonl") as member:
        for line in member:
            if line.strip():
                yield json.loads(line)


def stage(archive: zipfile.ZipFile, manifest: Manifest, folder: Path,
          progress: Progress) -> Path:
    """The backup's rows in a scratch SQLite database, migrated to the newest schema."""
    _known(manifest.schema_revision)
    path = folder / "staged.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
            with connection.begin():
                _migrate(connection, manifest.schema_revision)
            reflected = MetaData()
            reflected.reflect(connection)
            connection.commit()  # reflecting autobegan a transaction; the rows get their own
            names = [t.name for t in Base.metadata.sorted_tables if t.name in manifest.tables]
            names += sorted(set(manifest.tables) - set(names))  # tables since dropped
            with connection.begin():
                # Migrations seed some rows (the content generation): the backup's replace them.
                for seeded in reversed(reflected.sorted_tables):
                    if seeded.name != "alembic_version":
                        connection.execute(seeded.delete())
                for number, name in enumerate(names, start=1):
                    progress(f"reading {name}", 0.1 + 0.4 * number / len(names))
                    table = reflected.tables.get(name)
                    if table is None:
                        raise BadBackup(f"the backup has a table {name!r} its schema "
                                        "revision does not: it was changed")
                    batch: list[dict[str, object]] = []
                    count = 0
                    for values in _rows(archive, name):
                        batch.append(tables.decode(table, values))
                        count += 1
                        if len(batch) >= BATCH:
                            connection.execute(table.insert(), batch)
                            batch = []
                    if batch:
                        connection.execute(table.insert(), batch)
                    if count != manifest.tables[name].get("rows"):
                        raise BadBackup(f"{name} holds {count} rows, not the "
                                        f"{manifest.tables[name].get('rows')} its manifest says")
            progress("bringing the schema up to date", 0.55)
            with connection.begin():
                _migrate(connection, "head")
                if connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise BadBackup("the backup's rows point at rows it does not hold")
    finally:
        engine.dispose()
    return path


def move_into(staged: Path, engine: Engine, progress: Progress) -> None:
    """Replace everything in the target database by the staged rows, in one step."""
    if engine.dialect.name == "sqlite":
        target = engine.url.database
        assert target, "a file database"
        engine.dispose()
        # The staged file becomes the database: one rename, after which SQLite's side files
        # of the old one must not be replayed onto it.
        for suffix in ("-wal", "-shm"):
            Path(target + suffix).unlink(missing_ok=True)
        os.replace(staged, target)
        return
    from cbook.migrate import upgrade

    upgrade(engine)  # an empty server database gets the schema first
    source = create_engine(f"sqlite:///{staged}")
    try:
        with source.connect() as reading, engine.connect() as writing, writing.begin():
            ordered = Base.metadata.sorted_tables
            for table in reversed(ordered):
                writing.execute(table.delete())
            for number, table in enumerate(ordered, start=1):
                progress(f"writing {table.name}", 0.6 + 0.3 * number / len(ordered))
                batch: list[dict[str, object]] = []
                result = reading.execute(select(table).order_by(*table.primary_key.columns))
                moments = [c.name for c in table.columns if isinstance(c.type, DateTime)]
                for row in result.mappings():
                    values = dict(row)
                    for name in moments:  # SQLite's are UTC without saying so
                        if values[name] is not None and values[name].tzinfo is None:
                            values[name] = values[name].replace(tzinfo=UTC)
                    batch.append(values)
                    if len(batch) >= BATCH:
                        writing.execute(table.insert(), batch)
                        batch = []
                if batch:
                    writing.execute(table.insert(), batch)
                _advance_sequence(writing, table.name)
    finally:
        source.dispose()


def _advance_sequence(connection: Connection, name: str) -> None:
    # Rows came with their ids: the next id a PostgreSQL sequence hands out follows them.
    table = Base.metadata.tables[name]
    if "id" not in table.columns or not table.columns["id"].autoincrement:
        return
    sequence = connection.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"),
                                  {"t": name}).scalar()
    if sequence:
        highest = connection.execute(select(func.max(table.columns["id"]))).scalar()
        connection.execute(text("SELECT setval(:s, :v, :called)"),
                           {"s": sequence, "v": highest or 1, "called": highest is not None})


def restore_files(archive: zipfile.ZipFile, manifest: Manifest, instance: Path) -> None:
    """The uploads folder replaced by the backup's (the old one kept until the new one is
    complete), and the secret key if the backup holds it."""
    uploads = instance / "uploads"
    incoming = Path(tempfile.mkdtemp(prefix="uploads-restoring-", dir=instance))
    try:
        for name in manifest.members:
            if name.startswith("files/"):
                target = incoming / name.removeprefix("files/")
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(name) as source, target.open("wb") as out:
                    shutil.copyfileobj(source, out)
        old = instance / "uploads-replaced"
        if uploads.exists():
            uploads.rename(old)
        incoming.rename(uploads)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(incoming, ignore_errors=True)
    if "secret_key" in manifest.members:
        key = instance / "secret_key"
        key.write_bytes(archive.read("secret_key"))
        key.chmod(0o600)
