"""Forms for writing the book's structure, and trios (CSRF-protected by flask-wtf)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from cbook.web.forms import Form


class MultiCheckboxField(SelectMultipleField):  # type: ignore[misc]
    """A list of checkboxes: easier to use than a multi-select, keyboard included."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class BookForm(Form):
    """Create or edit a book."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    subtitle = StringField(_l("Subtitle"), validators=[Optional(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)])
    language = StringField(_l("Language tag"), default="en",
                           validators=[DataRequired(), Length(max=20)])
    allow_self_merge = BooleanField(_l("Editors may merge proposals they wrote themselves"))
    submit = SubmitField(_l("Save book"))


class NewBookForm(BookForm):
    """A new book also picks its slug (its address)."""

    slug = StringField(_l("Address (slug), optional"), validators=[
        Optional(), Length(max=80), Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                                           message=_l("lowercase letters, digits and hyphens"))])


class ChapterForm(Form):
    """Create or edit a chapter."""

    title = StringField(_l("Chapter title"), validators=[DataRequired(), Length(max=300)])
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=20000)])
    trio = SelectField(_l("Trio"), choices=[], validate_choice=True)
    submit = SubmitField(_l("Save chapter"))


class NewChapterForm(Form):
    """Add a chapter by title."""

    title = StringField(_l("New chapter title"), validators=[DataRequired(), Length(max=300)])
    submit = SubmitField(_l("Add chapter"))


class NewSectionForm(Form):
    """Add a section by title."""

    title = StringField(_l("New section title"), validators=[DataRequired(), Length(max=300)])
    submit = SubmitField(_l("Add section"))


class SectionSettingsForm(Form):
    """A section's title, review status and tags."""

    title = StringField(_l("Section title"), validators=[DataRequired(), Length(max=300)])
    status = SelectField(_l("Status"), choices=[
        SelectChoice("draft", _l("Draft")), SelectChoice("in_review", _l("In review"))])
    principles = MultiCheckboxField(_l("Principles"), choices=[])
    audiences = MultiCheckboxField(_l("Audiences"), choices=[])
    submit = SubmitField(_l("Save section"))


class TrioForm(Form):
    """Create or edit a trio and its people."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)])
    lead = StringField(_l("Lead's email"), validators=[Optional(), Length(max=254)])
    members = TextAreaField(_l("Members' emails, one per line"),
                            validators=[Optional(), Length(max=5000)])
    submit = SubmitField(_l("Save trio"))
