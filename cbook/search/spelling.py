"""Close spellings: which indexed word a word the index lacks was probably meant to be.

Corrections are looked up among the surface words as written (the index's unstemmed
``words`` field), not among stems: a typo can stem differently from the word it was meant
to be ("governanse" stays "governans" while "governance" becomes "govern"), so edit
distance between stems finds nothing or the wrong thing.
"""

from __future__ import annotations

import re
from functools import lru_cache

import tantivy

WORDS_FIELD = "words"


def allowed_edits(word: str) -> int:
    """How many edits a correction of this (lowercased, unstemmed) word may make."""
    if len(word) >= 7:
        return 2  # "bareers" -> "barriers" needs two
    if len(word) >= 4:
        return 1
    return 0  # "cre" could be a dozen words: no guessing


@lru_cache(maxsize=65536)  # vocabularies are small; the same pairs recur across searches
def osa_distance(a: str, b: str, limit: int) -> int:
    """Edit distance with adjacent transpositions (as tantivy's fuzzy query counts it).

    Returns ``limit + 1`` early once the distance must exceed ``limit``.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def closest_word(searcher: tantivy.Searcher, word: str, within: tantivy.Query) -> str | None:
    """The indexed word nearest to ``word`` among documents matching ``within``, or None.

    Fewest edits wins, then the word more documents use. Only words with the same first
    letter are considered: people rarely mistype the first letter, and keeping it both
    walks a small slice of the term dictionary and keeps "bareers" from becoming
    "careers". Words sharing the first two letters are tried first, as they nearly
    always do; the whole first-letter slice (some hundreds of words) only if none of
    them is a single edit away. Counting only documents the viewer may see keeps a
    draft's words out of suggestions made to readers.
    """
    limit = allowed_edits(word)
    if limit == 0:
        return None
    seen: set[str] = set()
    best: tuple[int, int, str] | None = None
    for prefix in dict.fromkeys((word[:2], word[:1])):
        if best is not None and best[0] == 1:
            break  # one edit away is as close as a typo gets
        for term, count in searcher.terms_with_prefix(WORDS_FIELD, prefix,
                                                      filter_query=within):
            if term in seen:
                continue
            seen.add(term)
            if count <= 0 or term == word or abs(len(term) - len(word)) > limit:
                continue
            distance = osa_distance(word, term, limit)
            if distance > limit:
                continue
            key = (distance, -int(count), term)
            if best is None or key < best:
                best = key
    return best[2] if best else None


def corrected_text(text: str, corrections: dict[str, str]) -> str:
    """The query as typed with each mistyped word replaced (keeping a leading capital)."""
    for typo, word in corrections.items():
        pattern = re.compile(rf"(?<![^\W_]){re.escape(typo)}(?![^\W_])", re.IGNORECASE)

        def swap(found: re.Match[str], word: str = word) -> str:
            return word.capitalize() if found.group()[:1].isupper() else word

        text = pattern.sub(swap, text)
    return text
