"""The forms of the import pages: choose a file, then confirm the preview."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from cbook.web.forms import Form


class ImportForm(Form):
    """A document to bring in, and where its sections go."""

    # The type is judged from the content on arrival; `accept` only helps the file picker.
    file = FileField(_l("Document (DOCX, ODT, Markdown or HTML)"),
                     validators=[FileRequired(_l("Choose a file to import."))],
                     render_kw={"accept": ".docx,.odt,.md,.markdown,.txt,.html,.htm"})
    chapter = SelectField(_l("Put the sections in"), choices=[], validate_choice=False)
    title = StringField(_l("Title of the new chapter (default: the document's title)"),
                        validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Preview the import"))


class ConfirmImportForm(Form):
    """Save a previewed import (the converted text stays on the server)."""

    chapter = HiddenField()
    title = HiddenField(validators=[Optional(), Length(max=300)])
    # Offered to those who may hand chapters to trios, when the import makes a new chapter.
    trio = SelectField(_l("Trio that writes the new chapter"), choices=[],
                       validate_choice=False)
    submit = SubmitField(_l("Create these sections"))
