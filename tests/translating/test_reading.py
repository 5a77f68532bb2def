"""Readers move between languages: switcher and hreflang on every translated section's
page, the source shown with a notice where a translation is missing, a notice when the
translation is behind its source."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.translating import service
from tests.support import sign_in
from tests.translating.conftest import doc_of, republish, translated_in, write_text

URDU = doc_of(("a1", "اصل مسئلے سے شروع کریں", []), ("a2", "ان لوگوں کو ساتھ لائیں", []))


def _page(client: FlaskClient, section_id: int) -> str:
    response = client.get(f"/sections/{section_id}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _urdu_world(session: Session, world: dict[str, Any]) -> tuple[Any, Any]:
    editor = world["editor"]
    urdu = service.start_translation(session, world["coordinator"], world["book"], "ur")
    first = translated_in(session, urdu, world["first"])
    write_text(session, first, editor, URDU)
    books.update_section(session, editor, first, title="چھوٹے سے شروع کریں")
    books.publish_section(session, editor, first)
    session.commit()
    return urdu, first


def test_a_translated_section_links_to_its_other_languages(
        client: FlaskClient, session: Session, world: dict[str, Any]) -> None:
    _urdu, first = _urdu_world(session, world)
    html = _page(client, first.id)
    assert "اصل مسئلے سے شروع کریں" in html
    assert re.search(r'<div class="prose" lang="ur" dir="rtl">', html)
    # Search engines and browsers are told where the English is; readers see a switcher.
    assert f'<link rel="alternate" hreflang="en" href="/sections/{world["first"].id}">' in html
    assert 'aria-current="page" lang="ur" dir="rtl" class="languages__current">اردو<' in html
    assert f'href="/sections/{world["first"].id}" hreflang="en" lang="en"' in html
    source = _page(client, world["first"].id)
    assert f'hreflang="ur" href="/sections/{first.id}"' in source
    assert "translation-notice" not in html and "translation-notice" not in source


def test_a_missing_translation_shows_the_source_with_a_notice(
        client: FlaskClient, session: Session, world: dict[str, Any]) -> None:
    urdu = service.start_translation(session, world["coordinator"], world["book"], "ur")
    session.commit()
    waiting = translated_in(session, urdu, world["first"])
    html = _page(client, waiting.id)  # not a 404
    assert "not translated into Urdu yet: you are reading the original, in English" in html
    assert "Start with the real problem." in html
    assert '<div class="prose">' in html  # in English, as the page around it
    # A translation of a section never published anywhere is still not found.
    unpublished = translated_in(session, urdu, world["second"])
    assert client.get(f"/sections/{unpublished.id}").status_code == 404


def test_a_behind_translation_says_so_and_links_to_the_current_source(
        client: FlaskClient, session: Session, world: dict[str, Any]) -> None:
    _urdu, first = _urdu_world(session, world)
    source = world["first"]
    republish(session, world["editor"], source, 0, "Start with the real, shared problem.")
    html = _page(client, first.id)
    notice = re.search(r'data-testid="translation-notice">(.*?)</p>', html, re.S)
    assert notice is not None
    assert "follows the original as published on" in notice.group(1)
    assert f'href="/sections/{source.id}" hreflang="en"' in notice.group(1)
    assert "(behind the original)" in html


def test_the_translator_sees_the_originals_changes_named_in_their_own_language(
        client: FlaskClient, session: Session, world: dict[str, Any]) -> None:
    _urdu, first = _urdu_world(session, world)
    source = world["first"]
    republish(session, world["editor"], source, 1, "Bring the people who live it, early.")
    sign_in(client, "editor@example.org")
    english = client.get(f"/sections/{first.id}/edit").get_data(as_text=True)
    assert "Paragraph — changed" in english
    client.get("/language/ur")
    urdu = client.get(f"/sections/{first.id}/edit").get_data(as_text=True)
    changes = re.search(r'data-testid="source-changes">(.*?)</section>', urdu, re.S)
    assert changes is not None
    assert "Paragraph" not in changes.group(1), changes.group(1)
    assert "پیراگراف — بدلا گیا" in changes.group(1)
    assert "<ins>, early</ins>" in changes.group(1)
