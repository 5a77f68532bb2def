"""Flask extension instances, created once and bound to each app in create_app()."""

from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_smorest import Api
from flask_wtf.csrf import CSRFProtect

from cbook.api.schemas import ErrorSchema


class CultureBookApi(Api):  # type: ignore[misc]
    """flask-smorest's Api, documenting the error body this app really sends."""

    ERROR_SCHEMA = ErrorSchema


login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
api = CultureBookApi()
# No default limits: only the routes that need one (login) carry a limit.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
