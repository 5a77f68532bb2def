"""A real SMTP server (aiosmtpd) per test, plain, with STARTTLS, or TLS from the start.

Certificates come from a throwaway CA (trustme); the client trusts it through the URL's
``cafile=`` option, exactly as an operator with a private CA would.
"""

from __future__ import annotations

import ssl
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller

from tests.mail.smtp_server import PASSWORD, USER, Mailbox, SmtpServer, authenticator, free_port


@pytest.fixture(scope="session")
def certificate_authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def ca_file(certificate_authority: trustme.CA, tmp_path: Path) -> Path:
    path = tmp_path / "ca.pem"
    certificate_authority.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture
def smtp_server(certificate_authority: trustme.CA, ca_file: Path
                ) -> Iterator[Callable[..., SmtpServer]]:
    """Start servers: ``smtp_server()`` plain, ``(starttls=True, auth=True)``, ``(tls=True)``;
    ``port=`` reuses the port of one stopped before (an outage that ends)."""
    started: list[Controller] = []

    def start(*, starttls: bool = False, tls: bool = False, auth: bool = False,
              offer_starttls: bool | None = None, port: int | None = None) -> SmtpServer:
        mailbox = Mailbox()
        port = port or free_port()
        server_context = certificate_authority.issue_cert("127.0.0.1").configure_cert
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_context(context)
        options: dict[str, Any] = {}
        if auth:
            # With TLS from the first byte aiosmtpd does not see the session as secured, so
            # it would hide AUTH; requiring TLS for it is checked with STARTTLS.
            options.update(authenticator=authenticator, auth_require_tls=starttls)
        if starttls or offer_starttls:
            options.update(tls_context=context, require_starttls=starttls)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "AUTH without TLS" is what a test asks for
            controller = Controller(mailbox, hostname="127.0.0.1", port=port,
                                    ssl_context=context if tls else None,
                                    server_hostname="127.0.0.1" if tls else None, **options)
            controller.start()
        started.append(controller)
        scheme = "smtps" if tls else "smtp"
        credentials = f"{USER}:{PASSWORD.replace(' ', '%20')}@" if auth else ""
        query = []
        if starttls:
            query.append("starttls=1")
        if starttls or tls:
            query.append(f"cafile={ca_file}")
        query.append("timeout=5")
        url = f"{scheme}://{credentials}127.0.0.1:{port}?{'&'.join(query)}"
        return SmtpServer(url=url, mailbox=mailbox, controller=controller)

    yield start
    for controller in started:
        if controller.server is not None:  # not stopped by its test already (an outage)
            controller.stop()
