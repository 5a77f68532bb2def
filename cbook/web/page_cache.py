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

Signed-in readers get their own header (name, inbox count, menu) on every page, so their
pages are never kept whole; a view may instead keep the part of a page that everyone who
may do the same things sees alike (:func:`shared_part`, :func:`keep_shared_part`), under
the same generation and language.

A database that cannot be read (not created or not migrated yet) leaves every request to
Flask, whose error page says so, rather than failing in front of it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from cachetools import LRUCache
from flask import Flask, Response, current_app, g, request, session
from flask_babel import get_locale
from sqlalchemy import Engine, Select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from cbook.web.database import db
from cbook.web.wsgi_capture import CapturedCall, KeptResponse

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

Key = tuple[object, ...]
Kept = TypeVar("Kept")
Part = TypeVar("Part")
# Set on the WSGI environ: the key the rendered response is to be kept under.
_STORE_KEY = "cbook.page_cache.store"
# Set on the WSGI environ by the middleware: the key it looked up and missed.
_MISSED_KEY = "cbook.page_cache.missed"
_PARTS = "cbook.page_cache.parts"
# A rendered page with the exact status and headers it was first sent with.
CachedPage = KeptResponse


class GenerationUnavailable(Exception):
    """The content generation cannot be read (e.g. the database is not migrated yet)."""


class PageCache(Generic[Kept]):
    """A bounded, thread-safe LRU (of rendered pages, or parts of them)."""

    def __init__(self, capacity: int) -> None:
        self._pages: LRUCache[Key, Kept] = LRUCache(maxsize=capacity)
        self._lock = threading.Lock()

    def get(self, key: Key) -> Kept | None:
        """The entry under ``key``, marked as recently used."""
        with self._lock:
            return self._pages.get(key)

    def put(self, key: Key, page: Kept) -> None:
        """Keep an entry, dropping the least recently used past capacity."""
        with self._lock:
            self._pages[key] = page


class GenerationReader:
    """Reads the content generation (``statement``, one number) as cheaply as it can.

    The check runs on every cached page, so it skips the ORM and SQLAlchemy's execution
    layer (a quarter of the cost); the statement is compiled once, its constants inlined.
    Either read raises :class:`GenerationUnavailable` if the database cannot answer.
    """

    def __init__(self, engine: Engine, statement: Select[Any]) -> None:
        self.engine = engine
        self.sql = str(statement.compile(engine, compile_kwargs={"literal_binds": True}))
        self._driver_error: type[Exception] = engine.dialect.loaded_dbapi.Error

    def __call__(self) -> int:
        """The generation, on a pooled DBAPI connection of its own (outside any request)."""
        try:
            connection = self.engine.raw_connection()
            try:
                cursor = connection.cursor()
                cursor.execute(self.sql)
                row = cursor.fetchone()
                cursor.close()
            finally:
                connection.close()
        except (SQLAlchemyError, self._driver_error) as error:
            raise GenerationUnavailable(str(error)) from error
        return int(row[0]) if row and row[0] is not None else 0

    def in_session(self, session: Session) -> int:
        """The generation as ``session`` sees it, so what the request then reads through
        the same session is never older than the number it is kept under."""
        try:
            value = session.connection().exec_driver_sql(self.sql).scalar()
        except SQLAlchemyError as error:
            raise GenerationUnavailable(str(error)) from error
        return int(value) if value is not None else 0


def generation_reader(engine: Engine, statement: Select[Any]) -> GenerationReader:
    """The content generation's reader for ``engine`` (``statement`` selects one number)."""
    return GenerationReader(engine, statement)


def _cookieless_key(environ: WSGIEnvironment, generation: int) -> Key:
    return (generation, "cookieless", environ.get("HTTP_ACCEPT_LANGUAGE", ""),
            environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))


def _could_be_cached(environ: WSGIEnvironment) -> bool:
    return (environ.get("REQUEST_METHOD") == "GET" and "HTTP_COOKIE" not in environ
            and "HTTP_AUTHORIZATION" not in environ)


