"""The demo ships a start on Urdu and Polish translations: a few sections really translated,
one of them behind its since-changed English source, the rest still to do."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.books.models import Book, Chapter, Section
from cbook.demo.content import BOOK
from cbook.demo.people import TRANSLATOR_USERS
from cbook.demo.translations import translated_docs
from cbook.demo.translations_text import SOURCE_EDIT, TRANSLATIONS
from cbook.editor import authority
from cbook.editor.documents import parse_document
from cbook.translating import staleness
from cbook.translating.staleness import State

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
LATIN_LETTERS = re.compile(r"[A-Za-z]")
POLISH_LETTERS = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
TEXT_BLOCKS = {"paragraph", "heading"}
ENGLISH_TITLES = {section["title"] for chapter in BOOK["chapters"]
                  for section in chapter["sections"]}


def _blocks(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for child in node.get("content") or []:
        if isinstance(child.get("attrs"), dict) and "id" in child["attrs"]:
            yield child
        yield from _blocks(child)


def _words(node: dict[str, Any]) -> str:
    if node.get("type") == "text":
        return str(node["text"])
    if node.get("type") == "resource_ref":
        return str(node["attrs"].get("title") or "")
    return "".join(_words(child) for child in node.get("content") or [])


def _translation(session: Session, language: str) -> Book:
    return session.scalars(select(Book).where(Book.source_book_id.is_not(None),
                                              Book.language == language)).one()


def _sections(session: Session, book: Book) -> list[Section]:
    return list(session.scalars(select(Section).join(Chapter).where(Chapter.book_id == book.id)
                                .order_by(Chapter.position, Section.position)))


def _states(session: Session, book: Book) -> dict[str, list[Section]]:
    found: dict[str, list[Section]] = {state.value: [] for state in State}
    for section in _sections(session, book):
        found[staleness.state_of(section, section.source_section)].append(section)
    return found


def test_the_demo_has_an_urdu_and_a_polish_translation_of_its_book(
        demo_session: Session, demo_book: Book) -> None:
    translations = demo_session.scalars(select(Book).where(Book.source_book_id.is_not(None))
                                        .order_by(Book.language)).all()
    assert [(t.language, t.source_book_id) for t in translations] == [
        ("pl", demo_book.id), ("ur", demo_book.id)]
    assert demo_book.language == "en" and demo_book.slug == BOOK["slug"]
    sources = _sections(demo_session, demo_book)
    for translation in translations:
        # The same structure as the source, section for section.
        mine = _sections(demo_session, translation)
        assert [s.source_section_id for s in mine] == [s.id for s in sources]


@pytest.mark.parametrize(("language", "script"), [("ur", ARABIC_SCRIPT),
                                                  ("pl", POLISH_LETTERS)], ids=["ur", "pl"])
def test_each_translation_has_translated_sections_one_behind_and_the_rest_missing(
        demo_session: Session, demo_book: Book, language: str, script: re.Pattern[str]) -> None:
    translation = _translation(demo_session, language)
    states = _states(demo_session, translation)
    assert len(states["translated"]) >= 2
    assert len(states["behind"]) == 1
    assert len(states["missing"]) > 10
    done = states["translated"] + states["behind"]
    assert len(done) == len(next(t for t in TRANSLATIONS if t["language"] == language)[
        "sections"])
    for section in done:
        assert section.title not in ENGLISH_TITLES and script.search(section.title)
    for section in states["missing"]:
        assert section.source_section is not None
        assert section.title == section.source_section.title  # still to translate
    # The chapters holding translated sections have translated titles; others do not.
    chapters = {section.chapter for section in done}
    for chapter in translation.chapters:
        assert chapter.source_chapter is not None
        if chapter in chapters:
            assert chapter.title != chapter.source_chapter.title
            assert script.search(chapter.summary)
            assert chapter.source_title == chapter.source_chapter.title
        else:
            assert chapter.title == chapter.source_chapter.title


@pytest.mark.parametrize("language", ["ur", "pl"])
def test_translated_texts_are_in_their_language_and_keep_the_source_blocks(
        demo_session: Session, language: str) -> None:
    translation = _translation(demo_session, language)
    states = _states(demo_session, translation)
    for section in states["translated"] + states["behind"]:
        source = section.source_section
        assert source is not None and source.published_doc is not None
        mine = section.published_doc
        assert mine is not None
        working = dict(authority.document_json(demo_session, section.document))
        assert [b["attrs"]["id"] for b in _blocks(mine)] == [
            b["attrs"]["id"] for b in _blocks(working)]
        # Block for block with the text it was translated from: ids, types, tags, kinds.
        before = staleness.published_text(demo_session, source, section.source_version)
        pairs = list(zip(_blocks(mine), _blocks(before), strict=True))
        for block, original in pairs:
            assert block["attrs"]["id"] == original["attrs"]["id"]
            assert block["type"] == original["type"]
            assert block["attrs"].get("principles") == original["attrs"].get("principles")
            assert block["attrs"].get("audiences") == original["attrs"].get("audiences")
            assert block["attrs"].get("kind") == original["attrs"].get("kind")
            if block["type"] == "callout":
                assert block["attrs"]["title"] != original["attrs"]["title"]
            if block["type"] not in TEXT_BLOCKS:
                continue
            text, english = _words(block), _words(original)
            assert text and text != english
            if language == "ur":
                # Arabic script, with at most a name or a link in Latin letters.
                assert len(ARABIC_SCRIPT.findall(text)) > len(LATIN_LETTERS.findall(text))
        words = " ".join(_words(block) for block, _ in pairs if block["type"] in TEXT_BLOCKS)
        if language == "pl":
            assert len(POLISH_LETTERS.findall(words)) >= 10
            assert not re.search(r"\b(the|and|with|which)\b", words)


def test_the_behind_section_shows_the_english_sentence_added_since(
        demo_session: Session, demo_book: Book) -> None:
    for language in ("ur", "pl"):
        translation = _translation(demo_session, language)
        (behind,) = _states(demo_session, translation)["behind"]
        source = behind.source_section
        assert source is not None and source.title in ENGLISH_TITLES
        assert source.chapter.book_id == demo_book.id
        found = staleness.catchup(demo_session, behind)
        assert found is not None and not found.title_pending
        assert [change.change for change in found.blocks] == ["changed"]
        inserted = "".join(segment["text"] for segment in found.blocks[0].segments
                           if segment["op"] == "insert")
        assert "network that writes it" in inserted
        assert SOURCE_EDIT["added"].strip() in _words(source.published_doc or {})


def test_translators_are_named_and_can_sign_in(demo_session: Session) -> None:
    urdu, polish = _translation(demo_session, "ur"), _translation(demo_session, "pl")
    emails = {person["email"] for person in TRANSLATOR_USERS}
    assert {m.user.email for m in urdu.translators if m.user} | {
        m.user.email for m in polish.translators if m.user} == emails
    assert [m.trio.slug for m in urdu.translators if m.trio] == ["neighbourhood-power"]
    for member in [*urdu.translators, *polish.translators]:
        if member.user is not None:
            assert member.user.active and member.user.password_hash


def test_every_demo_translation_text_fits_its_source_and_the_schema() -> None:
    docs = translated_docs()
    assert {(t["language"], slug) for t in TRANSLATIONS for slug in t["sections"]} == set(docs)
    english = {section["slug"]: section["doc"]
               for chapter in BOOK["chapters"] for section in chapter["sections"]}
    for (_, slug), doc in docs.items():
        assert [b["attrs"]["id"] for b in _blocks(doc)] == [
            b["attrs"]["id"] for b in _blocks(english[slug])]
        parse_document(doc).check()
