"""Facet counts: how many of a search's matches carry each principle, kind, audience,
type and language."""

from __future__ import annotations

from collections.abc import Mapping

import tantivy

from cbook.search.query import LANGUAGE_FIELD, ParsedQuery

_BUCKETS = 1000  # far above the number of principles/kinds/audiences/languages we will have

# Facet name in results -> fast field counted.
FACET_FIELDS: dict[str, str] = {
    "principle": "principles",
    "kind": "kind",
    "audience": "audiences",
    "type": "type",
    "language": LANGUAGE_FIELD,
}


def empty_facets() -> dict[str, dict[str, int]]:
    """Every facet, with no counts."""
    return {name: {} for name in FACET_FIELDS}


def count(searcher: tantivy.Searcher, query: tantivy.Query,
          fields: Mapping[str, str] = FACET_FIELDS) -> dict[str, dict[str, int]]:
    """Counts per value over every document ``query`` matches (one aggregation pass)."""
    request = {
        name: {"terms": {"field": fast_field, "size": _BUCKETS, "segment_size": _BUCKETS}}
        for name, fast_field in fields.items()
    }
    answer = searcher.aggregate(query, request)
    facets: dict[str, dict[str, int]] = {}
    for name in fields:
        buckets = answer.get(name, {}).get("buckets", [])
        facets[name] = {str(b["key"]): int(b["doc_count"]) for b in buckets}
    return facets


def facets_of(searcher: tantivy.Searcher, schema: tantivy.Schema, parsed: ParsedQuery,
              query: tantivy.Query, visible: list[str]) -> dict[str, dict[str, int]]:
    """The facets of a search (``query`` is ``parsed`` as run).

    A search kept to one language still counts every language's matches, so the page can
    say what widening it would find: "اردو (3) · English (12)".
    """
    facets = count(searcher, query)
    if parsed.language is not None:
        everywhere = parsed.in_every_language().to_query(schema, visible)
        facets.update(count(searcher, everywhere, {"language": LANGUAGE_FIELD}))
    return facets
