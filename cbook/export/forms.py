"""The form a coordinator fills in to publish an edition."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, IntegerField, SelectField, SubmitField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional

FORMAT_LABELS = {"epub": "EPUB (e-readers)", "pdf": "PDF (print)", "docx": "Word (DOCX)",
                 "markdown": "Markdown (archive)", "web": "Web site (zip)",
                 "blog": "Blog series"}


class EditionForm(FlaskForm):  # type: ignore[misc]
    """Format, audience and options of an edition."""

    format = SelectField(_l("Format"), choices=[])
    audience = SelectField(_l("Audience"), choices=[])
    paper = SelectField(_l("Paper size (PDF)"), choices=[SelectChoice("a4", "A4"),
                                                          SelectChoice("a5", "A5")])
    contents_depth = SelectField(_l("Contents"), coerce=int, choices=[
        SelectChoice(2, _l("Chapters and sections")), SelectChoice(1, _l("Chapters only")),
        SelectChoice(3, _l("Down to headings in sections")), SelectChoice(0, _l("None"))])
    title_page = BooleanField(_l("Title page"), default=True)
    cover = BooleanField(_l("Cover image (when the book has one)"), default=True)
    resources_appendix = BooleanField(_l("Appendix of cited resources"), default=True)
    principles_index = BooleanField(_l("Principles index"), default=True)
    drafts = BooleanField(_l("Preview the current drafts instead (marked as a draft)"))
    blog_unit = SelectField(_l("Blog series: one post per"), default="chapter", choices=[
        SelectChoice("chapter", _l("Chapter")), SelectChoice("section", _l("Section"))])
    blog_start = DateField(_l("Blog series: date of the first post (empty: today)"),
                           validators=[Optional()])
    blog_interval_days = IntegerField(_l("Blog series: days between posts"), default=7,
                                      validators=[NumberRange(1, 365)])
    site_url = URLField(_l("Address of the web edition (for the blog's links; optional)"),
                        validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Make this edition"))


class CoverForm(FlaskForm):  # type: ignore[misc]
    """The book's cover image for editions."""

    image = FileField(_l("Cover image (PNG or JPEG, up to 5 MB)"), render_kw={
        "accept": "image/png,image/jpeg"})
    remove = BooleanField(_l("Remove the cover"))
    submit = SubmitField(_l("Save cover"))
