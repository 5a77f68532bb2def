"""Translations benchmark: what keeping translations in step costs, and opening the
translator's side-by-side editor.

1. Publishing a source section again in a book with T translations (default 5) of S
   sections each (default 200): the publish's time against the same publish in a book
   without translations (target: under 50 ms added), and then recomputing every
   translation's translated / behind / missing counts (what the translations page and
   the API read after a publish).
2. Opening the side-by-side editor of a W-word section (default 5,000) that is behind
   its source (the source pane, its changes since, the editor's own config): the page's
   time in process (target: under 300 ms).

    python bench/translations.py [--translations 5] [--sections 200] [--words 5000]
"""

from __future__ import annotations

import argparse
import copy
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from collab import document_of
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.accounts.service import create_user
from cbook.app import create_app
from cbook.app.background import shutdown
from cbook.books import service as books
from cbook.books.models import Book, Section
from cbook.config import Settings
from cbook.db import make_engine, session_scope
from cbook.editor import authority
from cbook.migrate import upgrade
from cbook.roles import Role
from cbook.server import tune_interpreter
from cbook.translating import queries, service

LANGUAGES = ("ur", "pl", "ar", "pa", "bn", "so", "ro", "cy", "fa", "zh")
PASSWORD = "bench password"  # noqa: S105 - a throwaway account


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _book(session: Session, admin: User, title: str, sections: int) -> list[Section]:
    book = books.create_book(session, admin, title=title)
    made = []
    for chapter_number in range(max(1, sections // 20)):
        chapter = books.create_chapter(session, admin, book, title=f"Chapter {chapter_number}")
        for number in range(min(20, sections - len(made))):
            section = books.create_section(session, admin, chapter, title=f"S{number}",
                                           doc=document_of(200))
            books.publish_section(session, admin, section)
            made.append(section)
    return made


def _republish(session: Session, admin: User, section: Section, word: str) -> float:
    doc = copy.deepcopy(authority.document_json(session, section.document))
    doc["content"][0]["content"][0]["text"] += f" {word}"
    authority.replace_whole_document(session, section.document, doc, admin)
    session.commit()
    started = time.perf_counter()
    books.publish_section(session, admin, section)
    session.commit()
    return _ms(started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--translations", type=int, default=5)
    parser.add_argument("--sections", type=int, default=200)
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    tune_interpreter()
    instance = Path(tempfile.mkdtemp(prefix="cbook-translations-"))
    try:
        settings = Settings.from_environment(instance)
        upgrade(make_engine(settings.database_url))
        app = create_app(settings=settings)
        factory = app.extensions["cbook.sessions"]
        with session_scope(factory) as session:
            admin = create_user(session, "admin@bench.example", Role.ADMIN, password=PASSWORD)
            plain = _book(session, admin, "Without translations", args.sections)
            translated = _book(session, admin, "With translations", args.sections)
            source = session.get(Book, translated[0].chapter.book_id)
            assert source is not None
            started = time.perf_counter()
            for language in LANGUAGES[:args.translations]:
                service.start_translation(session, admin, source, language)
            session.commit()
            print(f"started {args.translations} translations x {args.sections} sections "
                  f"in {_ms(started):.0f} ms")
            # Untouched copies start again from each new publish of their source.
            refreshing = [_republish(session, admin, translated[-1 - i], f"r{i}")
                          for i in range(args.rounds)]
            # Publish each translation's sections, so republishing the source makes them
            # behind (the case that matters).
            for book in queries.translations(session, source):
                for chapter in book.book.chapters:
                    for section in chapter.sections:
                        books.publish_section(session, admin, section)
            session.commit()

            without = [_republish(session, admin, plain[i % len(plain)], f"w{i}")
                       for i in range(args.rounds)]
            with_translations = [_republish(session, admin, translated[i % len(translated)],
                                            f"t{i}") for i in range(args.rounds)]
            counts = []
            for _ in range(args.rounds):
                started = time.perf_counter()
                summary = queries.translations(session, source)
                counts.append(_ms(started))
            behind = sum(t.behind for t in summary)
            added = statistics.median(with_translations) - statistics.median(without)
            print(f"publish, no translations:         p50 {statistics.median(without):6.1f} ms")
            print(f"publish, {args.translations} x {args.sections} translated: "
                  f"p50 {statistics.median(with_translations):6.1f} ms "
                  f"(added: {added:+.1f} ms; target < 50 ms)")
            print(f"publish, {args.translations} untouched copies refreshed: "
                  f"p50 {statistics.median(refreshing):6.1f} ms")
            print(f"recount {args.translations} translations after it: "
                  f"p50 {statistics.median(counts):6.1f} ms, max {max(counts):.1f} ms "
                  f"({behind} sections behind)")

            # 2. A W-word section, translated, then the source changed in 50 blocks.
            chapter = translated[0].chapter
            big = books.create_section(session, admin, chapter, title="Big",
                                       doc=document_of(args.words))
            books.publish_section(session, admin, big)
            session.commit()
            urdu = next(t.book for t in queries.translations(session, source)
                        if t.language == "ur")
            mine = next(s for c in urdu.chapters for s in c.sections
                        if s.source_section_id == big.id)
            books.publish_section(session, admin, mine)
            doc = copy.deepcopy(authority.document_json(session, big.document))
            for block in doc["content"][::max(1, len(doc["content"]) // 50)]:
                block["content"][0]["text"] += " Changed since."
            authority.replace_whole_document(session, big.document, doc, admin)
            books.publish_section(session, admin, big)
            section_id = mine.id
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert token is not None
        client.post("/login", data={"email": "admin@bench.example", "password": PASSWORD,
                                    "csrf_token": token.group(1)})
        opens: list[float] = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            response = client.get(f"/sections/{section_id}/edit")
            opens.append(_ms(started))
            assert response.status_code == 200, response.status_code
        html = response.get_data(as_text=True)
        changes = html.count('data-testid="source-change"')
        blocks = html.count("data-source-block=")
        print(f"side-by-side editor, {args.words} words ({blocks} source blocks, {changes} "
              f"changes to bring over): p50 {statistics.median(opens):.0f} ms, "
              f"max {max(opens):.0f} ms (target < 300 ms)")
        shutdown(app)
    finally:
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
