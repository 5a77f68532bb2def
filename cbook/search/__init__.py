"""Full-text search over published content: ``SearchIndex`` and its documents and results."""

from __future__ import annotations

from cbook.search.engine import Hit, SearchDoc, SearchIndex, SearchResults

__all__ = ["Hit", "SearchDoc", "SearchIndex", "SearchResults"]
