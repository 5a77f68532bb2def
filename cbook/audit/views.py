"""The admin page of the audit trail, and the request hooks that tell it where actions come from."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Flask, current_app, render_template, request
from flask_babel import format_datetime

from cbook.audit.forms import AuditFilterForm, action_label
from cbook.audit.models import AuditEvent
from cbook.audit.origin import set_origin
from cbook.audit.queries import find_events
from cbook.audit.service import purge_older_than
from cbook.config import Settings
from cbook.policy import Action
from cbook.web.access import requires
from cbook.web.database import db
from cbook.web.unit_of_work import transaction

blueprint = Blueprint("audit", __name__)


def _note_origin() -> None:
    # request.remote_addr is the client as ProxyFix sees it (CBOOK_TRUSTED_PROXIES), the
    # same address the sign-in rate limit counts.
    set_origin(request.remote_addr)


def _forget_origin(_error: BaseException | None) -> None:
    # Threads serve many requests: the next one, or a background job, must not inherit it.
    set_origin(None)


def install_origin_hooks(app: Flask) -> None:
    """Set the audit origin (the client address) for each request, and clear it after."""
    app.before_request(_note_origin)
    app.teardown_request(_forget_origin)


def _when(moment: datetime) -> dict[str, str]:
    if moment.tzinfo is None:  # SQLite hands back naive datetimes; they are stored in UTC
        moment = moment.replace(tzinfo=UTC)
    return {"iso": moment.isoformat(timespec="seconds"),
            "shown": format_datetime(moment, "medium")}


def _details_text(details: dict[str, Any]) -> str:
    return ", ".join(f"{key}: {value if isinstance(value, str) else json.dumps(value)}"
                     for key, value in details.items())


def _row(event: AuditEvent) -> dict[str, Any]:
    return {"event": event, "when": _when(event.at), "action": action_label(event.action),
            "details": _details_text(event.details or {})}


@blueprint.route("/admin/audit")
@requires(Action.VIEW_AUDIT_TRAIL)
@transaction()
def events() -> str:
    """The trail, newest first, filtered by action, person and days; events past the
    retention time are purged first."""
    settings: Settings = current_app.config["CBOOK_SETTINGS"]
    purge_older_than(db(), settings.audit_days)
    form = AuditFilterForm(request.args)
    form.validate()
    page = request.args.get("page", 1, type=int) or 1
    found = find_events(db(), form.to_filter(), page)
    query = {name: value for name in ("action", "person", "since", "until")
             if (value := request.args.get(name, "").strip())}
    return render_template("audit/events.html", form=form, found=found,
                           rows=[_row(event) for event in found.events], query=query,
                           filtered=bool(query), keep_days=settings.audit_days)
