"""The site header every page carries, rendered once per kind of viewer and page."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_babel import get_locale
from markupsafe import Markup

from cbook.books.models import Book
from cbook.home import queries
from cbook.policy import Action, can
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.page_cache import PageCache

# Headers differ only by language, page, role, inbox count and editions book: few kinds.
HEADER_CAPACITY = 512
_HEADERS = "cbook.home.site_headers"


def editions_book(book: object = None) -> Book | None:
    """The book an editions link on this page is for."""
    # The book the page is about, else the first one (asked only for those who publish).
    return book if isinstance(book, Book) else queries.first_book(db())


def header_key(unread: int, book: object = None) -> tuple[object, ...]:
    """Everything the header of this request's page depends on: two pages with the same
    key carry the same header (a page kept whole may use it as part of its own key)."""
    viewer = acting_user()
    edition = editions_book(book) if can(viewer, Action.EXPORT_BOOK) else None
    return (str(get_locale()), request.script_root, request.endpoint or "",
            (viewer.role.value, viewer.active) if viewer is not None else None, unread,
            edition.slug if edition is not None else None)


def site_header(unread: int, book: object = None) -> Markup:
    """The site header (menu, inbox count, role) for this request's viewer and page.

    It depends on nothing but what makes its key (no name, no per-person link), so it
    is rendered once per key rather than once per page.
    """
    key = header_key(unread, book)
    headers: PageCache[Markup] | None = current_app.extensions.get(_HEADERS)
    if headers is None:
        headers = current_app.extensions.setdefault(_HEADERS, PageCache(HEADER_CAPACITY))
    header = headers.get(key)
    if header is None:
        # Rendered from the template autoescaping it: HTML already.
        header = Markup(render_template(  # noqa: S704
            "_site_header.html", header_unread=unread, book=book))
        headers.put(key, header)
    return header