class CachedPagesMiddleware:
    """Serve cookieless GETs from the cache before Flask runs; keep what Flask marks."""

    def __init__(self, app: WSGIApplication, cache: PageCache[KeptResponse],
                 generation: Callable[[], int]) -> None:
        self.app = app
        self.cache = cache
        self.generation = generation

    def __call__(self, environ: WSGIEnvironment,
                 start_response: StartResponse) -> Iterable[bytes]:
        """Answer from the cache, or pass on and keep a response Flask marked cacheable."""
        if _could_be_cached(environ):
            try:
                key = _cookieless_key(environ, self.generation())
            except GenerationUnavailable:
                # Flask answers (and its error page explains) while the database is not ready.
                return self.app(environ, start_response)
            page = self.cache.get(key)
            if page is not None:
                return page.send(start_response)
            environ[_MISSED_KEY] = key
        call = CapturedCall(self.app, environ, start_response)
        marked: Key | None = environ.get(_STORE_KEY)
        if marked is None:
            return call.body
        # A marked page is a rendered template, already whole in memory.
        page = call.whole()
        if page.ok and not page.sets_cookie():
            self.cache.put(marked, page)
        return [page.body]


def _anonymous_session() -> bool:
    # Anything personal (a signed-in user, a flash message) bypasses the cache.
    return not session.get("_user_id") and not session.get("_flashes")


def _serve_or_mark(cache: PageCache[KeptResponse], endpoints: frozenset[str],
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
    try:
        key = (generation(), str(get_locale()), request.full_path)
    except GenerationUnavailable:
        return None
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


class _SharedParts:
    """Parts of pages kept per content generation, language and what else the view says."""

    def __init__(self, capacity: int, generation: Callable[[], int]) -> None:
        self.parts: PageCache[object] = PageCache(capacity)
        self.generation = generation

    def key(self, kind: type, key: Key, *, read: bool) -> Key | None:
        # Read once per request, before the view reads anything it will render, through
        # the request's own session: read after, a change committed in between would
        # keep the older rendering under the newer generation.
        generation: int | None = g.get("cbook_generation")
        if generation is None:
            if not read:
                return None
            try:
                generation = self.generation()
            except GenerationUnavailable:
                return None
            g.cbook_generation = generation
        return (generation, str(get_locale()), request.script_root, kind.__qualname__, *key)


def shared_part(kind: type[Part], key: Key) -> Part | None:
    """The part of a page kept under ``key`` for this content generation and language.

    ``key`` must name everything the part depends on besides published content: the
    page, its query arguments, and what the viewer may do there. None when nothing is
    kept (or the page cache is off).
    """
    parts: _SharedParts | None = current_app.extensions.get(_PARTS)
    full_key = parts.key(kind, key, read=True) if parts is not None else None
    if parts is None or full_key is None:
        return None
    found = parts.parts.get(full_key)
    return found if isinstance(found, kind) else None


def keep_shared_part(key: Key, part: object) -> None:
    """Keep ``part`` for other requests of this content generation (see :func:`shared_part`).

    Keep only what was rendered from published content (a working draft changes
    without the generation moving), and only after asking :func:`shared_part` first,
    which reads the generation it is kept under.
    """
    parts: _SharedParts | None = current_app.extensions.get(_PARTS)
    full_key = parts.key(type(part), key, read=False) if parts is not None else None
    if parts is not None and full_key is not None:
        parts.parts.put(full_key, part)


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
    cache: PageCache[KeptResponse] = PageCache(capacity)
    read_generation = generation

    def serve_or_mark() -> Response | None:
        return _serve_or_mark(cache, cacheable, read_generation)

    app.extensions["cbook.page_cache"] = cache
    # A plain callable (tests) cannot read through the request's session.
    reader = generation
    in_session = ((lambda: reader.in_session(db())) if isinstance(reader, GenerationReader)
                  else read_generation)
    app.extensions[_PARTS] = _SharedParts(capacity, in_session)
    app.before_request(serve_or_mark)
    app.wsgi_app = CachedPagesMiddleware(  # type: ignore[method-assign]
        app.wsgi_app, cache, read_generation)
