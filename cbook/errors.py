"""Domain errors; the web layer maps each to an HTTP status in one place."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of errors a user can cause; never a server fault."""

    status = 400

    def __init__(self, message: str, detail: Any = None,
                 extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail
        # Fields a contract puts beside "error" (e.g. the current version on a 409).
        self.extra = extra or {}


class InputError(DomainError):
    """What the person asked for cannot be done as asked: they can correct it and retry.

    Forms show these as messages beside the form, and the API answers them as a 4xx. The
    other domain errors (not found, not signed in, not allowed) are never a form message:
    they become an error page or status of their own.
    """


class InvalidInput(InputError):
    """The request is malformed or breaks a content rule."""

    status = 400


class Unprocessable(InputError):
    """Well-formed, but not acceptable (e.g. a duplicate slug)."""

    status = 422


class NotFound(DomainError):
    """No such object, or one the user may not know exists."""

    status = 404


class PermissionDenied(DomainError):
    """The acting user may not do this."""

    status = 403


class Conflict(InputError):
    """The state moved on since the client looked (e.g. a stale version)."""

    status = 409


class TooLarge(InputError):
    """Past a size limit."""

    status = 413


class NotSignedIn(DomainError):
    """The action needs a signed-in user and there is none."""

    status = 401
