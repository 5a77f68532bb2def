"""Reading the mail the app wrote: with no ``CBOOK_SMTP_URL`` the sender writes each
message as an ``.eml`` file in ``<instance>/mail/``, as a person following the demo would."""

from __future__ import annotations

import email
import email.policy
import re
import time
from pathlib import Path


def link_in_mail(folder: Path, address: str, link_pattern: str, *,
                 subject_contains: str = "", wait: float = 10) -> str:
    """The first link matching ``link_pattern`` in the plain-text part of a message to
    ``address`` in ``folder``, waiting up to ``wait`` seconds for the sender to write it."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        for path in sorted(folder.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if address not in str(message["To"]):
                continue
            assert subject_contains in str(message["Subject"]), message["Subject"]
            body = message.get_body(preferencelist=("plain",))
            assert body is not None
            found = re.search(link_pattern, body.get_content())
            assert found, body.get_content()
            return found.group(0)
        time.sleep(0.1)
    raise AssertionError(f"no mail to {address} in {folder}")
