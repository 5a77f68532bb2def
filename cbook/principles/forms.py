"""Forms for principles and audiences (the admin pages use them)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from cbook.web.forms import Form

SLUG_RULE = Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                   message=_l("lowercase letters, digits and hyphens"))


class PrincipleForm(Form):
    """Create or edit a principle."""

    title = StringField(_l("Short name"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(_l("Address (slug)"), validators=[Optional(), Length(max=80), SLUG_RULE])
    statement = TextAreaField(_l("Statement"), validators=[DataRequired(), Length(max=2000)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)])
    language = StringField(_l("Language tag"), default="en",
                           validators=[DataRequired(), Length(max=20)])
    submit = SubmitField(_l("Save principle"))


class AudienceForm(Form):
    """Create or edit an audience."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(_l("Address (slug)"), validators=[Optional(), Length(max=80), SLUG_RULE])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)])
    submit = SubmitField(_l("Save audience"))
