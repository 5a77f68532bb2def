"""Calling a WSGI app while keeping what it answers, for middlewares that remember responses.

The page cache and the static files both answer repeat requests from memory with the very
status, headers and body Flask sent the first time; this is that one way of catching them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment


@dataclass(frozen=True)
class KeptResponse:
    """A whole response, to be sent again byte for byte."""

    status: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def ok(self) -> bool:
        """Whether it is a 200."""
        return self.status.startswith("200 ")

    def sets_cookie(self) -> bool:
        """Whether it sets a cookie (so it is about one visitor and must not be shared)."""
        return any(name.lower() == "set-cookie" for name, _ in self.headers)

    def send(self, start_response: StartResponse) -> list[bytes]:
        """Answer with it again."""
        start_response(self.status, self.headers)
        return [self.body]


class CapturedCall:
    """One call of a WSGI app whose status and headers are noted as it starts responding."""

    def __init__(self, app: WSGIApplication, environ: WSGIEnvironment,
                 start_response: StartResponse) -> None:
        self._sent: list[tuple[str, list[tuple[str, str]]]] = []

        def remember(status: str, headers: list[tuple[str, str]],
                     exc_info: Any = None) -> Callable[[bytes], object]:
            self._sent.append((status, headers))
            return start_response(status, headers, exc_info)

        self.body: Iterable[bytes] = app(environ, remember)

    @property
    def status(self) -> str | None:
        """The status sent so far (the last one, if an error replaced the first)."""
        return self._sent[-1][0] if self._sent else None

    def whole(self) -> KeptResponse:
        """Read the body to its end (closing it) and keep the response.

        Only for responses already whole in memory (a rendered page, a small file): a
        client that hangs up early can then never leave half of one behind.
        """
        try:
            body = b"".join(self.body)
        finally:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        status, headers = self._sent[-1]
        return KeptResponse(status, list(headers), body)
