"""``/admin/mail``: the outbox as an admin sees it (failed and waiting mail), and retry."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from cbook.config import ConfigError
from cbook.mail import queries, service
from cbook.mail.forms import RetryForm
from cbook.mail.transport import transport_for
from cbook.policy import Action
from cbook.web.access import requires
from cbook.web.database import db
from cbook.web.unit_of_work import transaction

blueprint = Blueprint("mail", __name__, url_prefix="/admin/mail")


@blueprint.route("")
@requires(Action.MANAGE_USERS)
def outbox() -> str:
    """Failed mail first, then mail waiting to go, and the last messages sent."""
    settings = current_app.config["CBOOK_SETTINGS"]
    try:
        destination = transport_for(settings).describe()
    except ConfigError as error:
        destination = _("nowhere: %(problem)s", problem=str(error))
    return render_template("admin/mail_outbox.html", counts=queries.counts(db()),
                           waiting=queries.needing_attention(db()),
                           sent=queries.recently_sent(db()), destination=destination,
                           max_attempts=settings.mail_max_attempts, form=RetryForm())


@blueprint.route("/<int:message_id>/retry", methods=["POST"])
@requires(Action.MANAGE_USERS)
def retry(message_id: int) -> Response:
    """Queue one message again now, with a fresh set of attempts."""
    if RetryForm().validate_on_submit():
        with transaction():
            row = service.retry(db(), message_id)
        if row is None:  # purged since the page was drawn
            flash(_("That message is no longer in the outbox."), "info")
        else:
            flash(_("The message to %(address)s will be sent again shortly.",
                    address=row.to_address), "info")
    return redirect(url_for("mail.outbox"))
