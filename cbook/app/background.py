"""The app's background threads: the search index writer, the export runner, the mail sender.

Each starts with the first request its app serves (threads do not survive a fork, so
never at import), and :func:`shutdown` stops them with the app: a test's app, a worker
that exits, or a command that is done.
"""

from __future__ import annotations

import atexit
import weakref

from flask import Flask

from cbook.app import notification_mail
from cbook.export import runner as export_runner
from cbook.mail import binding as mail_binding
from cbook.search import binding as search_binding
from cbook.web import closing as web_closing


def init_app(app: Flask) -> None:
    """Bind the search writer and the export runner to ``app``; stop them at exit."""
    web_closing.init_app(app)
    search_binding.init_app(app)
    export_runner.init_app(app)
    mail_binding.init_app(app, compose_step=notification_mail.for_app(app))
    # A weak reference: an app dropped by its owner (a test) is not kept alive by atexit.
    ref = weakref.ref(app)

    def stop_at_exit() -> None:
        still_there = ref()
        if still_there is not None:
            shutdown(still_there)

    atexit.register(stop_at_exit)


def shutdown(app: Flask) -> None:
    """Stop the app's background threads (idempotent) and release its database pool."""
    web_closing.closing(app).set()
    search_binding.close_search(app)
    export_runner.stop_runner(app)
    mail_binding.stop(app)
    engine = app.extensions.get("cbook.engine")
    if engine is not None:
        engine.dispose()
