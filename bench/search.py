"""Search benchmark: our tantivy index against whoosh on the same synthetic corpus.

1. Build: 20,000 documents of ~300 words (blocks, sections, resources, principles with
   principles, kinds and audiences spread unevenly, as in a real book) into each engine.
2. Queries: one- and two-word queries with a filter, facet counts over all matches and
   highlighted snippets for the first page — through ``SearchIndex.search`` (our parser,
   facets, snippets) and through whoosh's QueryParser, Facets and highlights. p50/p95.
3. Commit to searchable: a resource added through the ORM in a real instance (SQLite,
   outbox, the writer thread), timed until a search finds it; once as a commit in the
   writer's own process (woken at once) and once as if from another process (found by
   the writer's poll).

    python bench/search.py [--docs 20000] [--words 300] [--queries 300] [--no-whoosh]
whoosh is a benchmark-only dependency: pip install -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from cbook.accounts.models import User
from cbook.accounts.service import create_user
from cbook.app import make_sessions
from cbook.db import make_engine
from cbook.library import service as library
from cbook.migrate import upgrade
from cbook.roles import Role
from cbook.search import outbox
from cbook.search.engine import SearchDoc, SearchIndex
from cbook.search.searcher import open_search
from cbook.search.sync import mark_built
from cbook.server import tune_interpreter

# A book with two translations: most documents English, one in ten each Polish and Urdu
# (same synthetic words, so each language's analyzer reads them).
LANGUAGES = ["en"] * 8 + ["pl", "ur"]
PRINCIPLES = ["trust", "shared-purpose", "curiosity", "courage", "citizens-first"]
PRINCIPLE_WEIGHTS = [40, 25, 15, 12, 8]
KINDS = ["reading", "report", "podcast", "video", "blog", "webinar", "tool", "framework",
         "guidance", "case_study"]
CALLOUTS = ["barrier", "enabler", "tool", "story", "example", "reflection"]
AUDIENCES = ["system-leaders", "frontline", "citizens", "partners"]
COMMON = [
    "leaders", "system", "change", "barrier", "trust", "people", "team", "work", "services",
    "place", "partners", "culture", "decision", "risk", "permission", "budget", "data",
    "learning", "story", "listening", "citizens", "community", "health", "council", "manager",
    "budget", "meeting", "process", "boundary", "shared", "purpose", "courage", "curiosity",
    "test", "small", "pilot", "approve", "sign", "report", "evidence"
]


def _vocabulary(rng: random.Random, size: int = 20_000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = set(COMMON)
    while len(words) < size:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(3, 10))))
    return sorted(words)


def make_corpus(count: int, words: int, seed: int = 42) -> list[SearchDoc]:
    """Documents whose words follow a Zipf-like spread, tags spread unevenly."""
    rng = random.Random(seed)
    # Everyday words are the most frequent; the long tail is made-up words in random order.
    rest = [w for w in _vocabulary(rng) if w not in COMMON]
    rng.shuffle(rest)
    vocabulary = list(dict.fromkeys(COMMON)) + rest
    weights = [1.0 / (rank + 1) for rank in range(len(vocabulary))]
    docs = []
    for n in range(count):
        roll = rng.random()
        kind_of = "block" if roll < 0.7 else "section" if roll < 0.82 else \
            "resource" if roll < 0.995 else "principle"
        length = max(20, int(rng.gauss(words, words / 4)))
        body = " ".join(rng.choices(vocabulary, weights, k=length))
        title = " ".join(rng.choices(vocabulary, weights, k=rng.randint(3, 8))).capitalize()
        tags = tuple(dict.fromkeys(rng.choices(PRINCIPLES, PRINCIPLE_WEIGHTS,
                                               k=rng.choice([0, 1, 1, 2, 3]))))
        kind = rng.choice(KINDS) if kind_of == "resource" else \
            rng.choice(CALLOUTS) if kind_of == "block" and rng.random() < 0.3 else ""
        docs.append(SearchDoc(
            key=f"{kind_of}:{n}", type=kind_of, id=str(n), title=title, body=body,
            url=f"/x/{n}", principles=tags, kind=kind, chapter=str(n % 40),
            audiences=tuple(dict.fromkeys(rng.choices(AUDIENCES, k=rng.randint(0, 2)))),
            language=LANGUAGES[n % len(LANGUAGES)],
        ))
    return docs


def make_queries(count: int, seed: int = 7) -> list[tuple[str, dict[str, str]]]:
    """One or two words (common and rarer) plus one filter, as readers search."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(random.Random(42))
    queries = []
    for _ in range(count):
        words = [rng.choice(COMMON)]
        if rng.random() < 0.6:
            words.append(rng.choice(COMMON) if rng.random() < 0.7 else rng.choice(vocabulary))
        if rng.random() < 0.6:
            filters = {"principle": rng.choice(PRINCIPLES)}
        else:
            filters = {"kind": rng.choice(KINDS + CALLOUTS)}
        queries.append((" ".join(words), filters))
    return queries


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"p50 {statistics.median(ordered):.2f} ms, p95 {p95:.2f} ms, max {ordered[-1]:.2f} ms"


