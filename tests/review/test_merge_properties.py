"""Properties of the three-way merge over generated edits of small documents.

Words come from a tiny alphabet so that the two sides often write the same words in the
same places: the cases where a token-level merge is easiest to get wrong.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cbook.editor.documents import normalise_document, parse_document
from cbook.review import inline_merge
from cbook.review.merge import block_plain_text, merge_documents

WORDS = ["a", "b", "c", "ab", "b."]
TAGS = ["trust", "care", "growth"]
KINDS = ["replace", "insert", "delete_word", "new_para", "delete_para", "tags"]
_WORD = re.compile(r"\w+")


@dataclass
class Para:
    id: str
    words: list[tuple[str, bool]]  # (word, bold)
    tags: list[str] = field(default_factory=list)

    def json(self) -> dict[str, Any]:
        content: list[dict[str, Any]] = []
        for index, (word, bold) in enumerate(self.words):
            pieces = [(word, bold)] + ([(" ", False)] if index < len(self.words) - 1 else [])
            for text, marked in pieces:
                if content and ("marks" in content[-1]) == marked:
                    content[-1]["text"] += text
                else:
                    content.append({"type": "text", "text": text,
                                    **({"marks": [{"type": "strong"}]} if marked else {})})
        node: dict[str, Any] = {"type": "paragraph", "attrs": {
            "id": self.id, "principles": list(self.tags), "audiences": []}}
        if content:
            node["content"] = content
        return node


def to_doc(paras: list[Para]) -> dict[str, Any]:
    return {"type": "doc", "content": [p.json() for p in paras]}


words_st = st.lists(st.tuples(st.sampled_from(WORDS), st.booleans()), max_size=6)
base_st = st.lists(words_st, min_size=1, max_size=8).map(
    lambda texts: [Para(f"p{i}", words) for i, words in enumerate(texts)])
edit_st = st.tuples(st.sampled_from(KINDS), st.integers(0, 50), st.integers(0, 50),
                    st.sampled_from(WORDS), st.booleans(), st.lists(st.sampled_from(TAGS),
                                                                    max_size=3, unique=True))
edits_st = st.lists(edit_st, max_size=6)


def apply_edits(base: list[Para], edits: list[Any], side: str) -> list[Para]:
    """A side's document after its edits (fresh paragraph ids start with the side's name)."""
    paras = [Para(p.id, list(p.words), list(p.tags)) for p in base]
    for number, (kind, at, pos, word, bold, tags) in enumerate(edits):
        para = paras[at % len(paras)]
        if kind == "replace" and para.words:
            para.words[pos % len(para.words)] = (word, bold)
        elif kind == "insert":
            para.words.insert(pos % (len(para.words) + 1), (word, bold))
        elif kind == "delete_word" and para.words:
            del para.words[pos % len(para.words)]
        elif kind == "new_para":
            paras.insert(at % (len(paras) + 1), Para(f"{side}{number}", [(word, bold)] * 2))
        elif kind == "delete_para" and len(paras) > 1:
            paras.remove(para)
        elif kind == "tags":
            para.tags = list(tags)
    return paras


def by_id(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {block["attrs"]["id"]: block for block in doc["content"]}


def words(block: dict[str, Any] | None) -> Counter[str]:
    return Counter(_WORD.findall(block_plain_text(block))) if block else Counter()


def changed_ids(base: dict[str, Any], side: dict[str, Any]) -> set[str]:
    mine = by_id(side)
    return {key for key, block in by_id(base).items() if mine.get(key) != block}


@settings(max_examples=150, deadline=None)
@given(base_st, edits_st)
def test_a_one_sided_change_is_taken_whole(base: list[Para], edits: list[Any]) -> None:
    base_doc, side = to_doc(base), to_doc(apply_edits(base, edits, "o"))
    expected = normalise_document(side)
    assert normalise_document(merge_documents(base_doc, side, base_doc).doc) == expected
    assert normalise_document(merge_documents(base_doc, base_doc, side).doc) == expected
    assert normalise_document(merge_documents(base_doc, side, side).doc) == expected


@settings(max_examples=150, deadline=None)
@given(base_st, edits_st, edits_st)
def test_merges_parse_and_lose_no_text_when_clean(base: list[Para], ours_edits: list[Any],
                                                  theirs_edits: list[Any]) -> None:
    check_merge(base, ours_edits, theirs_edits)


@settings(max_examples=100, deadline=None)
@given(base_st, edits_st, edits_st)
def test_the_sentence_by_sentence_diff_for_long_text_keeps_the_properties(
        base: list[Para], ours_edits: list[Any], theirs_edits: list[Any]) -> None:
    # Long paragraphs are diffed sentence by sentence; a tiny limit sends short ones there.
    with patch.object(inline_merge, "_EXACT_LIMIT", 4):
        check_merge(base, ours_edits, theirs_edits)


tokens_st = st.lists(st.sampled_from(["a", " ", "b", ".", "  ", "\n"]), max_size=40).map(
    lambda pieces: [("t", piece, "") for piece in pieces])


@settings(max_examples=150, deadline=None)
@pytest.mark.parametrize("limit", [4, 0, inline_merge._EXACT_LIMIT])
@given(a=tokens_st, b=tokens_st)
def test_token_diffs_turn_one_side_into_the_other(limit: int, a: list[Any], b: list[Any]) -> None:
    with patch.object(inline_merge, "_EXACT_LIMIT", limit):
        edits = inline_merge.diff_tokens(a, b)
    rebuilt: list[Any] = []
    position = 0
    for i1, i2, j1, j2 in edits:
        assert position <= i1 <= i2 and (i1, i2, j1, j2) != (i1, i1, j1, j1)
        rebuilt += a[position:i1] + b[j1:j2]
        position = i2
    assert rebuilt + a[position:] == b


def check_merge(base: list[Para], ours_edits: list[Any], theirs_edits: list[Any]) -> None:
    """Merges parse; disjoint edits merge clean; a clean merge loses no one's words."""
    base_doc = to_doc(base)
    ours = to_doc(apply_edits(base, ours_edits, "o"))
    theirs = to_doc(apply_edits(base, theirs_edits, "t"))
    result = merge_documents(base_doc, ours, theirs)
    parse_document(result.doc)
    if not changed_ids(base_doc, ours) & changed_ids(base_doc, theirs):
        assert result.clean
    if not result.clean:
        # Settling every conflict for the proposal leaves nothing open and a valid document.
        settled = merge_documents(base_doc, ours, theirs,
                                  {c.id: "theirs" for c in result.conflicts})
        assert settled.clean and not settled.unused_resolutions
        parse_document(settled.doc)
        return
    merged, before = by_id(result.doc), by_id(base_doc)
    for side in (by_id(ours), by_id(theirs)):
        for key, block in side.items():
            if block == before.get(key):
                continue
            # Words a side wrote into a block are in the merged block.
            inserted = set(words(block)) - set(words(before.get(key)))
            assert inserted <= set(words(merged.get(key))), (key, inserted)
    ours_by_id, theirs_by_id = by_id(ours), by_id(theirs)
    for key, block in before.items():
        if key not in ours_by_id or key not in theirs_by_id:
            continue
        # A base word neither side has fewer of (so neither deleted one) is still there.
        kept = words(block)
        for word, count in kept.items():
            if (words(ours_by_id[key])[word] >= count
                    and words(theirs_by_id[key])[word] >= count):
                assert words(merged[key])[word] >= 1, (key, word)
