"""Every feature's pages and API endpoints, registered on the app."""

from __future__ import annotations

from flask import Flask

from cbook.accounts.views import blueprint as accounts_pages
from cbook.admin.views import blueprint as admin_pages
from cbook.api import api, books, collab, comments, exports, library, meta, proposals, taxonomy
from cbook.api import search as search_api
from cbook.books.trash_views import blueprint as trash_pages
from cbook.books.views import blueprint as books_pages
from cbook.editor.views import blueprint as editor_pages
from cbook.export.views import blueprint as exports_pages
from cbook.home.views import blueprint as home_pages
from cbook.imports.views import blueprint as imports_pages
from cbook.library.views import blueprint as library_pages
from cbook.principles.views import blueprint as principles_pages
from cbook.review.views import blueprint as review_pages
from cbook.search.views import blueprint as search_pages

PAGES = (
    books_pages, trash_pages, home_pages, editor_pages, principles_pages, accounts_pages,
    admin_pages, review_pages, library_pages, search_pages, imports_pages, exports_pages,
)
API = (
    meta.blueprint, books.blueprint, taxonomy.blueprint, collab.blueprint,
    proposals.blueprint, comments.blueprint, library.blueprint, search_api.blueprint,
    exports.blueprint,
)


def register(app: Flask) -> None:
    """Register the pages, then bind the API (flask-smorest) and its blueprints."""
    for blueprint in PAGES:
        app.register_blueprint(blueprint)
    api.init_app(app)
    for blueprint in API:
        api.register_blueprint(blueprint)
