"""The form for adding or changing a library resource."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from cbook.books.forms import MultiCheckboxField
from cbook.library.models import KIND_LABELS
from cbook.web.forms import Form


class ResourceForm(Form):
    """What a resource is, where to find it, and what it is about."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(_l("Kind"), choices=[
        SelectChoice(value, label) for value, label in KIND_LABELS.items()])
    url = StringField(_l("Link (https://…)"), validators=[Optional(), Length(max=2000)])
    authors = StringField(_l("Authors"), validators=[Optional(), Length(max=500)])
    year = IntegerField(_l("Year"), validators=[Optional(), NumberRange(1000, 2999)])
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=20_000)])
    language = StringField(_l("Language tag"), default="en",
                           validators=[DataRequired(), Length(max=20)])
    principles = MultiCheckboxField(_l("Principles"), choices=[])
    audiences = MultiCheckboxField(_l("Audiences"), choices=[])
    tags = StringField(_l("Tags, separated by commas (e.g. the barrier it helps with)"),
                       validators=[Optional(), Length(max=1500)])
    # The type is checked from the file's content when it arrives; `accept` only helps the
    # browser's file picker.
    file = FileField(_l("Attach a file (PDF, DOCX or ODT)"), render_kw={
        "accept": ".pdf,.docx,.odt,application/pdf,"
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                  "application/vnd.oasis.opendocument.text"})
    remove_file = BooleanField(_l("Remove the attached file"))
    submit = SubmitField(_l("Save resource"))
