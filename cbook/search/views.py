"""The search page: a query box, results with snippets, facets, pages and the syntax.

A search runs in one language first: the one asked for (``lang=``, which the search box
of a translated book's pages passes) or else the interface's. When that language has
matches only they are shown, with counts for every language and a link to search them
all (``lang=all``); when it has none, every language's are shown, saying so if that
language was asked for.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for

from cbook.editor.render import CALLOUT_LABELS
from cbook.errors import InvalidInput
from cbook.languages import N_, language_name
from cbook.library.models import KIND_LABELS
from cbook.principles.queries import list_audiences, list_principles
from cbook.search.binding import get_search
from cbook.search.engine import SearchResults
from cbook.search.query import search_language
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.language_choice import interface_language
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


def _by_language(results: SearchResults | None) -> list[tuple[str, int]]:
    """Matches per language, the one searched first, then the most found."""
    if results is None:
        return []
    counts = results.facets.get("language", {})
    return sorted(counts.items(),
                  key=lambda item: (item[0] != results.language, -item[1], item[0]))


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
    asked = request.args.get("lang", "").strip()  # "" when no language was asked for
    language = asked or interface_language().code
    results: SearchResults | None = None
    problems: list[str] = []  # an unusable query is said above the results, with a 400
    page = 1
    if text.strip() or any(filters.values()):
        with refusal_shown(InvalidInput, lambda refused: problems.append(refused.message)):
            page = _page_number(request.args.get("page"))
            results = get_search(current_app).query(
                text, filters=filters, language=language, user=acting_user(), page=page,
                per_page=PER_PAGE)
    error = problems[0] if problems else ""

    def link(**changes: str | int | None) -> str:
        """This search with some arguments changed (None removes one); back to page 1."""
        args: dict[str, str | int] = {"q": text} if text else {}
        args.update({k: v for k, v in filters.items() if v})
        if asked:
            args["lang"] = asked
        for key, value in changes.items():
            if value is None or value == "":
                args.pop(key, None)
            else:
                args[key] = value
        return url_for("search.search_page", **args)  # type: ignore[arg-type]

    pages = 0
    wanted = None  # the language searched first, when the results say which it was
    if results is not None:
        pages = max(1, -(-results.total // PER_PAGE))
        wanted = search_language(language) if results.widened else results.language
    return render_template(
        "search/index.html", text=text, filters=filters, results=results, error=error,
        page=page, pages=pages, link=link, type_labels=TYPE_LABELS,
        fixed_labels=FIXED_LABELS, names=_names(), asked=asked, wanted=wanted,
        by_language=_by_language(results), language_name=language_name,
    ), 400 if error else 200