def _time_queries(run: Callable[[str, dict[str, str]], Any],
                  queries: list[tuple[str, dict[str, str]]]) -> tuple[list[float], int]:
    for text, filters in queries[:20]:  # warm caches, as a running server would be
        run(text, filters)
    samples, hits = [], 0
    for text, filters in queries:
        started = time.perf_counter()
        hits += run(text, filters)
        samples.append((time.perf_counter() - started) * 1000)
    return samples, hits


def bench_tantivy(docs: list[SearchDoc], queries: list[tuple[str, dict[str, str]]],
                  folder: Path) -> tuple[float, list[float]]:
    index = SearchIndex(folder)
    started = time.perf_counter()
    index.replace(docs)
    index.commit()
    build = time.perf_counter() - started

    def run(text: str, filters: dict[str, str]) -> int:
        results = index.search(text, filters=filters)
        assert results.facets is not None
        return results.total

    samples, hits = _time_queries(run, queries)
    print(f"tantivy: built {len(docs):,} docs in {build:.2f} s; {len(queries)} queries "
          f"with a filter, facets and snippets: {_percentiles(samples)} "
          f"({hits / len(queries):.0f} hits/query)")

    def run_in_polish(text: str, filters: dict[str, str]) -> int:
        # Kept to one language: its analyzer only, plus every language's facet counts.
        results = index.search(text, filters=filters, language="pl")
        assert "language" in results.facets
        return results.total

    polish_samples, polish_hits = _time_queries(run_in_polish, queries)
    print(f"tantivy: the same queries kept to one language (lang=pl, counted in every "
          f"language): {_percentiles(polish_samples)} "
          f"({polish_hits / len(queries):.0f} hits/query)")
    # Misspelled everyday words ("leaedrs"): no exact hit, so the closest spelling is
    # looked up in the term dictionary and searched instead.
    rng = random.Random(11)
    typos = []
    for _ in range(100):
        word = rng.choice([w for w in COMMON if len(w) >= 5])
        cut = rng.randrange(1, len(word) - 1)
        typos.append((word[:cut] + word[cut + 1] + word[cut] + word[cut + 2:], {}))
    corrected = 0

    def run_typo(text: str, filters: dict[str, str]) -> int:
        nonlocal corrected
        results = index.search(text, filters=filters)
        corrected += results.suggestion is not None
        return results.total

    typo_samples, _ = _time_queries(run_typo, typos)
    print(f"tantivy: {len(typos)} misspelled one-word queries (closest spelling looked up "
          f"and searched): {_percentiles(typo_samples)}; "
          f"{corrected * 100 // (len(typos) + 20)}% corrected")
    index.close()
    return build, samples


