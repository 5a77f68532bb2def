"""``cbook backup OUT.zip [--with-secret]`` and ``cbook restore IN.zip [--replace]``."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import click

from cbook.backup import dump, load
from cbook.backup.archive import BadBackup, open_archive, read_manifest, verify
from cbook.clitools import UserError, instance_option, settings_for, show_progress
from cbook.db import make_engine


@click.command("backup")
@instance_option
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--with-secret", is_flag=True,
              help="Include the secret key (sessions and signed links survive a restore).")
def backup_command(instance: Path | None, out: Path, with_secret: bool) -> None:
    """Write the whole instance to OUT.zip: every table and the uploaded files."""
    settings = settings_for(instance)
    if not out.parent.is_dir():
        raise UserError(f"no such folder: {out.parent}")
    started = time.perf_counter()
    engine = make_engine(settings.database_url)
    try:
        manifest = dump.write_backup(engine, settings.instance, out, with_secret=with_secret,
                                     progress=show_progress)
    finally:
        engine.dispose()
    rows = sum(t["rows"] for t in manifest.tables.values())
    files = sum(1 for name in manifest.members if name.startswith("files/"))
    click.echo(f"Wrote {out}: {rows:,} rows in {len(manifest.tables)} tables, {files} files"
               f"{', the secret key' if with_secret else ''} ({out.stat().st_size:,} bytes, "
               f"{time.perf_counter() - started:.1f} s).")


@click.command("restore")
@instance_option
@click.argument("source", metavar="IN.zip", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True,
              help="Replace what the instance holds (otherwise it must be empty).")
@click.pass_context
def restore_command(context: click.Context, instance: Path | None, source: Path,
                    replace: bool) -> None:
    """Restore a backup into this instance (empty, or everything replaced with --replace)."""
    from cbook.search.commands import reindex_command

    settings = settings_for(instance)
    started = time.perf_counter()
    try:
        with open_archive(source) as archive:
            # Nothing is shown before the archive is checked whole: a refusal is one line.
            manifest = read_manifest(archive)
            verify(archive, manifest)
            engine = make_engine(settings.database_url)
            try:
                held = load.holds_data(engine)
                if held and not replace:
                    raise UserError(f"this instance is not empty ({held}): restore into an "
                                    "empty one, or pass --replace to replace it")
                with tempfile.TemporaryDirectory(prefix="cbook-restore-",
                                                 dir=settings.instance) as folder:
                    staged = load.stage(archive, manifest, Path(folder), show_progress)
                    load.move_into(staged, engine, show_progress)
            finally:
                engine.dispose()
            show_progress("uploaded files", 0.95)
            load.restore_files(archive, manifest, settings.instance)
    except BadBackup as error:
        raise UserError(str(error)) from None
    show_progress("done", 1.0)
    rows = sum(t["rows"] for t in manifest.tables.values())
    click.echo(f"Restored {rows:,} rows from {source} (made {manifest.created_at} on "
               f"{manifest.engine}) in {time.perf_counter() - started:.1f} s.")
    context.invoke(reindex_command, instance=instance)
