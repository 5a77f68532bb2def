"""Merging inside one block: its inline content word by word, and its attrs one by one.

Each side's inline nodes are cut into tokens that keep their marks: words, runs of
whitespace and single punctuation characters of text nodes (the same cut the block diff
uses), and one token per non-text inline node such as a hard break. Base-to-ours and
base-to-theirs changes are found with difflib; changes touching disjoint base regions are
all applied, and anything else (two sides rewriting the same words, or inserting different
words at the very same point) is reported as a conflict by returning None.

Attrs merge three ways each; principle and audience tags merge as sets.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise
from typing import Any

from cbook.editor.schema import schema_spec
from cbook.textrules import word_tokens

# (kind, payload, marks): kind "t" is text (payload = the text), kind "n" another inline
# node (payload = its canonical JSON). Marks are canonical JSON so tokens compare and hash
# cheaply, and a word that only gained a mark counts as changed.
Token = tuple[str, str, str]
TAG_ATTRS = ("principles", "audiences")
ATTR_DEFAULTS: dict[str, dict[str, Any]] = {
    name: {attr: spec.get("default") for attr, spec in node.get("attrs", {}).items()}
    for name, node in schema_spec()["nodes"].items()
}


@dataclass(frozen=True, order=True)
class _Change:
    """One side's replacement of base tokens [start, end) by ``tokens``."""

    start: int
    end: int
    side: int
    tokens: tuple[Token, ...]

    @property
    def is_insert(self) -> bool:
        return self.start == self.end


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def tokenise(content: Sequence[Any] | None) -> list[Token]:
    """The tokens of a textblock's inline content, each carrying its node's marks."""
    tokens: list[Token] = []
    for node in content or []:
        if not isinstance(node, dict):
            continue
        marks = node.get("marks") or []
        marks_key = _canonical(marks) if marks else ""
        if node.get("type") == "text":
            tokens.extend(("t", piece, marks_key)
                          for piece in word_tokens(str(node.get("text", ""))))
        else:
            bare = {key: value for key, value in node.items() if key != "marks"}
            tokens.append(("n", _canonical(bare), marks_key))
    return tokens


def rebuild(tokens: Sequence[Token]) -> list[dict[str, Any]]:
    """Inline nodes from tokens: adjacent text tokens with equal marks become one text node."""
    nodes: list[dict[str, Any]] = []
    run: list[str] = []
    run_marks = ""

    def node_with_marks(node: dict[str, Any], marks_key: str) -> dict[str, Any]:
        if marks_key:
            node["marks"] = json.loads(marks_key)
        return node

    def flush() -> None:
        if run:
            nodes.append(node_with_marks({"type": "text", "text": "".join(run)}, run_marks))
            run.clear()

    for kind, payload, marks_key in tokens:
        if kind == "t":
            if run and marks_key != run_marks:
                flush()
            run_marks = marks_key
            run.append(payload)
        else:
            flush()
            nodes.append(node_with_marks(json.loads(payload), marks_key))
    flush()
    return nodes


# SequenceMatcher without its junk heuristic is roughly quadratic in repeated tokens (and
# whitespace tokens repeat a lot): beyond this many token pairs, diff sentence by sentence.
_EXACT_LIMIT = 160_000
_SENTENCE_ENDS = frozenset(".!?;:")
Edit = tuple[int, int, int, int]


