"""Snippets: a short window of a document's body, HTML-escaped, with matches in ``<mark>``.

We build snippets ourselves rather than with tantivy's SnippetGenerator because it needs a
query in tantivy's own grammar, which user text never reaches, and its HTML uses ``<b>``.
Each word of the body is analyzed as the index analyzed it (its language's family), so a
word is marked exactly when its indexed form is a query term (for a corrected query, a
term of the corrected words). A snippet opens and closes between words, so it never cuts
a word, nor a letter from its vowel marks, in half.
"""

from __future__ import annotations

import html
import re
import sys
import unicodedata
from functools import lru_cache

from cbook.search.analysis import EN, terms
from cbook.search.query import Highlight


def _mark_ranges() -> str:
    """A regex class body of every combining mark (Mn, Mc, Me) in the Basic Plane."""
    ranges: list[str] = []
    start = previous = -2
    for code in range(0x300, min(sys.maxunicode, 0xFFFF) + 1):
        if unicodedata.category(chr(code)).startswith("M"):
            if code != previous + 1:
                if start >= 0:
                    ranges.append(f"\\u{start:04x}-\\u{previous:04x}")
                start = code
            previous = code
    ranges.append(f"\\u{start:04x}-\\u{previous:04x}")
    return "".join(ranges)


# A word: letters and digits with the marks written on them and the zero-width joiners
# that shape them (Python's \w has no marks, so "مُدِير" would be three words).
_WORD = re.compile(rf"(?:[^\W_]|[{_mark_ranges()}\u200c\u200d])+")

SNIPPET_CHARS = 200
_LEAD_CHARS = 40  # context kept before the first match so it does not open the snippet

# English stems are the word minus a suffix, so they share its first two letters; the
# stemmer's few irregular words are the exception ("dying" -> "die").
_IRREGULAR_PREFIXES = {"die": "dy", "lie": "ly", "tie": "ty"}


@lru_cache(maxsize=256)
def _prefixes(stems: frozenset[str]) -> frozenset[str]:
    found = {stem[:2] for stem in stems}
    found.update(_IRREGULAR_PREFIXES[s] for s in stems if s in _IRREGULAR_PREFIXES)
    return frozenset(found)


@lru_cache(maxsize=256)
def _candidates(prefixes: frozenset[str]) -> re.Pattern[str]:
    """A pattern finding whole words that start with one of ``prefixes``, in any case."""
    alternatives = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*", re.IGNORECASE)


def _word_matches(word: str, wanted: frozenset[str], family: str) -> bool:
    found = terms(word, family)
    if len(found) != 1:
        return False  # too long to be indexed (tantivy drops tokens over 40 bytes)
    return found[0] in wanted


def _cut_left(text: str, pos: int) -> int:
    """Move pos left to the start of a word, so the snippet never opens mid-word."""
    while pos > 0 and not text[pos - 1].isspace():
        pos -= 1
    return pos


def _between_graphemes(text: str, pos: int) -> int:
    """Move pos left until it is not inside a grapheme: not before a combining mark or a
    variation selector, not after a zero-width joiner (emoji sequences, shaped letters)."""
    while 0 < pos < len(text) and (unicodedata.category(text[pos]).startswith("M")
                                   or text[pos] in "\u200c\u200d\ufe0e\ufe0f"
                                   or text[pos - 1] == "\u200d"):
        pos -= 1
    return pos


def _cut_right(text: str, pos: int, floor: int = 0) -> int:
    """Move pos left to the end of a word, unless that would go back to ``floor`` (one
    long unbroken run): then cut there, but between graphemes."""
    if pos >= len(text):
        return len(text)
    start = pos
    while pos > floor and not text[pos].isspace():
        pos -= 1
    return pos if pos > floor else max(_between_graphemes(text, start), floor + 1)


def make_snippet(body: str, highlight: Highlight, family: str = EN,
                 max_chars: int = SNIPPET_CHARS, seen: dict[str, bool] | None = None) -> str:
    """Safe HTML: the best window of ``body`` (written in a language of ``family``) for
    the query, matches wrapped in ``<mark>``.

    ``seen`` memoizes word verdicts; pass one dict per family for all snippets of a search.
    """
    spans: list[tuple[int, int]] = []
    wanted = highlight.of(family)
    if wanted:
        # Each distinct word is judged once per search: a body repeats its words, and a
        # page of hits shares most of them.
        seen = {} if seen is None else seen
        # English: only words sharing a query stem's first letters can match, and a
        # regex finds those at C speed. Other stemmers (Arabic strips prefixes such as
        # "ال") give no such promise: every word is a candidate.
        candidates = _candidates(_prefixes(wanted)) if family == EN else _WORD
        for found in candidates.finditer(body):
            word = found.group()
            verdict = seen.get(word)
            if verdict is None:
                verdict = seen[word] = _word_matches(word, wanted, family)
            if verdict:
                spans.append(found.span())

    if not spans:
        end = _cut_right(body, max_chars)
        return html.escape(body[:end]) + ("…" if end < len(body) else "")

    # The window holding the most matches: slide over the match list with two pointers.
    best_first, best_count, last = 0, 0, 0
    for first in range(len(spans)):
        last = max(last, first)
        while last + 1 < len(spans) and spans[last + 1][1] - spans[first][0] <= max_chars:
            last += 1
        if last - first + 1 > best_count:
            best_first, best_count = first, last - first + 1

    lead = min(_LEAD_CHARS, max(0, max_chars - (spans[best_first + best_count - 1][1]
                                               - spans[best_first][0])))
    window_start = _cut_left(body, max(0, spans[best_first][0] - lead))
    window_end = _cut_right(body, window_start + max_chars, window_start)
    window_end = max(window_end, spans[best_first][1])  # never cut the first match

    parts = ["…"] if window_start > 0 else []
    pos = window_start
    for start, end in spans:
        if start < window_start or end > window_end:
            continue
        parts.append(html.escape(body[pos:start]))
        parts.append("<mark>" + html.escape(body[start:end]) + "</mark>")
        pos = end
    parts.append(html.escape(body[pos:window_end]))
    if window_end < len(body):
        parts.append("…")
    return "".join(parts)
