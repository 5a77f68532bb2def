"""Admin pages: people (the searchable list, a person's page, their email and trios),
principles, audiences and trios (coordinators and admins)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime, format_timedelta
from flask_babel import gettext as _
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from cbook.accounts import queries as people_queries
from cbook.accounts import resets
from cbook.accounts import service as accounts
from cbook.accounts.emails import is_email_address, normalise_email
from cbook.accounts.forms import EmptyForm
from cbook.accounts.models import User
from cbook.admin.forms import ROLE_CHOICES, AddToTrioForm, EditUserForm, EmailForm, NewUserForm
from cbook.admin.queries import get_person, trio_of
from cbook.books import queries as books
from cbook.books import trios
from cbook.books.forms import TrioForm
from cbook.books.models import Trio
from cbook.db import utcnow
from cbook.policy import Action, can, require
from cbook.principles import queries as tags
from cbook.principles import service as tagging
from cbook.principles.forms import AudienceForm, PrincipleForm
from cbook.roles import Role
from cbook.web.access import requires
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.links import external_url
from cbook.web.unit_of_work import input_errors_flashed, transaction

blueprint = Blueprint("admin", __name__, url_prefix="/admin")
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


@blueprint.route("/")
@requires(Action.MANAGE_TAXONOMY)
def dashboard() -> str:
    """Links to everything an administrator or coordinator manages."""
    return render_template("admin/dashboard.html")


# People ---------------------------------------------------------------------------------

def _trio_form(person: User, formdata: Any = None) -> AddToTrioForm:
    form = AddToTrioForm(formdata=formdata)
    mine = {m.trio_id for m in person.memberships}
    form.trio.choices = [(t.id, t.name) for t in books.list_trios(db()) if t.id not in mine]
    return form


def _person_page(person: User, *, form: EditUserForm | None = None,
                 email_form: EmailForm | None = None, status: int = 200) -> tuple[str, int]:
    page = render_template(
        "admin/user.html", person=person, form=form or EditUserForm(obj=person),
        email_form=email_form or EmailForm(formdata=None),
        trio_form=_trio_form(person), action_form=EmptyForm(),
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


def _confirm(heading: str, details: list[str], action: str, fields: dict[str, str], *,
             confirm_label: str, danger: bool, cancel_url: str) -> tuple[str, int]:
    return render_template(
        "admin/confirm.html", action_form=EmptyForm(), heading=heading, details=details,
        action=action, fields=fields, confirm_label=confirm_label, danger=danger,
        cancel_url=cancel_url), 200


@blueprint.route("/users", methods=["GET", "POST"])
@requires(Action.MANAGE_USERS)
def users() -> Response | str:
    """Everyone, searchable by name or email and filterable by role, and a form to add one."""
    form = NewUserForm()
    if form.validate_on_submit():
        with input_errors_flashed():
            with transaction():
                accounts.add_user(db(), acting_user(), form.email.data, Role(form.role.data),
                                  name=form.name.data or None, password=form.password.data)
            flash(_("User added."), "info")
            return redirect(url_for("admin.users"))
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
    person = get_person(db(), user_id)
    form = EditUserForm(obj=person)
    if form.validate_on_submit():
        with input_errors_flashed():
            with transaction():
                accounts.update_user(db(), acting_user(), person, role=Role(form.role.data),
                                     name=form.name.data, active=form.active.data,
                                     password=form.password.data or None)
            flash(_("User saved."), "info")
            return redirect(url_for("admin.edit_user", user_id=person.id))
    return _person_page(person, form=form)


@blueprint.route("/users/<int:user_id>/email", methods=["POST"])
@requires(Action.MANAGE_USERS)
def change_user_email(user_id: int) -> Response | tuple[str, int]:
    """Give a person a new email, after a confirmation page that says what changes."""
    person = get_person(db(), user_id)
    form = EmailForm()
    if not form.validate_on_submit():
        return _person_page(person, email_form=form, status=422)
    if not is_email_address(form.email.data):
        form.email.errors.append(_("That is not a valid email address."))
        return _person_page(person, email_form=form, status=422)
    address = normalise_email(form.email.data)
    if not accounts.email_is_free(db(), address, person):
        form.email.errors.append(
            _("%(email)s is already the email of another account.", email=address))
        return _person_page(person, email_form=form, status=422)
    if address == person.email:
        flash(_("That is already their email: nothing changed."), "info")
        return redirect(url_for("admin.edit_user", user_id=person.id))
    if form.confirmed.data != CONFIRMED:
        return _confirm(
            _("Change %(name)s's email?", name=person.name),
            [_("From %(old)s to %(new)s.", old=person.email, new=address),
             _("They sign in with the new address from now on; where they are "
               "signed in already, they stay signed in.")],
            url_for("admin.change_user_email", user_id=person.id),
            {"email": address, "confirmed": CONFIRMED}, confirm_label=_("Change email"),
            danger=False, cancel_url=url_for("admin.edit_user", user_id=person.id))
    with input_errors_flashed():  # taken meanwhile by someone else
        with transaction():
            accounts.change_email(db(), acting_user(), person, address)
        flash(_("Email changed: %(name)s now signs in as %(email)s.", name=person.name,
                email=address), "info")
    return redirect(url_for("admin.edit_user", user_id=person.id))


@blueprint.route("/users/<int:user_id>/send-reset", methods=["POST"])
@requires(Action.MANAGE_USERS)
def send_password_reset(user_id: int) -> Response:
    """Mail a person a link to choose their own password, instead of typing one for them."""
    person = get_person(db(), user_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("admin.edit_user", user_id=person.id))
    with input_errors_flashed():  # a deactivated account gets no mail
        with transaction():
            sent = resets.send_reset_by_admin(
                db(), acting_user(), person,
                lambda token: external_url("password_reset.reset", token=token))
        if sent:
            flash(_("A password-reset link is on its way to %(email)s; it works once, "
                    "within an hour.", email=person.email), "info")
        else:
            flash(_("%(email)s has been sent several links in the last hour already: "
                    "no other is sent until the hour has passed.", email=person.email),
                  "error")
    return redirect(url_for("admin.edit_user", user_id=person.id))


@blueprint.route("/users/<int:user_id>/trios", methods=["POST"])
@requires(Action.MANAGE_TRIOS)
def add_to_trio(user_id: int) -> Response:
    """Put the person in a trio, as a member or as its lead."""
    person = get_person(db(), user_id)
    form = _trio_form(person, request.form)
    if not form.validate_on_submit():
        flash(_("Choose a trio they are not in yet."), "error")
        return _after_trio_change(person, None)
    trio = books.get_trio(db(), form.trio.data)
    with input_errors_flashed():
        with transaction():
            trios.add_member(db(), acting_user(), trio, person, lead=form.lead.data)
        flash(_("%(name)s now leads %(trio)s.", name=person.name, trio=trio.name)
              if form.lead.data else
              _("%(name)s is now in %(trio)s.", name=person.name, trio=trio.name), "info")
    return _after_trio_change(person, trio)


@blueprint.route("/users/<int:user_id>/trios/<int:trio_id>/lead", methods=["POST"])
@requires(Action.MANAGE_TRIOS)
def make_trio_lead(user_id: int, trio_id: int) -> Response:
    """Make the person their trio's lead; the old lead stays a member."""
    person = get_person(db(), user_id)
    trio = trio_of(db(), person, trio_id)
    if EmptyForm().validate_on_submit():
        with transaction():
            trios.make_lead(db(), acting_user(), trio, person)
        flash(_("%(name)s now leads %(trio)s.", name=person.name, trio=trio.name), "info")
    return _after_trio_change(person, trio)


