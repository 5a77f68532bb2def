"""Translations of a book: started with their source's structure, kept in step with it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.books import trash
from cbook.books.models import Book
from cbook.editor import authority
from cbook.errors import Conflict, PermissionDenied, Unprocessable
from cbook.review.models import Notification
from cbook.roles import Role
from cbook.translating import queries, service, staleness
from tests.support import make_user
from tests.translating.conftest import doc_of, republish, translated_in, write_text


def test_a_translation_starts_with_its_sources_chapters_and_sections(
        session: Session, world: dict[str, Any]) -> None:
    urdu = service.start_translation(session, world["coordinator"], world["book"], "ur")
    session.commit()
    assert urdu.language == "ur" and urdu.source_book is world["book"]
    assert [c.title for c in urdu.chapters] == ["Real work"]
    assert [s.title for s in urdu.chapters[0].sections] == ["Start small", "Listen"]
    first = translated_in(session, urdu, world["first"])
    # The copy keeps the source's block ids and tags, and the version it was taken from.
    doc = authority.document_json(session, first.document)
    assert [b["attrs"]["id"] for b in doc["content"]] == ["a1", "a2"]
    assert doc["content"][0]["attrs"]["principles"] == ["real-work"]
    assert first.source_version == world["first"].published_version
    summary = queries.translations(session, world["book"])
    assert [(t.language, t.translated, t.behind, t.missing) for t in summary] == [("ur", 0, 0, 2)]


@pytest.mark.parametrize(("language", "error", "message"), [
    ("en", Unprocessable, "already written in English"),
    ("en-GB", Unprocessable, "already written in English"),
    ("klingon!", Unprocessable, "BCP 47"),
    ("zz", Unprocessable, "not a language we know"),
])
def test_bad_languages_are_refused_and_nothing_is_stored(
        session: Session, world: dict[str, Any], language: str, error: type[Exception],
        message: str) -> None:
    with pytest.raises(error, match=message):
        service.start_translation(session, world["coordinator"], world["book"], language)
    session.rollback()
    assert session.scalars(select(Book).where(Book.source_book_id.is_not(None))).all() == []


def test_a_second_translation_into_a_language_is_refused(
        session: Session, world: dict[str, Any]) -> None:
    service.start_translation(session, world["coordinator"], world["book"], "pl")
    session.commit()
    with pytest.raises(Conflict, match="already a Polish translation"):
        service.start_translation(session, world["coordinator"], world["book"], "PL")


def test_only_coordinators_and_admins_start_translations(
        session: Session, world: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        service.start_translation(session, world["editor"], world["book"], "ur")


def test_structure_follows_the_source(session: Session, world: dict[str, Any]) -> None:
    editor = world["editor"]
    urdu = service.start_translation(session, world["coordinator"], world["book"], "ur")
    session.commit()
    added = books.create_section(session, editor, world["chapter"], title="New one")
    books.move_section(session, editor, added, -1)  # now second, before "Listen"
    new_chapter = books.create_chapter(session, editor, world["book"], title="Barriers")
    session.commit()
    session.expire_all()
    assert [c.title for c in urdu.chapters] == ["Real work", "Barriers"]
    assert [s.title for s in urdu.chapters[0].sections] == ["Start small", "New one", "Listen"]
    # Trashed in the source, hidden in the translation; restored, back again.
    item = trash.trash_section(session, editor, world["second"])
    session.commit()
    session.expire_all()
    assert [s.title for s in urdu.chapters[0].sections] == ["Start small", "New one"]
    hidden = translated_in(session, urdu, world["second"])
    assert hidden.in_trash
    with pytest.raises(Conflict, match="source of this translated section was deleted"):
        books.update_section(session, editor, hidden, title="x")
    session.rollback()
    trash.restore(session, editor, item)
    session.commit()
    session.expire_all()
    assert [s.title for s in urdu.chapters[0].sections] == ["Start small", "New one", "Listen"]
    assert urdu.chapters[1].source_chapter_id == new_chapter.id
    # A translation's own structure cannot be changed.
    with pytest.raises(Conflict, match="follows its source"):
        books.create_section(session, editor, urdu.chapters[0], title="Extra")


def test_publishing_the_source_again_makes_a_translation_behind_with_its_diff(
        session: Session, world: dict[str, Any]) -> None:
    editor, source = world["editor"], world["first"]
    urdu = service.start_translation(session, world["coordinator"], world["book"], "ur")
    translated = translated_in(session, urdu, source)
    mine = doc_of(("a1", "اصل مسئلے سے شروع کریں", []),
                  ("a2", "ان لوگوں کو لائیں", ["listening"]))
    write_text(session, translated, editor, mine)
    books.publish_section(session, editor, translated)
    session.commit()
    assert staleness.state_of(translated, source) == staleness.State.TRANSLATED
    # Tags came from the source block, whatever the translation's text carried.
    assert [b["attrs"]["principles"] for b in translated.published_doc["content"]] == [
        ["real-work"], []]
    republish(session, editor, source, 1, "Bring the people who live it, early.")
    assert staleness.state_of(translated, source) == staleness.State.BEHIND
    found = staleness.catchup(session, translated)
    assert found is not None
    assert [(b.block_id, b.change) for b in found.blocks] == [("a2", "changed")]
    assert {"op": "insert", "text": ", early"} in found.blocks[0].segments
    assert service.bring_up_to_date(session, editor, translated, ["a2"]) is True
    session.commit()
    assert staleness.state_of(translated, source) == staleness.State.TRANSLATED
    assert [(t.translated, t.behind, t.missing)
            for t in queries.translations(session, world["book"])] == [(1, 0, 1)]


def test_a_retitled_source_makes_its_translation_behind_until_the_title_is_brought_over(
        session: Session, world: dict[str, Any]) -> None:
    editor, source = world["editor"], world["first"]
    polish = service.start_translation(session, world["coordinator"], world["book"], "pl")
    translated = translated_in(session, polish, source)
    books.update_section(session, editor, translated, title="Zacznij od małego")
    books.publish_section(session, editor, translated)
    books.update_section(session, editor, source, title="Start smaller")
    session.commit()
    found = staleness.catchup(session, translated)
    assert found is not None and found.title_pending and found.blocks == []
    with pytest.raises(Unprocessable, match="did not change block"):
        service.bring_up_to_date(session, editor, translated, ["a1"])
    assert service.bring_up_to_date(session, editor, translated, ["title"]) is True


def test_copies_nobody_has_written_in_follow_each_publish_of_their_source(
        session: Session, world: dict[str, Any]) -> None:
    editor, source = world["editor"], world["second"]  # "Listen": never published yet
    urdu = service.start_translation(session, world["coordinator"], world["book"], "ur")
    untouched = translated_in(session, urdu, source)
    assert untouched.source_version is None
    write_text(session, source, editor, doc_of(("b1", "Listen before you fix anything.", [])))
    books.publish_section(session, editor, source)
    session.commit()
    doc = authority.document_json(session, untouched.document)
    assert doc["content"][0]["content"][0]["text"] == "Listen before you fix anything."
    assert untouched.source_version == source.published_version
    # Once a translator has written in it, the source's next publish leaves it alone.
    write_text(session, untouched, editor, doc_of(("b1", "پہلے سنیں", [])))
    write_text(session, source, editor, doc_of(("b1", "Listen first.", [])))
    books.publish_section(session, editor, source)
    session.commit()
    doc = authority.document_json(session, untouched.document)
    assert doc["content"][0]["content"][0]["text"] == "پہلے سنیں"
    assert staleness.catchup(session, untouched) is not None


def test_translators_hear_when_the_original_of_what_they_translated_changes(
        session: Session, world: dict[str, Any]) -> None:
    editor, source = world["editor"], world["first"]
    farah = make_user(session, Role.READER, "farah@example.org")
    urdu = service.start_translation(session, world["coordinator"], world["book"], "ur")
    service.add_translator(session, world["coordinator"], urdu, user=farah)
    translated = translated_in(session, urdu, source)
    waiting = translated_in(session, urdu, world["second"])
    books.publish_section(session, editor, translated)
    books.publish_section(session, editor, world["second"])  # its copy: nothing to redo
    republish(session, editor, source, 0, "Start with the real, shared problem.")
    entries = session.scalars(select(Notification).where(Notification.user_id == farah.id)).all()
    assert [(e.kind, e.section_id) for e in entries] == [("original_changed", translated.id)]
    assert waiting.id != translated.id
