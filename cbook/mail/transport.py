"""Where mail goes: an SMTP server (``CBOOK_SMTP_URL``) or, by default, ``.eml`` files.

``CBOOK_SMTP_URL`` forms:
- ``smtp://user:pass@host:587?starttls=1``: plain connection upgraded with STARTTLS
  (required: if the server does not offer it, nothing is sent);
- ``smtps://user:pass@host:465``: TLS from the first byte;
- ``smtp://host:25``: no encryption, no login (a relay on the same host or network).
Query options: ``starttls=1``, ``timeout=SECONDS`` (default 30), ``cafile=PATH`` (trust
this CA bundle instead of the system's). User and password are percent-decoded.

With no URL the embedded default writes each message to ``<instance>/mail/`` and logs its
subject, so a demo's mail can be read by hand.
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from cbook.config import ConfigError, Settings

log = logging.getLogger(__name__)
DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True)
class Outgoing:
    """One message on the wire: envelope, bytes, and what to call it in logs."""

    row_id: int
    created_at: datetime
    envelope_from: str
    recipient: str
    data: bytes
    subject: str


class DeliveryFailure(Exception):
    """A message was not accepted; ``permanent`` ones are not retried."""

    def __init__(self, reason: str, *, permanent: bool = False,
                 connection_lost: bool = False) -> None:
        """Say why, and whether retrying could help."""
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.connection_lost = connection_lost


class ServerUnavailable(DeliveryFailure):
    """No message can go now (cannot connect, TLS or login refused): retry them all later."""


class Connection(Protocol):
    """An open way out for a batch of messages."""

    def send(self, outgoing: Outgoing) -> None:
        """Hand over one message; raises ``DeliveryFailure`` if it was not accepted."""

    def close(self) -> None:
        """Finish politely (QUIT); never raises."""


class Transport(Protocol):
    """Opens connections."""

    def connect(self) -> Connection:
        """A connection, or ``ServerUnavailable``."""

    def describe(self) -> str:
        """Where mail goes, for logs and the admin page (never the password)."""


@dataclass(frozen=True)
class SmtpSettings:
    """A parsed ``CBOOK_SMTP_URL``."""

    host: str
    port: int
    implicit_tls: bool
    starttls: bool
    username: str = ""
    password: str = ""
    timeout: float = DEFAULT_TIMEOUT
    cafile: str | None = None


def parse_smtp_url(url: str) -> SmtpSettings:
    """Read ``CBOOK_SMTP_URL``; ``ConfigError`` names what is wrong (never the password)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ConfigError("CBOOK_SMTP_URL is not a URL (smtp://user:pass@host:587?starttls=1)"
                          ) from None
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ConfigError("CBOOK_SMTP_URL must be smtp://HOST[:PORT] or smtps://HOST[:PORT]")
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = set(options) - {"starttls", "timeout", "cafile"}
    if unknown:
        raise ConfigError(f"CBOOK_SMTP_URL has unknown options: {', '.join(sorted(unknown))}")
    implicit_tls = parts.scheme == "smtps"
    starttls = options.get("starttls", "0").lower() in ("1", "true", "yes")
    if implicit_tls and starttls:
        raise ConfigError("CBOOK_SMTP_URL: smtps:// is TLS already; starttls=1 is for smtp://")
    try:
        timeout = float(options.get("timeout", DEFAULT_TIMEOUT))
    except ValueError:
        raise ConfigError("CBOOK_SMTP_URL: timeout must be a number of seconds") from None
    cafile = options.get("cafile")
    if cafile is not None and not os.path.isfile(cafile):
        raise ConfigError(f"CBOOK_SMTP_URL: cafile {cafile} does not exist")
    return SmtpSettings(host=parts.hostname, port=port or (465 if implicit_tls else 25),
                        implicit_tls=implicit_tls, starttls=starttls,
                        username=unquote(parts.username or ""),
                        password=unquote(parts.password or ""), timeout=timeout, cafile=cafile)


def _reply(error: smtplib.SMTPResponseException) -> str:
    message = error.smtp_error
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    return f"{error.smtp_code} {' '.join(text.split())}"[:300]


