"""Export benchmark: a 100,000-word book in every format, against plain pandoc.

1. A synthetic book (default 10 chapters x 10 sections x ~1,000 words, with headings,
   callouts, lists, a table and principle tags) is written into a fresh instance and
   published.
2. Each format is built through the export job path (gather, convert, write), timed.
3. EPUB is compared with plain pandoc turning the same text, as Markdown, into EPUB in
   the same run: the ratio is ours / plain.
4. The same edition requested again (unchanged content) is timed: it should come from
   the cache.

    python bench/export.py [--chapters 10] [--sections 10] [--words 1000]
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cbook.accounts.models import User
from cbook.accounts.service import create_user
from cbook.app import make_sessions
from cbook.books import service as books
from cbook.books.queries import get_book
from cbook.db import make_engine, session_scope
from cbook.export import jobs
from cbook.export.edition import EditionOptions, gather
from cbook.export.formats import FORMATS, write_markdown
from cbook.export.models import ExportJob
from cbook.migrate import upgrade
from cbook.pandoc.run import run_pandoc
from cbook.principles import service as principles
from cbook.roles import Role

WORDS = [
    "leaders", "trust", "barrier", "system", "change", "people", "services", "place",
    "partners", "culture", "decision", "risk", "permission", "budget", "data", "learning",
    "story", "listening", "citizens", "community", "health", "council", "manager", "meeting",
    "process", "boundary", "shared", "purpose", "courage", "curiosity", "test", "small",
    "pilot", "approve", "sign", "report", "evidence", "the", "a", "of", "and", "to", "in",
    "that", "with", "for", "across", "together", "enough", "really", "going", "named",
    "shifted", "visible", "movement"
]
KINDS = ("barrier", "enabler", "tool", "story", "example", "reflection")


def _text(rng: random.Random, words: int) -> str:
    sentence: list[str] = []
    out = []
    for _ in range(words):
        sentence.append(rng.choice(WORDS))
        if len(sentence) >= rng.randint(8, 18):
            out.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    if sentence:
        out.append(" ".join(sentence).capitalize() + ".")
    return " ".join(out)


def _para(rng: random.Random, n: int, words: int, tags: list[str]) -> dict[str, Any]:
    return {"type": "paragraph", "attrs": {"id": f"p{n}", "principles": tags},
            "content": [{"type": "text", "text": _text(rng, words)}]}


def section_doc(rng: random.Random, words: int, slugs: list[str]) -> dict[str, Any]:
    """About ``words`` words: paragraphs, a heading, a callout, a list and a table."""
    content: list[dict[str, Any]] = []
    n = 0
    remaining = words
    while remaining > 0:
        n += 1
        tags = [rng.choice(slugs)] if rng.random() < 0.3 else []
        if n % 5 == 0:
            content.append({"type": "heading", "attrs": {"level": 3, "id": f"h{n}"},
                            "content": [{"type": "text", "text": _text(rng, 4)[:-1]}]})
        if n % 7 == 0:
            content.append({"type": "callout", "attrs": {"kind": rng.choice(KINDS),
                                                         "title": _text(rng, 3)[:-1],
                                                         "id": f"c{n}"},
                            "content": [_para(rng, 1000 + n, 60, [])]})
            remaining -= 63
        elif n % 11 == 0:
            content.append({"type": "bullet_list", "attrs": {"id": f"l{n}"}, "content": [
                {"type": "list_item", "content": [_para(rng, 2000 + n * 10 + i, 15, [])]}
                for i in range(4)]})
            remaining -= 60
        else:
            content.append(_para(rng, n, 90, tags))
            remaining -= 90
    return {"type": "doc", "content": content}


def make_book(factory: sessionmaker[Session], chapters: int, sections: int,
              words: int) -> str:
    rng = random.Random(3)
    with factory() as session:
        admin = create_user(session, "admin@bench.example", Role.ADMIN)
        slugs = [principles.create_principle(session, admin, title=t, statement=f"{t}.").slug
                 for t in ("Trust", "Shared purpose", "Curiosity", "Courage", "Citizens")]
        book = books.create_book(session, admin, title="The benchmark book")
        for c in range(chapters):
            chapter = books.create_chapter(session, admin, book, title=f"Chapter {c + 1}")
            for s in range(sections):
                section = books.create_section(
                    session, admin, chapter, title=f"Section {c + 1}.{s + 1}",
                    doc=section_doc(rng, words, slugs))
                session.flush()
                books.publish_section(session, admin, section)
            session.commit()
        return book.slug


def run_export(factory: sessionmaker[Session], instance: Path, slug: str, fmt: str) -> Any:
    with factory() as session:
        admin = session.scalars(select(User).where(User.role == Role.ADMIN)).one()
        job = jobs.request_export(session, admin, get_book(session, slug), fmt)
        session.commit()
        job_id = job.id
    started = time.perf_counter()
    with session_scope(factory) as session:
        assert jobs.claim_next(session) == job_id
    jobs.run_job(factory, instance, job_id)
    elapsed = time.perf_counter() - started
    with factory() as session:
        done = session.get_one(ExportJob, job_id)
        if done.status != "done":
            raise SystemExit(f"{fmt} failed: {done.error}")
        return elapsed, done.size, done.from_cache


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", type=int, default=10)
    parser.add_argument("--sections", type=int, default=10)
    parser.add_argument("--words", type=int, default=1000)
    args = parser.parse_args()

    instance = Path(tempfile.mkdtemp(prefix="cbook-bench-export-"))
    try:
        engine = make_engine(f"sqlite:///{instance / 'cbook.sqlite3'}")
        upgrade(engine)
        factory = make_sessions(engine)
        started = time.perf_counter()
        slug = make_book(factory, args.chapters, args.sections, args.words)
        with factory() as session:
            content = gather(session, get_book(session, slug), EditionOptions())
        print(f"Book: {content.word_count:,} words in {args.chapters} chapters x "
              f"{args.sections} sections (made in {time.perf_counter() - started:.1f} s)")
        times: dict[str, float] = {}
        for fmt in FORMATS:
            elapsed, size, cached = run_export(factory, instance, slug, fmt)
            times[fmt] = elapsed
            print(f"  {fmt:<9} {elapsed:6.2f} s  {size / 1024:8.0f} KB"
                  + ("  (cache!)" if cached else ""))
        # Plain pandoc on the same text as Markdown, in the same run.
        markdown = instance / "plain.md"
        write_markdown(content, EditionOptions(), markdown)
        started = time.perf_counter()
        run_pandoc(markdown.read_text(), "epub3", instance / "plain.epub",
                   ["--toc", "--standalone"], source_format="markdown")
        plain = time.perf_counter() - started
        print(f"  plain pandoc Markdown -> EPUB: {plain:.2f} s; ours / plain = "
              f"{times['epub'] / plain:.2f}")
        for fmt in ("epub", "pdf"):
            elapsed, _size, cached = run_export(factory, instance, slug, fmt)
            print(f"  unchanged {fmt} again: {elapsed * 1000:.0f} ms"
                  + (" (from cache)" if cached else " (rebuilt!)"))
        engine.dispose()
    finally:
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
