"""``cbook mail send`` and ``cbook mail test``, run as the `cbook` group runs them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result

from cbook.app import make_sessions
from cbook.db import session_scope
from cbook.mail import service
from cbook.mail.cli import mail_command
from cbook.mail.compose import compose
from tests.mail.smtp_server import SmtpServer


def mail(env: dict[str, str], *args: str, **extra: str) -> Result:
    # The `cbook` group puts the composition root's session factory in the context.
    return CliRunner().invoke(mail_command, list(args), obj={"make_sessions": make_sessions},
                              env={**env, **extra}, catch_exceptions=False)


def test_mail_test_queues_and_delivers_through_the_configured_server(
        env: dict[str, str], smtp_server: Callable[..., SmtpServer]) -> None:
    server = smtp_server(starttls=True, auth=True)
    result = mail(env, "test", "ann@example.org", CBOOK_SMTP_URL=server.url,
                  CBOOK_MAIL_FROM="Books <books@example.org>")
    assert result.exit_code == 0, result.output
    assert "1 sent, 0 to retry later, 0 given up" in result.output
    [message] = server.mailbox.messages()
    assert message["Subject"] == "Culture Book can send you mail"
    assert message["From"] == "Books <books@example.org>"


def test_mail_send_delivers_what_is_due_to_the_instance_folder(env: dict[str, str]) -> None:
    from cbook.db import make_engine

    engine = make_engine(env["CBOOK_DATABASE_URL"])
    with session_scope(make_sessions(engine)) as session:
        for address in ("ann@example.org", "bo@example.org"):
            service.enqueue(session, compose("test_message", to=address))
    engine.dispose()
    result = mail(env, "send")
    assert result.exit_code == 0, result.output
    assert "2 sent" in result.output
    assert len(list(Path(env["CBOOK_INSTANCE"], "mail").glob("*.eml"))) == 2
    assert "0 sent" in mail(env, "send").output


def test_bad_input_and_bad_settings_are_one_line_errors(env: dict[str, str]) -> None:
    refused = mail(env, "test", "ann@example.org\r\nBcc: x@example.org")
    assert refused.exit_code == 1 and "line breaks" in refused.output
    unusable = mail(env, "send", CBOOK_SMTP_URL="imap://host")
    assert unusable.exit_code == 1 and "CBOOK_SMTP_URL must be" in unusable.output
    sender = mail(env, "send", CBOOK_MAIL_FROM="Books <not an address>")
    assert sender.exit_code == 1 and "not an email address" in sender.output
