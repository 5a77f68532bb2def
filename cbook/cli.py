"""The ``cbook`` command: init, serve, user add, token create.

Exit status: 0 on success, 1 on a user error (one line on stderr, no traceback),
2 on bad usage (click's own).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from cbook.config import ConfigError, Settings, default_instance_dir
from cbook.db import make_engine, make_session_factory, session_scope
from cbook.errors import DomainError
from cbook.roles import Role

F = TypeVar("F", bound=Callable[..., Any])


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


def _settings(instance: Path | None) -> Settings:
    folder = (instance or default_instance_dir()).resolve()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return Settings.from_environment(folder)
    except OSError as error:
        raise UserError(f"cannot use instance folder {folder}: {error.strerror}") from error
    except ConfigError as error:
        raise UserError(str(error)) from error


@contextmanager
def _unit_of_work(settings: Settings, *, need_current: bool = True) -> Iterator[Session]:
    """A session committed at the end; domain and database errors become one-line errors."""
    from cbook.migrate import is_current

    engine = make_engine(settings.database_url)
    try:
        if need_current and not is_current(engine):
            raise UserError("the database is not initialised or is out of date: "
                            "run `cbook init` first")
        with session_scope(make_session_factory(engine)) as session:
            yield session
    except DomainError as error:
        raise UserError(error.message) from error
    except OperationalError as error:
        raise UserError(f"cannot use the database: {error.orig}") from error
    except SQLAlchemyError as error:
        raise UserError(f"database error: {error.__class__.__name__}") from error
    finally:
        engine.dispose()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Culture Book: co-write, review and publish a living book."""


@main.command()
@instance_option
@click.option("--demo", is_flag=True, help="Load the demo Culture Book and demo users.")
def init(instance: Path | None, demo: bool) -> None:
    """Create or migrate the database; optionally load the demo book."""
    from cbook.demo.loader import load_demo
    from cbook.migrate import upgrade

    settings = _settings(instance)
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
    except OperationalError as error:
        raise UserError(f"cannot migrate the database: {error.orig}") from error
    finally:
        engine.dispose()
    click.echo(f"Database ready ({_describe(settings.database_url)}).")
    if not demo:
        return
    with _unit_of_work(settings) as session:
        logins = load_demo(session, os.environ.get("CBOOK_DEMO_PASSWORD") or None)
    click.echo("Demo Culture Book loaded: 'Pushing What Moves'.")
    if logins:
        click.echo("Demo logins (email / password / role):")
        for login in logins:
            click.echo(f"  {login.email:<34} {login.password:<20} {login.role}")


def _describe(url: str) -> str:
    if url.startswith("sqlite"):
        return url.removeprefix("sqlite:///")
    return url.split("@")[-1]  # never print the password part of a server URL


@main.command()
@instance_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=None, type=click.IntRange(1, 64),
              help="Worker processes (default: CPU count).")
@click.option("--threads", default=16, show_default=True, type=click.IntRange(1, 256),
              help="Threads per worker (long-polling editors each hold one).")
def serve(instance: Path | None, host: str, port: int, workers: int | None,
          threads: int) -> None:
    """Run the web app on a production WSGI server (gunicorn, threaded workers)."""
    from cbook.migrate import is_current
    from cbook.server import run_server

    settings = _settings(instance)
    engine = make_engine(settings.database_url)
    try:
        current = is_current(engine)
    except OperationalError as error:
        raise UserError(f"cannot use the database: {error.orig}") from error
    finally:
        engine.dispose()
    if not current:
        raise UserError("the database is not initialised or is out of date: run `cbook init`")
    click.echo(f"Culture Book on http://{host}:{port}/", err=True)
    run_server(settings, host=host, port=port, workers=workers or (os.cpu_count() or 1),
               threads=threads)


@main.group()
def user() -> None:
    """Manage users."""


@user.command("add")
@instance_option
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--name", default=None, help="Display name (default: from the email).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def user_add(instance: Path | None, email: str, role: str, name: str | None,
             password_stdin: bool) -> None:
    """Add a user with a role."""
    from cbook.accounts.service import create_user

    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UserError("no password on standard input")
    with _unit_of_work(_settings(instance)) as session:
        created = create_user(session, email, Role(role), name=name, password=password)
        address = created.email
    click.echo(f"Added {address} as {role}.")
    if password is None:
        click.echo("No password set: they cannot sign in until an admin sets one "
                   "(or add them again with --password-stdin).", err=True)


@main.group()
def token() -> None:
    """Manage personal API tokens."""


@token.command("create")
@instance_option
@click.argument("email")
@click.option("--label", default="cli", show_default=True, help="What the token is for.")
def token_create(instance: Path | None, email: str, label: str) -> None:
    """Print a new API token for a user (shown once, stored hashed)."""
    from cbook.accounts.service import create_api_token, find_user_by_email

    with _unit_of_work(_settings(instance)) as session:
        owner = find_user_by_email(session, email)
        if owner is None:
            raise UserError(f"no user with email {email}")
        secret = create_api_token(session, owner, label)
    click.echo(secret)


if __name__ == "__main__":  # pragma: no cover
    main()
