"""``cbook audit``: the audit trail from the command line (the same filters as the page)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import click

from cbook.audit.models import AuditAction, AuditEvent
from cbook.audit.queries import AuditFilter, latest_events
from cbook.audit.service import purge_older_than
from cbook.clitools import UserError, instance_option, settings_for, unit_of_work

DEFAULT_LIMIT = 200


def _since(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = (datetime.combine(date.fromisoformat(text), time.min) if len(text) == 10
                  else datetime.fromisoformat(text))
    except ValueError:
        raise UserError(f"--since wants a date (2026-12-01) or a time "
                        f"(2026-12-01T09:30), not {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def event_json(event: AuditEvent) -> dict[str, Any]:
    """One event as ``cbook audit --json`` prints it."""
    return {
        "id": event.id, "at": _aware(event.at).isoformat(timespec="seconds"),
        "action": event.action,
        "actor": ({"id": event.actor_id, "name": event.actor_name, "email": event.actor_email}
                  if event.actor_email is not None else None),
        "target": ({"kind": event.target_kind, "id": event.target_id,
                    "label": event.target_label} if event.target_kind else None),
        "origin": event.origin, "details": event.details or {},
    }


def event_line(event: AuditEvent) -> str:
    """One event as a line: when, action, who, what, from where, details."""
    who = f"{event.actor_name} <{event.actor_email}>" if event.actor_email else "-"
    what = "-"
    if event.target_kind:
        what = event.target_kind + (f" {event.target_id}" if event.target_id else "")
        what += f" {event.target_label!r}" if event.target_label else ""
    details = json.dumps(event.details, sort_keys=True) if event.details else ""
    when = _aware(event.at).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%SZ")
    return "  ".join(part for part in (when, event.action, who, what,
                                       f"from {event.origin or '?'}", details) if part)


@click.command("audit")
@instance_option
@click.option("--action", type=click.Choice([a.value for a in AuditAction]), default=None,
              help="Only this action.")
@click.option("--user", "person", default="", metavar="EMAIL",
              help="Only events by this person or about their account.")
@click.option("--since", default=None, metavar="DATE", help="From this day or time (UTC).")
@click.option("--limit", default=DEFAULT_LIMIT, show_default=True, type=click.IntRange(1),
              help="At most this many of the latest events.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def audit_command(instance: Path | None, action: str | None, person: str, since: str | None,
                  limit: int, as_json: bool) -> None:
    """Print the audit trail, oldest first (events past CBOOK_AUDIT_DAYS are purged first)."""
    settings = settings_for(instance)
    wanted = AuditFilter(action=AuditAction(action) if action else None, person=person,
                         since=_since(since))
    with unit_of_work(settings) as session:
        purge_older_than(session, settings.audit_days)
        lines = [json.dumps(event_json(e), ensure_ascii=False) if as_json else event_line(e)
                 for e in latest_events(session, wanted, limit)]
    for line in lines:
        click.echo(line)
    if not lines and not as_json:
        click.echo("No events match.", err=True)
