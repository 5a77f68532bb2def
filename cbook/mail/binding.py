"""The mail sender bound to a Flask app: started with the first request, stopped with it.

``CBOOK_MAIL_SENDER`` (app config): ``thread`` (the default) runs the sender in each
serving process; ``manual`` runs none (the test suite's default; then ``cbook mail send``
or a test delivers).
"""

from __future__ import annotations

import threading

from flask import Flask

from cbook.mail.sender import ComposeStep, Sender, start_sender, stop_sender

_EXTENSION = "cbook.mail_sender"


def get_sender(app: Flask) -> Sender | None:
    """The app's running sender, if it started one."""
    sender: Sender | None = app.extensions.get(_EXTENSION)
    return sender


def init_app(app: Flask, compose_step: ComposeStep | None = None) -> None:
    """Start the sender with the first request, unless the app delivers by hand (tests);
    ``compose_step`` queues mail from other tables before each pass (see ``Sender``)."""
    mode = app.config.get("CBOOK_MAIL_SENDER") or ("manual" if app.config.get("TESTING")
                                                    else "thread")
    if mode != "thread":
        return
    started = threading.Event()

    @app.before_request
    def _start_sender() -> None:
        # Threads do not survive a fork, so start in the serving process, not at import.
        if not started.is_set():
            started.set()
            app.extensions[_EXTENSION] = start_sender(
                app.config["CBOOK_SETTINGS"], app.extensions["cbook.sessions"],
                compose_step=compose_step)


def stop(app: Flask) -> None:
    """Stop the app's sender, if it started one (the composition root's shutdown)."""
    stop_sender(app.extensions.pop(_EXTENSION, None))
