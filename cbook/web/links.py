"""Absolute links for messages (reset and invitation mails) that a forged Host cannot bend.

A link in a mail is clicked later, outside this request; built from the request's Host
header, anyone could make us mail a victim a link to their own site carrying the victim's
token. With ``CBOOK_SITE_URL`` set (e.g. ``https://book.example.org``) links always start
with it; without it (a laptop, the tests) they use the host the request came to.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute address of ``endpoint`` for a message sent out of this request."""
    settings = current_app.config.get("CBOOK_SETTINGS")
    site = str(current_app.config.get("CBOOK_SITE_URL")
               or getattr(settings, "site_url", "") or "").rstrip("/")
    if site:
        return site + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
