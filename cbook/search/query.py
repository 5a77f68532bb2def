"""Our search syntax, parsed by hand into tantivy queries.

User text never reaches tantivy's own query parser: its grammar (fields, ranges, regexes,
boosts) is larger than ours and raises on input we promise to accept. Instead a small
lexer turns the text into words, phrases, exclusions, ``OR`` and field filters, and each
word is run through every family's analyzer (``cbook.search.analysis``), so
``Barriers`` becomes the English term ``barrier`` and ``المكتبات`` the Arabic ``مكتب``,
exactly as they were stored, and each is looked up in its family's fields.

Syntax: ``a b`` (both must match), ``"a b"`` (phrase; an unclosed quote runs to the end),
``-a`` / ``-"a b"`` (exclude), ``a OR b``, ``principle:slug``, ``kind:podcast``,
``audience:slug``, ``type:resource``, ``chapter:12`` (and ``-kind:podcast`` to exclude).

A search may also be kept to one language (the ``lang`` parameter beside the text): its
words are then analyzed only by that language's analyzer and matched only in documents
written in it. Without one, each language's fields are matched with their own analysis.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace

import tantivy

from cbook.errors import InvalidInput
from cbook.languages import is_language_tag
from cbook.search.analysis import FAMILIES, family_of, primary_language, terms, words
from cbook.search.spelling import allowed_edits

MAX_QUERY_CHARS = 500
MAX_FILTER_CHARS = 200
TITLE_BOOST = 3.0
# Each typo costs a walk over part of the term dictionary; beyond a handful of words a
# miss is rarely a typo anyway.
MAX_FUZZY_WORDS = 8

# Filter names as users write them -> the index field holding those values.
FILTER_FIELDS: dict[str, str] = {
    "principle": "principles",
    "kind": "kind",
    "audience": "audiences",
    "type": "type",
    "chapter": "chapter",
}
# The raw field filing each document under its language's primary subtag ("ur", "en").
LANGUAGE_FIELD = "lang"
ALL_LANGUAGES = "all"  # what ``lang=`` says to search every language
DOC_TYPES = frozenset({"block", "section", "resource", "principle", "draft", "comment"})

# `name:value` where name is a plain identifier; "https://..." is not a filter.
_FILTER_RE = re.compile(r"^([A-Za-z_]+):(.*)$", re.DOTALL)
_TEXT_FIELDS = (("title", TITLE_BOOST), ("body", 1.0))


def text_field(name: str, family: str) -> str:
    """The indexed field holding ``name`` ("title", "body") of documents in ``family``."""
    return f"{name}_{family}"


def search_language(value: object) -> str | None:
    """The language a search is kept to (a primary subtag such as ``ur``), or None for
    every language (no value, or ``all``); InvalidInput for anything else."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", ALL_LANGUAGES)):
        return None
    if not is_language_tag(value):
        raise InvalidInput("lang must be a language tag such as 'ur' or 'pl', or 'all'")
    return primary_language(str(value))


@dataclass(frozen=True)
class Term:
    """One word or phrase of the query, analyzed once per analyzer family."""

    forms: dict[str, tuple[str, ...]]  # family -> its index terms (may be empty)
    words: tuple[str, ...]  # lowercased, unstemmed surface words
    quoted: bool  # written in quotes (so never typo-corrected)
    known: bool = False  # the index holds this word, so it is no typo

    @property
    def fuzzable(self) -> bool:
        """Whether typo tolerance may loosen this term: a single unquoted unknown word."""
        return (not self.quoted and not self.known and len(self.words) == 1
                and allowed_edits(self.words[0]) > 0)


@dataclass(frozen=True)
class Highlight:
    """What the snippet maker should mark: per family, words whose terms are these."""

    stems: dict[str, frozenset[str]]

    def of(self, family: str) -> frozenset[str]:
        """The terms to mark in a document of ``family``."""
        return self.stems.get(family, frozenset())


