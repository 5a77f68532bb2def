"""Culture Book: co-write, review and publish a living book of principles and tools."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

from cbook.config import Settings

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """A folder shipped inside the wheel (cbook/NAME) or, in a checkout, at the repo root."""
    packaged = PACKAGE_DIR / name
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / name


def _select_locale() -> str | None:
    return request.accept_languages.best_match(["en"]) or "en"


def create_app(overrides: dict[str, Any] | None = None, settings: Settings | None = None) -> Flask:
    """Build the app: config, extensions, blueprints — nothing else."""
    from cbook import api
    from cbook.accounts.views import blueprint as accounts_blueprint
    from cbook.admin.views import blueprint as admin_blueprint
    from cbook.books.trash_views import blueprint as trash_blueprint
    from cbook.books.views import blueprint as books_blueprint
    from cbook.db import make_engine, make_session_factory
    from cbook.editor.views import blueprint as editor_blueprint
    from cbook.export import runner as export_runner
    from cbook.export.views import blueprint as exports_blueprint
    from cbook.extensions import babel, limiter
    from cbook.home.views import blueprint as home_blueprint
    from cbook.imports.views import blueprint as imports_blueprint
    from cbook.library.views import blueprint as library_blueprint
    from cbook.principles.views import blueprint as principles_blueprint
    from cbook.review.views import blueprint as review_blueprint
    from cbook.search import service as search_service
    from cbook.search.views import blueprint as search_blueprint
    from cbook.web import (
        admission,
        auth,
        database,
        errors,
        page_cache,
        security_headers,
        templating,
    )
    from cbook.web.converters import IdConverter
    from cbook.web.uploads import UploadAwareRequest

    settings = settings or Settings.from_environment()
    app = Flask(
        __name__,
        template_folder=str(resource_dir("templates")),
        static_folder=str(PACKAGE_DIR / "static"),
        instance_path=str(settings.instance),
    )
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

    engine = make_engine(app.config.get("CBOOK_DATABASE_URL") or settings.database_url)
    app.extensions["cbook.engine"] = engine
    database.init_app(app, make_session_factory(engine))
    search_service.init_app(app)
    export_runner.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    limiter.init_app(app)
    auth.init_app(app)
    templating.init_app(app)

    app.register_blueprint(books_blueprint)
    app.register_blueprint(trash_blueprint)
    app.register_blueprint(home_blueprint)
    app.register_blueprint(editor_blueprint)
    app.register_blueprint(principles_blueprint)
    app.register_blueprint(accounts_blueprint)
    app.register_blueprint(admin_blueprint)
    app.register_blueprint(review_blueprint)
    app.register_blueprint(library_blueprint)
    app.register_blueprint(search_blueprint)
    app.register_blueprint(imports_blueprint)
    app.register_blueprint(exports_blueprint)
    api.init_app(app)
    errors.init_app(app)  # after the API, so its handlers replace flask-smorest's
    security_headers.init_app(app)
    page_cache.init_app(app)
    admission.init_app(app, settings.active_requests)
    return app
