"""Every feature's pages and API endpoints, registered on the app."""

from __future__ import annotations

from flask import Flask

from cbook.accounts.reset_views import blueprint as password_reset_pages
from cbook.accounts.views import blueprint as accounts_pages
from cbook.admin.views import blueprint as admin_pages
from cbook.api import (
    api,
    books,
    collab,
    comments,
    exports,
    invitations,
    library,
    meta,
    proposals,
    taxonomy,
    translations,
)
from cbook.api import search as search_api
from cbook.audit.views import blueprint as audit_pages
from cbook.books.trash_views import blueprint as trash_pages
from cbook.books.views import blueprint as books_pages
from cbook.editor.views import blueprint as editor_pages
from cbook.export.views import blueprint as exports_pages
from cbook.home.language_views import blueprint as language_pages
from cbook.home.views import blueprint as home_pages
from cbook.imports.views import blueprint as imports_pages
from cbook.invitations.views import blueprint as invitation_pages
from cbook.library.views import blueprint as library_pages
from cbook.mail.views import blueprint as mail_pages
from cbook.notifications.views import blueprint as notification_pages
from cbook.principles.views import blueprint as principles_pages
from cbook.review.views import blueprint as review_pages
from cbook.search.views import blueprint as search_pages
from cbook.translating.views import blueprint as translation_pages

PAGES = (
    books_pages, trash_pages, home_pages, editor_pages, principles_pages, accounts_pages,
    admin_pages, review_pages, library_pages, search_pages, imports_pages, exports_pages,
    audit_pages, mail_pages, password_reset_pages, invitation_pages, language_pages,
    notification_pages, translation_pages,
)
API = (
    meta.blueprint, books.blueprint, taxonomy.blueprint, collab.blueprint,
    proposals.blueprint, comments.blueprint, library.blueprint, search_api.blueprint,
    exports.blueprint, invitations.blueprint, translations.blueprint,
)


def register(app: Flask) -> None:
    """Register the pages, then bind the API (flask-smorest) and its blueprints."""
    for blueprint in PAGES:
        app.register_blueprint(blueprint)
    api.init_app(app)
    for blueprint in API:
        api.register_blueprint(blueprint)
