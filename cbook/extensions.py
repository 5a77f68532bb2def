"""Flask extension instances, created once and bound to each app in create_app()."""

from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_smorest import Api
from flask_wtf.csrf import CSRFProtect

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
api = Api()
# No default limits: only the routes that need one (login) carry a limit.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
