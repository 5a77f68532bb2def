"""Flask extension instances, created once and bound to each app by the composition root
(``cbook.app``); the API's flask-smorest instance is ``cbook.api.api``."""

from __future__ import annotations

from flask_babel import Babel
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from cbook.web.limits import ViewLimiter

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# No default limits: only the views that need one (login) carry a limit, and only they
# pay for flask-limiter's request hooks.
limiter = ViewLimiter(key_func=get_remote_address, default_limits=[])
