"""Forms of the proposal and review pages (flask-wtf adds the CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from cbook.web.forms import Form


class ProposalForm(Form):
    """Start a proposal: what it changes and why."""

    title = StringField(_l("What do you propose?"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Why (optional)"), validators=[Optional(),
                                                                   Length(max=20_000)])
    submit = SubmitField(_l("Start a proposal"))


class ReviewForm(Form):
    """An editor's verdict, or anyone's comment."""

    verdict = RadioField(_l("Your review"), choices=[
        SelectChoice("comment", _l("Comment only")), SelectChoice("approve", _l("Approve")),
        SelectChoice("request_changes", _l("Request changes")),
    ], default="comment", validators=[DataRequired()])
    body = TextAreaField(_l("What would you like to say?"),
                         validators=[Optional(), Length(max=20_000)])
    submit = SubmitField(_l("Send review"))
