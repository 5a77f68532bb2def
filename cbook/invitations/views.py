"""Invitation pages: the pending list (re-send, revoke), invite one, invite a cohort by CSV,
and the page a link opens (``/invitations/<token>``)."""

from __future__ import annotations

from flask import (
    Blueprint,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import login_user
from werkzeug.wrappers import Response

from cbook.accounts.forms import EmptyForm
from cbook.accounts.models import User
from cbook.accounts.service import find_user_by_email, start_login_session
from cbook.errors import InvalidInput
from cbook.invitations import cohort, queries, service
from cbook.invitations.forms import AcceptForm, CohortConfirmForm, CohortForm, InviteForm
from cbook.invitations.models import Invitation
from cbook.invitations.service import LinkProblem, LinkUnusable
from cbook.policy import Action, require
from cbook.web.access import requires
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.links import external_url
from cbook.web.unit_of_work import input_errors_flashed, refusal_shown, transaction

blueprint = Blueprint("invitations", __name__)

# Gone for good (410) unless the link never existed (404); another account: 403.
_PROBLEM_STATUS = {LinkProblem.UNKNOWN: 404, LinkProblem.EXPIRED: 410,
                   LinkProblem.ACCEPTED: 410, LinkProblem.REVOKED: 410,
                   LinkProblem.OTHER_ACCOUNT: 403}


def link_for(token: str) -> str:
    """The absolute acceptance link for a token (``CBOOK_SITE_URL``, never a forged Host)."""
    return external_url("invitations.accept", token=token)


def _private(response: Response) -> Response:
    # The page's address holds the token: never cached, never sent on as a Referer.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _viewer() -> User:
    viewer = acting_user()
    require(viewer, Action.INVITE_PEOPLE)
    assert viewer is not None  # require() let a signed-in person through
    return viewer


@blueprint.route("/invitations")
@requires(Action.INVITE_PEOPLE)
def pending() -> str:
    """The invitations still waiting, with re-send and revoke."""
    return render_template("invitations/list.html", action_form=EmptyForm(),
                           invitations=queries.pending_invitations(db(), _viewer()))


@blueprint.route("/invitations/new", methods=["GET", "POST"])
@requires(Action.INVITE_PEOPLE)
def new() -> Response | str | tuple[str, int]:
    """Invite one person."""
    viewer = _viewer()
    form = InviteForm().offer(viewer, queries.trios_to_invite_into(db(), viewer))
    if request.method == "GET" and request.args.get("trio"):
        form.trio.data = request.args["trio"]
    if form.validate_on_submit():
        trio = queries.find_trio(db(), form.trio.data) if form.trio.data else None
        with input_errors_flashed():
            with transaction():
                sent = service.invite(db(), viewer, form.email.data, form.role.data, trio,
                                      link_for, language=str(get_locale()))
                address = sent.invitation.email
            flash(_("Invitation sent to %(email)s. The link works once, for 7 days.",
                    email=address), "info")
            return redirect(url_for("invitations.pending"))
    status = 400 if request.method == "POST" else 200
    return render_template("invitations/new.html", form=form), status


@blueprint.route("/invitations/cohort", methods=["GET", "POST"])
@requires(Action.INVITE_PEOPLE)
def cohort_upload() -> Response | str | tuple[str, int]:
    """A CSV of people: first a preview of every row, then (confirmed) the invitations."""
    viewer = _viewer()
    form, confirm = CohortForm(), CohortConfirmForm()
    if request.method == "POST" and "csv_text" in request.form and confirm.validate_on_submit():
        with input_errors_flashed():
            with transaction():
                sent = cohort.send(db(), viewer, (confirm.csv_text.data or "").encode(),
                                   link_for, language=str(get_locale()))
                count = len(sent)
            flash(ngettext("Sent %(num)s invitation.", "Sent %(num)s invitations.", count), "info")
            return redirect(url_for("invitations.pending"))
    elif form.validate_on_submit():
        upload = request.files.get("file")
        data = upload.stream.read(cohort.MAX_BYTES + 1) if upload else b""
        with input_errors_flashed():
            if not data:
                raise InvalidInput(_("Choose a CSV file first."))
            rows = cohort.plan(db(), viewer, data)
            confirm.csv_text.data = data.decode("utf-8-sig")
            return render_template("invitations/cohort.html", form=form, rows=rows,
                                   confirm=confirm if any(row.ok for row in rows) else None,
                                   ready=sum(row.ok for row in rows))
        return render_template("invitations/cohort.html", form=form, rows=None), 400
    status = 400 if request.method == "POST" else 200
    return render_template("invitations/cohort.html", form=form, rows=None), status


def _managed(invitation_id: int) -> Invitation:
    invitation = queries.get_invitation(db(), invitation_id)
    require(acting_user(), Action.INVITE_PEOPLE, invitation)
    return invitation


@blueprint.route("/invitations/<int:invitation_id>/resend", methods=["POST"])
@requires(Action.INVITE_PEOPLE)
def resend(invitation_id: int) -> Response:
    """Send a fresh link (the old one stops working)."""
    form = EmptyForm()
    if form.validate_on_submit():
        with input_errors_flashed():
            with transaction():
                sent = service.resend(db(), _viewer(), _managed(invitation_id), link_for,
                                      language=str(get_locale()))
                address = sent.invitation.email
            flash(_("Sent a new link to %(email)s; the old link no longer works.",
                    email=address), "info")
    return redirect(url_for("invitations.pending"))


@blueprint.route("/invitations/<int:invitation_id>/revoke", methods=["GET", "POST"])
@requires(Action.INVITE_PEOPLE)
def revoke(invitation_id: int) -> Response | str:
    """Withdraw an invitation: GET asks to confirm, POST withdraws it."""
    invitation = _managed(invitation_id)
    form = EmptyForm()
    if request.method == "GET" or not form.validate_on_submit():
        return render_template(
            "admin/confirm.html", action_form=form, fields={}, danger=True,
            heading=_("Withdraw the invitation to %(email)s?", email=invitation.email),
            details=[_("The link in their mail will stop working. You can invite them again "
                       "later.")],
            action=url_for("invitations.revoke", invitation_id=invitation.id),
            confirm_label=_("Withdraw invitation"), cancel_url=url_for("invitations.pending"))
    with input_errors_flashed():
        with transaction():
            address = invitation.email
            withdrawn = service.revoke(db(), _viewer(), invitation)
        flash(_("Withdrew the invitation to %(email)s: its link no longer works.", email=address)
              if withdrawn else _("The invitation to %(email)s was already withdrawn.",
                                  email=address), "info")
    return redirect(url_for("invitations.pending"))


def _problem_page(problem: LinkProblem) -> tuple[str, int]:
    return (render_template("invitations/unusable.html", problem=problem.value),
            _PROBLEM_STATUS[problem])


def _landing(invitation: Invitation) -> str:
    chapter = queries.trio_chapter(db(), invitation.trio_id) if invitation.trio_id else None
    if chapter is not None:
        return url_for("books.chapter", chapter_id=chapter.id)
    return url_for("books.home")


@blueprint.route("/invitations/<token>", methods=["GET", "POST"])
def accept(token: str) -> Response:
    """The page an invitation link opens: choose a name and password, or sign in and accept."""
    return _private(make_response(_accept(token)))


def _accept(token: str) -> Response | str | tuple[str, int]:
    viewer = acting_user()
    checked = service.look_up(db(), token, viewer)
    if checked.problem is not None or checked.invitation is None:
        return _problem_page(checked.problem or LinkProblem.UNKNOWN)
    invitation = checked.invitation
    has_account = find_user_by_email(db(), invitation.email) is not None
    form, accept_form = AcceptForm(), EmptyForm()
    refused: list[LinkProblem] = []
    if viewer is not None and accept_form.validate_on_submit():
        with refusal_shown(LinkUnusable, lambda refusal: refused.append(refusal.problem)):
            with transaction():
                service.accept_existing(db(), token, viewer)
            flash(_("Welcome: the invitation is now part of your account."), "info")
            return redirect(_landing(invitation))
    elif viewer is None and not has_account and form.validate_on_submit():
        with input_errors_flashed(), refusal_shown(
                LinkUnusable, lambda refusal: refused.append(refusal.problem)):
            with transaction():
                person = service.accept_new(db(), token, form.name.data, form.password.data)
                session.clear()  # a fresh session at sign-in, as the sign-in form does
                start_login_session(db(), person)
            login_user(person)
            flash(_("Welcome to Culture Book, %(name)s.", name=person.name), "info")
            return redirect(_landing(invitation))
    if refused:
        return _problem_page(refused[0])
    status = 400 if request.method == "POST" else 200
    return render_template("invitations/accept.html", invitation=invitation, form=form,
                           accept_form=accept_form, has_account=has_account,
                           viewer=viewer), status
