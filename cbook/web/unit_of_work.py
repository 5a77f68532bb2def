"""One unit of work per request: commit when the work ends normally, roll back when it fails.

Views and API handlers never call ``commit()`` or ``rollback()`` themselves, and services
only ``flush()``. A view that writes is wrapped::

    @blueprint.route("/books/<slug>/chapters", methods=["POST"])
    @transaction()
    def add_chapter(slug): ...

or, when only part of it writes (or the commit must happen inside a lock), the part is::

    with transaction(gate=lambda session: authority.sole_writer(session, document)):
        authority.receive_steps(...)

A gate is entered before the work and left only after the commit, so "commit inside the
write gate" is written here once instead of at every edge.

Form views add :func:`input_errors_flashed` around the call that may refuse the input: an
:class:`~cbook.errors.InputError` (a slug taken, a stale version) undoes the work and is
shown as a message beside the form, while "not allowed" and "not found" still go on to
their error pages — a refusal is never disguised as a form message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ContextDecorator, contextmanager
from types import TracebackType
from typing import Any, Literal, TypeVar

from flask import flash
from sqlalchemy.orm import Session

from cbook.errors import InputError
from cbook.web.database import db

Gate = Callable[[Session], AbstractContextManager[Any]]
Refusal = TypeVar("Refusal", bound=InputError)


class transaction(ContextDecorator):  # lower case: it reads as a decorator
    """Commit the request's session when the block (or view) returns, roll back if it raises.

    ``gate`` (optional) makes a lock from the session, held from before the work until
    after the commit: e.g. :func:`cbook.write_gate.serialised` for SQLite's one writer.
    """

    def __init__(self, gate: Gate | None = None) -> None:
        self._make_gate = gate
        self._gate: AbstractContextManager[Any] | None = None

    def _recreate_cm(self) -> transaction:
        # One decorator serves many requests on many threads: each call gets its own state.
        return transaction(self._make_gate)

    def __enter__(self) -> Session:
        session = db()
        if self._make_gate is not None:
            self._gate = self._make_gate(session)
            self._gate.__enter__()
        return session

    def __exit__(self, error_type: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> Literal[False]:
        session = db()
        try:
            if error_type is None:
                session.commit()
            else:
                session.rollback()
        except BaseException:
            session.rollback()
            raise
        finally:
            gate, self._gate = self._gate, None
            if gate is not None:
                gate.__exit__(error_type, error, traceback)
        return False  # an error raised by the work goes on to the error handlers


@contextmanager
def input_errors_flashed() -> Iterator[None]:
    """Turn an input error inside the block into a message beside the form.

    The work done so far is rolled back, so the page re-rendered afterwards shows what is
    stored. Errors that are not about the input (PermissionDenied, NotFound, NotSignedIn)
    pass through untouched.
    """
    try:
        yield
    except InputError as error:
        db().rollback()
        flash(error.message, "error")


@contextmanager
def refusal_shown(kind: type[Refusal], show: Callable[[Refusal], None]) -> Iterator[None]:
    """Hand a ``kind`` of input error raised in the block to ``show`` (e.g. to put it
    beside the form field it is about) instead of letting it go on.

    Put it around a ``with transaction():``, which has already undone the work by then.
    Every other error, input or not, goes on (to ``input_errors_flashed`` or an error page).
    """
    try:
        yield
    except kind as refusal:
        show(refusal)
