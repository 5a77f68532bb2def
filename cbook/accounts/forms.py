"""Sign-in and account forms (flask-wtf adds the CSRF token)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import Field, PasswordField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from cbook.accounts.emails import is_email_address
from cbook.web.forms import Form


class ValidEmail:
    """A field validator with the accounts' own rule for emails (the one the services apply)."""

    def __call__(self, form: Any, field: Field) -> None:
        if not is_email_address(field.data or ""):
            raise ValidationError(_("Invalid email address."))


class LoginForm(Form):
    """Email (or username) and password."""

    email = StringField(_l("Email"), validators=[DataRequired(), Length(max=254)],
                        render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Sign in"))


class PasswordForm(Form):
    """Change one's own password."""

    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=1000)],
                            render_kw={"autocomplete": "current-password"})
    new = PasswordField(_l("New password (10+ characters)"),
                        validators=[DataRequired(), Length(min=10, max=1000)],
                        render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Change password"))


class OwnEmailForm(Form):
    """Change one's own email; the current password proves it is really them."""

    email = StringField(_l("New email"), validators=[DataRequired(), ValidEmail(),
                                                      Length(max=254)],
                        render_kw={"autocomplete": "email"})
    password = PasswordField(_l("Current password"),
                             validators=[DataRequired(), Length(max=1000)],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Change email"))


class ProfileForm(Form):
    """What others see beside one's words: name, pronouns, a short bio."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)],
                       render_kw={"autocomplete": "name"})
    pronouns = StringField(_l("Pronouns (optional, e.g. she/her, they/them)"),
                           validators=[Length(max=40)])
    bio = TextAreaField(_l("A short bio (optional, up to 500 characters)"),
                        validators=[Length(max=500)], render_kw={"rows": 4})
    submit = SubmitField(_l("Save my profile"))


class TokenForm(Form):
    """Create a personal API token."""

    label = StringField(_l("What is this token for?"), validators=[Length(max=200)])
    submit = SubmitField(_l("Create token"))


class EmptyForm(Form):
    """A form that is only a button: it carries the CSRF token."""

    submit = SubmitField(_l("Confirm"))


class ForgotPasswordForm(Form):
    """Ask for a password-reset link by email."""

    email = StringField(_l("Email"), validators=[DataRequired(), ValidEmail(), Length(max=254)],
                        render_kw={"autocomplete": "email"})
    submit = SubmitField(_l("Send me a link"))


class ResetPasswordForm(Form):
    """Choose a new password from a reset link."""

    new = PasswordField(_l("New password (10+ characters)"),
                        validators=[DataRequired(), Length(min=10, max=1000)],
                        render_kw={"autocomplete": "new-password"})
    repeat = PasswordField(_l("The same again"),
                           validators=[DataRequired(), EqualTo("new", _l("The two do not match."))],
                           render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Set password and sign in"))
