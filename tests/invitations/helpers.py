"""Reading the invitation mail the outbox holds, as its recipient would."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.mail.models import MailMessage

LINK = re.compile(r"https?://[^\s<>\"]+/invitations/[A-Za-z0-9_\-]{20,}")


def mails_to(session: Session, address: str) -> list[MailMessage]:
    """Every message queued to ``address``, oldest first."""
    session.expire_all()
    return list(session.scalars(select(MailMessage).where(MailMessage.to_address == address)
                                .order_by(MailMessage.id)))


def link_in(mail: MailMessage) -> str:
    """The acceptance link a message carries (the same in its text and HTML parts)."""
    found = LINK.search(mail.text_body)
    assert found, mail.text_body
    assert found.group(0) in mail.html_body
    return found.group(0)


def path_of(link: str) -> str:
    """The site-relative part of a link."""
    return link[link.index("/invitations/"):]
