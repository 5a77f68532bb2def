"""The list of books for everyone, and the header's editions link.

A signed-in person's own home is served at ``/`` by ``books.home`` from
:func:`cbook.home.queries.home_for`.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from cbook.books.models import Book
from cbook.books.queries import list_books
from cbook.home import queries
from cbook.principles.queries import list_principles
from cbook.web.database import db

blueprint = Blueprint("home", __name__)


@blueprint.route("/books")
def books() -> str:
    """Every book and the principles: the visitors' front page, for everyone."""
    return render_template("home.html", books=list_books(db()), principles=list_principles(db()))


@blueprint.app_context_processor
def _header_helpers() -> dict[str, Any]:
    def editions_book(book: object = None) -> Book | None:
        # The book the page is about, else the first one (called only for those who publish).
        return book if isinstance(book, Book) else queries.first_book(db())

    return {"editions_book": editions_book}
