"""``cbook user invite EMAIL --role R [--trio SLUG]`` prints the link and queues the mail."""

from __future__ import annotations

from click.testing import CliRunner, Result
from sqlalchemy.orm import Session

from cbook.app import make_sessions
from cbook.books import trios
from cbook.invitations.commands import invite_command
from cbook.roles import Role
from tests.invitations.helpers import link_in, mails_to
from tests.support import make_user


def invite(env: dict[str, str], *args: str, **extra: str) -> Result:
    # The `cbook` group puts the composition root's session factory in the context.
    return CliRunner().invoke(invite_command, list(args), obj={"make_sessions": make_sessions},
                              env={**env, **extra}, catch_exceptions=False)


def test_the_command_prints_the_link_the_mail_carries(env: dict[str, str],
                                                      session: Session) -> None:
    admin = make_user(session, Role.ADMIN, "admin@test.example")
    trio = trios.create_trio(session, admin, name="Harbour trio")
    session.commit()
    result = invite(env, "amina@test.example", "--role", "author", "--trio", trio.slug,
                    CBOOK_SITE_URL="https://book.example.org")
    assert result.exit_code == 0, result.output
    link = result.stdout.strip()
    assert link.startswith("https://book.example.org/invitations/")
    [mail] = mails_to(session, "amina@test.example")
    assert link_in(mail) == link


def test_the_command_refuses_plainly(env: dict[str, str], session: Session) -> None:
    make_user(session, Role.ADMIN, "admin@test.example")
    for args, says in ((["amina@test.example", "--role", "author", "--trio", "nope"],
                        "no trio 'nope'"),
                       (["not-an-address", "--role", "author"], "not an email address"),
                       (["admin@test.example", "--role", "author"], "already has an account")):
        result = invite(env, *args)
        assert result.exit_code == 1, args
        assert says in result.output, result.output
    assert invite(env, "x@test.example", "--role", "wizard").exit_code == 2
