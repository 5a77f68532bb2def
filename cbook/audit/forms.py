"""The audit page's filter form: a GET form, so no CSRF token (it changes nothing)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from wtforms import DateField, Form, SelectField, StringField
from wtforms.validators import Length, Optional

from cbook.audit.models import AuditAction
from cbook.audit.queries import AuditFilter

ACTION_LABELS = {
    AuditAction.SIGNED_IN: _l("Signed in"),
    AuditAction.SIGN_IN_FAILED: _l("Sign-in failed"),
    AuditAction.SIGNED_OUT: _l("Signed out"),
    AuditAction.USER_ADDED: _l("Person added"),
    AuditAction.ROLE_CHANGED: _l("Role changed"),
    AuditAction.DEACTIVATED: _l("Account deactivated"),
    AuditAction.REACTIVATED: _l("Account reactivated"),
    AuditAction.PASSWORD_SET: _l("Password set by an admin"),
    AuditAction.PASSWORD_CHANGED: _l("Password changed"),
    AuditAction.EMAIL_CHANGED: _l("Email changed"),
    AuditAction.TOKEN_CREATED: _l("API token created"),
    AuditAction.TOKEN_REVOKED: _l("API token revoked"),
    AuditAction.SECTION_PUBLISHED: _l("Section published"),
    AuditAction.SECTION_UNPUBLISHED: _l("Section unpublished"),
    AuditAction.EXPORT_REQUESTED: _l("Edition requested"),
    AuditAction.PROPOSAL_MERGED: _l("Proposal merged"),
    AuditAction.MOVED_TO_TRASH: _l("Moved to the trash"),
    AuditAction.RESTORED_FROM_TRASH: _l("Restored from the trash"),
    AuditAction.PURGED_FROM_TRASH: _l("Deleted for good"),
    AuditAction.INVITATION_SENT: _l("Invitation sent"),
    AuditAction.INVITATION_REVOKED: _l("Invitation revoked"),
    AuditAction.INVITATION_ACCEPTED: _l("Invitation accepted"),
    AuditAction.PASSWORD_RESET_REQUESTED: _l("Password reset asked for"),
    AuditAction.PASSWORD_RESET_DONE: _l("Password reset"),
    AuditAction.TRANSLATION_STARTED: _l("Translation started"),
    AuditAction.TRANSLATORS_CHANGED: _l("Translators changed"),
}


def action_label(action: str) -> str:
    """An action in words (the stored name itself for one this version does not know)."""
    try:
        return str(ACTION_LABELS.get(AuditAction(action), action))
    except ValueError:
        return action


class AuditFilterForm(Form):  # type: ignore[misc]
    """Action, person and a date range (both days included)."""

    action = SelectField(_l("Action"), validators=[Optional()], choices=[], default="")
    person = StringField(_l("Person (email)"), validators=[Optional(), Length(max=254)])
    since = DateField(_l("From (day)"), validators=[Optional()])
    until = DateField(_l("To (day)"), validators=[Optional()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.action.choices = [("", _l("Any action"))] + [
            (action.value, label) for action, label in ACTION_LABELS.items()]

    def to_filter(self) -> AuditFilter:
        """What the valid parts of the form ask for (a part with an error is left out)."""
        action = (AuditAction(self.action.data)
                  if not self.action.errors and self.action.data else None)
        since = self.since.data if not self.since.errors else None
        until = self.until.data if not self.until.errors else None
        return AuditFilter(
            action=action,
            person=(self.person.data or "") if not self.person.errors else "",
            since=datetime.combine(since, time.min, UTC) if since else None,
            # "To" names a whole day: everything before the next midnight.
            until=datetime.combine(until + timedelta(days=1), time.min, UTC) if until else None,
        )
