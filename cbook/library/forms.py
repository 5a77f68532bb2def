"""The form for adding or changing a library resource."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from cbook.books.forms import MultiCheckboxField
from cbook.library.models import ResourceKind


class ResourceForm(FlaskForm):  # type: ignore[misc]
    """What a resource is, where to find it, and what it is about."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(_l("Kind"), choices=[
        SelectChoice(kind.value, kind.value.replace("_", " ").capitalize())
        for kind in ResourceKind])
    url = StringField(_l("Link (https://…)"), validators=[Optional(), Length(max=2000)])
    authors = StringField(_l("Authors"), validators=[Optional(), Length(max=500)])
    year = IntegerField(_l("Year"), validators=[Optional(), NumberRange(1000, 2999)])
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=20_000)])
    principles = MultiCheckboxField(_l("Principles"), choices=[])
    audiences = MultiCheckboxField(_l("Audiences"), choices=[])
    tags = StringField(_l("Tags, separated by commas (e.g. the barrier it helps with)"),
                       validators=[Optional(), Length(max=1500)])
    submit = SubmitField(_l("Save resource"))
