"""The list of books for everyone.

A signed-in person's own home is served at ``/`` by ``books.home`` from
:func:`cbook.home.queries.home_for`.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from cbook.books.queries import list_books
from cbook.principles.queries import list_principles
from cbook.web.database import db

blueprint = Blueprint("home", __name__)


@blueprint.route("/books")
def books() -> str:
    """Every book and the principles: the visitors' front page, for everyone."""
    return render_template("home.html", books=list_books(db()), principles=list_principles(db()))
