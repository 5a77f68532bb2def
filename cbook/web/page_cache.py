"""Whole-page cache for anonymous readers, invalidated by the content generation.

A reader page for an anonymous visitor depends only on the URL, the language and the
published content, so it is rendered once per content generation and then served from
memory. One indexed query per request checks the generation, so a change made through
any worker or host is visible on the next request.

A request with no cookie and no ``Authorization`` header is answered in front of Flask
(:class:`CachedPagesMiddleware`): no request context, session, sign-in lookup, locale,
CSRF or admission queue, just the generation check and a dictionary lookup. Such a
request's page can only vary with its URL and its ``Accept-Language`` header, which is
why those two (and the generation) make its key. A visitor who carries a cookie without
being signed in (e.g. after a visit to the sign-in form) is served from the same cache
inside Flask, once the session proves it anonymous and without a flash message.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cachetools import LRUCache
from flask import Flask, Response, request, session
from flask_babel import get_locale
from sqlalchemy import Engine, Select

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

Key = tuple[object, ...]
# Set on the WSGI environ: the key the rendered response is to be kept under.
_STORE_KEY = "cbook.page_cache.store"
# Set on the WSGI environ by the middleware: the key it looked up and missed.
_MISSED_KEY = "cbook.page_cache.missed"


@dataclass(frozen=True)
class CachedPage:
    """A rendered page with the exact status and headers it was first sent with."""

    status: str
    headers: list[tuple[str, str]]
    body: bytes


class PageCache:
    """A bounded, thread-safe LRU of rendered pages."""

    def __init__(self, capacity: int) -> None:
        self._pages: LRUCache[Key, CachedPage] = LRUCache(maxsize=capacity)
        self._lock = threading.Lock()

    def get(self, key: Key) -> CachedPage | None:
        """The page under ``key``, marked as recently used."""
        with self._lock:
            return self._pages.get(key)

    def put(self, key: Key, page: CachedPage) -> None:
        """Keep a page, dropping the least recently used past capacity."""
        with self._lock:
            self._pages[key] = page


def generation_reader(engine: Engine, statement: Select[Any]) -> Callable[[], int]:
    """Read the content generation (``statement``, one number) on a pooled DBAPI connection.

    The check runs on every cached page, so it skips the ORM and SQLAlchemy's execution
    layer (a quarter of the cost); the statement is compiled once, its constants inlined.
    """
    sql = str(statement.compile(engine, compile_kwargs={"literal_binds": True}))

    def read() -> int:
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(sql)
            row = cursor.fetchone()
            cursor.close()
        finally:
            connection.close()
        return int(row[0]) if row and row[0] is not None else 0

    return read


def _cookieless_key(environ: WSGIEnvironment, generation: int) -> Key:
    return (generation, "cookieless", environ.get("HTTP_ACCEPT_LANGUAGE", ""),
            environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))


def _could_be_cached(environ: WSGIEnvironment) -> bool:
    return (environ.get("REQUEST_METHOD") == "GET" and "HTTP_COOKIE" not in environ
            and "HTTP_AUTHORIZATION" not in environ)


class CachedPagesMiddleware:
    """Serve cookieless GETs from the cache before Flask runs; keep what Flask marks."""

    def __init__(self, app: WSGIApplication, cache: PageCache,
                 generation: Callable[[], int]) -> None:
        self.app = app
        self.cache = cache
        self.generation = generation

    def __call__(self, environ: WSGIEnvironment,
                 start_response: StartResponse) -> Iterable[bytes]:
        """Answer from the cache, or pass on and keep a response Flask marked cacheable."""
        if _could_be_cached(environ):
            key = _cookieless_key(environ, self.generation())
            page = self.cache.get(key)
            if page is not None:
                start_response(page.status, page.headers)
                return [page.body]
            environ[_MISSED_KEY] = key
        sent: list[tuple[str, list[tuple[str, str]]]] = []

        def remember(status: str, headers: list[tuple[str, str]],
                     exc_info: Any = None) -> Callable[[bytes], object]:
            sent.append((status, headers))
            return start_response(status, headers, exc_info)

        body = self.app(environ, remember)
        marked: Key | None = environ.get(_STORE_KEY)
        if marked is None:
            return body
        return self._keep(marked, body, sent)

    def _keep(self, key: Key, body: Iterable[bytes],
              sent: list[tuple[str, list[tuple[str, str]]]]) -> Iterable[bytes]:
        # A marked page is a rendered template, already whole in memory: joining it costs
        # nothing and means a client that hangs up early can never leave half a page here.
        try:
            whole = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        status, headers = sent[-1]
        if status.startswith("200 ") and not any(
                name.lower() == "set-cookie" for name, _ in headers):
            self.cache.put(key, CachedPage(status, list(headers), whole))
        return [whole]


def _anonymous_session() -> bool:
    # Anything personal (a signed-in user, a flash message) bypasses the cache.
    return not session.get("_user_id") and not session.get("_flashes")


def _serve_or_mark(cache: PageCache, endpoints: frozenset[str],
                   generation: Callable[[], int]) -> Response | None:
    environ = request.environ
    if request.endpoint not in endpoints:
        environ.pop(_MISSED_KEY, None)
        return None
    missed: Key | None = environ.pop(_MISSED_KEY, None)
    if missed is not None:  # the middleware looked it up already
        environ[_STORE_KEY] = missed
        return None
    if (request.method != "GET" or "Authorization" in request.headers
            or not _anonymous_session()):
        return None
    key = (generation(), str(get_locale()), request.full_path)
    page = cache.get(key)
    if page is not None:
        return Response(page.body, status=page.status, headers=page.headers)
    environ[_STORE_KEY] = key
    return None


def _keep_personal_private(response: Response) -> Response:
    # A signed-in person's pages carry their name, inbox count and links: a shared cache
    # (a proxy in front of the app) must never hand them to someone else.
    personal = "Authorization" in request.headers or session.get("_user_id")
    if personal and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "private, no-cache"
    return response


def init_app(app: Flask, *, endpoints: Iterable[str] = (),
             generation: Callable[[], int] | None = None, capacity: int = 1024) -> None:
    """Cache the pages of ``endpoints`` for anonymous readers, checked against
    ``generation()`` (unless CBOOK_PAGE_CACHE is off); mark every signed-in response
    private either way.

    Call it after anything else that wraps ``app.wsgi_app``, so the cache is outermost.
    """
    app.after_request(_keep_personal_private)
    cacheable = frozenset(endpoints)
    if not app.config.get("CBOOK_PAGE_CACHE", True) or not cacheable or generation is None:
        return
    cache = PageCache(capacity)
    read_generation = generation

    def serve_or_mark() -> Response | None:
        return _serve_or_mark(cache, cacheable, read_generation)

    app.extensions["cbook.page_cache"] = cache
    app.before_request(serve_or_mark)
    app.wsgi_app = CachedPagesMiddleware(  # type: ignore[method-assign]
        app.wsgi_app, cache, read_generation)
