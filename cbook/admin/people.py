"""Admin pages for people: the searchable list, a person's page, their email and trios."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_datetime, format_timedelta
from flask_babel import gettext as _
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from cbook.accounts import queries as people_queries
from cbook.accounts import service as accounts
from cbook.accounts.forms import EmptyForm
from cbook.accounts.models import User
from cbook.admin.blueprint import blueprint, failed
from cbook.admin.forms import ROLE_CHOICES, AddToTrioForm, EditUserForm, EmailForm, NewUserForm
from cbook.books import queries as books
from cbook.books import trios
from cbook.books.models import Trio
from cbook.db import utcnow
from cbook.errors import DomainError, NotFound
from cbook.policy import Action, can
from cbook.roles import Role
from cbook.web.access import requires
from cbook.web.auth import acting_user
from cbook.web.database import db

CONFIRMED = "yes"


@blueprint.app_template_filter("signed_in")
def signed_in(moment: datetime | None) -> Markup:
    """When someone last signed in, in words ("3 hours ago"), the exact time on hover."""
    if moment is None:
        return escape(_("never"))
    if moment.tzinfo is None:  # SQLite hands back naive datetimes; they are stored in UTC
        moment = moment.replace(tzinfo=UTC)
    elapsed = utcnow() - moment
    # Babel words a negative span as the past ("3 days ago"), a positive one as the future.
    words = (_("just now") if elapsed < timedelta(minutes=1)
             else format_timedelta(-elapsed, add_direction=True))
    return Markup('<time datetime="{}" title="{}">{}</time>').format(
        moment.isoformat(timespec="seconds"), format_datetime(moment, "medium"), words)


def _person(user_id: int) -> User:
    person = db().get(User, user_id)
    if person is None:
        raise NotFound("no such user")
    return person


def _trio_of(person: User, trio_id: int) -> Trio:
    trio = books.get_trio(db(), trio_id)
    if all(m.user_id != person.id for m in trio.memberships):
        raise NotFound("not in that trio")
    return trio


def _trio_form(person: User, formdata: Any = None) -> AddToTrioForm:
    form = AddToTrioForm(formdata=formdata)
    mine = {m.trio_id for m in person.memberships}
    form.trio.choices = [(t.id, t.name) for t in books.list_trios(db()) if t.id not in mine]
    return form


def _person_page(person: User, *, form: EditUserForm | None = None,
                 email_form: EmailForm | None = None, trio_form: AddToTrioForm | None = None,
                 status: int = 200) -> tuple[str, int]:
    page = render_template(
        "admin/user.html", person=person, form=form or EditUserForm(obj=person),
        email_form=email_form or EmailForm(formdata=None),
        trio_form=trio_form or _trio_form(person), action_form=EmptyForm(),
        any_trios=bool(books.list_trios(db())),
        manages_trios=can(acting_user(), Action.MANAGE_TRIOS))
    return page, status


def _back_url(person: User, trio: Trio | None) -> str:
    # Coordinators manage trios but not people: send them back to the trio instead.
    if can(acting_user(), Action.MANAGE_USERS):
        return url_for("admin.edit_user", user_id=person.id) + "#trios"
    if trio is None:
        return url_for("admin.trio_list")
    return url_for("admin.edit_trio", trio_id=trio.id)


def _after_trio_change(person: User, trio: Trio | None) -> Response:
    return redirect(_back_url(person, trio))


@blueprint.route("/users", methods=["GET", "POST"])
@requires(Action.MANAGE_USERS)
def users() -> Response | str:
    """Everyone, searchable by name or email and filterable by role, and a form to add one."""
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            accounts.create_user(db(), form.email.data, Role(form.role.data),
                                 name=form.name.data or None, password=form.password.data)
            db().commit()
            flash(_("User added."), "info")
            return redirect(url_for("admin.users"))
        except DomainError as error:
            failed(error)
    text = request.args.get("q", "").strip()
    wanted_role = request.args.get("role", "")
    role = Role(wanted_role) if wanted_role in {r.value for r in Role} else None
    found = people_queries.search_people(db(), text, role,
                                         request.args.get("page", 1, type=int) or 1)
    return render_template("admin/users.html", found=found, form=form, q=text,
                           role=role.value if role else "", role_choices=ROLE_CHOICES)


@blueprint.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires(Action.MANAGE_USERS)
def edit_user(user_id: int) -> Response | tuple[str, int]:
    """A person's page: role, name, access and password; their email; their trios."""
    person = _person(user_id)
    form = EditUserForm(obj=person)
    if form.validate_on_submit():
        try:
            accounts.update_user(db(), acting_user(), person, role=Role(form.role.data),
                                 name=form.name.data, active=form.active.data,
                                 password=form.password.data or None)
            db().commit()
            flash(_("User saved."), "info")
            return redirect(url_for("admin.edit_user", user_id=person.id))
        except DomainError as error:
            failed(error)
    return _person_page(person, form=form)


