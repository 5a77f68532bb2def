"""Bad input never yields a 500 or corrupts data: hostile text, broken JSON, wrong types,
oversized bodies, unknown ids, wrong methods, and whatever hypothesis can think of."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from markupsafe import escape
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as WerkzeugResponse

from cbook.accounts.models import User
from cbook.books import service as books
from cbook.books.models import Book, Chapter, Section
from cbook.principles.models import Audience, Principle
from cbook.roles import Role
from tests.support import api_token, csrf_token, make_user, sign_in

HOSTILE_TITLES = [
    pytest.param("ثقافة العمل المشتركة", id="arabic"),
    pytest.param("תרבות ארגונית בריאה", id="hebrew"),
    pytest.param("Bidi \u202eesrever\u202c and \u200fmarks\u200e (ok)", id="bidi-controls"),
    pytest.param("Team 👩\u200d👩\u200d👧\u200d👦 🏳\ufe0f\u200d🌈 👍🏽", id="emoji-zwj"),
    pytest.param("Cafe\u0301 z\u0351\u0300\u0353a\u0344lgo \u0915\u094d\u0937", id="combining"),
    pytest.param("<script>alert(1)</script>", id="script-tag"),
    pytest.param("'; DROP TABLE books; --", id="sql-injection"),
    pytest.param('"><img src=x onerror=alert(1)> & &amp;', id="attribute-break"),
]

JSON = "application/json"


def _count(session: Session, model: type[Any]) -> int:
    total = session.scalar(select(func.count()).select_from(model)) or 0
    session.rollback()  # end the read so the app's writes are seen next time
    return int(total)


def _counts(session: Session) -> dict[str, int]:
    return {model.__name__: _count(session, model)
            for model in (Book, Chapter, Section, Principle, Audience)}


def _assert_json_error(response: WerkzeugResponse, *statuses: int) -> dict[str, Any]:
    assert response.status_code in statuses, (
        response.status_code, response.get_data(as_text=True)[:500])
    assert response.is_json, response.get_data(as_text=True)[:500]
    body = response.get_json()
    assert isinstance(body, dict)
    assert isinstance(body.get("error"), str) and body["error"]
    return body


class Shelf:
    """A coordinator's token and one book, chapter, section, principle and audience."""

    def __init__(self, client: FlaskClient, session: Session) -> None:
        self.client = client
        self.session = session
        self.admin = make_user(session, Role.ADMIN)
        self.token = api_token(session, make_user(session, Role.COORDINATOR))
        self.editor = api_token(session, make_user(session, Role.EDITOR))
        self.slug = self._made("/api/v1/books", {"title": "Shelf", "slug": "shelf"})["slug"]
        self.chapter_id = self._made(f"/api/v1/books/{self.slug}/chapters",
                                     {"title": "Chapter"})["id"]
        self.section_id = self._made(f"/api/v1/chapters/{self.chapter_id}/sections",
                                     {"title": "Section"})["id"]
        self.principle = self._made("/api/v1/principles",
                                    {"slug": "trust", "title": "Trust",
                                     "statement": "We trust."})["slug"]
        self.audience = self._made("/api/v1/audiences",
                                   {"slug": "leads", "name": "Leads"})["slug"]
        admin_token = api_token(session, self.admin)
        proposal = client.post(f"/api/v1/sections/{self.section_id}/proposals",
                               json={"title": "Proposal"}, headers=admin_token).get_json()
        self.proposal_id = proposal["id"]
        client.post(f"/api/v1/proposals/{self.proposal_id}/submit", headers=admin_token)
        self.resource_id = self._made("/api/v1/resources",
                                      {"title": "Report", "kind": "report"})["id"]

    def _made(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.client.post(path, json=body, headers=self.token)
        assert response.status_code == 201, response.get_json()
        return dict(response.get_json())

    def write_endpoints(self) -> list[tuple[str, str]]:
        return [
            ("POST", "/api/v1/books"),
            ("PATCH", f"/api/v1/books/{self.slug}"),
            ("POST", f"/api/v1/books/{self.slug}/chapters"),
            ("PATCH", f"/api/v1/chapters/{self.chapter_id}"),
            ("POST", f"/api/v1/chapters/{self.chapter_id}/sections"),
            ("PATCH", f"/api/v1/sections/{self.section_id}"),
            ("POST", f"/api/v1/sections/{self.section_id}/publish"),
            ("POST", "/api/v1/principles"),
            ("PATCH", f"/api/v1/principles/{self.principle}"),
            ("POST", "/api/v1/audiences"),
            ("PATCH", f"/api/v1/audiences/{self.audience}"),
            ("POST", f"/api/v1/sections/{self.section_id}/proposals"),
            ("PATCH", f"/api/v1/proposals/{self.proposal_id}"),
            ("POST", f"/api/v1/proposals/{self.proposal_id}/reviews"),
            ("POST", f"/api/v1/proposals/{self.proposal_id}/merge"),
            ("POST", f"/api/v1/proposals/{self.proposal_id}/steps"),
            ("POST", f"/api/v1/sections/{self.section_id}/comments"),
            ("POST", f"/api/v1/proposals/{self.proposal_id}/comments"),
            ("POST", "/api/v1/resources"),
            ("PATCH", f"/api/v1/resources/{self.resource_id}"),
        ]

    def send(self, method: str, path: str, raw: bytes | str,
             content_type: str = JSON) -> WerkzeugResponse:
        return self.client.open(path, method=method, data=raw, content_type=content_type,
                                headers=self.token)


@pytest.fixture
def api_shelf(client: FlaskClient, session: Session) -> Shelf:
    return Shelf(client, session)


# Hostile but legitimate text: stored exactly, shown escaped ---------------------------


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_are_stored_exactly_and_shown_escaped(
    client: FlaskClient, session: Session, title: str
) -> None:
    headers = api_token(session, make_user(session, Role.COORDINATOR))
    made = client.post("/api/v1/books", json={"title": f"  {title}\n\t", "slug": "hostile"},
                       headers=headers)
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["title"] == title
    assert client.get("/api/v1/books/hostile").get_json()["title"] == title

    chapter = client.post("/api/v1/books/hostile/chapters", json={"title": f" {title} "},
                          headers=headers).get_json()
    assert chapter["title"] == title
    section = client.post(f"/api/v1/chapters/{chapter['id']}/sections",
                          json={"title": f"\n{title}"}, headers=headers).get_json()
    assert section["title"] == title
    published = client.post(f"/api/v1/sections/{section['id']}/publish", json={},
                            headers=headers)
    assert published.status_code == 200

    anonymous = client.get(f"/api/v1/sections/{section['id']}").get_json()
    assert anonymous["title"] == title
    contents = client.get("/api/v1/books/hostile").get_json()
    assert contents["chapters"][0]["title"] == title
    assert contents["chapters"][0]["sections"][0]["title"] == title
    assert session.scalar(select(Book.title).where(Book.slug == "hostile")) == title
    session.rollback()

    escaped = str(escape(title))
    for page in ("/books/hostile", f"/sections/{section['id']}"):
        response = client.get(page)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert escaped in html, page
        assert "<script>alert" not in html
        assert "<img src=x" not in html


def test_script_tags_in_tags_and_documents_are_escaped_on_the_section_page(
    api_shelf: Shelf,
) -> None:
    evil = "<script>alert(1)</script>"
    client, headers = api_shelf.client, api_shelf.token
    assert client.patch(f"/api/v1/principles/{api_shelf.principle}", json={"title": evil},
                        headers=headers).status_code == 200
    assert client.patch(f"/api/v1/audiences/{api_shelf.audience}", json={"name": evil},
                        headers=headers).status_code == 200
    assert client.patch(f"/api/v1/sections/{api_shelf.section_id}",
                        json={"principles": [api_shelf.principle],
                              "audiences": [api_shelf.audience]},
                        headers=headers).status_code == 200
    section = api_shelf.session.get(Section, api_shelf.section_id)
    admin = api_shelf.session.get(User, api_shelf.admin.id)
    assert section is not None
    books.replace_document(api_shelf.session, admin, section, {"type": "doc", "content": [
        {"type": "paragraph", "content": [{"type": "text", "text": evil}]}]})
    api_shelf.session.commit()
    assert client.post(f"/api/v1/sections/{api_shelf.section_id}/publish", json={},
                       headers=headers).status_code == 200

    html = client.get(f"/sections/{api_shelf.section_id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    principle_page = client.get(f"/principles/{api_shelf.principle}").get_data(as_text=True)
    assert "&lt;script&gt;" in principle_page and "<script>alert" not in principle_page


@pytest.mark.parametrize(("path", "field", "extra"), [
    ("/api/v1/books", "title", {}),
    ("/api/v1/principles", "title", {"statement": "S"}),
    ("/api/v1/audiences", "name", {}),
])
def test_two_non_latin_titles_without_a_slug_both_get_created(
    client: FlaskClient, session: Session, path: str, field: str, extra: dict[str, str]
) -> None:
    headers = api_token(session, make_user(session, Role.COORDINATOR))
    first = client.post(path, json={field: "ثقافة العمل"} | extra, headers=headers)
    second = client.post(path, json={field: "תרבות ארגונית"} | extra, headers=headers)
    assert first.status_code == 201, first.get_json()
    assert second.status_code == 201, second.get_json()
    assert first.get_json()["slug"] != second.get_json()["slug"]


# NUL and unpaired surrogates: refused at the door -------------------------------------


UNSTORABLE_BODIES = [
    b'{"title": "a\\u0000b"}',  # NUL in a value
    b'{"title": "a\\ud800b"}',  # lone high surrogate
    b'{"title": "a\\udc00b"}',  # lone low surrogate
    b'{"title": "ok", "subtitle": "\\udfff"}',  # in another field
    b'{"title": "ok", "description": "x\\u0000"}',
    b'{"ti\\u0000tle": "ok"}',  # NUL in a key
    b'{"title": "ok", "x": [[{"y": "\\ud83d"}]]}',  # nested deep in an unknown field
]


def test_nul_and_lone_surrogates_are_400_and_nothing_is_stored(api_shelf: Shelf) -> None:
    before = _counts(api_shelf.session)
    for raw in UNSTORABLE_BODIES:
        body = _assert_json_error(api_shelf.send("POST", "/api/v1/books", raw), 400)
        assert "NUL" in body["error"] or "surrogate" in body["error"], raw
    assert _counts(api_shelf.session) == before
    assert [b["slug"] for b in api_shelf.client.get("/api/v1/books").get_json()] == ["shelf"]


def test_nul_and_surrogates_never_change_existing_rows(api_shelf: Shelf) -> None:
    before = _counts(api_shelf.session)
    for method, path, raw in (
        ("POST", "/api/v1/principles", b'{"title": "P\\u0000", "statement": "S"}'),
        ("POST", "/api/v1/audiences", b'{"name": "\\ud800"}'),
        ("PATCH", "/api/v1/principles/trust", b'{"title": "T\\u0000"}'),
        ("PATCH", "/api/v1/books/shelf", b'{"title": "\\udbff"}'),
    ):
        _assert_json_error(api_shelf.send(method, path, raw), 400)
    assert _counts(api_shelf.session) == before
    assert api_shelf.client.get("/api/v1/principles/trust").get_json()["title"] == "Trust"
    assert api_shelf.client.get("/api/v1/books/shelf").get_json()["title"] == "Shelf"


def test_sections_refuse_nul_in_titles(api_shelf: Shelf) -> None:
    before = _counts(api_shelf.session)
    _assert_json_error(api_shelf.send("POST", f"/api/v1/chapters/{api_shelf.chapter_id}/sections",
                                  b'{"title": "\\u0000"}'), 400)
    _assert_json_error(api_shelf.send("PATCH", f"/api/v1/sections/{api_shelf.section_id}",
                                  b'{"title": "a\\u0000"}'), 400)
    assert _counts(api_shelf.session) == before
    body = api_shelf.client.get(f"/api/v1/sections/{api_shelf.section_id}",
                            headers=api_shelf.token).get_json()
    assert body["title"] == "Section"


def test_nul_in_an_api_form_field_is_400(api_shelf: Shelf) -> None:
    before = _counts(api_shelf.session)
    response = api_shelf.client.post("/api/v1/books", data={"title": "a\x00b"},
                                     headers=api_shelf.token)
    body = _assert_json_error(response, 400)
    assert "NUL" in body["error"]
    assert _counts(api_shelf.session) == before


def test_a_multipart_part_without_a_name_is_a_clear_4xx(api_shelf: Shelf) -> None:
    before = _counts(api_shelf.session)
    body = (b"--B\r\nContent-Disposition: form-data\r\n\r\nnameless\r\n"
            b"--B\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nA book\r\n--B--\r\n")
    response = api_shelf.client.post("/api/v1/books", data=body, headers={
        **api_shelf.token, "Content-Type": "multipart/form-data; boundary=B"})
    _assert_json_error(response, 400, 415, 422)
    assert _counts(api_shelf.session) == before


def test_nul_in_a_web_form_is_refused_and_nothing_stored(client: FlaskClient,
                                                        session: Session) -> None:
    make_user(session, Role.COORDINATOR)
    sign_in(client, "coordinator@test.example")
    before = _counts(session)
    response = client.post("/books/new", data={
        "title": "Evil\x00book", "language": "en", "csrf_token": csrf_token(client)})
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)
    assert _counts(session) == before


def test_nul_in_a_query_string_is_400_json(client: FlaskClient) -> None:
    for path in ("/api/v1/books?q=a%00b", "/api/v1/principles?x%00=1",
                 "/api/v1/sections/1?since=%00"):
        body = _assert_json_error(client.get(path), 400)
        assert "NUL" in body["error"], path


def test_nul_in_a_page_query_string_is_400(client: FlaskClient) -> None:
    response = client.get("/books/anything?q=%00")
    assert response.status_code == 400


# Malformed JSON and wrong shapes ------------------------------------------------------


MALFORMED = [
    b'{"title": ', b"{'title': 'single quotes'}", b'{"title": "x",}', b"not json at all",
    b'{"title": "x"} trailing', b"\xff\xfe{", b'{"title": "\xff"}',
]


def test_malformed_json_is_400_json(api_shelf: Shelf) -> None:
    before = _counts(api_shelf.session)
    for raw in MALFORMED:
        for method, path in api_shelf.write_endpoints():
            _assert_json_error(api_shelf.send(method, path, raw), 400)
    assert _counts(api_shelf.session) == before


@pytest.mark.parametrize("raw", [
    pytest.param(b"[" * 100_000 + b"]" * 100_000, id="arrays"),
    pytest.param(b'{"a":' * 100_000 + b"1" + b"}" * 100_000, id="objects"),
])
def test_deeply_nested_json_is_a_4xx_not_a_crash(api_shelf: Shelf, raw: bytes) -> None:
    before = _counts(api_shelf.session)
    _assert_json_error(api_shelf.send("POST", "/api/v1/books", raw), 400, 413, 422)
    assert _counts(api_shelf.session) == before


def test_a_json_value_that_is_not_an_object_is_a_4xx_json(api_shelf: Shelf) -> None:
    before = _counts(api_shelf.session)
    for raw in (b'["title", "x"]', b'"just a string"', b"42", b"true", b"null", b"[]", b"3.5"):
        for method, path in api_shelf.write_endpoints():
            _assert_json_error(api_shelf.send(method, path, raw), 400, 422)
    assert _counts(api_shelf.session) == before


UNKNOWN_FIELDS: list[tuple[str, str, dict[str, Any], str]] = [
    ("POST", "/api/v1/books", {"title": "Fine", "colour": "red"}, "colour"),
    ("POST", "/api/v1/principles", {"title": "T", "statement": "S", "weight": 3}, "weight"),
    ("POST", "/api/v1/audiences", {"name": "N", "id": 12}, "id"),
    ("PATCH", "/api/v1/sections/{section}", {"title": "T", "version": 4}, "version"),
    ("POST", "/api/v1/chapters/{chapter}/sections", {"title": "T", "doc": {}}, "doc"),
]


def test_unknown_fields_are_422_naming_the_field(api_shelf: Shelf) -> None:
    before = _counts(api_shelf.session)
    for method, path, body, unknown in UNKNOWN_FIELDS:
        url = path.format(section=api_shelf.section_id, chapter=api_shelf.chapter_id)
        response = api_shelf.client.open(url, method=method, json=body, headers=api_shelf.token)
        error = _assert_json_error(response, 422)
        assert unknown in json.dumps(error.get("detail")), (url, error)
    assert _counts(api_shelf.session) == before
    section = api_shelf.client.get(f"/api/v1/sections/{api_shelf.section_id}",
                               headers=api_shelf.token).get_json()
    assert section["title"] == "Section"


def test_missing_or_empty_title_is_refused(api_shelf: Shelf) -> None:
    before = _counts(api_shelf.session)
    bodies: list[dict[str, Any]] = [
        {}, {"title": ""}, {"title": "   "}, {"title": "\n\t "}, {"title": None},
        {"slug": "only-a-slug"}, {"title": "x" * 301},
    ]
    for body in bodies:
        for path in ("/api/v1/books", f"/api/v1/books/{api_shelf.slug}/chapters",
                     f"/api/v1/chapters/{api_shelf.chapter_id}/sections"):
            _assert_json_error(api_shelf.client.post(path, json=body, headers=api_shelf.token),
                               400, 422)
    assert _counts(api_shelf.session) == before


WRONG_TYPES: list[tuple[str, str, dict[str, Any]]] = [
    ("POST", "/api/v1/books", {"title": 5}),
    ("POST", "/api/v1/books", {"title": ["a"]}),
    ("POST", "/api/v1/books", {"title": {"text": "a"}}),
    ("POST", "/api/v1/books", {"title": True}),
    ("POST", "/api/v1/books", {"title": "ok", "slug": 7}),
    ("POST", "/api/v1/books", {"title": "ok", "language": ["en"]}),
    ("PATCH", "/api/v1/sections/{section}", {"principles": "trust"}),
    ("PATCH", "/api/v1/sections/{section}", {"principles": [1, 2]}),
    ("PATCH", "/api/v1/sections/{section}", {"audiences": [None]}),
    ("PATCH", "/api/v1/sections/{section}", {"audiences": {"leads": True}}),
    ("PATCH", "/api/v1/sections/{section}", {"status": 3}),
    ("PATCH", "/api/v1/sections/{section}", {"status": "gone"}),
    ("PATCH", "/api/v1/sections/{section}", {"title": 1.5}),
    ("POST", "/api/v1/sections/{section}/publish", {"revision_id": "latest"}),
    ("POST", "/api/v1/sections/{section}/publish", {"revision_id": [1]}),
    ("PATCH", "/api/v1/chapters/{chapter}", {"trio": 3}),
    ("PATCH", "/api/v1/chapters/{chapter}", {"summary": False}),
    ("POST", "/api/v1/principles", {"title": "T", "statement": 12}),
    ("PATCH", "/api/v1/principles/trust", {"slug": None}),
    ("POST", "/api/v1/audiences", {"name": {"en": "x"}}),
]


def test_wrong_types_are_4xx_json_and_change_nothing(api_shelf: Shelf) -> None:
    before = _counts(api_shelf.session)
    for method, path, body in WRONG_TYPES:
        url = path.format(section=api_shelf.section_id, chapter=api_shelf.chapter_id)
        response = api_shelf.client.open(url, method=method, json=body, headers=api_shelf.token)
        _assert_json_error(response, 400, 422)
    assert _counts(api_shelf.session) == before
    assert api_shelf.client.get("/api/v1/principles/trust").get_json()["slug"] == "trust"
    section = api_shelf.client.get(f"/api/v1/sections/{api_shelf.section_id}",
                               headers=api_shelf.token).get_json()
    assert (section["title"], section["status"], section["principles"]) == (
        "Section", "draft", [])


def test_infinite_and_nan_numbers_are_refused(api_shelf: Shelf) -> None:
    path = f"/api/v1/sections/{api_shelf.section_id}/publish"
    for raw in (b'{"revision_id": 1e400}', b'{"revision_id": NaN}',
                b'{"revision_id": -Infinity}'):
        _assert_json_error(api_shelf.send("POST", path, raw), 400, 422)
    assert api_shelf.client.get(f"/api/v1/sections/{api_shelf.section_id}").status_code == 404


# Oversized bodies ---------------------------------------------------------------------


def test_request_size_limit_comes_from_settings(app: Flask) -> None:
    assert app.config["MAX_CONTENT_LENGTH"] == app.config["CBOOK_SETTINGS"].max_request_bytes
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024


def test_body_past_the_default_limit_is_413_json(api_shelf: Shelf) -> None:
    before = _counts(api_shelf.session)
    big = json.dumps({"title": "Big", "description": "x" * (2 * 1024 * 1024)})
    body = _assert_json_error(api_shelf.send("POST", "/api/v1/books", big), 413)
    assert "large" in body["error"]
    assert _counts(api_shelf.session) == before


@pytest.mark.parametrize("content_type", [JSON, "application/x-www-form-urlencoded"])
def test_body_past_a_small_limit_is_413_json(app: Flask, api_shelf: Shelf,
                                             content_type: str) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1024
    before = _counts(api_shelf.session)
    raw = (json.dumps({"title": "y" * 2000}) if content_type == JSON
           else "title=" + "y" * 2000)
    _assert_json_error(api_shelf.send("POST", "/api/v1/books", raw, content_type), 413)
    small = api_shelf.client.post("/api/v1/books", json={"title": "Small"}, headers=api_shelf.token)
    assert small.status_code == 201
    assert _counts(api_shelf.session)["Book"] == before["Book"] + 1


# Unknown ids, unknown routes, wrong methods -------------------------------------------

UNKNOWN_TARGETS = [
    ("GET", "/api/v1/books/no-such-book", None),
    ("PATCH", "/api/v1/books/no-such-book", {"title": "x"}),
    ("POST", "/api/v1/books/no-such-book/chapters", {"title": "x"}),
    ("PATCH", "/api/v1/chapters/999999", {"title": "x"}),
    ("DELETE", "/api/v1/chapters/999999", None),
    ("POST", "/api/v1/chapters/999999/sections", {"title": "x"}),
    ("GET", "/api/v1/sections/999999", None),
    ("PATCH", "/api/v1/sections/999999", {"title": "x"}),
    ("DELETE", "/api/v1/sections/999999", None),
    ("POST", "/api/v1/sections/999999/publish", {}),
    ("POST", "/api/v1/sections/999999/unpublish", None),
    ("GET", "/api/v1/principles/no-such-principle", None),
    ("PATCH", "/api/v1/principles/no-such-principle", {"title": "x"}),
    ("PUT", "/api/v1/principles/no-such-principle", {"title": "x"}),
    ("DELETE", "/api/v1/principles/no-such-principle", None),
    ("GET", "/api/v1/audiences/no-such-audience", None),
    ("PATCH", "/api/v1/audiences/no-such-audience", {"name": "x"}),
    ("PUT", "/api/v1/audiences/no-such-audience", {"name": "x"}),
    ("DELETE", "/api/v1/audiences/no-such-audience", None),
    ("PUT", "/api/v1/resources/999999/file", None),
    ("DELETE", "/api/v1/resources/999999/file", None),
]


def test_unknown_ids_and_slugs_are_404_json(api_shelf: Shelf) -> None:
    before = _counts(api_shelf.session)
    for method, path, body in UNKNOWN_TARGETS:
        response = api_shelf.client.open(path, method=method, json=body, headers=api_shelf.token)
        _assert_json_error(response, 404)
    assert _counts(api_shelf.session) == before


def test_every_api_route_with_an_id_answers_unknown_ids_without_a_crash(
    app: Flask, api_shelf: Shelf
) -> None:
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1") or not rule.arguments:
            continue
        values = {name: 987654 if name.endswith("_id") or name in {"id", "rid"}
                  else "no-such-thing" for name in rule.arguments}
        path = rule.build(values, append_unknown=False)[1]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            body = None if method in {"GET", "DELETE"} else {}
            response = api_shelf.client.open(path, method=method, json=body,
                                             headers=api_shelf.token)
            # An empty body or missing query parameters (steps?since=, diff?from=&to=) may
            # be refused before the lookup; anything else must be a 404.
            if body is None and response.status_code == 422:
                assert "query" in response.get_json()["detail"], response.get_json()
            expected = (404,) if body is None and response.status_code != 422 else (404, 400, 422)
            _assert_json_error(response, *expected)
            checked += 1
    assert checked >= 15


@pytest.mark.parametrize("path", [
    "/api/v1/sections/99999999999999999999",
    "/api/v1/sections/9223372036854775808/publish",
    "/sections/99999999999999999999",
])
def test_ids_past_the_integer_range_are_404(api_shelf: Shelf, path: str) -> None:
    method = "POST" if path.endswith(("publish", "sections")) and "/api/" in path else "GET"
    body = {"title": "x"} if path.endswith("sections") else ({} if method == "POST" else None)
    response = api_shelf.client.open(path, method=method, json=body, headers=api_shelf.token)
    assert response.status_code == 404


def test_unknown_api_paths_are_404_json(api_shelf: Shelf) -> None:
    for path in ("/api/v1/anything", "/api/v1/books/shelf/nope", "/api/v1/sections/abc",
                 "/api/v2/books", "/api/v1/"):
        _assert_json_error(api_shelf.client.get(path), 404)
        _assert_json_error(api_shelf.client.post(path, json={}, headers=api_shelf.token), 404)


WRONG_METHODS = [
    ("PUT", "/api/v1/books", {"GET", "POST"}),
    ("DELETE", "/api/v1/books", {"GET", "POST"}),
    ("POST", "/api/v1/schema", {"GET"}),
    ("PUT", "/api/v1/sections/{section}", {"GET", "PATCH", "DELETE"}),
    ("GET", "/api/v1/sections/{section}/publish", {"POST"}),
    ("DELETE", "/api/v1/chapters/{chapter}/sections", {"POST"}),
    ("POST", "/api/v1/principles/trust", {"GET", "PATCH", "PUT", "DELETE"}),
]


def test_wrong_method_is_405_json_with_allow(api_shelf: Shelf) -> None:
    before = _counts(api_shelf.session)
    for method, path, allowed in WRONG_METHODS:
        url = path.format(section=api_shelf.section_id, chapter=api_shelf.chapter_id)
        response = api_shelf.client.open(url, method=method, json={}, headers=api_shelf.token)
        _assert_json_error(response, 405)
        assert allowed <= {m.strip() for m in response.headers["Allow"].split(",")}, url
    assert _counts(api_shelf.session) == before


# Slugs --------------------------------------------------------------------------------


def test_duplicate_book_slug_is_422(api_shelf: Shelf) -> None:
    before = _counts(api_shelf.session)
    response = api_shelf.client.post("/api/v1/books", json={"title": "Another", "slug": "shelf"},
                                 headers=api_shelf.token)
    body = _assert_json_error(response, 422)
    assert "shelf" in body["error"]
    assert _counts(api_shelf.session) == before
    assert api_shelf.client.get("/api/v1/books/shelf").get_json()["title"] == "Shelf"


@pytest.mark.parametrize(("path", "body", "existing"), [
    ("/api/v1/books", {"title": "Shelf"}, "/api/v1/books/shelf"),
    ("/api/v1/principles", {"title": "Trust", "statement": "Again"}, "/api/v1/principles/trust"),
])
def test_same_title_without_a_slug_never_takes_over_the_existing_slug(
    api_shelf: Shelf, path: str, body: dict[str, str], existing: str
) -> None:
    original = api_shelf.client.get(existing).get_json()
    response = api_shelf.client.post(path, json=body, headers=api_shelf.token)
    if response.status_code == 201:  # a fresh slug was derived: fine, if it is a new one
        assert response.get_json()["slug"] != original["slug"]
    else:
        _assert_json_error(response, 422)
    assert api_shelf.client.get(existing).get_json() == original


@pytest.mark.parametrize(("path", "body"), [
    ("/api/v1/principles", {"slug": "trust", "title": "Other", "statement": "S"}),
    ("/api/v1/audiences", {"slug": "leads", "name": "Other"}),
])
def test_duplicate_taxonomy_slug_is_422(api_shelf: Shelf, path: str, body: dict[str, str]) -> None:
    before = _counts(api_shelf.session)
    _assert_json_error(api_shelf.client.post(path, json=body, headers=api_shelf.token), 422)
    assert _counts(api_shelf.session) == before


def test_renaming_a_principle_onto_another_slug_is_422_and_keeps_both(api_shelf: Shelf) -> None:
    assert api_shelf.client.post("/api/v1/principles",
                             json={"slug": "care", "title": "Care", "statement": "S"},
                             headers=api_shelf.token).status_code == 201
    _assert_json_error(api_shelf.client.patch("/api/v1/principles/care", json={"slug": "trust"},
                                          headers=api_shelf.token), 422)
    assert api_shelf.client.get("/api/v1/principles/care").get_json()["title"] == "Care"
    assert api_shelf.client.get("/api/v1/principles/trust").get_json()["title"] == "Trust"


def test_book_slug_breaking_the_rule_is_422(api_shelf: Shelf) -> None:
    before = _counts(api_shelf.session)
    for slug in ("Bad Slug", "UPPER", "a--b", "-lead", "trail-", "ünï", "a_b", "a/b", "",
                 "x" * 81, "new"):
        response = api_shelf.client.post("/api/v1/books", json={"title": "Slugged", "slug": slug},
                                     headers=api_shelf.token)
        _assert_json_error(response, 422)
    assert _counts(api_shelf.session) == before
    assert api_shelf.client.get("/api/v1/books/slugged").status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/principles", "/api/v1/audiences"])
def test_taxonomy_slug_breaking_the_rule_is_422(api_shelf: Shelf, path: str) -> None:
    body = {"title": "T", "statement": "S"} if "principles" in path else {"name": "N"}
    before = _counts(api_shelf.session)
    _assert_json_error(api_shelf.client.post(path, json=body | {"slug": "Not OK"},
                                         headers=api_shelf.token), 422)
    assert _counts(api_shelf.session) == before


# Property: arbitrary JSON never crashes a write endpoint ------------------------------

_TEXT = st.text(
    st.characters(exclude_categories=()) | st.characters(categories=["Cs"])
    | st.sampled_from(["\x00", "<", "'", "\u200d", "\u202e", " "]),
    max_size=20,
)
_SCALARS = (st.none() | st.booleans() | st.integers() | st.floats() | _TEXT
            | st.sampled_from(["trust", "leads", "draft", "in_review", "published", "en"]))
JSON_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(_TEXT, children, max_size=4),
    max_leaves=12,
)
FIELDS = ["title", "slug", "language", "subtitle", "description", "summary", "trio",
          "status", "principles", "audiences", "revision_id", "statement", "name",
          "verdict", "body", "from", "to", "version", "parent_id", "resolutions", "steps",
          "clientID", "allow_self_merge", "kind", "url", "authors", "year", "tags"]
SHAPED_BODIES = st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=4)


def _check_never_500(api_shelf: Shelf, value: Any) -> None:
    raw = json.dumps(value)  # NaN/Infinity and \ud800-style escapes are sent as Python does
    for method, path in api_shelf.write_endpoints():
        response = api_shelf.send(method, path, raw)
        assert response.status_code < 500, (method, path, raw[:300])
        if response.status_code >= 400:
            assert response.is_json, (method, path, raw[:300])
            assert isinstance(response.get_json().get("error"), str), (method, path, raw[:300])


@hypothesis_settings(max_examples=40, deadline=None, database=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=JSON_VALUES)
def test_arbitrary_json_never_crashes_a_write_endpoint(api_shelf: Shelf, value: Any) -> None:
    _check_never_500(api_shelf, value)


@hypothesis_settings(max_examples=60, deadline=None, database=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=SHAPED_BODIES)
def test_objects_with_real_field_names_never_crash_a_write_endpoint(api_shelf: Shelf,
                                                                    value: Any) -> None:
    _check_never_500(api_shelf, value)
