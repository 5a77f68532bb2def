"""Translations over the API, as CONTRACTS.md gives them: start one (201, a book with
``language`` and ``source``), list them with counts, sections with ``source_section``,
``source_version`` and ``state``; bad input is a 4xx with a message and stores nothing."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.books import trash
from cbook.books.models import Book, Chapter, Section
from tests.support import api_token
from tests.translating.conftest import republish, translated_in


def _post(client: FlaskClient, session: Session, who: Any, path: str, body: Any) -> Any:
    return client.post(f"/api/v1{path}", json=body, headers=api_token(session, who))


def _counts(session: Session) -> tuple[int, int, int]:
    session.expire_all()
    return (session.scalar(select(func.count()).select_from(Book)) or 0,
            session.scalar(select(func.count()).select_from(Chapter)) or 0,
            session.scalar(select(func.count()).select_from(Section)) or 0)


def test_starting_listing_and_reading_a_translation(
        client: FlaskClient, session: Session, world: dict[str, Any]) -> None:
    slug = world["book"].slug
    response = _post(client, session, world["coordinator"], f"/books/{slug}/translations",
                     {"language": "ur"})
    assert response.status_code == 201
    made = response.get_json()
    assert (made["language"], made["source"], made["slug"]) == ("ur", slug, f"{slug}-ur")
    assert client.get(f"/api/v1/books/{slug}").get_json()["source"] is None
    listing = client.get(f"/api/v1/books/{slug}/translations").get_json()
    assert [{k: t[k] for k in ("slug", "language", "translated", "behind", "missing")}
            for t in listing] == [{"slug": f"{slug}-ur", "language": "ur", "translated": 0,
                                   "behind": 0, "missing": 2}]

    urdu = session.scalars(select(Book).where(Book.slug == f"{slug}-ur")).one()
    translated = translated_in(session, urdu, world["first"])
    editor = world["editor"]
    shown = client.get(f"/api/v1/sections/{translated.id}",
                       headers=api_token(session, editor)).get_json()
    assert (shown["source_section"], shown["source_version"], shown["state"]) == (
        world["first"].id, world["first"].published_version, "missing")
    original = client.get(f"/api/v1/sections/{world['first'].id}").get_json()
    assert (original["source_section"], original["state"]) == (None, None)

    books.publish_section(session, editor, translated)
    source = world["first"]
    republish(session, editor, source, 0, "Start with the real, shared problem.")
    assert client.get(f"/api/v1/sections/{translated.id}").get_json()["state"] == "behind"
    caught = _post(client, session, editor, f"/sections/{translated.id}/caught-up",
                   {"blocks": ["a1"]})
    assert caught.status_code == 200
    assert caught.get_json() == {"state": "translated",
                                 "source_version": source.published_version, "pending": []}


@pytest.mark.parametrize(("body", "status", "message"), [
    ({"language": "en"}, 422, "already written in English"),
    ({"language": "no such tag!"}, 422, "BCP 47"),
    ({"language": "qq"}, 422, "not a language we know"),
    ({}, 422, None),
])
def test_bad_languages_are_4xx_and_store_nothing(
        client: FlaskClient, session: Session, world: dict[str, Any], body: dict[str, Any],
        status: int, message: str | None) -> None:
    before = _counts(session)
    response = _post(client, session, world["coordinator"],
                     f"/books/{world['book'].slug}/translations", body)
    assert response.status_code == status
    if message:
        assert message in response.get_json()["error"]
    assert _counts(session) == before


def test_a_second_translation_into_a_language_is_a_409(
        client: FlaskClient, session: Session, world: dict[str, Any]) -> None:
    path = f"/books/{world['book'].slug}/translations"
    assert _post(client, session, world["coordinator"], path,
                 {"language": "pl"}).status_code == 201
    before = _counts(session)
    again = _post(client, session, world["coordinator"], path, {"language": "pl"})
    assert again.status_code == 409
    assert "already a Polish translation" in again.get_json()["error"]
    assert _counts(session) == before


def test_a_translations_structure_and_its_deleted_originals_are_not_changed(
        client: FlaskClient, session: Session, world: dict[str, Any]) -> None:
    path = f"/books/{world['book'].slug}/translations"
    slug = _post(client, session, world["coordinator"], path, {"language": "ur"}).get_json()[
        "slug"]
    urdu = session.scalars(select(Book).where(Book.slug == slug)).one()
    editor = world["editor"]
    headers = api_token(session, editor)
    chapter = urdu.chapters[0]
    added = client.post(f"/api/v1/chapters/{chapter.id}/sections", json={"title": "Extra"},
                        headers=headers)
    assert added.status_code == 409 and "follows its source" in added.get_json()["error"]
    assert client.post(f"/api/v1/books/{slug}/chapters", json={"title": "Extra"},
                       headers=headers).status_code == 409
    translated = translated_in(session, urdu, world["first"])
    assert client.delete(f"/api/v1/sections/{translated.id}",
                         headers=headers).status_code == 409
    tagged = client.patch(f"/api/v1/sections/{translated.id}", json={"principles": []},
                          headers=headers)
    assert tagged.status_code == 422 and "tagged as its original" in tagged.get_json()["error"]
    trash.trash_section(session, editor, world["first"])
    session.commit()
    before = _counts(session)
    # Deleted with its original: it reads as deleted, and cannot be changed.
    renamed = client.patch(f"/api/v1/sections/{translated.id}", json={"title": "x"},
                           headers=headers)
    assert renamed.status_code in (404, 409)
    caught = _post(client, session, editor, f"/sections/{translated.id}/caught-up", {})
    assert caught.status_code in (404, 409)
    assert _counts(session) == before
