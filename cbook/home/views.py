"""A signed-in person's home (served at ``/`` by books.home), the list of books, and the
header's editions link."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, make_response, render_template
from werkzeug.wrappers import Response

from cbook.accounts.models import User
from cbook.books.models import Book
from cbook.books.queries import list_books
from cbook.home import queries
from cbook.principles.queries import list_principles
from cbook.review.proposals import standing
from cbook.web.database import db

blueprint = Blueprint("home", __name__)


def personal_home(viewer: User) -> Response:
    """The person's own home page; never stored by a shared cache."""
    response = make_response(render_template(
        "home/personal.html", home=queries.home_for(db(), viewer), standing=standing))
    # The page is about one person: a proxy must not hand it to anyone else.
    response.headers["Cache-Control"] = "private, no-cache"
    return response


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