@blueprint.route("/users/<int:user_id>/trios/<int:trio_id>/remove", methods=["POST"])
@requires(Action.MANAGE_TRIOS)
def remove_from_trio(user_id: int, trio_id: int) -> Response | tuple[str, int]:
    """Take the person out of a trio, after a confirmation page."""
    person = get_person(db(), user_id)
    trio = trio_of(db(), person, trio_id)
    if not EmptyForm().validate_on_submit():
        return _after_trio_change(person, trio)
    if request.form.get("confirmed") != CONFIRMED:
        details = [_("They will no longer write %(trio)s's chapters; what they wrote stays.",
                     trio=trio.name)]
        if any(m.is_lead and m.user_id == person.id for m in trio.memberships):
            details.append(_("They lead it: the trio will have no lead until you name one."))
        return _confirm(
            _("Remove %(name)s from %(trio)s?", name=person.name, trio=trio.name), details,
            url_for("admin.remove_from_trio", user_id=person.id, trio_id=trio.id),
            {"confirmed": CONFIRMED}, confirm_label=_("Remove from trio"), danger=True,
            cancel_url=_back_url(person, trio))
    with transaction():
        trios.remove_member(db(), acting_user(), trio, person)
    flash(_("%(name)s is no longer in %(trio)s.", name=person.name, trio=trio.name), "info")
    return _after_trio_change(person, trio)


