"""The demo's translations: Urdu and Polish versions of the book, a few sections each.

Loaded once the book is written and published: the coordinator starts each translation
and names its translators, the translators write their sections over the source's copy
(block by block, so ids stay aligned; texts in :mod:`cbook.demo.translations_text`) and
retitle them and their chapters, and the editor publishes them. Every other section stays
"needs translation". Then the editor publishes a changed English section that both
translations have done, so each has one section behind its source, with a diff to show.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books import service as books
from cbook.books.models import Book, Chapter, Section, Trio
from cbook.demo.content import BOOK
from cbook.demo.prose import Node, inlines
from cbook.demo.translations_text import SOURCE_EDIT, TRANSLATIONS
from cbook.editor import authority
from cbook.errors import Unprocessable
from cbook.translating import service as translating

COORDINATOR = "coordinator@example.org"
EDITOR = "editor@example.org"
TEXT_BLOCKS = frozenset({"paragraph", "heading"})


def _slots(node: Node) -> Iterator[Node]:
    """The blocks a translation gives text to, in document order: every paragraph and
    heading, and every callout (for its title) just before its own paragraphs."""
    for child in node.get("content") or []:
        kind = child.get("type")
        if kind in TEXT_BLOCKS:
            yield child
            continue
        if kind == "callout":
            yield child
        elif kind == "text" or "id" not in (child.get("attrs") or {}):
            raise ValueError(f"the demo translations cannot fill a {kind!r} block")
        yield from _slots(child)


def _source_sections() -> dict[str, tuple[str, str]]:
    """Each demo section's slug: its chapter's title and its own, in the English book."""
    return {section["slug"]: (chapter["title"], section["title"])
            for chapter in BOOK["chapters"] for section in chapter["sections"]}


@functools.cache
def translated_docs() -> dict[tuple[str, str], Node]:
    """Every translated section's text by (language, section slug), built on the English
    document so blocks keep their ids; citations name resources by key, as in the book.

    All the translations' Markdown is read in one pandoc run, once per process."""
    english = {section["slug"]: section["doc"]
               for chapter in BOOK["chapters"] for section in chapter["sections"]}
    docs: dict[tuple[str, str], Node] = {}
    holders: list[Node] = []
    texts: list[str] = []
    for translation in TRANSLATIONS:
        for slug, section in translation["sections"].items():
            doc = copy.deepcopy(english[slug])
            slots = list(_slots(doc))
            if len(slots) != len(section["blocks"]):
                raise ValueError(f"{translation['language']} {slug}: {len(section['blocks'])} "
                                 f"texts for {len(slots)} blocks")
            for block, text in zip(slots, section["blocks"], strict=True):
                if block["type"] == "callout":
                    block["attrs"]["title"] = text
                else:
                    holders.append(block)
                    texts.append(text)
            docs[(translation["language"], slug)] = doc
    for block, content in zip(holders, inlines(texts), strict=True):
        if content:
            block["content"] = content
        else:
            block.pop("content", None)
    return docs


def _user(session: Session, email: str) -> User:
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        raise Unprocessable(f"the demo translations need the account {email}")
    return user


def _section(session: Session, book: Book, chapter_title: str, title: str) -> Section:
    found = session.scalar(
        select(Section).join(Chapter).where(Chapter.book_id == book.id,
                                            Chapter.title == chapter_title,
                                            Section.title == title))
    if found is None:
        raise Unprocessable(f"the demo book has no section {title!r}")
    return found


def load_translations(session: Session, book: Book,
                      cite: Callable[[dict[str, Any]], dict[str, Any]]) -> list[Book]:
    """Start the demo's translations of ``book`` and write their translated sections.

    ``cite`` turns a document's citations of library resources by key into their ids.
    Returns the translations, in the order of :data:`TRANSLATIONS`."""
    coordinator, editor = _user(session, COORDINATOR), _user(session, EDITOR)
    where = _source_sections()
    chapter_titles = {chapter["slug"]: chapter["title"] for chapter in BOOK["chapters"]}
    docs = translated_docs()
    started = []
    for data in TRANSLATIONS:
        translation = translating.start_translation(session, coordinator, book,
                                                    data["language"])
        books.update_book(session, coordinator, translation, subtitle=data["subtitle"],
                          description=data["description"])
        for email in data["translators"]:
            translating.add_translator(session, coordinator, translation,
                                       user=_user(session, email))
        for slug in data["trios"]:
            trio = session.scalar(select(Trio).where(Trio.slug == slug))
            if trio is None:
                raise Unprocessable(f"the demo translations need the trio {slug}")
            translating.add_translator(session, coordinator, translation, trio=trio)
        translator = _user(session, data["translators"][0])
        chapters = {chapter.source_chapter.title: chapter for chapter in translation.chapters
                    if chapter.source_chapter is not None}
        for slug, chapter_text in data["chapters"].items():
            books.update_chapter(session, translator, chapters[chapter_titles[slug]],
                                 title=chapter_text["title"], summary=chapter_text["summary"])
        for slug, text in data["sections"].items():
            source = _section(session, book, *where[slug])
            section = session.scalars(select(Section).where(
                Section.source_section_id == source.id,
                Section.chapter.has(Chapter.book_id == translation.id))).one()
            writer = _user(session, text["by"])
            authority.replace_whole_document(session, section.document,
                                             cite(docs[(data["language"], slug)]), writer)
            session.expire(section.document, ["version"])
            books.update_section(session, writer, section, title=text["title"])
            books.publish_section(session, editor, section)
        started.append(translation)
    _edit_source(session, book, editor, where)
    return started


def _edit_source(session: Session, book: Book, editor: User,
                 where: dict[str, tuple[str, str]]) -> None:
    """Publish the English section again with a sentence added: its translations fall
    behind, and show the sentence as what changed."""
    source = _section(session, book, *where[SOURCE_EDIT["section"]])
    doc = copy.deepcopy(dict(authority.document_json(session, source.document)))
    for block in doc["content"]:
        words = block.get("content") or []
        if (block["type"] == "paragraph" and words and words[0].get("type") == "text"
                and str(words[0]["text"]).startswith(SOURCE_EDIT["paragraph"])):
            last = words[-1]
            if last.get("type") == "text" and not last.get("marks"):
                last["text"] = str(last["text"]) + SOURCE_EDIT["added"]
            else:
                words.append({"type": "text", "text": SOURCE_EDIT["added"]})
            break
    else:
        raise Unprocessable(f"no paragraph of {source.title!r} starts "
                            f"{SOURCE_EDIT['paragraph']!r}")
    authority.replace_whole_document(session, source.document, doc, editor)
    session.expire(source.document, ["version"])
    books.publish_section(session, editor, source)
