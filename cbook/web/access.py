"""The page-level guard: a view declares the action it needs from the policy."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from cbook.policy import Action, require
from cbook.web.auth import acting_user

P = ParamSpec("P")
R = TypeVar("R")


def requires(action: Action) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Refuse the view unless the viewer may do ``action`` (object-free actions only)."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            require(acting_user(), action)
            return view(*args, **kwargs)

        return guarded

    return decorate