@blueprint.route("/users/<int:user_id>/email", methods=["POST"])
@requires(Action.MANAGE_USERS)
def change_user_email(user_id: int) -> Response | tuple[str, int]:
    """Give a person a new email, after a confirmation page that says what changes."""
    person = _person(user_id)
    form = EmailForm()
    if not form.validate_on_submit():
        return _person_page(person, email_form=form, status=422)
    try:
        free = accounts.email_is_free(db(), form.email.data, person)
    except DomainError:
        form.email.errors.append(_("That is not a valid email address."))
        return _person_page(person, email_form=form, status=422)
    address = accounts.normalise_email(form.email.data)
    if not free:
        form.email.errors.append(
            _("%(email)s is already the email of another account.", email=address))
        return _person_page(person, email_form=form, status=422)
    if address == person.email:
        flash(_("That is already their email: nothing changed."), "info")
        return redirect(url_for("admin.edit_user", user_id=person.id))
    if form.confirmed.data != CONFIRMED:
        return render_template(
            "admin/confirm.html", action_form=EmptyForm(),
            heading=_("Change %(name)s's email?", name=person.name),
            details=[_("From %(old)s to %(new)s.", old=person.email, new=address),
                     _("They sign in with the new address from now on; where they are "
                       "signed in already, they stay signed in.")],
            action=url_for("admin.change_user_email", user_id=person.id),
            fields={"email": address, "confirmed": CONFIRMED},
            confirm_label=_("Change email"), danger=False,
            cancel_url=url_for("admin.edit_user", user_id=person.id)), 200
    try:
        accounts.change_email(db(), acting_user(), person, address)
        db().commit()
    except DomainError as error:  # taken meanwhile by someone else
        failed(error)
        return redirect(url_for("admin.edit_user", user_id=person.id))
    flash(_("Email changed: %(name)s now signs in as %(email)s.", name=person.name,
            email=address), "info")
    return redirect(url_for("admin.edit_user", user_id=person.id))


@blueprint.route("/users/<int:user_id>/trios", methods=["POST"])
@requires(Action.MANAGE_TRIOS)
def add_to_trio(user_id: int) -> Response:
    """Put the person in a trio, as a member or as its lead."""
    person = _person(user_id)
    form = _trio_form(person, request.form)
    if not form.validate_on_submit():
        flash(_("Choose a trio they are not in yet."), "error")
        return _after_trio_change(person, None)
    trio = books.get_trio(db(), form.trio.data)
    try:
        trios.add_member(db(), acting_user(), trio, person, lead=form.lead.data)
        db().commit()
    except DomainError as error:
        failed(error)
        return _after_trio_change(person, trio)
    message = (_("%(name)s now leads %(trio)s.", name=person.name, trio=trio.name)
               if form.lead.data else
               _("%(name)s is now in %(trio)s.", name=person.name, trio=trio.name))
    flash(message, "info")
    return _after_trio_change(person, trio)


@blueprint.route("/users/<int:user_id>/trios/<int:trio_id>/lead", methods=["POST"])
@requires(Action.MANAGE_TRIOS)
def make_trio_lead(user_id: int, trio_id: int) -> Response:
    """Make the person their trio's lead; the old lead stays a member."""
    person = _person(user_id)
    trio = _trio_of(person, trio_id)
    if EmptyForm().validate_on_submit():
        trios.make_lead(db(), acting_user(), trio, person)
        db().commit()
        flash(_("%(name)s now leads %(trio)s.", name=person.name, trio=trio.name), "info")
    return _after_trio_change(person, trio)


@blueprint.route("/users/<int:user_id>/trios/<int:trio_id>/remove", methods=["POST"])
@requires(Action.MANAGE_TRIOS)
def remove_from_trio(user_id: int, trio_id: int) -> Response | tuple[str, int]:
    """Take the person out of a trio, after a confirmation page."""
    person = _person(user_id)
    trio = _trio_of(person, trio_id)
    if not EmptyForm().validate_on_submit():
        return _after_trio_change(person, trio)
    if request.form.get("confirmed") != CONFIRMED:
        leads = any(m.is_lead and m.user_id == person.id for m in trio.memberships)
        details = [_("They will no longer write %(trio)s's chapters; what they wrote stays.",
                     trio=trio.name)]
        if leads:
            details.append(_("They lead it: the trio will have no lead until you name one."))
        return render_template(
            "admin/confirm.html", action_form=EmptyForm(),
            heading=_("Remove %(name)s from %(trio)s?", name=person.name, trio=trio.name),
            details=details, fields={"confirmed": CONFIRMED},
            action=url_for("admin.remove_from_trio", user_id=person.id, trio_id=trio.id),
            confirm_label=_("Remove from trio"), danger=True,
            cancel_url=_back_url(person, trio)), 200
    trios.remove_member(db(), acting_user(), trio, person)
    db().commit()
    flash(_("%(name)s is no longer in %(trio)s.", name=person.name, trio=trio.name), "info")
    return _after_trio_change(person, trio)
