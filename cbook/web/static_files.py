"""Static files under names that change with their content, so browsers keep them a year.

``url_for('static', filename='css/site.css')`` gives ``/static/css/site.<hash>.css``, the
hash being the first 12 hex digits of the file's SHA-256: a changed file gets a new URL,
so the old one may be cached forever (``immutable``), by browsers and proxies alike. The
plain name still works, with a short cache, and so does a stale fingerprint (a page
rendered before a deployment), which gets today's file with the short cache too.

A fingerprinted response never changes, so after the first one it is answered in front
of Flask from memory, with the very headers Flask sent (:class:`ImmutableFilesMiddleware`).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask, Response, request, send_from_directory
from werkzeug.exceptions import NotFound

from cbook.web.wsgi_capture import CapturedCall, KeptResponse

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

LONG_CACHE_SECONDS = 365 * 24 * 3600
# Plain and stale names: long enough to spare a page's repeat loads, short enough that a
# deployment shows within minutes.
SHORT_CACHE_SECONDS = 300
_FINGERPRINTED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{12})(?P<suffix>\.[^./]+)$")
_IMMUTABLE_MARK = "cbook.static.immutable"


class Fingerprints:
    """Content hashes of one folder's files, recomputed when a file changes on disk."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._known: dict[str, tuple[int, int, str]] = {}
        self._lock = threading.Lock()

    def digest(self, filename: str) -> str | None:
        """The file's fingerprint, or None if there is no such file in the folder."""
        path = self.folder / filename
        try:
            stat = path.stat()
        except (OSError, ValueError):
            return None
        with self._lock:
            known = self._known.get(filename)
        # Every page asks for a few names, so a known, unchanged file costs one stat; the
        # name was checked to stay inside the folder when its digest was first taken.
        if known and known[:2] == (stat.st_mtime_ns, stat.st_size):
            return known[2]
        if not path.is_file() or not path.resolve().is_relative_to(self.folder.resolve()):
            return None
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        with self._lock:
            self._known[filename] = (stat.st_mtime_ns, stat.st_size, digest)
        return digest

    def name(self, filename: str) -> str:
        """``filename`` with its fingerprint before the suffix (unchanged if no such file)."""
        digest = self.digest(filename)
        if digest is None:
            return filename
        stem, dot, suffix = filename.rpartition(".")
        if not dot or "/" in suffix:
            return f"{filename}.{digest}"
        return f"{stem}.{digest}.{suffix}"

    def original(self, filename: str) -> tuple[str, bool] | None:
        """The file a requested name serves and whether the name carries its current
        fingerprint; None if it names no file."""
        if self.digest(filename) is not None:
            return filename, False
        found = _FINGERPRINTED.match(filename)
        if found is None:
            return None
        plain = found["stem"] + found["suffix"]
        digest = self.digest(plain)
        if digest is None:
            return None
        return plain, digest == found["digest"]


def _serve(fingerprints: Fingerprints) -> Callable[[str], Response]:
    def static(filename: str) -> Response:
        found = fingerprints.original(filename)
        if found is None:
            raise NotFound()
        plain, current = found
        response = send_from_directory(
            fingerprints.folder, plain,
            max_age=LONG_CACHE_SECONDS if current else SHORT_CACHE_SECONDS)
        response.cache_control.public = True
        if current:
            response.cache_control.immutable = True
            request.environ[_IMMUTABLE_MARK] = True  # for the middleware to keep it
        return response

    return static


class ImmutableFilesMiddleware:
    """Answer a fingerprinted static URL from memory once Flask has answered it once."""

    def __init__(self, app: WSGIApplication, prefix: str) -> None:
        self.app = app
        self.prefix = prefix
        self._kept: dict[str, KeptResponse] = {}

    def __call__(self, environ: WSGIEnvironment,
                 start_response: StartResponse) -> Iterable[bytes]:
        """Serve a kept file, or pass on and keep a fingerprinted one."""
        path: str = environ.get("PATH_INFO", "")
        if not path.startswith(self.prefix) or environ.get("REQUEST_METHOD") != "GET":
            return self.app(environ, start_response)
        # A revalidation gets Flask's 304; a range request its partial answer.
        plain_get = not any(name in environ for name in (
            "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_RANGE"))
        kept = self._kept.get(path) if plain_get else None
        if kept is not None:
            return kept.send(start_response)
        call = CapturedCall(self.app, environ, start_response)
        if not (plain_get and environ.get(_IMMUTABLE_MARK) and call.status
                and call.status.startswith("200 ")):
            return call.body
        kept = call.whole()
        self._kept[path] = kept
        return [kept.body]


def init_app(app: Flask) -> None:
    """Fingerprint ``url_for('static', ...)`` and serve both kinds of names.

    Call it after anything else that wraps ``app.wsgi_app``.
    """
    if app.static_folder is None:
        return
    fingerprints = Fingerprints(Path(app.static_folder))
    app.view_functions["static"] = _serve(fingerprints)

    def fingerprint(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and isinstance(values.get("filename"), str):
            values["filename"] = fingerprints.name(values["filename"])

    app.url_defaults(fingerprint)
    prefix = (app.static_url_path or "/static").rstrip("/") + "/"
    app.wsgi_app = ImmutableFilesMiddleware(  # type: ignore[method-assign]
        app.wsgi_app, prefix)
