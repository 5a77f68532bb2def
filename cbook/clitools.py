"""Shared pieces of the ``cbook`` commands: one-line errors, the instance option, a unit
of work that turns domain and database errors into those one-line errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

import click
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from cbook.config import ConfigError, Settings, default_instance_dir
from cbook.db import make_engine, session_scope
from cbook.errors import DomainError

F = TypeVar("F", bound=Callable[..., Any])
SessionMaker = Callable[[Engine], sessionmaker[Session]]


class UserError(click.ClickException):
    """A one-line error and exit status 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        """Print just the message, prefixed with the command name."""
        click.echo(f"cbook: {self.format_message()}", err=True)


def instance_option(command: F) -> F:
    """The --instance option every command takes."""
    return click.option(
        "--instance", "instance", type=click.Path(file_okay=False, path_type=Path),
        default=None, help="Instance folder (default: $CBOOK_INSTANCE or ./instance).",
    )(command)


def settings_for(instance: Path | None) -> Settings:
    folder = (instance or default_instance_dir()).resolve()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return Settings.from_environment(folder)
    except OSError as error:
        raise UserError(f"cannot use instance folder {folder}: {error.strerror}") from error
    except ConfigError as error:
        raise UserError(str(error)) from error


def session_maker() -> SessionMaker:
    """How this command makes sessions: the composition root's ``make_sessions``, which the
    ``cbook`` group (``cbook.cli.main``) puts in the click context for every subcommand."""
    context = click.get_current_context(silent=True)
    root = context.find_root().obj if context is not None else None
    maker = root.get("make_sessions") if isinstance(root, dict) else None
    if maker is None:
        raise RuntimeError("cbook commands run under the `cbook` group (cbook.cli.main)")
    return cast(SessionMaker, maker)


@contextmanager
def unit_of_work(settings: Settings, *, need_current: bool = True) -> Iterator[Session]:
    """A session committed at the end; domain and database errors become one-line errors."""
    from cbook.migrate import is_current

    engine = make_engine(settings.database_url)
    try:
        if need_current and not is_current(engine):
            raise UserError("the database is not initialised or is out of date: "
                            "run `cbook init` first")
        with session_scope(session_maker()(engine)) as session:
            yield session
    except DomainError as error:
        raise UserError(error.message) from error
    except OperationalError as error:
        raise UserError(f"cannot use the database: {error.orig}") from error
    except SQLAlchemyError as error:
        raise UserError(f"database error: {error.__class__.__name__}") from error
    finally:
        engine.dispose()




def show_progress(step: str, fraction: float, width: int = 24) -> None:
    """A progress bar on stderr, rewritten in place; the line ends at 100%."""
    filled = int(width * fraction)
    click.echo(f"\r[{'#' * filled}{'.' * (width - filled)}] {fraction:4.0%} {step:<30}",
               err=True, nl=fraction >= 1.0)
