"""What every template can use: the viewer and the permission policy.

Globals that come from a feature (document rendering, the unread count) are added by the
composition root (``cbook.app.templates``).
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from cbook.policy import Action, can
from cbook.roles import Role, SectionStatus
from cbook.web.auth import acting_user


def _template_globals() -> dict[str, Any]:
    viewer = acting_user()
    return {
        "viewer": viewer,
        "may": lambda action, obj=None: can(viewer, action, obj),
        "Action": Action,
        "Role": Role,
        "SectionStatus": SectionStatus,
    }


def init_app(app: Flask) -> None:
    """Expose the viewer and the policy to Jinja."""
    app.context_processor(_template_globals)
