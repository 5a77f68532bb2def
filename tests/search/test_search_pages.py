"""The search page, the search API's edges and `cbook search` / `cbook reindex`."""

from __future__ import annotations

import json
import re

from flask.testing import FlaskClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from cbook.library import service as library
from cbook.roles import Role
from tests.cli.helpers import assert_one_line_error, run
from tests.support import make_user

KINDS = ["podcast", "report", "webinar"]


def add_resources(session: Session, count: int) -> None:
    editor = make_user(session, Role.EDITOR)
    for n in range(count):
        library.add_resource(session, editor, title=f"Listening to residents {n}",
                             kind=KINDS[n % 3], summary="How leaders listen before acting.")
    session.commit()


def test_search_page_shows_marked_snippets_facets_and_pages(
        client: FlaskClient, session: Session) -> None:
    add_resources(session, 25)
    page = client.get("/search?q=listen")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "25 results" in html
    assert html.count('class="search-hit"') == 20
    assert "<mark>Listening</mark>" in html or "<mark>listen</mark>" in html
    assert 'href="/search?q=listen&amp;kind=podcast"' in html  # a facet narrows
    assert "Podcast</a> <span class=\"muted\">(9)</span>" in html  # a name, not a slug
    second = client.get("/search?q=listen&page=2").get_data(as_text=True)
    assert second.count('class="search-hit"') == 5
    narrowed = client.get("/search?q=listen&kind=podcast").get_data(as_text=True)
    assert "9 results" in narrowed


def test_search_page_explains_bad_queries_and_escapes_what_was_typed(
        client: FlaskClient) -> None:
    page = client.get("/search?q=-only")
    assert page.status_code == 400
    assert "only excludes" in page.get_data(as_text=True)
    hostile = client.get('/search?q="><script>alert(1)</script>')
    html = hostile.get_data(as_text=True)
    assert hostile.status_code == 200
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html
    empty = client.get("/search")
    assert empty.status_code == 200
    assert "How to search" in empty.get_data(as_text=True)


def test_api_refuses_bad_paging_and_filters_with_json(client: FlaskClient) -> None:
    for query in ({"q": "trust", "page": "0"}, {"q": "trust", "page": "x"},
                  {"q": "trust", "per_page": "1000"}, {"q": "trust", "type": "thing"},
                  {"q": ""}, {"q": "x" * 501}, {"q": "trust", "kind": "k" * 300}):
        response = client.get("/api/v1/search", query_string=query)
        assert 400 <= response.status_code < 500, (query, response.status_code)
        assert response.get_json()["error"], query


@hypothesis_settings(max_examples=80, deadline=None, database=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=80))
def test_any_query_string_gets_results_or_a_clear_400(client: FlaskClient, text: str) -> None:
    response = client.get("/api/v1/search", query_string={"q": text})
    assert response.status_code in (200, 400), (text, response.status_code)
    body = response.get_json()
    assert ("results" in body) if response.status_code == 200 else body["error"]


def test_cbook_search_and_reindex(env: dict[str, str]) -> None:
    assert run("init", "--demo", env=env).returncode == 0
    plain = run("search", "barriers", env=env)
    assert plain.returncode == 0, plain.stderr
    total = int(re.match(r"(\d+) results?", plain.stdout).group(1))  # type: ignore[union-attr]
    assert total > 0
    as_json = run("search", "barriers", "--json", env=env)
    answer = json.loads(as_json.stdout)
    assert answer["total"] == total
    assert {"principle", "kind", "audience", "type"} <= set(answer["facets"])
    assert all(hit["type"] not in ("draft", "comment") for hit in answer["results"])
    rebuilt = run("reindex", env=env)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert re.match(r"Indexed \d+ documents", rebuilt.stdout)
    assert json.loads(run("search", "barriers", "--json", env=env).stdout)["total"] == total
    # A query starting with "-" goes after "--", as with any command.
    assert_one_line_error(run("search", "--", "-barriers", env=env), "only excludes")
    assert_one_line_error(run("search", "kind:", env=env), "needs a value")
