"""The signed CSRF token a page carries, signed once per session rather than per page.

flask-wtf signs the session's raw token (an HMAC and a timestamp) every request that
renders a form or the ``<meta name="csrf-token">`` of a signed-in page: a tenth of a
cached signed-in page's cost. Tokens have no time limit here (``WTF_CSRF_TIME_LIMIT`` is
None: the session is the bound), so the value signed for a raw token stays valid for as
long as that raw token is the session's, and a process can keep it.
"""

from __future__ import annotations

import threading

from cachetools import LRUCache
from flask import Flask, current_app, g, session
from flask_wtf.csrf import generate_csrf

FIELD = "csrf_token"
CAPACITY = 4096  # sessions whose signed token a process remembers
_KEY = "cbook.signed_csrf_tokens"


class _SignedTokens:
    def __init__(self) -> None:
        self.lock = threading.Lock()  # an LRUCache reorders itself even on a read
        self.by_raw: LRUCache[str, str] = LRUCache(maxsize=CAPACITY)


def signed_csrf_token() -> str:
    """This session's signed CSRF token (as flask-wtf's ``csrf_token()`` gives)."""
    if FIELD in g:
        return str(g.get(FIELD))
    store: _SignedTokens = current_app.extensions[_KEY]
    raw = session.get(FIELD)
    if isinstance(raw, str):
        with store.lock:
            signed = store.by_raw.get(raw)
        if signed is not None:
            setattr(g, FIELD, signed)  # where flask-wtf's forms look for it
            return signed
    signed = str(generate_csrf())
    with store.lock:
        store.by_raw[str(session[FIELD])] = signed
    return signed


def init_app(app: Flask) -> None:
    """Templates' ``csrf_token()`` gives the kept one; forms rendered after it in the same
    request (the page's head asks first) reuse it through ``g``."""
    if app.config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return  # a timed token must be signed afresh
    app.extensions[_KEY] = _SignedTokens()
    app.jinja_env.globals["csrf_token"] = signed_csrf_token
    # flask-wtf also hands templates its own through a context processor; a later one wins.
    app.context_processor(lambda: {"csrf_token": signed_csrf_token})