def bench_whoosh(docs: list[SearchDoc], queries: list[tuple[str, dict[str, str]]],
                 folder: Path) -> tuple[float, list[float]]:
    from whoosh import fields, highlight, index, qparser, sorting  # type: ignore[import-untyped]
    from whoosh import query as wq
    from whoosh.analysis import StemmingAnalyzer  # type: ignore[import-untyped]

    schema = fields.Schema(
        key=fields.ID(unique=True, stored=True), type=fields.ID(stored=True),
        title=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True, field_boost=3.0),
        body=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
        principles=fields.KEYWORD(stored=True, commas=True),
        kind=fields.ID(stored=True), url=fields.ID(stored=True))
    ix = index.create_in(str(folder), schema)
    started = time.perf_counter()
    writer = ix.writer(limitmb=256)
    for doc in docs:
        writer.add_document(key=doc.key, type=doc.type, title=doc.title, body=doc.body,
                            principles=",".join(doc.principles), kind=doc.kind, url=doc.url)
    writer.commit()
    build = time.perf_counter() - started
    parser = qparser.MultifieldParser(["title", "body"], schema)
    facets = sorting.Facets()
    facets.add_field("principles", allow_overlap=True)
    facets.add_field("kind")
    facets.add_field("type")
    searcher = ix.searcher()
    formatter = highlight.HtmlFormatter(tagname="mark")

    def run(text: str, filters: dict[str, str]) -> int:
        name, value = next(iter(filters.items()))
        field_name = "principles" if name == "principle" else name
        results = searcher.search(parser.parse(text), limit=20, groupedby=facets,
                                  filter=wq.Term(field_name, value))
        results.formatter = formatter
        for hit in results:
            hit.highlights("body")
        for facet in ("principles", "kind", "type"):
            results.groups(facet)
        return len(results)

    samples, hits = _time_queries(run, queries)
    print(f"whoosh:  built {len(docs):,} docs in {build:.2f} s; {len(queries)} queries "
          f"with a filter, facets and snippets: {_percentiles(samples)} "
          f"({hits / len(queries):.0f} hits/query)")
    searcher.close()
    return build, samples


def bench_commit_to_searchable(docs: list[SearchDoc], folder: Path, rounds: int) -> None:
    """Through the real outbox and writer thread, on an index already holding the corpus."""
    engine = make_engine(f"sqlite:///{folder / 'cbook.sqlite3'}")
    upgrade(engine)
    factory: sessionmaker[Session] = make_sessions(engine)
    elsewhere: sessionmaker[Session] = make_sessions(engine)  # no wake: "another process"
    with factory() as session:
        editor = create_user(session, "editor@bench.example", Role.EDITOR)
        session.commit()
        editor_id = editor.id
    search = open_search(factory, folder, mode="thread")
    search.index.replace(docs)
    search.index.commit()
    mark_built(search.writer.folder)
    outbox.on_commit(factory, search.writer.wake)
    search.writer.start()
    try:
        for label, source in (("woken by a local commit", factory),
                              ("from another process (writer polls every 100 ms)", elsewhere)):
            samples = []
            for n in range(rounds):
                word = f"zqxbench{label[:4]}{n}"
                with source() as session:
                    editor = session.get_one(User, editor_id)
                    library.add_resource(session, editor, title=f"Resource {word}",
                                         kind="report")
                    session.commit()
                committed = time.perf_counter()
                while not search.index.search(word).total:
                    if time.perf_counter() - committed > 10:
                        raise SystemExit(f"not searchable after 10 s: {word}")
                    time.sleep(0.002)
                samples.append((time.perf_counter() - committed) * 1000)
            print(f"commit to searchable, {label}: {_percentiles(samples)} "
                  f"over {rounds} commits")
    finally:
        search.close()
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--commits", type=int, default=20)
    parser.add_argument("--no-whoosh", action="store_true", help="Skip the whoosh run.")
    args = parser.parse_args()

    tune_interpreter()  # as `cbook serve` does in each worker (fewer full GC pauses)
    print(f"Corpus: {args.docs:,} documents of ~{args.words} words; {args.queries} queries")
    docs = make_corpus(args.docs, args.words)
    queries = make_queries(args.queries)
    workdir = Path(tempfile.mkdtemp(prefix="cbook-bench-search-"))
    try:
        (workdir / "tantivy").mkdir()
        t_build, t_samples = bench_tantivy(docs, queries, workdir / "tantivy")
        if not args.no_whoosh:
            (workdir / "whoosh").mkdir()
            w_build, w_samples = bench_whoosh(docs, queries, workdir / "whoosh")

            def p95(samples: list[float]) -> float:
                return sorted(samples)[int(len(samples) * 0.95)]

            print(f"ratio whoosh/tantivy: build {w_build / t_build:.1f}x, "
                  f"query p50 {statistics.median(w_samples) / statistics.median(t_samples):.1f}x, "
                  f"p95 {p95(w_samples) / p95(t_samples):.1f}x")
        (workdir / "instance").mkdir()
        bench_commit_to_searchable(docs, workdir / "instance", args.commits)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
