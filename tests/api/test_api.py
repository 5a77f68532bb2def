"""The /api/v1 JSON API as CONTRACTS.md fixes it: books, chapters, sections, publishing,
principles, audiences, the schema and the OpenAPI document."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books import service as books
from cbook.books.models import Section
from cbook.editor.schema import SCHEMA_PATH
from cbook.roles import Role
from tests.support import api_token, make_user

SECTION_KEYS = {"id", "title", "version", "doc", "principles", "audiences", "status"}


def _doc(text: str) -> dict[str, Any]:
    return {"type": "doc", "content": [
        {"type": "paragraph", "content": [{"type": "text", "text": text}]}]}


def _texts(doc: dict[str, Any]) -> list[str]:
    """Every text run in a document, in order."""
    found: list[str] = []
    stack = [doc]
    while stack:
        node = stack.pop(0)
        if node.get("type") == "text":
            found.append(node["text"])
        stack[0:0] = node.get("content") or []
    return found


def _ordered(value: Any) -> Any:
    """A JSON value with every object turned into a list of pairs, so order is compared."""
    if isinstance(value, dict):
        return [(key, _ordered(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [_ordered(item) for item in value]
    return value


class World:
    """Users with tokens, and a book with one chapter holding one draft section."""

    def __init__(self, client: FlaskClient, session: Session) -> None:
        self.client = client
        self.session = session
        self.admin = make_user(session, Role.ADMIN)
        self.coordinator = api_token(session, make_user(session, Role.COORDINATOR))
        self.editor = api_token(session, make_user(session, Role.EDITOR))
        self.author = api_token(session, make_user(session, Role.AUTHOR))
        self.reader = api_token(session, make_user(session, Role.READER))
        made = client.post("/api/v1/books", json={"title": "Working Together"},
                           headers=self.coordinator)
        assert made.status_code == 201, made.get_json()
        self.slug = made.get_json()["slug"]
        chapter = client.post(f"/api/v1/books/{self.slug}/chapters",
                              json={"title": "Trust"}, headers=self.coordinator)
        assert chapter.status_code == 201, chapter.get_json()
        self.chapter_id = chapter.get_json()["id"]
        self.section_id = self.add_section("First steps")

    def add_section(self, title: str, chapter_id: int | None = None) -> int:
        made = self.client.post(f"/api/v1/chapters/{chapter_id or self.chapter_id}/sections",
                                json={"title": title}, headers=self.coordinator)
        assert made.status_code == 201, made.get_json()
        return int(made.get_json()["id"])

    def publish(self, section_id: int | None = None) -> dict[str, Any]:
        response = self.client.post(f"/api/v1/sections/{section_id or self.section_id}/publish",
                                    json={}, headers=self.editor)
        assert response.status_code == 200, response.get_json()
        return dict(response.get_json())

    def replace(self, text: str, section_id: int | None = None) -> None:
        """A later edit, made through the service as an admin would."""
        self.session.expire_all()
        section = self.session.get(Section, section_id or self.section_id)
        assert section is not None
        admin = self.session.get(User, self.admin.id)
        books.replace_document(self.session, admin, section, _doc(text))
        self.session.commit()


@pytest.fixture
def world(client: FlaskClient, session: Session) -> World:
    return World(client, session)


# Books, chapters, sections ------------------------------------------------------------


def test_create_book_is_201_and_listed(client: FlaskClient, session: Session) -> None:
    headers = api_token(session, make_user(session, Role.COORDINATOR))
    response = client.post("/api/v1/books",
                           json={"title": "Open Culture", "slug": "open", "language": "ar-EG"},
                           headers=headers)
    assert response.status_code == 201
    body = response.get_json()
    assert (body["slug"], body["title"], body["language"]) == ("open", "Open Culture", "ar-EG")
    assert isinstance(body["id"], int)
    listed = client.get("/api/v1/books").get_json()
    assert [(b["slug"], b["title"]) for b in listed] == [("open", "Open Culture")]


def test_book_slug_defaults_from_title(client: FlaskClient, session: Session) -> None:
    headers = api_token(session, make_user(session, Role.COORDINATOR))
    body = client.post("/api/v1/books", json={"title": "Ways of Working"},
                       headers=headers).get_json()
    assert body["slug"] == "ways-of-working"
    assert client.get("/api/v1/books/ways-of-working").status_code == 200


def test_readers_and_anonymous_cannot_create_books(client: FlaskClient,
                                                   session: Session) -> None:
    reader = api_token(session, make_user(session, Role.READER))
    editor = api_token(session, make_user(session, Role.EDITOR))
    for headers in (reader, editor):
        refused = client.post("/api/v1/books", json={"title": "Not mine"}, headers=headers)
        assert refused.status_code == 403
        assert refused.get_json()["error"]
    assert client.get("/api/v1/books").get_json() == []


def test_book_contents_lists_chapters_and_sections_in_order(world: World) -> None:
    second = world.add_section("Second steps")
    other = world.client.post(f"/api/v1/books/{world.slug}/chapters",
                              json={"title": "Conflict"}, headers=world.coordinator).get_json()
    third = world.add_section("Naming it", other["id"])
    response = world.client.get(f"/api/v1/books/{world.slug}", headers=world.editor)
    assert response.status_code == 200
    body = response.get_json()
    assert body["slug"] == world.slug and body["title"] == "Working Together"
    chapters = body["chapters"]
    assert [(c["id"], c["title"]) for c in chapters] == [
        (world.chapter_id, "Trust"), (other["id"], "Conflict")]
    assert [c["position"] for c in chapters] == sorted(c["position"] for c in chapters)
    first_sections = chapters[0]["sections"]
    assert [(s["id"], s["title"]) for s in first_sections] == [
        (world.section_id, "First steps"), (second, "Second steps")]
    assert first_sections[0]["position"] < first_sections[1]["position"]
    assert [(s["id"], s["title"]) for s in chapters[1]["sections"]] == [(third, "Naming it")]


def test_get_section_has_the_contract_shape(world: World) -> None:
    response = world.client.get(f"/api/v1/sections/{world.section_id}", headers=world.editor)
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) >= SECTION_KEYS
    assert body["id"] == world.section_id
    assert body["title"] == "First steps"
    assert body["version"] == 0
    assert body["doc"]["type"] == "doc"
    assert body["principles"] == [] and body["audiences"] == []
    assert body["status"] == "draft"


def test_create_section_is_201_with_the_section(world: World) -> None:
    response = world.client.post(f"/api/v1/chapters/{world.chapter_id}/sections",
                                 json={"title": "  Listening  "}, headers=world.editor)
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) >= SECTION_KEYS
    assert body["title"] == "Listening" and body["status"] == "draft"
    fetched = world.client.get(f"/api/v1/sections/{body['id']}", headers=world.editor)
    assert fetched.get_json()["title"] == "Listening"


def test_chapter_rename_and_delete(world: World) -> None:
    renamed = world.client.patch(f"/api/v1/chapters/{world.chapter_id}",
                                 json={"title": "Trust first", "summary": "Why"},
                                 headers=world.editor)
    assert renamed.status_code == 200
    assert renamed.get_json()["title"] == "Trust first"
    assert renamed.get_json()["summary"] == "Why"
    gone = world.client.delete(f"/api/v1/chapters/{world.chapter_id}", headers=world.editor)
    assert gone.status_code == 204
    contents = world.client.get(f"/api/v1/books/{world.slug}", headers=world.editor).get_json()
    assert contents["chapters"] == []
    missing = world.client.get(f"/api/v1/sections/{world.section_id}", headers=world.editor)
    assert missing.status_code == 404


def test_book_update_changes_title(world: World) -> None:
    response = world.client.patch(f"/api/v1/books/{world.slug}",
                                  json={"title": "Working Better", "subtitle": "A guide"},
                                  headers=world.coordinator)
    assert response.status_code == 200
    body = world.client.get(f"/api/v1/books/{world.slug}").get_json()
    assert (body["title"], body["subtitle"]) == ("Working Better", "A guide")


def test_section_rename_and_delete(world: World) -> None:
    renamed = world.client.patch(f"/api/v1/sections/{world.section_id}",
                                 json={"title": "Beginnings", "status": "in_review"},
                                 headers=world.editor)
    assert renamed.status_code == 200
    assert (renamed.get_json()["title"], renamed.get_json()["status"]) == (
        "Beginnings", "in_review")
    deleted = world.client.delete(f"/api/v1/sections/{world.section_id}", headers=world.editor)
    assert deleted.status_code == 204
    assert world.client.get(f"/api/v1/sections/{world.section_id}",
                            headers=world.editor).status_code == 404


# Drafts and publishing ----------------------------------------------------------------


def test_drafts_are_hidden_from_anonymous_and_readers(world: World) -> None:
    for headers in ({}, world.reader, world.author):
        section = world.client.get(f"/api/v1/sections/{world.section_id}", headers=headers)
        assert section.status_code == 404
        assert section.get_json()["error"]
        contents = world.client.get(f"/api/v1/books/{world.slug}", headers=headers)
        assert contents.status_code == 200
        listed = [s["id"] for c in contents.get_json()["chapters"] for s in c["sections"]]
        assert world.section_id not in listed
        assert "First steps" not in contents.get_data(as_text=True)


def test_drafts_are_shown_to_editors(world: World) -> None:
    contents = world.client.get(f"/api/v1/books/{world.slug}", headers=world.editor).get_json()
    listed = [(s["id"], s["status"]) for c in contents["chapters"] for s in c["sections"]]
    assert listed == [(world.section_id, "draft")]
    section = world.client.get(f"/api/v1/sections/{world.section_id}", headers=world.editor)
    assert section.status_code == 200


def test_published_section_shows_the_published_doc_until_republished(world: World) -> None:
    world.replace("Version one")
    published = world.publish()
    assert published["status"] == "published"
    assert published["version"] == 1

    for headers in ({}, world.reader):
        seen = world.client.get(f"/api/v1/sections/{world.section_id}", headers=headers)
        assert seen.status_code == 200
        body = seen.get_json()
        assert (body["version"], body["status"]) == (1, "published")
        assert _texts(body["doc"]) == ["Version one"]
        contents = world.client.get(f"/api/v1/books/{world.slug}", headers=headers).get_json()
        assert [s["id"] for c in contents["chapters"] for s in c["sections"]] == [
            world.section_id]

    world.replace("Version two, not yet reviewed")
    for headers in ({}, world.reader):
        body = world.client.get(f"/api/v1/sections/{world.section_id}",
                                headers=headers).get_json()
        assert body["version"] == 1
        assert _texts(body["doc"]) == ["Version one"]
    working = world.client.get(f"/api/v1/sections/{world.section_id}",
                               headers=world.editor).get_json()
    assert working["version"] == 2
    assert _texts(working["doc"]) == ["Version two, not yet reviewed"]

    world.publish()
    body = world.client.get(f"/api/v1/sections/{world.section_id}",
                            headers=world.reader).get_json()
    assert body["version"] == 2
    assert _texts(body["doc"]) == ["Version two, not yet reviewed"]


def test_unpublish_hides_the_section_again(world: World) -> None:
    world.publish()
    assert world.client.get(f"/api/v1/sections/{world.section_id}",
                            headers=world.reader).status_code == 200
    response = world.client.post(f"/api/v1/sections/{world.section_id}/unpublish",
                                 headers=world.editor)
    assert response.status_code == 200
    assert response.get_json()["status"] == "draft"
    for headers in ({}, world.reader):
        assert world.client.get(f"/api/v1/sections/{world.section_id}",
                                headers=headers).status_code == 404
        contents = world.client.get(f"/api/v1/books/{world.slug}", headers=headers).get_json()
        assert [s["id"] for c in contents["chapters"] for s in c["sections"]] == []


def test_readers_and_authors_cannot_publish(world: World) -> None:
    for headers in (world.reader, world.author):
        refused = world.client.post(f"/api/v1/sections/{world.section_id}/publish", json={},
                                    headers=headers)
        assert refused.status_code in {403, 404}
        assert refused.get_json()["error"]
    assert world.client.get(f"/api/v1/sections/{world.section_id}").status_code == 404


# Tagging ------------------------------------------------------------------------------


def _make_tags(world: World) -> None:
    for slug, title in (("trust", "Trust"), ("care", "Care")):
        made = world.client.post("/api/v1/principles",
                                 json={"slug": slug, "title": title, "statement": f"{title}."},
                                 headers=world.coordinator)
        assert made.status_code == 201, made.get_json()
    made = world.client.post("/api/v1/audiences", json={"slug": "managers", "name": "Managers"},
                             headers=world.coordinator)
    assert made.status_code == 201, made.get_json()


def test_tagging_a_section_with_principles_and_audiences(world: World) -> None:
    _make_tags(world)
    response = world.client.patch(f"/api/v1/sections/{world.section_id}",
                                  json={"principles": ["care", "trust"],
                                        "audiences": ["managers"]},
                                  headers=world.editor)
    assert response.status_code == 200
    assert sorted(response.get_json()["principles"]) == ["care", "trust"]
    body = world.client.get(f"/api/v1/sections/{world.section_id}",
                            headers=world.editor).get_json()
    assert sorted(body["principles"]) == ["care", "trust"]
    assert body["audiences"] == ["managers"]

    cleared = world.client.patch(f"/api/v1/sections/{world.section_id}",
                                 json={"principles": []}, headers=world.editor)
    assert cleared.status_code == 200
    body = world.client.get(f"/api/v1/sections/{world.section_id}",
                            headers=world.editor).get_json()
    assert body["principles"] == [] and body["audiences"] == ["managers"]


@pytest.mark.parametrize("field", ["principles", "audiences"])
def test_tagging_with_an_unknown_slug_is_422_naming_it(world: World, field: str) -> None:
    _make_tags(world)
    known = "trust" if field == "principles" else "managers"
    response = world.client.patch(f"/api/v1/sections/{world.section_id}",
                                  json={field: [known, "no-such-tag"]}, headers=world.editor)
    assert response.status_code == 422
    assert response.is_json
    assert "no-such-tag" in json.dumps(response.get_json())
    body = world.client.get(f"/api/v1/sections/{world.section_id}",
                            headers=world.editor).get_json()
    assert body[field] == [], "a refused retag changes nothing"


def test_deleting_a_principle_removes_its_tags(world: World) -> None:
    _make_tags(world)
    world.client.patch(f"/api/v1/sections/{world.section_id}",
                       json={"principles": ["trust", "care"]}, headers=world.editor)
    assert world.client.delete("/api/v1/principles/trust",
                               headers=world.coordinator).status_code == 204
    body = world.client.get(f"/api/v1/sections/{world.section_id}",
                            headers=world.editor).get_json()
    assert body["principles"] == ["care"]


# Principles and audiences -------------------------------------------------------------


def test_principles_list_create_read_update_delete(client: FlaskClient,
                                                   session: Session) -> None:
    headers = api_token(session, make_user(session, Role.COORDINATOR))
    first = client.post("/api/v1/principles",
                        json={"title": "Psychological safety", "statement": "Speak up."},
                        headers=headers)
    assert first.status_code == 201
    assert first.get_json()["slug"] == "psychological-safety"
    second = client.post("/api/v1/principles",
                         json={"slug": "candour", "title": "Candour",
                               "statement": "Say it kindly.", "description": "Long form"},
                         headers=headers)
    assert second.status_code == 201

    listed = client.get("/api/v1/principles").get_json()
    assert [p["slug"] for p in listed] == ["psychological-safety", "candour"]
    assert [p["position"] for p in listed] == [1, 2]

    read = client.get("/api/v1/principles/candour")
    assert read.status_code == 200
    assert read.get_json()["statement"] == "Say it kindly."
    assert read.get_json()["description"] == "Long form"

    patched = client.patch("/api/v1/principles/candour", json={"statement": "Say it."},
                           headers=headers)
    assert patched.status_code == 200
    assert client.get("/api/v1/principles/candour").get_json()["statement"] == "Say it."
    put = client.put("/api/v1/principles/candour", json={"slug": "honesty"}, headers=headers)
    assert put.status_code == 200
    assert client.get("/api/v1/principles/candour").status_code == 404
    assert client.get("/api/v1/principles/honesty").get_json()["title"] == "Candour"

    deleted = client.delete("/api/v1/principles/honesty", headers=headers)
    assert deleted.status_code == 204
    assert client.get("/api/v1/principles/honesty").status_code == 404
    assert [p["slug"] for p in client.get("/api/v1/principles").get_json()] == [
        "psychological-safety"]


def test_audiences_list_create_read_update_delete(client: FlaskClient,
                                                  session: Session) -> None:
    headers = api_token(session, make_user(session, Role.ADMIN))
    for name in ("Team leads", "New starters"):
        made = client.post("/api/v1/audiences", json={"name": name}, headers=headers)
        assert made.status_code == 201
    listed = client.get("/api/v1/audiences").get_json()
    assert [a["name"] for a in listed] == ["New starters", "Team leads"]
    read = client.get("/api/v1/audiences/team-leads")
    assert read.status_code == 200
    assert read.get_json()["name"] == "Team leads"
    patched = client.patch("/api/v1/audiences/team-leads",
                           json={"name": "Leads", "description": "Anyone leading"},
                           headers=headers)
    assert patched.status_code == 200
    assert client.get("/api/v1/audiences/team-leads").get_json()["description"] == (
        "Anyone leading")
    assert client.delete("/api/v1/audiences/team-leads", headers=headers).status_code == 204
    assert client.get("/api/v1/audiences/team-leads").status_code == 404
    assert [a["slug"] for a in client.get("/api/v1/audiences").get_json()] == ["new-starters"]


@pytest.mark.parametrize("path", ["/api/v1/principles", "/api/v1/audiences"])
def test_only_coordinators_manage_taxonomy(client: FlaskClient, session: Session,
                                           path: str) -> None:
    body = {"title": "T", "statement": "S"} if "principles" in path else {"name": "N"}
    for role in (Role.READER, Role.AUTHOR, Role.EDITOR):
        headers = api_token(session, make_user(session, role))
        refused = client.post(path, json=body, headers=headers)
        assert refused.status_code == 403
        assert refused.get_json()["error"]
    assert client.get(path).get_json() == []


def test_anonymous_writes_are_refused(client: FlaskClient) -> None:
    # No cookie and no token: the CSRF guard or the sign-in check refuses, in JSON.
    response = client.post("/api/v1/principles", json={"title": "T", "statement": "S"})
    assert 400 <= response.status_code < 500
    assert response.get_json()["error"]
    assert client.get("/api/v1/principles").get_json() == []


# Schema and OpenAPI -------------------------------------------------------------------


def test_schema_is_served_in_the_order_of_the_spec_file(client: FlaskClient) -> None:
    response = client.get("/api/v1/schema")
    assert response.status_code == 200
    assert response.is_json
    served = json.loads(response.get_data(as_text=True))
    on_disk = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert served["topNode"] == "doc"
    assert list(served["nodes"]) == list(on_disk["nodes"])
    assert list(served["marks"]) == list(on_disk["marks"])
    assert _ordered(served) == _ordered(on_disk)


def test_schema_specs_carry_attrs_with_defaults(client: FlaskClient) -> None:
    served = client.get("/api/v1/schema").get_json()
    assert served["nodes"]["doc"]["content"]
    paragraph = served["nodes"]["paragraph"]
    assert paragraph["group"] == "block"
    assert all("default" in attr for attr in paragraph["attrs"].values())


def _openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def test_openapi_documents_every_api_route(app: Flask, client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = json.loads(response.get_data(as_text=True))
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"]
    paths = spec["paths"]
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1") or rule.rule.endswith("/openapi.json"):
            continue
        path = _openapi_path(rule.rule).removeprefix("/api/v1")
        documented = paths.get(path) or paths.get("/api/v1" + path)
        assert documented is not None, f"{rule.rule} is not in the OpenAPI document"
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            assert method.lower() in documented, f"{method} {rule.rule} is not documented"
        checked += 1
    assert checked >= 10


def test_openapi_path_conversion_helper() -> None:
    assert _openapi_path("/api/v1/sections/<int:section_id>/publish") == (
        "/api/v1/sections/{section_id}/publish")
    assert _openapi_path("/api/v1/books/<slug>") == "/api/v1/books/{slug}"