@dataclass
class ParsedQuery:
    """A query as groups that must all match, each group an OR of terms."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    filters: list[tuple[str, str]] = field(default_factory=list)  # (index field, value)
    excluded_filters: list[tuple[str, str]] = field(default_factory=list)
    language: str | None = None  # the one language searched (primary subtag), or None

    @property
    def families(self) -> tuple[str, ...]:
        """The analyzer families whose fields this query reads."""
        return (family_of(self.language),) if self.language else FAMILIES

    def in_every_language(self) -> ParsedQuery:
        """The same query over every language."""
        return replace(self, language=None)

    @property
    def can_fuzz(self) -> bool:
        """Typo tolerance applies to plain words only: no phrases, no OR."""
        terms = [t for g in self.groups for t in g]
        return (
            len(terms) <= MAX_FUZZY_WORDS
            and all(len(g) == 1 for g in self.groups)
            and not any(t.quoted for t in terms)
            and any(t.fuzzable for t in terms)
        )

    def without_typos_in(self, is_known: Callable[[Term], bool]) -> ParsedQuery:
        """The query with words the index knows marked as such: only the others are typos.

        Loosening every word would let "trust" also match "crust"; and each loosened word
        costs an automaton walk over the term dictionary.
        """
        def mark(term: Term) -> Term:
            if term.fuzzable and is_known(term):
                return replace(term, known=True)
            return term

        return replace(self, groups=[[mark(t) for t in group] for group in self.groups])

    def typos(self) -> list[str]:
        """The words typo tolerance may correct (after ``without_typos_in``)."""
        return list(dict.fromkeys(t.words[0] for g in self.groups for t in g if t.fuzzable))

    def corrected(self, corrections: Mapping[str, str]) -> ParsedQuery:
        """The query with mistyped words replaced by their corrections, taken literally."""
        def fix(term: Term) -> Term:
            if term.fuzzable and term.words[0] in corrections:
                fixed = _analyze(corrections[term.words[0]], quoted=False)
                if fixed is not None:
                    return replace(fixed, known=True)
            return term

        return replace(self, groups=[[fix(t) for t in group] for group in self.groups])

    def highlight(self) -> Highlight:
        """The terms a snippet should mark for this query."""
        return Highlight({family: frozenset(s for g in self.groups for t in g
                                            for s in t.forms[family])
                          for family in self.families})

    def to_query(self, schema: tantivy.Schema, visible: Collection[str]) -> tantivy.Query:
        """The tantivy query: groups AND-ed, exclusions and filters applied, visibility enforced."""
        Occur = tantivy.Occur
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        families = self.families
        for group in self.groups:
            alternatives = [_term_query(schema, t, families) for t in group]
            clauses.append((Occur.Must, _any_of(alternatives)))
        if not self.groups:
            # Only exclusions and filters: start from everything, then narrow.
            clauses.append((Occur.Must, tantivy.Query.all_query()))
        for term in self.excluded:
            clauses.append((Occur.MustNot, _term_query(schema, term, families)))
        for name, value in self.filters:
            clauses.append((Occur.Must, _filter(schema, name, value)))
        for name, value in self.excluded_filters:
            clauses.append((Occur.MustNot, _filter(schema, name, value)))
        clauses.append((Occur.Must, self.scope(schema, visible)))
        return tantivy.Query.boolean_query(clauses)

    def scope(self, schema: tantivy.Schema, visible: Collection[str]) -> tantivy.Query:
        """What this query may find at all: the viewer's documents, in its language."""
        if self.language is None:
            return visibility_query(schema, visible)
        return tantivy.Query.boolean_query([
            (tantivy.Occur.Must, visibility_query(schema, visible)),
            (tantivy.Occur.Must, _filter(schema, LANGUAGE_FIELD, self.language)),
        ])


def visibility_query(schema: tantivy.Schema, visible: Collection[str]) -> tantivy.Query:
    """Documents carrying any of the viewer's visibility tokens (scoring nothing)."""
    return tantivy.Query.const_score_query(
        tantivy.Query.term_set_query(schema, "visibility", sorted(visible)), 0.0
    )


def _filter(schema: tantivy.Schema, field_name: str, value: str) -> tantivy.Query:
    # Zero score: a filter narrows results and should not reorder them (multi-valued
    # fields would otherwise score by how many principles a document lists).
    return tantivy.Query.const_score_query(
        tantivy.Query.term_query(schema, field_name, value), 0.0
    )


def _any_of(queries: list[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])


