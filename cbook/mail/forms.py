"""The outbox page's one form: a "send again" button (it carries the CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SubmitField

from cbook.web.forms import Form


class RetryForm(Form):
    """Send a failed or waiting message again now."""

    submit = SubmitField(_l("Send again"))