class SmtpConnection:
    """One SMTP session, reused for a batch of messages."""

    def __init__(self, client: smtplib.SMTP) -> None:
        """Wrap a connected, logged-in client."""
        self.client = client

    def send(self, outgoing: Outgoing) -> None:
        """Send one message; its recipient refused for good (5xx) is permanent."""
        try:
            self.client.sendmail(outgoing.envelope_from, [outgoing.recipient], outgoing.data)
        except smtplib.SMTPRecipientsRefused as error:
            code, reply = next(iter(error.recipients.values()))
            text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
            raise DeliveryFailure(f"the server refused the recipient: {code} {text}"[:300],
                                  permanent=code >= 500) from None
        except smtplib.SMTPSenderRefused as error:
            # Our own From refused: a setting to fix, so it is worth retrying later.
            raise DeliveryFailure(f"the server refused CBOOK_MAIL_FROM: {_reply(error)}"
                                  ) from None
        except smtplib.SMTPDataError as error:
            raise DeliveryFailure(f"the server refused the message: {_reply(error)}",
                                  permanent=error.smtp_code >= 500) from None
        except smtplib.SMTPResponseException as error:
            raise DeliveryFailure(f"the server answered {_reply(error)}",
                                  connection_lost=True) from None
        except (smtplib.SMTPException, OSError) as error:
            # Disconnected mid-message, timed out: the connection is no use any more.
            raise DeliveryFailure(f"the connection failed while sending: {error}"[:300],
                                  connection_lost=True) from None

    def close(self) -> None:
        """QUIT, or just drop the socket if the server is gone."""
        try:
            self.client.quit()
        except (smtplib.SMTPException, OSError):
            self.client.close()


class SmtpTransport:
    """Mail through an SMTP server."""

    def __init__(self, settings: SmtpSettings) -> None:
        """Remember where and how to connect."""
        self.settings = settings

    def describe(self) -> str:
        """``smtp://host:port`` (with how it is secured), no credentials."""
        s = self.settings
        security = "TLS" if s.implicit_tls else "STARTTLS" if s.starttls else "no encryption"
        login = f", login as {s.username}" if s.username else ""
        return f"SMTP server {s.host}:{s.port} ({security}{login})"

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.settings.cafile)

    def connect(self) -> SmtpConnection:
        """Connect, secure and log in; any failure is ``ServerUnavailable``."""
        s = self.settings
        client: smtplib.SMTP | None = None
        try:
            if s.implicit_tls:
                client = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout,
                                          context=self._context())
            else:
                client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            client.ehlo()
            if s.starttls:
                client.starttls(context=self._context())
                client.ehlo()
            if s.username:
                client.login(s.username, s.password)
        except smtplib.SMTPAuthenticationError as error:
            self._drop(client)
            raise ServerUnavailable(f"the SMTP server refused the login: {_reply(error)}"
                                    ) from None
        except smtplib.SMTPNotSupportedError:
            self._drop(client)
            raise ServerUnavailable("the SMTP server does not offer STARTTLS (or login), "
                                    "which CBOOK_SMTP_URL asks for") from None
        except ssl.SSLError as error:
            self._drop(client)
            raise ServerUnavailable(f"TLS with the SMTP server failed: {error}"[:300]) from None
        except (smtplib.SMTPException, OSError) as error:
            self._drop(client)
            raise ServerUnavailable(f"cannot reach the SMTP server {s.host}:{s.port}: {error}"
                                    [:300]) from None
        return SmtpConnection(client)

    @staticmethod
    def _drop(client: smtplib.SMTP | None) -> None:
        if client is not None:
            client.close()


class FileConnection:
    """Writes each message to its own file (the same file on every attempt)."""

    def __init__(self, folder: Path) -> None:
        """Write into ``folder`` (created on first use)."""
        self.folder = folder

    def send(self, outgoing: Outgoing) -> None:
        """Write ``<folder>/<created>-<id>.eml`` whole (a temporary file, then renamed)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{outgoing.created_at:%Y%m%d-%H%M%S}-{outgoing.row_id:06d}.eml"
        target = self.folder / name
        partial = self.folder / f".{name}.partial"
        try:
            partial.write_bytes(outgoing.data)
            partial.replace(target)
        except OSError as error:
            raise DeliveryFailure(f"cannot write {target}: {error}"[:300]) from None
        log.info("mail to %s: %r (written to %s)", outgoing.recipient, outgoing.subject, target)

    def close(self) -> None:
        """Nothing to close."""


class FileTransport:
    """The embedded default: ``<instance>/mail/*.eml``."""

    def __init__(self, folder: Path) -> None:
        """Mail goes to ``folder``."""
        self.folder = folder

    def describe(self) -> str:
        """Where the files are."""
        return f"files in {self.folder} (no CBOOK_SMTP_URL set)"

    def connect(self) -> FileConnection:
        """Always available."""
        return FileConnection(self.folder)


def mail_folder(instance: Path) -> Path:
    """Where the embedded default writes messages."""
    return instance / "mail"


def transport_for(settings: Settings) -> Transport:
    """The transport ``settings`` ask for (SMTP when ``CBOOK_SMTP_URL`` is set)."""
    if settings.smtp_url:
        return SmtpTransport(parse_smtp_url(settings.smtp_url))
    return FileTransport(mail_folder(settings.instance))
