"""Forms of the history page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField
from wtforms.validators import Length, Optional

from cbook.web.forms import Form


class RevisionForm(Form):
    """Name the current state so it is easy to find again."""

    message = StringField(_l("What is this version? (optional)"),
                          validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Save a named revision"))
