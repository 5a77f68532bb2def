"""flask-limiter, paying for its request hooks only on the views that carry a limit.

flask-limiter hooks every request of the app (a check before it, a header and deduction
step after it, a cleanup at teardown), about 0.2 ms a request, though only sign-in is
limited here. :class:`ViewLimiter` keeps those hooks but lets each run only when the
request's view was decorated with ``limiter.limit(...)``; everyone else pays one
dictionary lookup. Limits therefore belong on views (no default, application or
blueprint-wide limits, which this app does not use).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter

# What flask-limiter sets on the view a ``limit`` decorator wraps (the same check it makes
# itself so as to count stacked decorators once); the rate-limit test in
# tests/accounts/test_auth.py fails if a new flask-limiter names it otherwise.
_LIMITED_VIEW_MARK = "__wrapper-limiter-instance"


class ViewLimiter(Limiter):
    """A ``Limiter`` whose app-wide hooks run only for rate-limited views."""

    def _limits_this_request(self) -> bool:
        view = current_app.view_functions.get(request.endpoint or "")
        # flask-limiter stores a weak proxy of itself there: compare by equality, not identity.
        marked = getattr(view, _LIMITED_VIEW_MARK, None)
        return marked is not None and bool(marked == self)

    def init_app(self, app: Flask) -> None:
        """Bind to ``app``, then narrow the hooks flask-limiter added to limited views."""
        had_before = list(app.before_request_funcs.get(None, []))
        had_after = list(app.after_request_funcs.get(None, []))
        had_teardown = list(app.teardown_request_funcs.get(None, []))
        super().init_app(app)
        app.before_request_funcs[None] = had_before + [
            self._before(hook) for hook in app.before_request_funcs.get(None, [])
            if hook not in had_before]
        app.after_request_funcs[None] = had_after + [
            self._after(hook) for hook in app.after_request_funcs.get(None, [])
            if hook not in had_after]
        app.teardown_request_funcs[None] = had_teardown + [
            self._teardown(hook) for hook in app.teardown_request_funcs.get(None, [])
            if hook not in had_teardown]

    def _before(self, hook: Callable[..., Any]) -> Callable[[], Any]:
        def before() -> Any:
            return hook() if self._limits_this_request() else None
        return before

    def _after(self, hook: Callable[..., Any]) -> Callable[[Response], Any]:
        def after(response: Response) -> Any:
            return hook(response) if self._limits_this_request() else response
        return after

    def _teardown(self, hook: Callable[..., Any]) -> Callable[[BaseException | None], None]:
        def teardown(error: BaseException | None) -> None:
            if self._limits_this_request():
                hook(error)
        return teardown
