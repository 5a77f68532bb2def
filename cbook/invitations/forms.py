"""Invitation forms: invite one person, a cohort by CSV, and accept with a new account."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from cbook.accounts.forms import ValidEmail
from cbook.accounts.models import User
from cbook.books.models import Trio
from cbook.invitations.service import Ask
from cbook.policy import Action, can
from cbook.roles import Role
from cbook.web.forms import Form

ROLE_LABELS = {Role.READER: _l("Reader"), Role.AUTHOR: _l("Author"), Role.EDITOR: _l("Editor"),
               Role.COORDINATOR: _l("Coordinator"), Role.ADMIN: _l("Admin")}


class InviteForm(Form):
    """Invite one person by email, with a role and (optionally) a trio."""

    email = StringField(_l("Email"), validators=[DataRequired(), ValidEmail(), Length(max=254)],
                        render_kw={"autocomplete": "off"})
    # The service (the policy) says what is not allowed; the choices only guide.
    role = SelectField(_l("Role"), validate_choice=False)
    trio = SelectField(_l("Trio"), validate_choice=False)
    submit = SubmitField(_l("Send invitation"))

    def offer(self, viewer: User, trios: list[Trio]) -> InviteForm:
        """Offer only the roles and trios ``viewer`` may invite into."""
        trio_ids = [trio.id for trio in trios]
        self.role.choices = [
            (role.value, str(label)) for role, label in ROLE_LABELS.items()
            if any(can(viewer, Action.INVITE_PEOPLE, Ask(role, trio_id))
                   for trio_id in [None, *trio_ids])]
        may_skip_trio = any(can(viewer, Action.INVITE_PEOPLE, Ask(Role(value), None))
                            for value, _label in self.role.choices)
        self.trio.choices = ([("", str(_l("No trio")))] if may_skip_trio else []) + [
            (trio.slug, trio.name) for trio in trios]
        return self


class CohortForm(Form):
    """A CSV file of people (email,role,trio) to preview, then invite."""

    file = FileField(_l("CSV file (columns: email, role, trio)"),
                     render_kw={"accept": ".csv,text/csv"})
    submit = SubmitField(_l("Preview"))


class CohortConfirmForm(Form):
    """The previewed file, carried back unchanged to be sent."""

    csv_text = HiddenField()
    submit = SubmitField(_l("Send these invitations"))


class AcceptForm(Form):
    """Accept an invitation with a new account: a name and a password."""

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)],
                       render_kw={"autocomplete": "name"})
    password = PasswordField(_l("Password (10+ characters)"),
                             validators=[DataRequired(), Length(min=10, max=1000)],
                             render_kw={"autocomplete": "new-password"})
    repeat = PasswordField(_l("The same again"),
                           validators=[DataRequired(),
                                       EqualTo("password", _l("The two do not match."))],
                           render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Create my account"))
