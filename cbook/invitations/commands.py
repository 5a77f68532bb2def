"""``cbook user invite EMAIL --role R [--trio SLUG]``: invite from the command line.

The mail goes out as any other (the outbox; ``.eml`` files without ``CBOOK_SMTP_URL``),
and the acceptance link is printed too, for handing over another way. The command line
acts with an admin's authority, like ``cbook user add``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import click

from cbook.clitools import UserError, instance_option, settings_for, unit_of_work
from cbook.invitations import queries, service
from cbook.roles import Role

DEFAULT_SITE = "http://localhost:5000"  # where `cbook serve` listens by default


def _link_maker(site: str) -> service.LinkFor:
    base = site.rstrip("/")
    return lambda token: f"{base}/invitations/{quote(token, safe='')}"


@click.command("invite")
@instance_option
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--trio", "trio_slug", default=None, help="The trio (its slug) they join.")
@click.option("--site-url", default=None,
              help=f"The site's address for the link (default: $CBOOK_SITE_URL or {DEFAULT_SITE}).")
def invite_command(instance: Path | None, email: str, role: str, trio_slug: str | None,
                   site_url: str | None) -> None:
    """Invite a person by mail and print their single-use acceptance link."""
    settings = settings_for(instance)
    site = site_url or settings.site_url or DEFAULT_SITE
    if not site.startswith(("http://", "https://")):
        raise UserError(f"--site-url must start with http:// or https://, not {site!r}")
    with unit_of_work(settings) as session:
        trio = None
        if trio_slug:
            trio = queries.find_trio(session, trio_slug)
            if trio is None:
                raise UserError(f"no trio {trio_slug!r}")
        sent = service.invite(session, None, email, role, trio, _link_maker(site))
        address, link = sent.invitation.email, sent.link
    click.echo(f"Invited {address} as {role}; the link works once, for 7 days:", err=True)
    click.echo(link)
