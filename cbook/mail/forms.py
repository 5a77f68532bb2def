"""The outbox page's one form: a "send again" button (it carries the CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField


class RetryForm(FlaskForm):  # type: ignore[misc]
    """Send a failed or waiting message again now."""

    submit = SubmitField(_l("Send again"))
