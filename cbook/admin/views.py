"""Admin pages: principles, audiences and trios (coordinators and admins); people in people.py."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from cbook.accounts.forms import EmptyForm
from cbook.admin import people  # noqa: F401 - registers the people pages on the blueprint
from cbook.admin.blueprint import blueprint, failed
from cbook.admin.forms import AudienceForm, PrincipleForm, TrioForm
from cbook.books import queries as books
from cbook.books import trios
from cbook.errors import DomainError
from cbook.policy import Action, require
from cbook.principles import queries as tags
from cbook.principles import service as tagging
from cbook.web.access import requires
from cbook.web.auth import acting_user
from cbook.web.database import db

__all__ = ["blueprint"]


@blueprint.route("/")
@requires(Action.MANAGE_TAXONOMY)
def dashboard() -> str:
    """Links to everything an administrator or coordinator manages."""
    return render_template("admin/dashboard.html")


@blueprint.route("/principles", methods=["GET", "POST"])
@requires(Action.MANAGE_TAXONOMY)
def principles() -> Response | str:
    """The principles, and a form to add one."""
    form = PrincipleForm()
    if form.validate_on_submit():
        try:
            tagging.create_principle(db(), acting_user(), title=form.title.data,
                                     statement=form.statement.data,
                                     description=form.description.data or "",
                                     slug=form.slug.data or None)
            db().commit()
            flash(_("Principle added."), "info")
            return redirect(url_for("admin.principles"))
        except DomainError as error:
            failed(error)
    return render_template("admin/principles.html", principles=tags.list_principles(db()),
                           form=form)


@blueprint.route("/principles/<slug>", methods=["GET", "POST"])
@requires(Action.MANAGE_TAXONOMY)
def edit_principle(slug: str) -> Response | str:
    """Edit one principle."""
    found = tags.get_principle(db(), slug)
    form = PrincipleForm(obj=found)
    if form.validate_on_submit():
        try:
            tagging.update_principle(db(), acting_user(), found, title=form.title.data,
                                     statement=form.statement.data,
                                     description=form.description.data or "",
                                     slug=form.slug.data or found.slug)
            db().commit()
            flash(_("Principle saved."), "info")
            return redirect(url_for("admin.principles"))
        except DomainError as error:
            failed(error)
    return render_template("admin/edit_tag.html", form=form, tag=found, kind="principle",
                           delete_url=url_for("admin.delete_principle", slug=found.slug),
                           action_form=EmptyForm())


@blueprint.route("/principles/<slug>/delete", methods=["POST"])
@requires(Action.MANAGE_TAXONOMY)
def delete_principle(slug: str) -> Response:
    """Delete a principle (its tags go with it)."""
    found = tags.get_principle(db(), slug)
    if EmptyForm().validate_on_submit():
        tagging.delete_tag(db(), acting_user(), found)
        db().commit()
        flash(_("Principle deleted."), "info")
    return redirect(url_for("admin.principles"))


@blueprint.route("/audiences", methods=["GET", "POST"])
@requires(Action.MANAGE_TAXONOMY)
def audiences() -> Response | str:
    """The audiences, and a form to add one."""
    form = AudienceForm()
    if form.validate_on_submit():
        try:
            tagging.create_audience(db(), acting_user(), name=form.name.data,
                                    description=form.description.data or "",
                                    slug=form.slug.data or None)
            db().commit()
            flash(_("Audience added."), "info")
            return redirect(url_for("admin.audiences"))
        except DomainError as error:
            failed(error)
    return render_template("admin/audiences.html", audiences=tags.list_audiences(db()),
                           form=form)


@blueprint.route("/audiences/<slug>", methods=["GET", "POST"])
@requires(Action.MANAGE_TAXONOMY)
def edit_audience(slug: str) -> Response | str:
    """Edit one audience."""
    found = tags.get_audience(db(), slug)
    form = AudienceForm(obj=found)
    if form.validate_on_submit():
        try:
            tagging.update_audience(db(), acting_user(), found, name=form.name.data,
                                    description=form.description.data or "",
                                    slug=form.slug.data or found.slug)
            db().commit()
            flash(_("Audience saved."), "info")
            return redirect(url_for("admin.audiences"))
        except DomainError as error:
            failed(error)
    return render_template("admin/edit_tag.html", form=form, tag=found, kind="audience",
                           delete_url=url_for("admin.delete_audience", slug=found.slug),
                           action_form=EmptyForm())


@blueprint.route("/audiences/<slug>/delete", methods=["POST"])
@requires(Action.MANAGE_TAXONOMY)
def delete_audience(slug: str) -> Response:
    """Delete an audience (its tags go with it)."""
    found = tags.get_audience(db(), slug)
    if EmptyForm().validate_on_submit():
        tagging.delete_tag(db(), acting_user(), found)
        db().commit()
        flash(_("Audience deleted."), "info")
    return redirect(url_for("admin.audiences"))


@blueprint.route("/trios", methods=["GET", "POST"])
@requires(Action.MANAGE_TRIOS)
def trio_list() -> Response | str:
    """The trios, and a form to add one."""
    form = TrioForm()
    if form.validate_on_submit():
        try:
            trio = trios.create_trio(db(), acting_user(), name=form.name.data,
                                     description=form.description.data or "")
            trios.set_trio_members(db(), acting_user(), trio, lead=form.lead.data,
                                   members=(form.members.data or "").splitlines())
            db().commit()
            flash(_("Trio added."), "info")
            return redirect(url_for("admin.trio_list"))
        except DomainError as error:
            failed(error)
    return render_template("admin/trios.html", trios=books.list_trios(db()), form=form)


@blueprint.route("/trios/<int:trio_id>", methods=["GET", "POST"])
@requires(Action.MANAGE_TRIOS)
def edit_trio(trio_id: int) -> Response | str:
    """Edit one trio and its people."""
    trio = books.get_trio(db(), trio_id)
    form = TrioForm(obj=trio)
    if not form.is_submitted():
        lead = next((m.user.email for m in trio.memberships if m.is_lead), "")
        form.lead.data = lead
        form.members.data = "\n".join(m.user.email for m in trio.memberships if not m.is_lead)
    if form.validate_on_submit():
        try:
            trios.update_trio(db(), acting_user(), trio, name=form.name.data,
                              description=form.description.data or "")
            trios.set_trio_members(db(), acting_user(), trio, lead=form.lead.data,
                                   members=(form.members.data or "").splitlines())
            db().commit()
            flash(_("Trio saved."), "info")
            return redirect(url_for("admin.trio_list"))
        except DomainError as error:
            failed(error)
    return render_template("admin/trio.html", form=form, trio=trio, action_form=EmptyForm())


@blueprint.route("/trios/<int:trio_id>/delete", methods=["POST"])
@requires(Action.MANAGE_TRIOS)
def delete_trio(trio_id: int) -> Response:
    """Delete a trio; its chapters stay."""
    trio = books.get_trio(db(), trio_id)
    require(acting_user(), Action.MANAGE_TRIOS)
    if EmptyForm().validate_on_submit():
        trios.delete_trio(db(), acting_user(), trio)
        db().commit()
        flash(_("Trio deleted."), "info")
    return redirect(url_for("admin.trio_list"))