# Principles and audiences ---------------------------------------------------------------

@blueprint.route("/principles", methods=["GET", "POST"])
@requires(Action.MANAGE_TAXONOMY)
def principles() -> Response | str:
    """The principles, and a form to add one."""
    form = PrincipleForm()
    if form.validate_on_submit():
        with input_errors_flashed():
            with transaction():
                tagging.create_principle(db(), acting_user(), title=form.title.data,
                                         statement=form.statement.data,
                                         description=form.description.data or "",
                                         language=form.language.data or "en",
                                         slug=form.slug.data or None)
            flash(_("Principle added."), "info")
            return redirect(url_for("admin.principles"))
    return render_template("admin/principles.html", principles=tags.list_principles(db()),
                           form=form)


@blueprint.route("/principles/<slug>", methods=["GET", "POST"])
@requires(Action.MANAGE_TAXONOMY)
def edit_principle(slug: str) -> Response | str:
    """Edit one principle."""
    found = tags.get_principle(db(), slug)
    form = PrincipleForm(obj=found)
    if form.validate_on_submit():
        with input_errors_flashed():
            with transaction():
                tagging.update_principle(db(), acting_user(), found, title=form.title.data,
                                         statement=form.statement.data,
                                         description=form.description.data or "",
                                         language=form.language.data or "en",
                                         slug=form.slug.data or found.slug)
            flash(_("Principle saved."), "info")
            return redirect(url_for("admin.principles"))
    return render_template("admin/edit_tag.html", form=form, tag=found, kind="principle",
                           delete_url=url_for("admin.delete_principle", slug=found.slug),
                           action_form=EmptyForm())


@blueprint.route("/principles/<slug>/delete", methods=["POST"])
@requires(Action.MANAGE_TAXONOMY)
def delete_principle(slug: str) -> Response:
    """Delete a principle (its tags go with it)."""
    found = tags.get_principle(db(), slug)
    if EmptyForm().validate_on_submit():
        with transaction():
            tagging.delete_tag(db(), acting_user(), found)
        flash(_("Principle deleted."), "info")
    return redirect(url_for("admin.principles"))


@blueprint.route("/audiences", methods=["GET", "POST"])
@requires(Action.MANAGE_TAXONOMY)
def audiences() -> Response | str:
    """The audiences, and a form to add one."""
    form = AudienceForm()
    if form.validate_on_submit():
        with input_errors_flashed():
            with transaction():
                tagging.create_audience(db(), acting_user(), name=form.name.data,
                                        description=form.description.data or "",
                                        slug=form.slug.data or None)
            flash(_("Audience added."), "info")
            return redirect(url_for("admin.audiences"))
    return render_template("admin/audiences.html", audiences=tags.list_audiences(db()),
                           form=form)


