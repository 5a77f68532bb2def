"""Template globals and filters that come from features: documents, the header, the inbox."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Flask
from flask_babel import get_locale
from markupsafe import Markup

from cbook.editor.render import CALLOUT_LABELS, render_html
from cbook.home.site_header import editions_book, site_header
from cbook.languages import language_name
from cbook.library.citations import cited_resource_ids, existing_resource_ids
from cbook.review import queries as review_queries
from cbook.web.auth import acting_user
from cbook.web.database import db


def _feature_globals() -> dict[str, Any]:
    viewer = acting_user()
    return {
        "callout_labels": CALLOUT_LABELS,
        # A language named in the interface's language ("Urdu", "urdu", "الأردية").
        "language_called": lambda code: language_name(code, str(get_locale())),
        "language_name": language_name,  # named in itself: "اردو", "Polski"
        "editions_book": editions_book,
        "site_header": site_header,
        # Called from the header only, so pages without a viewer never query for it.
        "unread_count": lambda: review_queries.unread_count(db(), viewer) if viewer else 0,
    }


def render_doc(doc: dict[str, Any] | None) -> Markup:
    """A document as HTML; a citation of a resource since deleted keeps only its title."""
    cited = cited_resource_ids(doc)
    return render_html(doc, existing_resource_ids(db(), cited) if cited else None)


def moment_iso(moment: datetime) -> str:
    """A moment for ``<time datetime>``: ISO 8601 with its UTC offset, as the API writes it
    (SQLite hands back stored UTC moments without one)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


def init_app(app: Flask) -> None:
    """Add the feature globals and the ``render_doc`` and ``iso`` filters to Jinja."""
    app.context_processor(_feature_globals)
    app.add_template_filter(render_doc, "render_doc")
    app.add_template_filter(moment_iso, "iso")
