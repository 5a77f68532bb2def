"""Writing a backup: every table read in one consistent snapshot, and the uploads.

On SQLite the snapshot is SQLite's own online backup of the database into a temporary
file (writers go on; the copy is of one committed moment); on PostgreSQL, one
``REPEATABLE READ, READ ONLY`` transaction reads every table (it sees exactly the
transactions committed before it began and blocks no writer).
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, Table, create_engine, select

import cbook.models  # noqa: F401 - every table in the metadata
from cbook.backup import tables
from cbook.backup.archive import MANIFEST, Manifest, sha256_of
from cbook.db import Base

Progress = Callable[[str, float], None]
# Derived, and rebuilt after a restore: the search index's queue (the whole index is
# rebuilt) and finished editions, whose files are not in the backup (made again on demand).
DERIVED = frozenset({"search_outbox", "export_jobs"})


def backed_up_tables() -> list[Table]:
    """The tables a backup holds, parents before children."""
    return [t for t in Base.metadata.sorted_tables if t.name not in DERIVED]


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection that reads the whole database as of one moment."""
    if engine.dialect.name == "sqlite":
        source = engine.url.database
        assert source, "a file database"
        with tempfile.TemporaryDirectory(prefix="cbook-backup-") as folder:
            copy = Path(folder) / "snapshot.sqlite3"
            live, target = sqlite3.connect(source), sqlite3.connect(copy)
            try:
                live.backup(target)
            finally:
                live.close()
                target.close()
            frozen = create_engine(f"sqlite:///{copy}")
            try:
                with frozen.connect() as connection:
                    yield connection
            finally:
                frozen.dispose()
        return
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
            yield connection


def write_backup(engine: Engine, instance: Path, out: Path, *, with_secret: bool,
                 progress: Progress) -> Manifest:
    """Write the whole instance to ``out`` (replaced only once complete)."""
    partial = out.with_name(out.name + ".partial")
    members: dict[str, dict[str, object]] = {}
    counts: dict[str, dict[str, int]] = {}
    ordered = backed_up_tables()
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        with snapshot(engine) as connection:
            revision = MigrationContext.configure(connection).get_current_revision()
            for number, table in enumerate(ordered, start=1):
                progress(f"table {table.name}", 0.8 * number / len(ordered))
                name = f"tables/{table.name}.jsonl"
                rows = 0
                with archive.open(name, "w", force_zip64=True) as member:
                    result = connection.execute(
                        select(table).order_by(*table.primary_key.columns))
                    for row in result.mappings():
                        member.write(json.dumps(tables.encode(table, row), ensure_ascii=False,
                                                separators=(",", ":")).encode() + b"\n")
                        rows += 1
                counts[table.name] = {"rows": rows}
        uploads = instance / "uploads"
        files = sorted(p for p in uploads.rglob("*") if p.is_file()) if uploads.is_dir() else []
        for number, path in enumerate(files, start=1):
            progress("uploaded files", 0.8 + 0.15 * number / max(1, len(files)))
            archive.write(path, "files/" + path.relative_to(uploads).as_posix())
        if with_secret and (instance / "secret_key").is_file():
            archive.write(instance / "secret_key", "secret_key")
        for info in archive.infolist():
            members[info.filename] = {"size": info.file_size}
    # Checksums from the archive as written: what restore will read back.
    with zipfile.ZipFile(partial) as archive:
        for name in members:
            with archive.open(name) as stream:
                members[name]["sha256"] = sha256_of(stream)[1]
    manifest = Manifest(revision or "", datetime.now(UTC).isoformat(), engine.dialect.name,
                        counts, dict(members), with_secret)
    with zipfile.ZipFile(partial, "a", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest.as_json(), indent=2))
    partial.replace(out)
    progress("done", 1.0)
    return manifest
