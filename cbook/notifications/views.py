"""``/account/notifications`` (choose your emails) and ``/unsubscribe/<token>`` (one click).

The unsubscribe link is signed with the site's secret (itsdangerous, a salt of its own):
it names a person and a category and works without signing in. GET only asks (mail
scanners and link previews follow links), POST stops; RFC 8058 mail clients POST
``List-Unsubscribe=One-Click`` to it themselves, without a CSRF token, so the signature
is what authorises it.
"""

from __future__ import annotations

from typing import cast

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from cbook.accounts.models import User
from cbook.extensions import csrf
from cbook.notifications import service
from cbook.notifications.forms import EmailChoicesForm, StopForm
from cbook.notifications.links import read_unsubscribe_token
from cbook.policy import Action
from cbook.web.access import requires
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.unit_of_work import input_errors_flashed, transaction

blueprint = Blueprint("notifications", __name__)
@blueprint.route("/account/notifications", methods=["GET", "POST"])
@requires(Action.USE_ACCOUNT)
def choices() -> Response | str:
    """Each category with its three choices."""
    viewer = cast(User, acting_user())
    form = EmailChoicesForm()
    if form.validate_on_submit():
        with input_errors_flashed():
            with transaction():
                service.save_choices(db(), viewer, form.chosen())
            flash(_("Saved: you will be emailed as you chose."), "info")
            return redirect(url_for("notifications.choices"))
    elif not form.is_submitted():
        for category, delivery in service.choices_for(db(), viewer.id).items():
            getattr(form, category.value).data = delivery.value
    return render_template("notifications/choices.html", form=form, address=viewer.email)


def _masked(address: str) -> str:
    local, _at, domain = address.partition("@")
    return f"{local[:1]}…@{domain}" if domain else "…"


@blueprint.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # type: ignore[untyped-decorator]
def unsubscribe(token: str) -> Response | str | tuple[str, int]:
    """Stop one category of email for the person the link was sent to."""
    found = read_unsubscribe_token(current_app.config["SECRET_KEY"], token)
    person = db().get(User, found[0]) if found is not None else None
    if found is None or person is None:
        return render_template("notifications/unsubscribe.html", problem=True), 404
    category = found[1]
    form = StopForm()
    done = False
    if form.is_submitted():
        with transaction():
            service.stop(db(), person.id, category)
        done = True
    return render_template("notifications/unsubscribe.html", problem=False, done=done,
                           form=form, category=category.value, address=_masked(person.email))
