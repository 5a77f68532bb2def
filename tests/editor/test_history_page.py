"""The history page: named revisions, comparing any two versions, restoring."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.editor import authority
from cbook.editor.models import Revision
from cbook.roles import Role
from tests.support import csrf_token, make_user, sign_in


def _rewrite(session: Session, section: object, user: object, text: str) -> None:
    doc = {"type": "doc", "content": [{"type": "paragraph", "attrs": {"id": "p1"},
                                       "content": [{"type": "text", "text": text}]}]}
    books.replace_document(session, user, section, doc)  # type: ignore[arg-type]
    session.commit()


def test_save_compare_and_restore_from_the_history_page(app: Flask, session: Session) -> None:
    editor = make_user(session, Role.EDITOR, name="Esme Editor")
    book = books.create_book(session, make_user(session, Role.ADMIN), title="Book")
    chapter = books.create_chapter(session, editor, book, title="Chapter")
    section = books.create_section(session, editor, chapter, title="Section")
    session.commit()
    _rewrite(session, section, editor, "Boards that listen to communities.")
    client = app.test_client()
    sign_in(client, "editor@test.example")

    saved = client.post(f"/sections/{section.id}/history/revisions",
                        data={"message": "First draft agreed", "csrf_token": csrf_token(client)},
                        follow_redirects=True).get_data(as_text=True)
    assert "First draft agreed" in saved and "Esme Editor" in saved
    named = session.query(Revision).filter_by(message="First draft agreed").one()

    _rewrite(session, section, editor, "Boards that hand power to communities.")
    page = client.get(f"/sections/{section.id}/history?from={named.id}&to=v:2")
    html = page.get_data(as_text=True)
    assert "Boards that <del>listen</del><ins>hand power</ins> to communities." in html

    client.post(f"/sections/{section.id}/history/{named.id}/restore",
                data={"csrf_token": csrf_token(client)})
    session.expire_all()
    current = authority.document_json(session, section.document)
    assert current["content"][0]["content"][0]["text"] == "Boards that listen to communities."
    history = client.get(f"/sections/{section.id}/history").get_data(as_text=True)
    assert f"Restored revision {named.id}" in history
    assert "Before restoring" in history  # the replaced text stays findable
