"""A real SMTP server (aiosmtpd) that records what it accepted and can misbehave on cue.

Certificates come from a throwaway CA (trustme); the client trusts it through the URL's
``cafile=`` option, exactly as an operator with a private CA would.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

USER, PASSWORD = "mailer", "s3cret pass"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Mailbox:
    """What the server accepted, and how it should misbehave next."""

    accepted: list[bytes] = field(default_factory=list)
    drop_next: int = 0  # close the connection instead of answering the next DATA
    refuse_recipients: set[str] = field(default_factory=set)  # answered 550

    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(raw, policy=policy.default)  # type: ignore[misc]
                for raw in self.accepted]

    async def handle_RCPT(self, server: SMTPServer, session: Session, envelope: Envelope,
                          address: str, options: list[str]) -> str:
        if address in self.refuse_recipients:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTPServer, session: Session,
                          envelope: Envelope) -> str:
        if self.drop_next:
            self.drop_next -= 1
            # The whole message has arrived but is never acknowledged: to the client the
            # connection died mid-transaction, so the message was not accepted.
            assert server.transport is not None
            server.transport.abort()
            return "421 gone"
        content = envelope.original_content or envelope.content
        assert isinstance(content, bytes)
        self.accepted.append(content)
        return "250 2.0.0 accepted"


def authenticator(server: SMTPServer, session: Session, envelope: Envelope, mechanism: str,
                   auth_data: Any) -> AuthResult:
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode()
          and auth_data.password == PASSWORD.encode())
    return AuthResult(success=ok, handled=False)


@dataclass
class SmtpServer:
    """A running server and the URL that reaches it."""

    url: str
    mailbox: Mailbox
    controller: Controller
