"""The resource library over the API: add, tag, filter, sort, change, remove."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.library.helpers import Library
from tests.support import csrf_token, sign_in


@pytest.fixture
def library(client: FlaskClient, session: Session) -> Library:
    return Library(client, session)


def test_resources_are_added_tagged_and_found_by_every_filter(library: Library) -> None:
    made = library.add(title="Systems leadership podcast", kind="podcast",
                       url="https://example.org/pod", authors="A. Host", year=2023,
                       principles=["real-work"], audiences=["boards"],
                       tags=["Silos", "silos", " funding  rules "])
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["tags"] == ["funding rules", "silos"]
    assert body["principles"] == ["real-work"] and body["audiences"] == ["boards"]
    library.add(title="A report on boards", kind="report", year=2021)
    library.add(title="Case study: Wigan", kind="case_study", year=2025, tags=["silos"])
    assert library.titles() == ["A report on boards", "Case study: Wigan",
                                "Systems leadership podcast"]
    assert library.titles("?kind=podcast") == ["Systems leadership podcast"]
    assert library.titles("?principle=real-work") == ["Systems leadership podcast"]
    assert library.titles("?audience=boards") == ["Systems leadership podcast"]
    assert library.titles("?tag=Silos") == ["Case study: Wigan", "Systems leadership podcast"]
    assert library.titles("?sort=year") == ["Case study: Wigan", "Systems leadership podcast",
                                            "A report on boards"]


def test_changing_and_removing_a_resource(library: Library) -> None:
    resource = library.add(title="Guidance", kind="guidance", tags=["a"]).get_json()
    url = f"/api/v1/resources/{resource['id']}"
    changed = library.client.patch(url, json={"tags": ["b", "a"], "year": 2020},
                                   headers=library.editor)
    assert changed.status_code == 200
    assert changed.get_json()["tags"] == ["a", "b"] and changed.get_json()["year"] == 2020
    assert library.client.delete(url, headers=library.other).status_code == 403
    assert library.client.delete(url, headers=library.author).status_code == 204
    assert library.client.get(url).status_code == 404


@pytest.mark.parametrize("body", [
    {"title": "x", "kind": "novel"},
    {"title": "x", "kind": "report", "url": "javascript:alert(1)"},
    {"title": "x", "kind": "report", "url": "/relative/only"},
    {"title": "x", "kind": "report", "year": 99},
    {"title": "x", "kind": "report", "principles": ["no-such-principle"]},
    {"title": "", "kind": "report"},
    {"kind": "report"},
    {"title": "x", "kind": "report", "tags": [str(n) for n in range(21)]},
])
def test_bad_resources_are_refused_clearly(library: Library, body: dict[str, Any]) -> None:
    response = library.add(**body)
    assert 400 <= response.status_code < 500
    assert "error" in response.get_json()
    assert library.titles() == []


def test_unknown_filters_are_clear_errors(library: Library) -> None:
    response = library.client.get("/api/v1/resources?kind=novel")
    assert response.status_code == 422 and "error" in response.get_json()
    assert library.client.get("/api/v1/resources?sort=random").status_code == 422


def test_readers_browse_the_library_pages_with_filters(library: Library) -> None:
    library.add(title="Boards that listen", kind="report", tags=["governance"],
                principles=["real-work"], url="https://example.org/report",
                summary="<script>alert(1)</script> What we learned.")
    library.add(title="The listening podcast", kind="podcast")
    page = library.client.get("/library?kind=report").get_data(as_text=True)
    assert "Boards that listen" in page and "The listening podcast" not in page
    found = library.client.get("/library?tag=governance").get_data(as_text=True)
    assert "Boards that listen" in found and "The listening podcast" not in found
    resource_id = library.client.get("/api/v1/resources?kind=report").get_json()[0]["id"]
    detail = library.client.get(f"/library/{resource_id}").get_data(as_text=True)
    assert 'href="https://example.org/report"' in detail and "/principles/real-work" in detail
    assert "<script>alert(1)</script>" not in detail and "&lt;script&gt;" in detail
    assert library.client.get("/library?kind=novel").status_code == 400
    assert library.client.get("/library/999999").status_code == 404


def test_a_new_resource_shows_at_once_to_anonymous_readers(library: Library) -> None:
    assert "Fresh report" not in library.client.get("/library").get_data(as_text=True)
    library.add(title="Fresh report", kind="report")
    assert "Fresh report" in library.client.get("/library").get_data(as_text=True)


def test_authors_add_and_edit_resources_with_the_form(client: FlaskClient,
                                                      session: Session) -> None:
    Library(client, session)
    sign_in(client, "author@test.example")
    token = csrf_token(client)
    refused = client.post("/library/new", data={
        "title": "Bad link", "kind": "report", "url": "javascript:alert(1)", "csrf_token": token})
    assert refused.status_code == 200 and "http or https" in refused.get_data(as_text=True)
    made = client.post("/library/new", data={
        "title": "Listening tool", "kind": "tool", "url": "https://example.org/tool",
        "year": "2022", "principles": ["real-work"], "tags": "Silos, trust",
        "csrf_token": token})
    assert made.status_code == 302
    page = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "Listening tool" in page and "silos" in page and "Real work" in page
    edit_url = made.headers["Location"] + "/edit"
    assert 'value="silos, trust"' in client.get(edit_url).get_data(as_text=True)
    client.post(edit_url, data={"title": "Listening toolkit", "kind": "tool", "tags": "trust",
                                "csrf_token": token})
    listed = client.get("/api/v1/resources").get_json()
    assert [(r["title"], r["tags"]) for r in listed] == [("Listening toolkit", ["trust"])]
