"""The search index: documents in, ranked and faceted results out (tantivy underneath).

One ``SearchIndex`` owns at most one tantivy writer, created on the first write and
guarded by a lock: tantivy allows a single writer per index directory, and its writer is
not meant to be driven from several threads at once. Searching needs no lock; each search
takes its own searcher (a consistent snapshot) from the index.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tantivy

from cbook.errors import InvalidInput
from cbook.search import analysis
from cbook.search.analysis import FAMILIES, family_of, primary_language
from cbook.search.facets import empty_facets, facets_of
from cbook.search.query import LANGUAGE_FIELD, ParsedQuery, Term, parse_query, text_field
from cbook.search.snippet import make_snippet
from cbook.search.spelling import WORDS_FIELD, closest_word, corrected_text

MAX_PER_PAGE = 100
FUZZY_BELOW = 3  # look for typos when an exact search finds fewer hits than this
WRITER_HEAP_BYTES = 64_000_000


@dataclass(frozen=True)
class SearchDoc:
    """One searchable thing (a block, section, resource or principle) as the index sees it."""

    key: str  # unique, e.g. "block:12:p1", "section:12", "resource:5", "principle:trust"
    type: str  # block, section, draft, comment, resource or principle
    id: str  # the thing's id as the API shows it
    title: str
    body: str
    url: str
    principles: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    kind: str = ""  # resource kind, or callout kind for blocks
    chapter: str = ""  # chapter id, for chapter: filters
    section: str = ""  # section id, for dropping everything of a section at once
    language: str = "en"  # what its words are written in: which analyzers read them
    # Who may see it: "public", or tokens such as ("staff", "trio:3") for drafts and
    # comments; a search passes the viewer's tokens and matches any of them.
    visibility: str | tuple[str, ...] = "public"


@dataclass(frozen=True)
class Hit:
    """One result row."""

    type: str
    id: str
    title: str
    snippet: str  # safe HTML: escaped text, matches in <mark>
    url: str
    principles: tuple[str, ...]
    score: float
    language: str = "en"  # what its title and snippet are written in


@dataclass
class SearchResults:
    """A page of hits plus the total and facet counts over every matching document."""

    total: int
    results: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    corrected: bool = False  # True when these are the results of ``suggestion``
    suggestion: str | None = None  # the query with its typos corrected ("Did you mean")
    language: str | None = None  # the one language searched (primary subtag), or None: all
    widened: bool = False  # a language was asked for, had no match, so these are all of them
    page: int = 1
    per_page: int = 20


def build_schema() -> tantivy.Schema:
    """The index schema. Filter/facet fields use the raw tokenizer: values are exact slugs.

    Title and body are stored as written, for display, and indexed once per analyzer
    family (``title_en``, ``body_ar`` ...): a document fills only its own family's pair.
    """
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw")
    builder.add_text_field("type", stored=True, fast=True, tokenizer_name="raw")
    builder.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("language", stored=True, tokenizer_name="raw", index_option="basic")
    # The language's primary subtag, for language filters and facets ("ur" for "ur-PK").
    builder.add_text_field(LANGUAGE_FIELD, stored=False, fast=True, tokenizer_name="raw",
                           index_option="basic")
    for name in ("title", "body"):
        builder.add_text_field(name, stored=True, tokenizer_name=analysis.STORED_ONLY_TOKENIZER,
                               index_option="basic")
        for family in FAMILIES:
            builder.add_text_field(text_field(name, family), stored=False,
                                   tokenizer_name=analysis.TOKENIZER_NAMES[family])
    # Title and body again, unstemmed and without positions: the vocabulary that typos
    # are corrected against (see cbook.search.spelling).
    builder.add_text_field(WORDS_FIELD, stored=False, tokenizer_name=analysis.WORDS_TOKENIZER,
                           index_option="freq")
    builder.add_text_field("url", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("principles", stored=True, fast=True, tokenizer_name="raw")
    builder.add_text_field("audiences", stored=True, fast=True, tokenizer_name="raw")
    builder.add_text_field("kind", stored=True, fast=True, tokenizer_name="raw")
    builder.add_text_field("chapter", stored=True, tokenizer_name="raw")
    builder.add_text_field("section", stored=True, tokenizer_name="raw")
    builder.add_text_field("visibility", stored=True, tokenizer_name="raw")
    return builder.build()


# Stored fields compared when checking an index against a fresh rebuild.
STORED_FIELDS = ("key", "type", "id", "language", "title", "body", "url", "principles",
                 "audiences", "kind", "chapter", "section", "visibility")


def _slug(value: str) -> str:
    # Filter values are lowercased when parsed, so indexed values must be too.
    return value.strip().lower()


def _to_document(doc: SearchDoc) -> tantivy.Document:
    family = family_of(doc.language)
    fields: dict[str, Any] = {
        "key": doc.key,
        "type": _slug(doc.type),
        "id": doc.id,
        "language": doc.language or "en",
        LANGUAGE_FIELD: primary_language(doc.language),
        "title": doc.title,
        "body": doc.body,
        text_field("title", family): analysis.normalize(doc.title, family),
        text_field("body", family): analysis.normalize(doc.body, family),
        WORDS_FIELD: [analysis.surface(doc.title), analysis.surface(doc.body)],
        "url": doc.url,
        "visibility": [doc.visibility] if isinstance(doc.visibility, str)
        else list(doc.visibility),
    }
    # Empty values are left out so facets never show an "" bucket.
    principles = [_slug(p) for p in doc.principles if p.strip()]
    audiences = [_slug(a) for a in doc.audiences if a.strip()]
    if principles:
        fields["principles"] = principles
    if audiences:
        fields["audiences"] = audiences
    if doc.kind.strip():
        fields["kind"] = _slug(doc.kind)
    if doc.chapter.strip():
        fields["chapter"] = _slug(doc.chapter)
    if doc.section.strip():
        fields["section"] = doc.section.strip()
    return tantivy.Document(**fields)


def _regex_escape(text: str) -> str:
    """Escape for tantivy's (Rust) regex syntax, whose escapable set differs from Python's."""
    return "".join("\\" + ch if ch in "\\.+*?()|[]{}^$#&-~" else ch for ch in text)


class SearchIndex:
    """A full-text index of published content, in memory (``path=None``) or on disk."""

    def __init__(self, path: Path | None = None, *,
                 writer_heap_bytes: int = WRITER_HEAP_BYTES) -> None:
        """Open (or create) the index at ``path``; ``None`` keeps it in memory."""
        self.schema = build_schema()
        if path is None:
            self._index = tantivy.Index(self.schema)
        else:
            path.mkdir(parents=True, exist_ok=True)
            self._index = tantivy.Index(self.schema, path=str(path), reuse=True)
        analysis.register(self._index)
        self._writer_heap = writer_heap_bytes
        self._writer: tantivy.IndexWriter | None = None
        self._lock = threading.Lock()
        self._meta = path / "meta.json" if path is not None else None
        self._meta_seen = self._meta_stamp()

    def _meta_stamp(self) -> int:
        if self._meta is None:
            return 0
        try:
            return self._meta.stat().st_mtime_ns
        except OSError:
            return 0

    def refresh(self) -> None:
        """See commits made by another process now, not after tantivy's ~0.5 s poll.

        tantivy rewrites meta.json on every commit, so one stat() tells whether to reload.
        """
        stamp = self._meta_stamp()
        if stamp != self._meta_seen:
            self._meta_seen = stamp
            self._index.reload()

    # -- writing ---------------------------------------------------------------------

    def _get_writer(self) -> tantivy.IndexWriter:
        # Called with the lock held. Created lazily so read-only users never take the
        # directory's writer lock.
        if self._writer is None:
            self._writer = self._index.writer(self._writer_heap)
        return self._writer

    def replace(self, docs: Iterable[SearchDoc]) -> None:
        """Add or update documents by key (seen by searches after ``commit()``)."""
        with self._lock:
            writer = self._get_writer()
            for doc in docs:
                # A delete only affects documents added before it, so delete-then-add
                # is an upsert even when the same key appears twice in one batch.
                writer.delete_documents_by_term("key", doc.key)
                writer.add_document(_to_document(doc))

    def delete(self, keys: Iterable[str]) -> None:
        """Remove documents by key (seen by searches after ``commit()``)."""
        with self._lock:
            writer = self._get_writer()
            for key in keys:
                writer.delete_documents_by_term("key", key)

    def delete_prefix(self, prefix: str) -> None:
        """Remove every document whose key starts with ``prefix`` (e.g. ``"block:12:"``).

        Cheap: a prefix regex walks only the matching part of the key term dictionary.
        """
        if not prefix:
            raise InvalidInput("delete_prefix needs a non-empty prefix; use clear()")
        query = tantivy.Query.regex_query(self.schema, "key", _regex_escape(prefix) + ".*")
        with self._lock:
            self._get_writer().delete_documents_by_query(query)

    def delete_where(self, field_name: str, value: str) -> None:
        """Remove every document whose raw field ``field_name`` holds ``value``
        (e.g. everything of section 12, or of chapter 3), after ``commit()``."""
        if not value:
            raise InvalidInput("delete_where needs a value")
        with self._lock:
            self._get_writer().delete_documents_by_term(field_name, value)

    def clear(self) -> None:
        """Remove every document. Like other writes it shows after ``commit()``, so
        ``clear(); replace(all); commit()`` swaps the whole index at once for readers."""
        with self._lock:
            self._get_writer().delete_all_documents()

    def commit(self) -> None:
        """Make all staged changes durable and visible to new searches."""
        with self._lock:
            if self._writer is None:
                return
            self._writer.commit()
            self._meta_seen = self._meta_stamp()
            # Reload now rather than waiting for tantivy's background reload, so a
            # search right after commit() sees the change.
            self._index.reload()

    def close(self) -> None:
        """Release the writer (and with it the directory lock); staged changes are lost."""
        with self._lock:
            if self._writer is not None:
                self._writer.rollback()
                self._writer = None

    # -- reading ---------------------------------------------------------------------

    def count(self) -> int:
        """Documents visible to searches (committed, not deleted)."""
        return self._index.searcher().num_docs

    def keys(self) -> set[str]:
        """Every committed key; reads each document, so meant for checks, not hot paths."""
        searcher = self._index.searcher()
        total = searcher.num_docs
        if total == 0:
            return set()
        hits = searcher.search(tantivy.Query.all_query(), limit=total).hits
        return {str(searcher.doc(address).get_first("key")) for _, address in hits}

    def stored(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """Every committed document's stored fields by key (for consistency checks)."""
        searcher = self._index.searcher()
        total = searcher.num_docs
        if total == 0:
            return {}
        hits = searcher.search(tantivy.Query.all_query(), limit=total).hits
        out: dict[str, dict[str, tuple[str, ...]]] = {}
        for _, address in hits:
            doc = searcher.doc(address)
            fields = {name: tuple(sorted(str(v) for v in doc.get_all(name)))
                      for name in STORED_FIELDS}
            out[fields["key"][0]] = fields
        return out

    def search(
        self,
        text: str,
        *,
        filters: Mapping[str, str] | None = None,
        language: str | None = None,
        page: int = 1,
        per_page: int = 20,
        visible: Collection[str] = ("public",),
    ) -> SearchResults:
        """Run a query in our syntax (see ``cbook.search.query``), kept to ``language``
        (a tag, or None / "all" for every language) if that language has any match, else
        over every language, with ``widened`` set when that finds something.

        Raises ``InvalidInput`` for unusable queries, filters or paging; nothing else.
        """
        if isinstance(page, bool) or not isinstance(page, int) or page < 1:
            raise InvalidInput("page must be a whole number from 1")
        if (isinstance(per_page, bool) or not isinstance(per_page, int)
                or not 1 <= per_page <= MAX_PER_PAGE):
            raise InvalidInput(f"per_page must be from 1 to {MAX_PER_PAGE}")
        parsed = parse_query(text, filters, language)
        visible = [v for v in visible if isinstance(v, str) and v]
        if not visible:
            return SearchResults(total=0, facets=empty_facets(), language=parsed.language,
                                 page=page, per_page=per_page)

        self.refresh()
        searcher = self._index.searcher()
        results = self._search(searcher, text, parsed, visible, page, per_page)
        if results.total == 0 and parsed.language is not None:
            # Nothing in the language asked for: say so, and show every language's.
            everywhere = self._search(searcher, text, parsed.in_every_language(), visible,
                                      page, per_page)
            if everywhere.total:
                everywhere.widened = True
                return everywhere
        return results

    def _search(self, searcher: tantivy.Searcher, text: str, parsed: ParsedQuery,
                visible: list[str], page: int, per_page: int) -> SearchResults:
        """``parsed`` as typed or, when that finds (almost) nothing, with typos corrected."""
        results = self._run(searcher, parsed, visible, page, per_page)
        if results.total >= FUZZY_BELOW or not parsed.can_fuzz:
            return results
        families = parsed.families
        parsed = parsed.without_typos_in(lambda term: _indexed(searcher, term, families))
        within = parsed.scope(self.schema, visible)
        corrections = {typo: word for typo in parsed.typos()
                       if (word := closest_word(searcher, typo, within))}
        if not corrections:
            return results  # every word is in the index, or nothing is close enough
        # The corrected words are searched exactly, like any other: a typo stands for one
        # word, not for every word a few edits away, so no loose matches crowd the page.
        fixed = self._run(searcher, parsed.corrected(corrections), visible, page, per_page)
        if fixed.total <= results.total:
            return results
        fixed.corrected = True
        fixed.suggestion = corrected_text(text, corrections)
        return fixed

    def _run(self, searcher: tantivy.Searcher, parsed: ParsedQuery, visible: list[str],
             page: int, per_page: int) -> SearchResults:
        query = parsed.to_query(self.schema, visible)
        # Past the last document every page is empty; capping the offset keeps tantivy
        # from allocating for absurd page numbers while the count stays right.
        offset = min((page - 1) * per_page, searcher.num_docs)
        found = searcher.search(query, limit=per_page, offset=offset, count=True)
        total = int(found.count)  # type: ignore[attr-defined]  # missing from the stubs
        highlight = parsed.highlight()
        hits: list[Hit] = []
        seen_by_family: dict[str, dict[str, bool]] = {}
        for score, address in found.hits:
            doc = searcher.doc(address)
            language = str(doc.get_first("language") or "en")
            family = family_of(language)
            hits.append(Hit(
                type=str(doc.get_first("type") or ""),
                id=str(doc.get_first("id") or ""),
                title=str(doc.get_first("title") or ""),
                snippet=make_snippet(str(doc.get_first("body") or ""), highlight, family,
                                     seen=seen_by_family.setdefault(family, {})),
                url=str(doc.get_first("url") or ""),
                principles=tuple(str(p) for p in doc.get_all("principles")),
                score=float(score), language=language,
            ))
        return SearchResults(
            total=total, results=hits, language=parsed.language, page=page, per_page=per_page,
            facets=facets_of(searcher, self.schema, parsed, query, visible))


def _indexed(searcher: tantivy.Searcher, term: Term, families: Collection[str]) -> bool:
    """Whether any document's title or body in ``families`` holds ``term`` (so it is no
    typo)."""
    return any(searcher.doc_freq(text_field(name, family), forms[0])
               for family, forms in term.forms.items() if forms and family in families
               for name in ("title", "body"))

