"""Password reset pages: ask for a link by email, then choose a new password with it.

Both pages are rate-limited (per client, and the request per address too); the service
behind them (``cbook.accounts.resets``) caps the mail any one account can be sent. The
answer to a request never says whether the address has an account.
"""

from __future__ import annotations

import hashlib
from typing import cast

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from flask_login import login_user
from werkzeug.wrappers import Response

from cbook.accounts import resets
from cbook.accounts.emails import canonical_email
from cbook.accounts.forms import ForgotPasswordForm, ResetPasswordForm
from cbook.extensions import limiter
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.links import external_url
from cbook.web.unit_of_work import input_errors_flashed, transaction

blueprint = Blueprint("password_reset", __name__)

CLIENT_LIMIT = "5 per minute; 20 per hour"
ADDRESS_LIMIT = "5 per hour"
LINK_LIMIT = "10 per minute"
PROBLEM_STATUS = {
    resets.LinkProblem.UNKNOWN: 404,
    resets.LinkProblem.EXPIRED: 410,
    resets.LinkProblem.USED: 410,
    resets.LinkProblem.OTHER_ACCOUNT: 403,
}


def _client_limit() -> str:
    settings = current_app.config.get("CBOOK_SETTINGS")
    return cast(str, current_app.config.get("CBOOK_RESET_RATE_LIMIT")
                or getattr(settings, "reset_rate_limit", "") or CLIENT_LIMIT)


def _address_limit() -> str:
    return cast(str, current_app.config.get("CBOOK_RESET_ADDRESS_RATE_LIMIT") or ADDRESS_LIMIT)


def _address_key() -> str:
    """The limit's key for the address asked about, however it is spelt (hashed: bounded)."""
    typed = request.form.get("email", "")
    address = canonical_email(typed) or typed.strip().lower()
    return "reset-address:" + hashlib.sha256(address.encode(errors="replace")).hexdigest()


def reset_link(token: str) -> str:
    """The link a reset mail carries."""
    return external_url("password_reset.reset", token=token)


def _private(response: Response) -> Response:
    # The page's address holds the token: never cached, never sent on as a Referer.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@blueprint.errorhandler(RateLimitExceeded)
def _too_many(_error: RateLimitExceeded) -> tuple[str, int]:
    return render_template("accounts/forgot_password.html", state="limited",
                           form=None), 429


@blueprint.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_client_limit, methods=["POST"])
@limiter.limit(_address_limit, methods=["POST"], key_func=_address_key)
def forgot() -> Response | tuple[str, int]:
    """Ask for a reset link; the answer is the same whether the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        with input_errors_flashed():  # an address no mail can be sent to: said for both
            with transaction():
                resets.request_reset(db(), form.email.data, reset_link,
                                     language=str(get_locale()))
            return redirect(url_for("password_reset.forgot", sent="1"))
        return render_template("accounts/forgot_password.html", form=form, state="form"), 422
    state = "sent" if request.method == "GET" and request.args.get("sent") else "form"
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/forgot_password.html", form=form, state=state), status


def _problem(problem: resets.LinkProblem | None) -> Response:
    kind = problem or resets.LinkProblem.UNKNOWN
    page = render_template("accounts/reset_password.html", problem=kind.value)
    return _private(Response(page, status=PROBLEM_STATUS[kind], mimetype="text/html"))


@blueprint.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: LINK_LIMIT, methods=["POST"])
def reset(token: str) -> Response:
    """Choose a new password with a link from a reset mail; then signed in here."""
    viewer = acting_user()
    check = resets.check_link(db(), token, viewer)
    if check.reset is None:
        return _problem(check.problem)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        with input_errors_flashed():  # e.g. characters a password cannot hold
            with transaction():
                user, problem = resets.reset_password(db(), token, form.new.data, viewer)
            if user is None:
                return _problem(problem)
            # A fresh session, as at every sign-in; every older login session has ended.
            session.clear()
            login_user(user)
            flash(_("Your new password is set and you are signed in. Every other browser "
                    "signed in to your account has been signed out."), "info")
            return redirect(url_for("books.home"))
    page = render_template("accounts/reset_password.html", problem=None, form=form,
                           token=token, email=check.reset.user.email)
    status = 400 if request.method == "POST" else 200
    return _private(Response(page, status=status, mimetype="text/html"))
