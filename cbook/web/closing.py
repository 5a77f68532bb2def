"""The app's "stopping" signal, for requests that wait (the collab long-poll).

The composition root sets it when the app shuts down, before its database pool is
released, so a request still waiting answers at once instead of opening connections
on a pool nobody will close.
"""

from __future__ import annotations

import threading

from flask import Flask


def init_app(app: Flask) -> None:
    """Give ``app`` its signal, not yet set."""
    app.extensions["cbook.closing"] = threading.Event()


def closing(app: Flask) -> threading.Event:
    """Set once ``app`` begins to stop."""
    event: threading.Event = app.extensions["cbook.closing"]
    return event
