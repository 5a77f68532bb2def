"""``cbook mail send`` (deliver what is due now, for cron or by hand) and ``cbook mail test``.

Safe beside a running server: its sender and this command claim different messages.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from sqlalchemy.exc import OperationalError

from cbook.clitools import UserError, instance_option, session_maker, settings_for, unit_of_work
from cbook.config import ConfigError, Settings
from cbook.db import make_engine
from cbook.errors import InvalidInput
from cbook.mail import service
from cbook.mail.compose import compose
from cbook.mail.sender import ComposeStep, Delivery, Sender

# Filled in by the entry point (cbook.cli): what queues mail from other tables
# (notifications) before a pass; a feature may not import the composition root.
compose_step_for: Callable[[Settings], ComposeStep] | None = None


def _deliver(settings: Settings) -> Delivery:
    from cbook.migrate import is_current

    engine = make_engine(settings.database_url)
    try:
        if not is_current(engine):
            raise UserError("the database is not initialised or is out of date: "
                            "run `cbook init` first")
        step = compose_step_for(settings) if compose_step_for is not None else None
        sender = Sender(session_maker()(engine), settings, compose_step=step)
        return sender.deliver_now()
    except ConfigError as error:
        raise UserError(str(error)) from error
    except OperationalError as error:
        raise UserError(f"cannot use the database: {error.orig}") from error
    finally:
        engine.dispose()


def _say(report: Delivery, settings: Settings) -> None:
    click.echo(f"{report.sent} sent, {report.retrying} to retry later, "
               f"{report.failed} given up (after {settings.mail_max_attempts} tries or "
               "refused for good)")
    if report.retrying or report.failed:
        click.echo("cbook: some mail did not go; /admin/mail says why", err=True)


@click.group("mail")
def mail_command() -> None:
    """Mail: deliver the outbox now, or send a test message."""


@mail_command.command("send")
@instance_option
def send_command(instance: Path | None) -> None:
    """Deliver every message that is due now (the server's sender does this by itself)."""
    settings = settings_for(instance)
    _say(_deliver(settings), settings)


@mail_command.command("test")
@instance_option
@click.argument("address")
def test_command(instance: Path | None, address: str) -> None:
    """Queue a short message to ADDRESS and deliver it, to check the mail settings."""
    settings = settings_for(instance)
    try:
        message = compose("test_message", to=address)
    except InvalidInput as error:
        raise UserError(error.message) from error
    with unit_of_work(settings) as session:
        service.enqueue(session, message)
    _say(_deliver(settings), settings)
