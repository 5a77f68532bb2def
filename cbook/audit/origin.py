"""Where the current action comes from (a client address, or "cli"), without Flask.

The web layer sets it per request (``cbook.audit.views.install_origin_hooks``), the
``cbook`` command for its whole run; services read it through :func:`current_origin` when
they record an event, so no service needs the request to know where it was called from.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

ORIGIN_MAX = 100
CLI = "cli"

_origin: ContextVar[str | None] = ContextVar("cbook_audit_origin", default=None)


def current_origin() -> str | None:
    """The origin set for this request or command, if any."""
    return _origin.get()


def set_origin(origin: str | None) -> None:
    """Name the origin of what follows in this context (None: unknown)."""
    _origin.set(origin[:ORIGIN_MAX] if origin else None)


@contextmanager
def acting_from(origin: str | None) -> Iterator[None]:
    """Within the block, actions come from ``origin``; the previous origin comes back after."""
    token = _origin.set(origin[:ORIGIN_MAX] if origin else None)
    try:
        yield
    finally:
        _origin.reset(token)