def _term_query(schema: tantivy.Schema, term: Term, families: Collection[str]
                ) -> tantivy.Query:
    """The term in the title (boosted) or the body, of documents in ``families``, each
    family's fields matched with that family's analysis of the term."""
    per_field: list[tantivy.Query] = []
    for family, forms in term.forms.items():
        if not forms or family not in families:
            continue
        for name, boost in _TEXT_FIELDS:
            field_name = text_field(name, family)
            if len(forms) > 1:
                query = tantivy.Query.phrase_query(schema, field_name, list(forms))
            else:
                query = tantivy.Query.term_query(schema, field_name, forms[0])
            per_field.append(tantivy.Query.boost_query(query, boost) if boost != 1.0
                             else query)
    return _any_of(per_field)


def _analyze(text: str, quoted: bool) -> Term | None:
    forms = {family: terms(text, family) for family in FAMILIES}
    if not any(forms.values()):
        return None  # punctuation, emoji...: nothing searchable
    return Term(forms, words(text), quoted)


def _normalize_filter(name: str, value: str) -> tuple[str, str]:
    """Check a filter (name as the user wrote it) and return (index field, value)."""
    key = name.lower()
    if key not in FILTER_FIELDS:
        known = ", ".join(sorted(FILTER_FIELDS))
        raise InvalidInput(f"unknown search filter {name!r}; use one of: {known}")
    value = value.strip().lower()
    if not value:
        raise InvalidInput(f"the search filter {key}: needs a value")
    if len(value) > MAX_FILTER_CHARS:
        raise InvalidInput(f"the search filter {key}: is too long")
    if key == "type" and value not in DOC_TYPES:
        known = ", ".join(sorted(DOC_TYPES))
        raise InvalidInput(f"unknown type {value!r}; use one of: {known}")
    return FILTER_FIELDS[key], value


def _lex(text: str) -> list[tuple[str, str, bool]]:
    """Split into (kind, text, negated) with kind "word", "phrase" or "or"."""
    items: list[tuple[str, str, bool]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = False
        # A dash directly before a word or quote excludes it; a lone dash is just text.
        if text[i] == "-" and i + 1 < n and not text[i + 1].isspace():
            negated = True
            i += 1
        if text[i] == '"':
            end = text.find('"', i + 1)
            if end < 0:
                end = n  # unclosed quote: a phrase to the end
            items.append(("phrase", text[i + 1 : end], negated))
            i = end + 1
            continue
        start = i
        while i < n and not text[i].isspace() and text[i] != '"':
            i += 1
        word = text[start:i]
        if word == "OR" and not negated:
            items.append(("or", word, False))
        else:
            items.append(("word", word, negated))
    return items


def parse_query(text: str, filters: Mapping[str, str] | None = None,
                language: str | None = None) -> ParsedQuery:
    """Parse user text plus a mapping of filters, kept to ``language`` if one is given
    (see :func:`search_language`); raise InvalidInput with a reason if unusable."""
    if not isinstance(text, str):
        raise InvalidInput("the search query must be text")
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidInput(f"the search query is longer than {MAX_QUERY_CHARS} characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput("the search query contains an unpaired surrogate") from None
    parsed = ParsedQuery(language=search_language(language))
    for name, value in (filters or {}).items():
        if value is None or not str(value).strip():
            continue  # an empty form field means "no filter"
        parsed.filters.append(_normalize_filter(str(name), str(value)))

    pending_or = False
    for kind, item, negated in _lex(text):
        if kind == "or":
            # OR joins the previous positive term to the next; a dangling OR is ignored.
            pending_or = bool(parsed.groups)
            continue
        if kind == "word":
            match = _FILTER_RE.match(item)
            if match and not match.group(2).startswith("/"):
                name, value = match.group(1), match.group(2)
                if value or name.lower() in FILTER_FIELDS:
                    target = parsed.excluded_filters if negated else parsed.filters
                    target.append(_normalize_filter(name, value))
                    pending_or = False
                    continue
        term = _analyze(item, quoted=kind == "phrase")
        if term is None:
            continue
        if negated:
            parsed.excluded.append(term)
            pending_or = False
        elif pending_or:
            parsed.groups[-1].append(term)
            pending_or = False
        else:
            parsed.groups.append([term])

    if not parsed.groups and not parsed.filters:
        if parsed.excluded or parsed.excluded_filters:
            raise InvalidInput("the search query only excludes; add a word or a filter")
        if text.strip():
            raise InvalidInput("the search query has no searchable words")
        raise InvalidInput("the search query is empty")
    return parsed
