"""Forms for starting translations, naming translators and marking blocks up to date."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from cbook.web.forms import Form

# Offered first in the language box; any BCP 47 tag CLDR knows is accepted.
SUGGESTED_LANGUAGES = ("ur", "pl", "ar", "pa", "bn", "so", "ro", "zh", "fa", "cy", "es", "fr")


class StartTranslationForm(Form):
    """Start a translation of a book."""

    language = StringField(_l("Language (a tag such as ur, pl or ar-EG)"),
                           validators=[DataRequired(), Length(max=35)],
                           render_kw={"list": "language-suggestions", "autocomplete": "off"})
    submit = SubmitField(_l("Start the translation"))


class TranslatorForm(Form):
    """Name a person (by email) or a trio as translators."""

    email = StringField(_l("A person, by email"), validators=[Optional(), Length(max=254)])
    trio = SelectField(_l("or a trio"), choices=[], validate_choice=False,
                       validators=[Optional()])
    submit = SubmitField(_l("Add translators"))


class CaughtUpForm(Form):
    """Mark one of the source's changed blocks (or all of them) as brought over."""

    block = HiddenField(validators=[Optional(), Length(max=100)])
    submit = SubmitField(_l("Brought up to date"))
