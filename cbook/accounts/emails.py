"""What an email address must be: one rule for the forms, the services and the CLI.

The check is email-validator's (the syntax of RFC 5321/5322 and IDNA domains, no DNS
look-up); the stored form is that address's normalised spelling, lowercased, so that
emails compare case-insensitively everywhere.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from cbook.errors import Unprocessable
from cbook.textrules import find_unstorable

EMAIL_MAX_CHARS = 254


def canonical_email(email: str) -> str | None:
    """The stored form of ``email``, or None if it is not an address we would store."""
    cleaned = email.strip()
    if not cleaned or len(cleaned) > EMAIL_MAX_CHARS or find_unstorable(cleaned):
        return None
    try:
        checked = validate_email(cleaned, check_deliverability=False)
    except EmailNotValidError:
        return None
    return checked.normalized.lower()


def is_email_address(email: str) -> bool:
    """Whether ``email`` is an address we would store."""
    return canonical_email(email) is not None


def normalise_email(email: str) -> str:
    """The form an email is stored and compared in; Unprocessable if it is not an address."""
    address = canonical_email(email)
    if address is None:
        raise Unprocessable("not a valid email address")
    return address
