"""The search page: a query box, results with snippets, facets, pages and the syntax."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for

from cbook.editor.render import CALLOUT_LABELS
from cbook.errors import InvalidInput
from cbook.languages import N_
from cbook.library.models import KIND_LABELS
from cbook.principles.queries import list_audiences, list_principles
from cbook.search.binding import get_search
from cbook.search.engine import SearchResults
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.unit_of_work import refusal_shown

blueprint = Blueprint("search", __name__)
PER_PAGE = 20
FILTER_NAMES = ("principle", "kind", "audience", "type", "chapter")
# The headings of those filters and facets (the template capitalizes and translates).
FILTER_HEADINGS = (N_("Principle"), N_("Kind"), N_("Audience"), N_("Type"), N_("Chapter"))
TYPE_LABELS = {"block": N_("Passage"), "section": N_("Section"), "draft": N_("Draft"),
               "comment": N_("Comment"), "resource": N_("Resource"),
               "principle": N_("Principle")}
# Interface words (translated in the template); principle and audience names come from
# the database as their coordinators wrote them.
FIXED_LABELS = {"type": TYPE_LABELS, "kind": {**KIND_LABELS, **CALLOUT_LABELS}}


def _names() -> dict[str, dict[str, str]]:
    """What readers call each facet value: names, not the slugs the index holds."""
    return {"principle": {p.slug: p.title for p in list_principles(db())},
            "audience": {a.slug: a.name for a in list_audiences(db())}}


def _page_number(raw: str | None) -> int:
    if raw is None or raw == "":
        return 1
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        raise InvalidInput("page must be a whole number from 1")
    return int(raw)


@blueprint.route("/search")
def search_page() -> tuple[str, int]:
    """Results for ``q`` and the filters, or the empty form and the syntax help."""
    text = request.args.get("q", "")
    filters = {name: request.args.get(name, "") for name in FILTER_NAMES}
    results: SearchResults | None = None
    problems: list[str] = []  # an unusable query is said above the results, with a 400
    page = 1
    if text.strip() or any(filters.values()):
        with refusal_shown(InvalidInput, lambda refused: problems.append(refused.message)):
            page = _page_number(request.args.get("page"))
            results = get_search(current_app).query(
                text, filters=filters, user=acting_user(), page=page, per_page=PER_PAGE)
    error = problems[0] if problems else ""

    def link(**changes: str | int | None) -> str:
        """This search with some arguments changed (None removes one); back to page 1."""
        args: dict[str, str | int] = {"q": text} if text else {}
        args.update({k: v for k, v in filters.items() if v})
        for key, value in changes.items():
            if value is None or value == "":
                args.pop(key, None)
            else:
                args[key] = value
        return url_for("search.search_page", **args)  # type: ignore[arg-type]

    pages = 0
    if results is not None:
        pages = max(1, -(-results.total // PER_PAGE))
    return render_template(
        "search/index.html", text=text, filters=filters, results=results, error=error,
        page=page, pages=pages, link=link, type_labels=TYPE_LABELS,
        fixed_labels=FIXED_LABELS, names=_names(),
    ), 400 if error else 200
