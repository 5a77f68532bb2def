"""Every error becomes a clear answer: JSON under /api, a friendly page elsewhere."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from cbook.errors import DomainError, InvalidInput, NotSignedIn
from cbook.textrules import check_storable, find_unstorable, may_hold_unstorable

log = logging.getLogger(__name__)


def wants_json() -> bool:
    """API paths answer in JSON; so do clients that ask only for JSON."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and not request.accept_mimetypes["text/html"]


def error_response(status: int, message: str, detail: Any = None,
                   extra: dict[str, Any] | None = None) -> tuple[Response | str, int]:
    """The response for an error, in the form the client wants."""
    if wants_json():
        body: dict[str, Any] = {"error": message, **(extra or {})}
        if detail is not None:
            body["detail"] = detail
        return jsonify(body), status
    return render_template("error.html", status=status, message=message), status


def _domain_error(error: DomainError) -> ResponseReturnValue:
    if isinstance(error, NotSignedIn) and not wants_json():
        # A person following a link to a members' page is sent to sign in first.
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    return error_response(error.status, error.message, error.detail, error.extra)


def _http_error(error: HTTPException) -> tuple[Response | str, int] | HTTPException:
    if error.code is None or (300 <= error.code < 400):
        return error
    detail: Any = None
    data = getattr(error, "data", None)
    if isinstance(data, dict) and "messages" in data:
        # webargs/marshmallow validation: say which fields were wrong and why.
        detail = data["messages"].get("json", data["messages"])
        return error_response(422 if error.code == 422 else error.code, "invalid input", detail)
    message = error.description or error.name
    if error.code == 413:
        message = "request body too large"
    response, status = error_response(error.code, message, detail)
    if isinstance(response, Response) and error.code == 405:
        response.headers["Allow"] = ", ".join(error.valid_methods or [])  # type: ignore[attr-defined]
    return response, status


def _csrf_error(error: CSRFError) -> tuple[Response | str, int]:
    return error_response(400, "missing or invalid CSRF token", error.description)


def _rate_limited(error: RateLimitExceeded) -> tuple[Response | str, int]:
    return error_response(429, "too many attempts; wait a minute and try again",
                          str(error.description))


def _server_error(error: InternalServerError) -> tuple[Response | str, int]:
    log.error("unhandled error", exc_info=error.original_exception)
    return error_response(500, "something went wrong on our side")


def _reject_unstorable_input() -> tuple[Response | str, int] | None:
    """Refuse NUL and unpaired surrogates anywhere in the request, before any view runs."""
    for values in (request.args, request.form):
        for key, value in values.items(multi=True):
            if not isinstance(key, str) or not isinstance(value, str):
                continue  # a multipart part with no name: werkzeug keys it None, nobody reads it
            problem = find_unstorable(key) or find_unstorable(value)
            if problem:
                return error_response(400, problem)
    if request.is_json and request.content_length:
        try:
            data = request.get_json(silent=True)
        except RecursionError:
            return error_response(400, "request body nests too deeply")
        if data is None:
            return error_response(400, "request body is not valid JSON")
        if not may_hold_unstorable(request.get_data(cache=True)):
            return None  # every keystroke's steps come here: a byte scan beats the walk
        try:
            check_storable(data)
        except InvalidInput as error:
            return error_response(400, error.message)
    return None


def init_app(app: Flask) -> None:
    """Register the handlers; they replace flask-smorest's own error format."""
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(RateLimitExceeded, _rate_limited)
    app.register_error_handler(InternalServerError, _server_error)
    app.before_request(_reject_unstorable_input)
