"""Forms for the admin pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from cbook.roles import Role

ROLE_CHOICES = [SelectChoice(role.value, role.value.capitalize()) for role in Role]
SLUG_RULE = Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                   message=_l("lowercase letters, digits and hyphens"))


class NewUserForm(FlaskForm):  # type: ignore[misc]
    """Invite a user with a role and a first password."""

    email = StringField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False),
                                                 Length(max=254)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default=Role.READER.value)
    password = PasswordField(_l("First password (10+ characters)"),
                             validators=[DataRequired(), Length(min=10, max=1000)])
    submit = SubmitField(_l("Add user"))


class EditUserForm(FlaskForm):  # type: ignore[misc]
    """Change a user's name, role, access or password."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    active = BooleanField(_l("Active (may sign in)"))
    password = PasswordField(_l("New password (leave empty to keep)"),
                             validators=[Optional(), Length(min=10, max=1000)])
    submit = SubmitField(_l("Save user"))


class EmailForm(FlaskForm):  # type: ignore[misc]
    """Give a person a new email; ``confirmed`` is set by the confirmation step."""

    email = StringField(_l("New email"), validators=[DataRequired(),
                                                      Email(check_deliverability=False),
                                                      Length(max=254)],
                        render_kw={"autocomplete": "off"})
    confirmed = HiddenField(default="")
    submit = SubmitField(_l("Change email"))


class AddToTrioForm(FlaskForm):  # type: ignore[misc]
    """Put the person whose page this is in a trio."""

    trio = SelectField(_l("Trio"), coerce=int, validate_choice=True)
    lead = BooleanField(_l("As its lead (the current lead stays a member)"))
    submit = SubmitField(_l("Add to trio"))


class PrincipleForm(FlaskForm):  # type: ignore[misc]
    """Create or edit a principle."""

    title = StringField(_l("Short name"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(_l("Address (slug)"), validators=[Optional(), Length(max=80), SLUG_RULE])
    statement = TextAreaField(_l("Statement"), validators=[DataRequired(), Length(max=2000)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)])
    submit = SubmitField(_l("Save principle"))


class AudienceForm(FlaskForm):  # type: ignore[misc]
    """Create or edit an audience."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(_l("Address (slug)"), validators=[Optional(), Length(max=80), SLUG_RULE])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)])
    submit = SubmitField(_l("Save audience"))


class TrioForm(FlaskForm):  # type: ignore[misc]
    """Create or edit a trio and its people."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)])
    lead = StringField(_l("Lead's email"), validators=[Optional(), Length(max=254)])
    members = TextAreaField(_l("Members' emails, one per line"),
                            validators=[Optional(), Length(max=5000)])
    submit = SubmitField(_l("Save trio"))
