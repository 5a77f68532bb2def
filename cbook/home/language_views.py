"""Choosing the interface language: ``/language`` lists them, ``/language/<code>`` picks one.

Picking is a link, not a form, so that a visitor's pages stay cookieless-cacheable until
they choose and need no session: it sets the language cookie and goes back to the page
the person came from. A signed-in person's choice is also saved on their account (by the
``cbook.remember_language`` the composition root provides), unless the link was followed
from another site (``Sec-Fetch-Site: cross-site``): then only this browser's cookie
changes (and the account's language, which comes first, stays), so a page elsewhere
cannot change anyone's settings.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, make_response, redirect, render_template, request
from werkzeug.wrappers import Response

from cbook.errors import NotFound
from cbook.languages import COOKIE, COOKIE_MAX_AGE, shipped

blueprint = Blueprint("language", __name__)


def _back(target: str | None) -> str:
    """A path on this site to return to: the given one if it is ours, else the home page."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.netloc and parts.netloc != request.host:
        return "/"
    path = parts.path or "/"
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    if path.startswith("/language"):
        return "/"  # never back to the switcher itself
    return path + (f"?{parts.query}" if parts.query else "")


@blueprint.route("/language")
def choose() -> str:
    """Every language, each named in itself, as links that switch to it."""
    return render_template("language.html", back=_back(request.args.get("next")))


@blueprint.route("/language/<code>")
def switch(code: str) -> Response:
    """Switch to ``code`` for this browser, go back to where the person was."""
    language = shipped(code)
    if language is None or language != code:
        raise NotFound("no such language")
    back = _back(request.args.get("next") or request.referrer)
    cross_site = request.headers.get("Sec-Fetch-Site") == "cross-site"
    remember = current_app.extensions.get("cbook.remember_language")
    if remember is not None and not cross_site:
        remember(language)
    response = make_response(redirect(back, code=303))
    response.set_cookie(COOKIE, language, max_age=COOKIE_MAX_AGE, samesite="Lax",
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
                        httponly=True)
    return response