def _matcher_edits(a: Sequence[Any], b: Sequence[Any], autojunk: bool) -> list[Edit]:
    matcher = SequenceMatcher(None, a, b, autojunk=autojunk)
    return [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _sentences(tokens: Sequence[Token]) -> list[int]:
    """Where each sentence-ish chunk starts: after end punctuation, line or hard breaks."""
    starts = [0]
    for index, (kind, payload, _marks) in enumerate(tokens[:-1]):
        if kind == "n" or payload in _SENTENCE_ENDS or "\n" in payload:
            starts.append(index + 1)
    return starts


def _shifted(edits: list[Edit], da: int, db: int) -> list[Edit]:
    return [(i1 + da, i2 + da, j1 + db, j2 + db) for i1, i2, j1, j2 in edits]


def diff_tokens(a: Sequence[Token], b: Sequence[Token], by_sentence: bool = True) -> list[Edit]:
    """Ranges (i1, i2, j1, j2) where a[i1:i2] became b[j1:j2], in order, equal parts left out.

    Small inputs get difflib's exact matching. Long ones (a whole chapter in one paragraph)
    are first aligned sentence by sentence, then word by word inside changed sentences; past
    that, difflib's junk heuristic keeps it fast. A coarser diff can only cause conflicts,
    never a wrong merge: every diff it returns is a true account of a becoming b.
    """
    start, end_a, end_b = 0, len(a), len(b)
    while start < min(end_a, end_b) and a[start] == b[start]:
        start += 1
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1
    if start in (end_a, end_b):
        return [] if (end_a, end_b) == (start, start) else [(start, end_a, start, end_b)]
    mid_a, mid_b = a[start:end_a], b[start:end_b]
    if len(mid_a) * len(mid_b) <= _EXACT_LIMIT:
        return _shifted(_matcher_edits(mid_a, mid_b, autojunk=False), start, start)
    if not by_sentence:
        return _shifted(_matcher_edits(mid_a, mid_b, autojunk=True), start, start)
    starts_a, starts_b = [*_sentences(mid_a), len(mid_a)], [*_sentences(mid_b), len(mid_b)]
    chunks_a = [tuple(mid_a[x:y]) for x, y in pairwise(starts_a)]
    chunks_b = [tuple(mid_b[x:y]) for x, y in pairwise(starts_b)]
    edits: list[Edit] = []
    many = len(chunks_a) * len(chunks_b) > _EXACT_LIMIT
    for c1, c2, d1, d2 in _matcher_edits(chunks_a, chunks_b, autojunk=many):
        x1, x2, y1, y2 = starts_a[c1], starts_a[c2], starts_b[d1], starts_b[d2]
        inner = diff_tokens(mid_a[x1:x2], mid_b[y1:y2], by_sentence=False)
        edits.extend(_shifted(inner, start + x1, start + y1))
    return edits


def _changes(base: list[Token], other: list[Token], side: int) -> list[_Change]:
    return [_Change(i1, i2, side, tuple(other[j1:j2]))
            for i1, i2, j1, j2 in diff_tokens(base, other)]


def _clusters(changes: list[_Change]) -> list[list[_Change]]:
    """Changes grouped so that overlapping ones (transitively) share a group.

    Sorted by start, a change can only overlap the group being built: a replacement
    overlaps it if it starts before the group's furthest replaced end; an insertion if it
    lies strictly inside a replaced range, or at exactly the point of another insertion.
    Changes that merely touch (one ends where the other starts) do not overlap.
    """
    groups: list[list[_Change]] = []
    range_end = -1
    insert_at = -1
    for change in sorted(changes):
        if change.is_insert:
            joins = change.start < range_end or change.start == insert_at
        else:
            joins = change.start < range_end
        if groups and joins:
            groups[-1].append(change)
        else:
            groups.append([change])
            range_end, insert_at = -1, -1
        if change.is_insert:
            insert_at = change.start
        else:
            range_end = max(range_end, change.end)
    return groups


def merge_tokens(base: list[Token], ours: list[Token],
                 theirs: list[Token]) -> list[Token] | None:
    """The diff3 merge of two token lists against their base, or None if they conflict."""
    applied: list[_Change] = []
    for group in _clusters(_changes(base, ours, 0) + _changes(base, theirs, 1)):
        sides = {change.side for change in group}
        if len(sides) == 2:
            # Both sides changed this stretch: fine only if they made the very same change.
            mine = [(c.start, c.end, c.tokens) for c in group if c.side == 0]
            other = [(c.start, c.end, c.tokens) for c in group if c.side == 1]
            if mine != other:
                return None
            group = [c for c in group if c.side == 0]
        applied.extend(group)
    merged: list[Token] = []
    position = 0
    for change in sorted(applied):
        merged.extend(base[position:change.start])
        merged.extend(change.tokens)
        position = change.end
    merged.extend(base[position:])
    return merged


def merge_inline(base: Sequence[Any] | None, ours: Sequence[Any] | None,
                 theirs: Sequence[Any] | None) -> list[dict[str, Any]] | None:
    """Merged inline content of a textblock edited on both sides, or None on a conflict."""
    merged = merge_tokens(tokenise(base), tokenise(ours), tokenise(theirs))
    return None if merged is None else rebuild(merged)


def filled_attrs(node: dict[str, Any]) -> dict[str, Any]:
    """A node's attrs with the schema's defaults filled in, in schema order."""
    filled = dict(ATTR_DEFAULTS.get(str(node.get("type")), {}))
    filled.update(node.get("attrs") or {})
    return filled


def merge_tags(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    """Tags as sets: ours minus what theirs removed, then what theirs added, in order."""
    removed = [tag for tag in base if tag not in theirs]
    merged = [tag for tag in dict.fromkeys(ours) if tag not in removed]
    return merged + [tag for tag in dict.fromkeys(theirs)
                     if tag not in base and tag not in merged]


def merge_attrs(base: dict[str, Any], ours: dict[str, Any],
                theirs: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Three nodes' attrs merged one by one, and the names both sides set differently.

    A clashing attr keeps ours' value, as everything unresolved does.
    """
    b, o, t = filled_attrs(base), filled_attrs(ours), filled_attrs(theirs)
    merged: dict[str, Any] = {}
    clashes: list[str] = []
    for name in dict.fromkeys([*o, *t]):
        bv, ov, tv = b.get(name), o.get(name), t.get(name)
        if name in TAG_ATTRS and isinstance(ov, list) and isinstance(tv, list):
            merged[name] = merge_tags(bv if isinstance(bv, list) else [], ov, tv)
        elif ov == tv or tv == bv:
            merged[name] = ov
        elif ov == bv:
            merged[name] = tv
        else:
            merged[name] = ov
            clashes.append(name)
    return merged, clashes
