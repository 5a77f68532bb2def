"""Whole-page cache for anonymous readers, invalidated by the content generation.

A reader page for an anonymous visitor depends only on the URL, the language and the
published content, so it is rendered once per content generation and then served from
memory. One indexed query per request checks the generation, so a change made through
any worker or host is visible on the next request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from flask import Flask, Response, g, request, session
from flask_babel import get_locale

from cbook.content_state import current_generation
from cbook.web.database import db

CACHEABLE_ENDPOINTS = frozenset({
    "books.home", "home.books", "books.contents", "books.chapter", "books.section",
    "principles.index", "principles.principle",
})


@dataclass(frozen=True)
class CachedPage:
    """A rendered page and the headers needed to serve it again."""

    body: bytes
    content_type: str


class PageCache:
    """A bounded, thread-safe LRU of rendered pages."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._pages: OrderedDict[tuple[object, ...], CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> CachedPage | None:
        """The page under ``key``, marked as recently used."""
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple[object, ...], page: CachedPage) -> None:
        """Keep a page, dropping the least recently used past capacity."""
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.capacity:
                self._pages.popitem(last=False)


def _cacheable_request() -> bool:
    # Anything personal (a signed-in user, a flash message, a token) bypasses the cache.
    return (
        request.method == "GET"
        and request.endpoint in CACHEABLE_ENDPOINTS
        and "Authorization" not in request.headers
        and not session.get("_user_id")
        and not session.get("_flashes")
    )


def _serve_cached() -> Response | None:
    if not _cacheable_request():
        return None
    cache: PageCache = g.cbook_page_cache
    key = (current_generation(db()), str(get_locale()), request.full_path)
    page = cache.get(key)
    if page is not None:
        return Response(page.body, content_type=page.content_type)
    g.page_cache_key = key
    return None


def _store(response: Response) -> Response:
    key = g.pop("page_cache_key", None)
    if (key is not None and response.status_code == 200 and not response.direct_passthrough
            and "Set-Cookie" not in response.headers):
        g.cbook_page_cache.put(key, CachedPage(response.get_data(), response.content_type))
    return response


def _keep_personal_private(response: Response) -> Response:
    # A signed-in person's pages carry their name, inbox count and links: a shared cache
    # (a proxy in front of the app) must never hand them to someone else.
    personal = "Authorization" in request.headers or session.get("_user_id")
    if personal and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "private, no-cache"
    return response


def init_app(app: Flask, capacity: int = 1024) -> None:
    """Serve and fill the cache around each request (unless CBOOK_PAGE_CACHE is off);
    mark every signed-in response private either way."""
    app.after_request(_keep_personal_private)
    if not app.config.get("CBOOK_PAGE_CACHE", True):
        return
    cache = PageCache(capacity)

    def attach() -> None:
        g.cbook_page_cache = cache

    app.before_request(attach)
    app.before_request(_serve_cached)
    app.after_request(_store)
