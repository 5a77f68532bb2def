"""The form a coordinator fills in to publish an edition."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, IntegerField, SelectField, SubmitField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional

from cbook.errors import InputError
from cbook.export.jobs import FORMAT_OPTIONS, clean_options
from cbook.web.forms import Form

FORMAT_LABELS = {"epub": _l("EPUB (e-readers)"), "pdf": _l("PDF (print)"),
                 "docx": _l("Word (DOCX)"), "markdown": _l("Markdown (archive)"),
                 "web": _l("Web site (zip)"), "blog": _l("Blog series")}


# The form's option fields in groups, each labelled with the formats it applies to (the
# server's own per-format list is jobs.FORMAT_OPTIONS); without JavaScript all are shown.
OPTION_GROUPS: list[tuple[Any, tuple[str, ...], tuple[str, ...]]] = [
    (_l("Table of contents (EPUB, PDF, Word, web site)"), ("epub", "pdf", "docx", "web"),
     ("contents_depth",)),
    (_l("Opening pages (EPUB, PDF)"), ("epub", "pdf"), ("title_page", "cover")),
    (_l("Paper (PDF)"), ("pdf",), ("paper",)),
    (_l("Appendices (EPUB, PDF, Word, web site, Markdown)"),
     ("epub", "pdf", "docx", "web", "markdown"), ("resources_appendix", "principles_index")),
    (_l("Blog series"), ("blog",), ("blog_unit", "blog_start", "blog_interval_days",
                                    "site_url")),
    (_l("Sections not yet translated (translations only)"),
     ("epub", "pdf", "docx", "web", "markdown", "blog"), ("untranslated",)),
]
TRANSLATION_GROUPS = frozenset({"untranslated"})  # shown for a translation only


class EditionForm(Form):
    """Format, audience and options of an edition."""

    format = SelectField(_l("Format"), choices=[])
    audience = SelectField(_l("Audience"), choices=[])
    paper = SelectField(_l("Paper size"), choices=[SelectChoice("a4", "A4"),
                                                          SelectChoice("a5", "A5")])
    contents_depth = SelectField(_l("What it lists"), coerce=int, choices=[
        SelectChoice(2, _l("Chapters and sections")), SelectChoice(1, _l("Chapters only")),
        SelectChoice(3, _l("Down to headings in sections")), SelectChoice(0, _l("None"))])
    title_page = BooleanField(_l("Title page"), default=True)
    cover = BooleanField(_l("Cover image (when the book has one)"), default=True)
    resources_appendix = BooleanField(_l("Appendix of cited resources"), default=True)
    principles_index = BooleanField(_l("Principles index"), default=True)
    drafts = BooleanField(_l("Preview the current drafts instead (marked as a draft)"))
    blog_unit = SelectField(_l("One post per"), default="chapter", choices=[
        SelectChoice("chapter", _l("Chapter")), SelectChoice("section", _l("Section"))])
    blog_start = DateField(_l("Date of the first post (empty: today)"),
                           validators=[Optional()])
    blog_interval_days = IntegerField(_l("Days between posts"), default=7,
                                      validators=[NumberRange(1, 365)])
    untranslated = SelectField(
        _l("Sections whose translation is missing or out of date"), default="source",
        choices=[SelectChoice("source", _l("Show them in the original language, with a "
                                           "notice saying so")),
                 SelectChoice("omit", _l("Leave them out"))])
    site_url = URLField(_l("Address of the web edition (for the blog's links; optional)"),
                        validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Make this edition"))

    def validate_for_format(self) -> bool:
        """Validate, ignoring errors in the options of formats other than the chosen one
        (with JavaScript they are hidden, so nobody could see or fix them)."""
        valid = bool(self.validate())
        if not valid and not self.format.errors:
            chosen = str(self.format.data)
            for _legend, formats, names in OPTION_GROUPS:
                if chosen not in formats:
                    for name in names:
                        self[name].errors = []
            valid = not any(field.errors for field in self)
        if valid:
            # The service's own rules (e.g. a site address with credentials), shown beside
            # the format like any other refusal of these options.
            try:
                clean_options(self.edition_options())
            except InputError as refused:
                self.format.errors = [refused.message]
                valid = False
        return valid

    def edition_options(self) -> dict[str, Any]:
        """The chosen format's options as the export service takes them."""
        options = {"title_page": self.title_page.data, "cover": self.cover.data,
                   "contents_depth": self.contents_depth.data,
                   "resources_appendix": self.resources_appendix.data,
                   "principles_index": self.principles_index.data,
                   "drafts": self.drafts.data, "paper": self.paper.data,
                   "blog_unit": self.blog_unit.data,
                   "blog_start": self.blog_start.data.isoformat() if self.blog_start.data
                   else "",
                   "blog_interval_days": self.blog_interval_days.data,
                   "site_url": (self.site_url.data or "").strip(),
                   "untranslated": self.untranslated.data}
        # Only the chosen format's options: the others were hidden, or ignored on purpose.
        kept = FORMAT_OPTIONS.get(self.format.data, ())
        return {key: value for key, value in options.items() if key in kept}


class CoverForm(Form):
    """The book's cover image for editions."""

    image = FileField(_l("Cover image (PNG or JPEG, up to 5 MB)"), render_kw={
        "accept": "image/png,image/jpeg"})
    remove = BooleanField(_l("Remove the cover"))
    submit = SubmitField(_l("Save cover"))
