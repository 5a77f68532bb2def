"""Forms of the history page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import Length, Optional


class RevisionForm(FlaskForm):  # type: ignore[misc]
    """Name the current state so it is easy to find again."""

    message = StringField(_l("What is this version? (optional)"),
                          validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Save a named revision"))
