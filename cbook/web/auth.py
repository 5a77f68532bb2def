"""Who is asking: session cookies for browsers, bearer tokens for API clients."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from flask import Flask, Request, request
from flask_login import current_user
from sqlalchemy.orm import Session
from werkzeug.exceptions import Unauthorized

from cbook.extensions import csrf, login_manager
from cbook.web import csrf_tokens
from cbook.web.database import db

if TYPE_CHECKING:
    from cbook.accounts.models import User

# Given the session and a cookie's session token (or a bearer token), the user it signs in.
UserLoader = Callable[[Session, str], "User | None"]

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def bearer_token(req: Request) -> str | None:
    """The token from an ``Authorization: Bearer`` header, if the request has one."""
    header = req.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip()


def acting_user() -> User | None:
    """The signed-in user of this request, or None for an anonymous visitor."""
    if current_user.is_authenticated:
        return cast("User", current_user._get_current_object())
    return None


def _guard_request() -> None:
    token = bearer_token(request)
    if token is not None:
        if acting_user() is None:
            raise Unauthorized("invalid or revoked API token")
        # A browser cannot be made to send an Authorization header cross-site, so
        # token requests need no CSRF token.
        return
    if request.method not in UNSAFE_METHODS:
        return
    if request.path.startswith("/api/") and acting_user() is None:
        # Nobody is signed in, so there is no session to forge a request with; the
        # view answers 401 rather than a confusing CSRF error.
        return
    csrf.protect(apply_exemptions=True)  # @csrf.exempt views: their own proof (a signed link)


def init_app(app: Flask, *, session_user: UserLoader, token_user: UserLoader) -> None:
    """Wire flask-login and the CSRF/token guard into the app; the loaders (from accounts,
    passed by the composition root) turn a session cookie or a bearer token into a user."""

    def load_from_cookie(token: str) -> User | None:
        # A request that names a bearer token is judged by that token alone.
        if bearer_token(request) is not None:
            return None
        return session_user(db(), token)

    def load_from_token(req: Request) -> User | None:
        token = bearer_token(req)
        return token_user(db(), token) if token else None

    login_manager.init_app(app)
    login_manager.user_loader(load_from_cookie)
    login_manager.request_loader(load_from_token)
    csrf.init_app(app)
    csrf_tokens.init_app(app)  # after flask-wtf, whose csrf_token() global it replaces
    login_manager.login_view = "accounts.login"
    # A session is bound to its server-side record; "strong" protection would also
    # drop it on an IP change, which mobile users hit constantly.
    login_manager.session_protection = "basic"
    app.before_request(_guard_request)
