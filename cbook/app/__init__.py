"""The composition root: the one place that knows every feature and wires them together.

``create_app`` (the web app), the CLI and the tests build what they need here: the session
factory with every feature's listeners (:mod:`cbook.app.sessions`), the blueprints
(:mod:`cbook.app.blueprints`), template globals (:mod:`cbook.app.templates`), cacheable
pages, background threads (:mod:`cbook.app.background`) and the extensions. Nothing below
this package imports a feature in order to wire it (``tests/test_architecture.py``).
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from cbook import api
from cbook.accounts import service as accounts
from cbook.app import background, blueprints, templates
from cbook.app.background import shutdown
from cbook.app.sessions import make_sessions
from cbook.audit.views import install_origin_hooks
from cbook.config import Settings
from cbook.content_state.queries import GENERATION
from cbook.db import make_engine
from cbook.extensions import babel, limiter
from cbook.resources import PACKAGE_DIR, resource_dir
from cbook.web import (
    admission,
    auth,
    database,
    errors,
    language_choice,
    page_cache,
    security_headers,
    static_files,
    templating,
)
from cbook.web.converters import IdConverter
from cbook.web.unit_of_work import transaction
from cbook.web.uploads import UploadAwareRequest

__all__ = ["create_app", "make_sessions", "shutdown"]

# The pages an anonymous reader sees the same as every other: cached until content changes.
READER_PAGES = (
    "books.home", "home.books", "books.contents", "books.chapter", "books.section",
    "principles.index", "principles.principle",
)


def _account_language() -> str | None:
    viewer = auth.acting_user()
    return viewer.language if viewer is not None else None


def _remember_language(code: str) -> None:
    # The language menu's choice, kept on a signed-in person's account (cbook.home).
    viewer = auth.acting_user()
    if viewer is not None and viewer.language != code:
        with transaction():
            accounts.set_language(database.db(), viewer, code)


def _configure(app: Flask, settings: Settings, overrides: dict[str, Any] | None) -> None:
    app.config.update(
        SECRET_KEY=settings.secret_key,
        CBOOK_SETTINGS=settings,
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
        CBOOK_MAX_UPLOAD_BYTES=settings.max_upload_bytes,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        SESSION_COOKIE_NAME="cbook_session",
        REMEMBER_COOKIE_HTTPONLY=True,
        WTF_CSRF_CHECK_DEFAULT=False,  # web.auth decides: cookies need it, tokens don't
        WTF_CSRF_TIME_LIMIT=None,  # valid for the session's life; the session is the bound
        RATELIMIT_STORAGE_URI=settings.rate_limit_storage,
        RATELIMIT_HEADERS_ENABLED=True,
        CBOOK_LOGIN_RATE_LIMIT=settings.login_rate_limit,
        CBOOK_PAGE_CACHE=settings.page_cache,
        BABEL_DEFAULT_LOCALE="en",
        # The catalogs live in the package (cbook/translations), not beside this module.
        BABEL_TRANSLATION_DIRECTORIES=str(PACKAGE_DIR / "translations"),
        JSON_SORT_KEYS=False,
        **api.openapi_config(),
    )
    app.request_class = UploadAwareRequest
    app.url_map.converters["int"] = IdConverter
    if settings.trusted_proxies:
        # Behind N reverse proxies, take the client address, scheme and host they pass on,
        # so the login rate limit counts real clients rather than the proxy.
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n
        )
    # The schema's key order is meaningful (first node = default block, mark nesting), in
    # JSON responses and in the editor config a template embeds with |tojson alike.
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.jinja_env.policies["json.dumps_kwargs"] = {"sort_keys": False}
    if overrides:
        app.config.update(overrides)


def create_app(overrides: dict[str, Any] | None = None, settings: Settings | None = None) -> Flask:
    """Build the app: config, the database, extensions, features and the request pipeline."""
    settings = settings or Settings.from_environment()
    app = Flask(
        __name__,
        template_folder=str(resource_dir("templates")),
        static_folder=str(PACKAGE_DIR / "static"),
        instance_path=str(settings.instance),
    )
    _configure(app, settings, overrides)

    engine = make_engine(app.config.get("CBOOK_DATABASE_URL") or settings.database_url)
    app.extensions["cbook.engine"] = engine
    database.init_app(app, make_sessions(engine))
    background.init_app(app)
    babel.init_app(app, locale_selector=language_choice.select_locale)
    language_choice.init_app(app, account_language=_account_language)
    app.extensions["cbook.remember_language"] = _remember_language
    limiter.init_app(app)
    auth.init_app(app, session_user=accounts.load_login_session,
                  token_user=accounts.load_api_token)
    install_origin_hooks(app)  # where an audited action came from
    templating.init_app(app)
    templates.init_app(app)

    blueprints.register(app)
    errors.init_app(app)  # after the API, so its handlers replace flask-smorest's
    security_headers.init_app(app)
    static_files.init_app(app)
    # Outermost of the WSGI wrappers: a cached page is answered before Flask runs.
    page_cache.init_app(app, endpoints=READER_PAGES,
                        generation=page_cache.generation_reader(engine, GENERATION))
    admission.init_app(app, settings.active_requests)
    return app
