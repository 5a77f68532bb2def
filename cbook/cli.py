"""The ``cbook`` command: init, serve, user add, token create, search, reindex, export,
import.

Exit status: 0 on success, 1 on a user error (one line on stderr, no traceback),
2 on bad usage (click's own).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from sqlalchemy.exc import OperationalError

from cbook.audit.commands import audit_command
from cbook.backup.commands import backup_command, restore_command
from cbook.clitools import UserError, instance_option
from cbook.clitools import settings_for as _settings
from cbook.clitools import unit_of_work as _unit_of_work
from cbook.config import Settings
from cbook.db import make_engine
from cbook.export.commands import export_command
from cbook.imports.commands import import_command
from cbook.invitations.commands import invite_command
from cbook.mail import cli as mail_cli
from cbook.mail.cli import mail_command
from cbook.mail.sender import ComposeStep
from cbook.roles import Role
from cbook.search.commands import reindex_command, search_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def main(context: click.Context) -> None:
    """Culture Book: co-write, review and publish a living book."""
    from cbook.app import make_sessions
    from cbook.audit.origin import CLI, acting_from

    # Every subcommand makes its sessions the way the app does (clitools.session_maker).
    context.ensure_object(dict)["make_sessions"] = make_sessions
    # What a command does is on the audit trail as done from the command line.
    context.with_resource(acting_from(CLI))


@main.command()
@instance_option
@click.option("--demo", is_flag=True, help="Load the demo Culture Book and demo users.")
def init(instance: Path | None, demo: bool) -> None:
    """Create or migrate the database; optionally load the demo book."""
    from cbook.demo.loader import load_demo
    from cbook.library.files import FileStore
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
    logins = []
    if demo:
        with _unit_of_work(settings) as session:
            logins = load_demo(session, os.environ.get("CBOOK_DEMO_PASSWORD") or None,
                               files=FileStore.for_instance(settings.instance))
        click.echo("Demo Culture Book loaded: 'Pushing What Moves'.")
    _prepare_search_index(settings)
    if not demo:
        return
    if logins:
        click.echo("Demo logins (email / password / role):")
        for login in logins:
            click.echo(f"  {login.email:<34} {login.password:<20} {login.role}")


def _prepare_search_index(settings: Settings) -> None:
    from cbook.app import make_sessions
    from cbook.search.searcher import open_search

    engine = make_engine(settings.database_url)
    search = open_search(make_sessions(engine), settings.instance)
    try:
        if search.writer.catch_up():
            click.echo(f"Search index ready ({search.index.count()} documents).")
        else:
            click.echo("Search index: the running server is its writer and will catch up.")
    finally:
        search.close()
        engine.dispose()


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
    from cbook.accounts.service import add_user

    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UserError("no password on standard input")
    with _unit_of_work(_settings(instance)) as session:
        created = add_user(session, None, email, Role(role), name=name, password=password)
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


main.add_command(search_command)
main.add_command(export_command)
main.add_command(reindex_command)
main.add_command(import_command)
main.add_command(audit_command)
main.add_command(mail_command)
main.add_command(backup_command)
main.add_command(restore_command)


def _notification_step(settings: Settings) -> ComposeStep:
    from cbook.app import notification_mail  # the app's wiring, loaded only when sending

    return notification_mail.compose_step(settings)


mail_cli.compose_step_for = _notification_step


@mail_command.command("digest")
@instance_option
@click.option("--now", "force", is_flag=True,
              help="Send every pending digest now, whatever the hour (CBOOK_DIGEST_HOUR).")
def mail_digest(instance: Path | None, force: bool) -> None:
    """Queue the daily notification digests that are due (and send them)."""
    from cbook.app.notification_mail import FALLBACK_ROOT
    from cbook.notifications.links import Links
    from cbook.notifications.mailer import mail_digests

    settings = _settings(instance)
    links = Links(root=(settings.site_url or FALLBACK_ROOT).rstrip("/"),
                  secret=settings.secret_key)
    with _unit_of_work(settings) as session:
        queued = mail_digests(session, links, hour=settings.digest_hour, force=force)
    click.echo(f"{queued} digest{'s' if queued != 1 else ''} queued")
    if queued:
        mail_cli.send_command.callback(instance)  # type: ignore[misc]


if __name__ == "__main__":  # pragma: no cover
    main()
user.add_command(invite_command)
