"""Wiring notification mail into the mail sender: the step that turns inbox entries into
outbox messages before each delivery pass (the sender's thread, ``cbook mail send``).

Links need the site's address: ``CBOOK_SITE_URL`` when set (production should set it);
otherwise the root of the first request this process served, or, before any, the
address ``cbook serve`` listens on by default.
"""

from __future__ import annotations

from datetime import datetime

from flask import Flask, request
from sqlalchemy.orm import Session

from cbook.config import Settings
from cbook.mail.sender import ComposeStep
from cbook.notifications.links import Links
from cbook.notifications.mailer import mail_digests, mail_immediate

FALLBACK_ROOT = "http://localhost:5000"
_SEEN_ROOT = "cbook.seen_root"


def compose_step(settings: Settings, root: object = None) -> ComposeStep:
    """The step for ``settings``; ``root`` is a callable giving the site root, if any."""

    def step(session: Session, now: datetime) -> int:
        site = settings.site_url or (root() if callable(root) else "") or FALLBACK_ROOT
        links = Links(root=str(site).rstrip("/"), secret=settings.secret_key)
        return (mail_immediate(session, links, now)
                + mail_digests(session, links, hour=settings.digest_hour, now=now))

    return step


def for_app(app: Flask) -> ComposeStep:
    """The step for ``app``, remembering the root its first request came to."""

    @app.before_request
    def _remember_root() -> None:
        if _SEEN_ROOT not in app.extensions:
            app.extensions[_SEEN_ROOT] = request.url_root

    return compose_step(app.config["CBOOK_SETTINGS"], lambda: app.extensions.get(_SEEN_ROOT))
