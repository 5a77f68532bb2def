"""Forms for the admin's pages about people (principles', audiences' and trios' forms
live beside their features, in ``principles.forms`` and ``books.forms``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from cbook.roles import Role
from cbook.web.forms import Form

ROLE_CHOICES = [SelectChoice(role.value, role.value.capitalize()) for role in Role]


class NewUserForm(Form):
    """Invite a user with a role and a first password."""

    email = StringField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False),
                                                 Length(max=254)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default=Role.READER.value)
    password = PasswordField(_l("First password (10+ characters)"),
                             validators=[DataRequired(), Length(min=10, max=1000)])
    submit = SubmitField(_l("Add user"))


class EditUserForm(Form):
    """Change a user's name, role, access or password."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    active = BooleanField(_l("Active (may sign in)"))
    password = PasswordField(_l("New password (leave empty to keep)"),
                             validators=[Optional(), Length(min=10, max=1000)])
    submit = SubmitField(_l("Save user"))


class EmailForm(Form):
    """Give a person a new email; ``confirmed`` is set by the confirmation step."""

    email = StringField(_l("New email"), validators=[DataRequired(),
                                                      Email(check_deliverability=False),
                                                      Length(max=254)],
                        render_kw={"autocomplete": "off"})
    confirmed = HiddenField(default="")
    submit = SubmitField(_l("Change email"))


class AddToTrioForm(Form):
    """Put the person whose page this is in a trio."""

    trio = SelectField(_l("Trio"), coerce=int, validate_choice=True)
    lead = BooleanField(_l("As its lead (the current lead stays a member)"))
    submit = SubmitField(_l("Add to trio"))
