"""Sign in, sign out, and the account page with personal API tokens."""

from __future__ import annotations

from typing import cast
from urllib.parse import urlsplit

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
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from werkzeug.wrappers import Response

from cbook.accounts import email_change, queries, service
from cbook.accounts.forms import (
    EmptyForm,
    LoginForm,
    OwnEmailForm,
    PasswordForm,
    ProfileForm,
    TokenForm,
)
from cbook.accounts.models import User
from cbook.accounts.resets import LinkProblem
from cbook.errors import NotFound
from cbook.extensions import limiter
from cbook.policy import Action
from cbook.web.access import requires
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.links import external_url
from cbook.web.unit_of_work import input_errors_flashed, transaction

blueprint = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str:
    """Only redirect to a path on this site after sign-in (no open redirects)."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and "\\" not in target:
            return target
    return url_for("books.home")


def _login_limit() -> str:
    return cast(str, current_app.config["CBOOK_LOGIN_RATE_LIMIT"])


@blueprint.route("/login", methods=["GET", "POST"])
@limiter.limit(
    _login_limit, methods=["POST"],
    # Only failed attempts count, so a real user is never locked out by their own
    # successful sign-ins, and the window passes after a minute.
    deduct_when=lambda response: response.status_code != 302,
)
def login() -> Response | tuple[str, int] | str:
    """The sign-in form."""
    form = LoginForm()
    if form.validate_on_submit():
        user = service.authenticate(db(), form.email.data, form.password.data)
        if user is not None:
            # A fresh session at sign-in: nothing set before it (e.g. by an attacker
            # who planted a cookie) carries over.
            session.clear()
            with transaction():
                service.start_login_session(db(), user)
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        with transaction():
            service.note_failed_sign_in(db(), form.email.data)
        flash(_("That email and password do not match an active account."), "error")
        return render_template("accounts/login.html", form=form), 401
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/login.html", form=form), status


@blueprint.route("/logout", methods=["GET", "POST"])
def logout() -> Response | str:
    """Sign out: GET asks to confirm, POST signs out for good."""
    form = EmptyForm()
    if request.method == "GET":
        return render_template("accounts/logout.html", form=form)
    viewer = acting_user()
    if viewer is not None and viewer.login_token:
        with transaction():
            service.end_login_session(db(), viewer.login_token)
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("books.home"))


def _account_page(viewer: User, *, form: TokenForm | None = None, new_token: str | None = None,
                  email_form: OwnEmailForm | None = None,
                  profile_form: ProfileForm | None = None) -> str:
    return render_template("accounts/account.html", form=form or TokenForm(formdata=None),
                           tokens=queries.list_api_tokens(db(), viewer), new_token=new_token,
                           revoke_form=EmptyForm(),
                           password_form=PasswordForm(formdata=None),
                           email_form=email_form or OwnEmailForm(formdata=None),
                           profile_form=profile_form or ProfileForm(formdata=None, obj=viewer))


@blueprint.route("/account", methods=["GET", "POST"])
@requires(Action.USE_ACCOUNT)
def account() -> str:
    """The viewer's account: their role, trios, email, password and API tokens."""
    viewer = cast(User, acting_user())
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        with transaction():
            new_token = service.create_api_token(db(), viewer, form.label.data or "")
    return _account_page(viewer, form=form, new_token=new_token)


@blueprint.route("/account/email", methods=["POST"])
@requires(Action.USE_ACCOUNT)
def change_email() -> Response | tuple[str, int]:
    """Ask to change the viewer's own email: a link to the new address confirms it."""
    viewer = cast(User, acting_user())
    form = OwnEmailForm()
    if form.validate_on_submit():
        # Asked first so that the answer stands beside its own field.
        if service.authenticate(db(), viewer.email, form.password.data) is None:
            form.password.errors.append(_("That is not your current password."))
        else:
            with input_errors_flashed():
                with transaction():
                    address = email_change.request_change(
                        db(), viewer, form.password.data, form.email.data,
                        secret=current_app.config["SECRET_KEY"],
                        link_for=lambda token: external_url("accounts.confirm_email",
                                                            token=token))
                flash(_("If %(email)s can be used, a link is on its way there: open it within "
                        "24 hours, signed in, to confirm. Until then you sign in as %(old)s.",
                        email=address, old=viewer.email), "info")
                return redirect(url_for("accounts.account"))
    return _account_page(viewer, email_form=form), 422


_PROBLEM_STATUS = {"unknown": 404, "expired": 410, "used": 410, "other_account": 403}


@blueprint.route("/account/email/confirm/<token>", methods=["GET", "POST"])
@requires(Action.USE_ACCOUNT)
def confirm_email(token: str) -> Response | str | tuple[str, int]:
    """The link from the new address: GET asks, POST changes the email."""
    viewer = cast(User, acting_user())
    secret = current_app.config["SECRET_KEY"]
    found = email_change.check(db(), token, viewer, secret=secret)
    if isinstance(found, LinkProblem):
        return (render_template("accounts/confirm_email.html", problem=found.value),
                _PROBLEM_STATUS[found.value])
    form = EmptyForm()
    if form.validate_on_submit():
        with input_errors_flashed():  # the address taken by someone else since
            with transaction():
                address = email_change.confirm(db(), token, viewer, secret=secret)
            flash(_("Email changed: you now sign in as %(email)s.", email=address), "info")
            return redirect(url_for("accounts.account"))
        return redirect(url_for("accounts.account"))
    return render_template("accounts/confirm_email.html", problem=None, address=found.address,
                           form=form)


@blueprint.route("/account/password", methods=["POST"])
@requires(Action.USE_ACCOUNT)
def change_password() -> Response:
    """Change the viewer's own password."""
    form = PasswordForm()
    if not form.validate_on_submit():
        flash(_("Enter your current password and a new one of at least 10 characters."), "error")
        return redirect(url_for("accounts.account"))
    with input_errors_flashed():
        with transaction():
            service.change_own_password(db(), cast(User, acting_user()), form.current.data,
                                        form.new.data)
        flash(_("Password changed. Other browsers you were signed in on are signed out."), "info")
    return redirect(url_for("accounts.account"))


@blueprint.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@requires(Action.USE_ACCOUNT)
@transaction()
def revoke_token(token_id: int) -> Response:
    """Revoke one of the viewer's tokens."""
    service.revoke_api_token(db(), cast(User, acting_user()), token_id)
    flash(_("Token revoked."), "info")
    return redirect(url_for("accounts.account"))


@blueprint.route("/account/profile", methods=["POST"])
@requires(Action.USE_ACCOUNT)
def change_profile() -> Response | tuple[str, int]:
    """Change one's own name, pronouns and bio."""
    viewer = cast(User, acting_user())
    form = ProfileForm()
    if form.validate_on_submit():
        with input_errors_flashed():
            with transaction():
                service.update_profile(db(), viewer, name=form.name.data,
                                       pronouns=form.pronouns.data, bio=form.bio.data)
            flash(_("Profile saved: this is how others see you beside your words."), "info")
            return redirect(url_for("accounts.person", user_id=viewer.id))
    return _account_page(viewer, profile_form=form), 422


@blueprint.route("/people/<int:user_id>")
@requires(Action.USE_ACCOUNT)
def person(user_id: int) -> str:
    """Someone's profile, for those signed in: name, pronouns, bio, trios."""
    found = db().get(User, user_id)
    if found is None or not found.active:
        raise NotFound("no such person")
    return render_template("accounts/person.html", person=found)