@blueprint.route("/audiences/<slug>", methods=["GET", "POST"])
@requires(Action.MANAGE_TAXONOMY)
def edit_audience(slug: str) -> Response | str:
    """Edit one audience."""
    found = tags.get_audience(db(), slug)
    form = AudienceForm(obj=found)
    if form.validate_on_submit():
        with input_errors_flashed():
            with transaction():
                tagging.update_audience(db(), acting_user(), found, name=form.name.data,
                                        description=form.description.data or "",
                                        slug=form.slug.data or found.slug)
            flash(_("Audience saved."), "info")
            return redirect(url_for("admin.audiences"))
    return render_template("admin/edit_tag.html", form=form, tag=found, kind="audience",
                           delete_url=url_for("admin.delete_audience", slug=found.slug),
                           action_form=EmptyForm())


@blueprint.route("/audiences/<slug>/delete", methods=["POST"])
@requires(Action.MANAGE_TAXONOMY)
def delete_audience(slug: str) -> Response:
    """Delete an audience (its tags go with it)."""
    found = tags.get_audience(db(), slug)
    if EmptyForm().validate_on_submit():
        with transaction():
            tagging.delete_tag(db(), acting_user(), found)
        flash(_("Audience deleted."), "info")
    return redirect(url_for("admin.audiences"))


# Trios ----------------------------------------------------------------------------------

@blueprint.route("/trios", methods=["GET", "POST"])
@requires(Action.MANAGE_TRIOS)
def trio_list() -> Response | str:
    """The trios, and a form to add one."""
    form = TrioForm()
    if form.validate_on_submit():
        with input_errors_flashed():
            with transaction():
                trio = trios.create_trio(db(), acting_user(), name=form.name.data,
                                         description=form.description.data or "")
                trios.set_trio_members(db(), acting_user(), trio, lead=form.lead.data,
                                       members=(form.members.data or "").splitlines())
            flash(_("Trio added."), "info")
            return redirect(url_for("admin.trio_list"))
    return render_template("admin/trios.html", trios=books.list_trios(db()), form=form)


@blueprint.route("/trios/<int:trio_id>", methods=["GET", "POST"])
@requires(Action.MANAGE_TRIOS)
def edit_trio(trio_id: int) -> Response | str:
    """Edit one trio and its people."""
    trio = books.get_trio(db(), trio_id)
    form = TrioForm(obj=trio)
    if not form.is_submitted():
        form.lead.data = next((m.user.email for m in trio.memberships if m.is_lead), "")
        form.members.data = "\n".join(m.user.email for m in trio.memberships if not m.is_lead)
    if form.validate_on_submit():
        with input_errors_flashed():
            with transaction():
                trios.update_trio(db(), acting_user(), trio, name=form.name.data,
                                  description=form.description.data or "")
                trios.set_trio_members(db(), acting_user(), trio, lead=form.lead.data,
                                       members=(form.members.data or "").splitlines())
            flash(_("Trio saved."), "info")
            return redirect(url_for("admin.trio_list"))
    return render_template("admin/trio.html", form=form, trio=trio, action_form=EmptyForm())


@blueprint.route("/trios/<int:trio_id>/delete", methods=["POST"])
@requires(Action.MANAGE_TRIOS)
def delete_trio(trio_id: int) -> Response:
    """Delete a trio; its chapters stay."""
    trio = books.get_trio(db(), trio_id)
    require(acting_user(), Action.MANAGE_TRIOS)
    if EmptyForm().validate_on_submit():
        with transaction():
            trios.delete_trio(db(), acting_user(), trio)
        flash(_("Trio deleted."), "info")
    return redirect(url_for("admin.trio_list"))
