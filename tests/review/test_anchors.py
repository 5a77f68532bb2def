"""Comment anchors follow every edit, detach when their text goes, and come back on undo.

Pure: ProseMirror documents and steps only, no app and no database.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from prosemirror.model import Fragment, Node, Slice
from prosemirror.transform import (
    Mapping,
    ReplaceStep,
    Step,
    Transform,
    find_wrapping,
    lift_target,
)

from cbook.editor import steps as _registers_markset_step  # noqa: F401 - side effect
from cbook.editor.schema import schema
from cbook.errors import Unprocessable
from cbook.review.anchors import RADIUS, Anchor, current_text, make_anchor, map_anchors

S = schema()


def doc_of(*texts: str) -> Node:
    """A document of paragraphs, one per text ("" for an empty paragraph)."""
    return Node.from_json(S, {"type": "doc", "content": [
        {"type": "paragraph", "content": [{"type": "text", "text": t}]} if t
        else {"type": "paragraph"} for t in texts]})


def where(doc: Node, words: str, nth: int = 0) -> tuple[int, int]:
    """Positions of the nth occurrence of ``words`` inside one text node."""
    found: list[int] = []

    def visit(node: Node, pos: int, *_: Any) -> None:
        if node.is_text and node.text:
            index = node.text.find(words)
            while index != -1:
                found.append(pos + index)
                index = node.text.find(words, index + 1)

    doc.descendants(visit)
    return found[nth], found[nth] + len(words)


def edit(doc: Node, anchors: list[Anchor], build: Callable[[Transform], object]
         ) -> tuple[Node, list[Anchor], Transform]:
    tr = Transform(doc)
    build(tr)
    return tr.doc, map_anchors(anchors, tr.steps, tr.doc), tr


def undo(tr: Transform, anchors: list[Anchor]) -> tuple[Node, list[Anchor]]:
    """Apply the inverses of the transform's steps, last first, as one batch."""
    back = Transform(tr.doc)
    for step, before in reversed(list(zip(tr.steps, tr.docs, strict=True))):
        back.step(step.invert(before))
    return back.doc, map_anchors(anchors, back.steps, back.doc)


DOC = doc_of("Leaders face the same barriers every day.", "Name them and act.")


@pytest.fixture
def anchored() -> Anchor:
    return make_anchor(DOC, *where(DOC, "same barriers"))


def test_make_anchor_quotes_the_text(anchored: Anchor) -> None:
    assert anchored.quote == "same barriers" and not anchored.detached
    assert current_text(DOC, anchored) == "same barriers"
    start, _ = where(DOC, "day.")
    across = make_anchor(DOC, start, where(DOC, "Name")[1])
    assert across.quote == "day.\nName" and current_text(DOC, across) == "day.\nName"


@pytest.mark.parametrize(("start", "end"), [(5, 5), (9, 3), (-1, 4), (1, 9999)])
def test_make_anchor_refuses_ranges_outside_the_text(start: int, end: int) -> None:
    with pytest.raises(Unprocessable, match="range inside the text"):
        make_anchor(DOC, start, end)


def test_make_anchor_refuses_a_range_without_text() -> None:
    doc = doc_of("One.", "", "Two.")
    with pytest.raises(Unprocessable, match="no text"):
        make_anchor(doc, 5, 9)  # the end of "One." to the start of "Two."
    with pytest.raises(Unprocessable, match="no text"):
        make_anchor(doc_of("a  b"), 2, 4)


def test_make_anchor_trims_block_boundaries_off_the_ends() -> None:
    whole = make_anchor(DOC, 0, DOC.child(0).node_size + 1)  # as a triple click selects
    assert (whole.from_, whole.to) == (1, DOC.child(0).node_size - 1)
    assert whole.quote == "Leaders face the same barriers every day."


def test_positions_count_utf16_units_like_the_browser() -> None:
    doc = doc_of("Joy \U0001f600 and care.")
    with pytest.raises(Unprocessable, match="inside a character"):
        make_anchor(doc, 5, 6)  # half of the emoji
    start = 1 + len("Joy ") + 2 + len(" and ")  # the emoji is two positions
    care = make_anchor(doc, start, start + 4)
    assert care.quote == "care"
    doc, [gone], tr = edit(doc, [care], lambda tr: tr.delete(4, care.to))
    assert gone.detached
    doc, [back] = undo(tr, [gone])
    assert back == care and current_text(doc, back) == "care"


@pytest.mark.parametrize(("typed_at", "shift", "text"), [
    ("before", 4, "same barriers"),  # typed right before the range: not part of it
    ("inside", 0, "same big barriers"),
    ("after", 0, "same barriers"),  # typed right after the range: not part of it
])
def test_typing_moves_or_widens_the_range(anchored: Anchor, typed_at: str, shift: int,
                                          text: str) -> None:
    pos = {"before": anchored.from_, "inside": anchored.from_ + 5, "after": anchored.to}
    inserted = "big " if typed_at == "inside" else "xyz "
    doc, [moved], _ = edit(DOC, [anchored], lambda tr: tr.insert(pos[typed_at],
                                                                   S.text(inserted)))
    assert not moved.detached and moved.quote == "same barriers"
    assert moved.from_ == anchored.from_ + shift
    assert current_text(doc, moved) == text


def test_deleting_part_narrows_and_undo_grows_it_back(anchored: Anchor) -> None:
    doc, [moved], tr = edit(DOC, [anchored], lambda tr: tr.delete(*where(DOC, "the same ")))
    assert not moved.detached and current_text(doc, moved) == "barriers"
    assert moved.quote == "same barriers"
    doc, [back] = undo(tr, [moved])
    assert back == anchored and doc.eq(DOC)


def test_deleting_the_whole_range_detaches_and_undo_reattaches(anchored: Anchor) -> None:
    doc, [gone], tr = edit(DOC, [anchored], lambda tr: tr.delete(anchored.from_, anchored.to))
    assert gone.detached and gone.from_ == gone.to == anchored.from_
    assert gone.quote == "same barriers" and current_text(doc, gone) == ""
    doc, [back] = undo(tr, [gone])
    assert back == anchored and current_text(doc, back) == "same barriers"


def test_a_wider_deletion_and_its_undo_reattach_exactly(anchored: Anchor) -> None:
    doc, [gone], tr = edit(DOC, [anchored], lambda tr: tr.delete(3, where(DOC, "day")[1]))
    assert gone.detached and gone.from_ == 3
    # Later typing elsewhere, then the undo arrives as its own batch (as from a browser).
    doc, [gone], _ = edit(doc, [gone], lambda tr: tr.insert(doc.content.size - 2, S.text("!")))
    inverse = tr.steps[0].invert(tr.docs[0])
    after = inverse.apply(doc).doc
    assert after is not None
    [back] = map_anchors([gone], [inverse], after)
    assert back == anchored


def test_deleting_the_paragraph_detaches_and_undo_reattaches(anchored: Anchor) -> None:
    paragraph_end = DOC.child(0).node_size
    doc, [gone], tr = edit(DOC, [anchored], lambda tr: tr.delete(0, paragraph_end))
    assert gone.detached and doc.child_count == 1 and gone.from_ == 0
    doc, [back] = undo(tr, [gone])
    assert back == anchored


def test_lost_words_typed_back_nearby_grow_the_anchor_back(anchored: Anchor) -> None:
    doc, [narrow], _ = edit(DOC, [anchored], lambda tr: tr.delete(*where(DOC, "same ")))
    doc, [narrow], _ = edit(doc, [narrow], lambda tr: tr.insert(narrow.from_ - 1,
                                                                 S.text(" xyz")))
    assert current_text(doc, narrow) == "barriers"  # not its words yet: as it was
    doc, [back], _ = edit(doc, [narrow], lambda tr: tr.insert(narrow.from_, S.text("same ")))
    assert current_text(doc, back) == "same barriers" and not back.detached


def test_rewording_a_word_at_the_start_keeps_the_new_words(anchored: Anchor) -> None:
    doc, [moved], _ = edit(DOC, [anchored], lambda tr: tr.replace_with(
        anchored.from_, anchored.from_ + 4, S.text("very same")))
    assert current_text(doc, moved) == "very same barriers" and not moved.detached
    assert moved.quote == "same barriers"


def test_narrowed_then_deleted_then_undone_step_by_step(anchored: Anchor) -> None:
    doc, anchors, first = edit(DOC, [anchored], lambda tr: tr.delete(*where(DOC, "same ")))
    doc, anchors, second = edit(doc, anchors, lambda tr: tr.delete(*where(doc, "barriers")))
    assert anchors[0].detached
    doc, anchors = undo(second, anchors)
    assert anchors[0].detached  # only the whole quote re-attaches a detached anchor
    doc, anchors = undo(first, anchors)
    assert anchors == [anchored]


def test_splitting_and_joining_paragraphs_keep_the_anchor(anchored: Anchor) -> None:
    inside = anchored.from_ + 5
    doc, [split], tr = edit(DOC, [anchored], lambda tr: tr.split(inside))
    assert not split.detached and current_text(doc, split) == "same \nbarriers"
    doc, [joined] = undo(tr, [split])
    assert joined == anchored
    doc, [moved], _ = edit(DOC, [anchored], lambda tr: tr.split(anchored.from_))
    assert current_text(doc, moved) == "same barriers" and moved.from_ == anchored.from_ + 2
    # Joining the paragraph holding the anchor onto an earlier one pulls it back by two.
    two = doc_of("Intro.", *[DOC.child(i).text_content for i in range(DOC.child_count)])
    here = make_anchor(two, *where(two, "same barriers"))
    doc, [moved], _ = edit(two, [here], lambda tr: tr.join(two.child(0).node_size))
    assert moved.from_ == here.from_ - 2 and current_text(doc, moved) == "same barriers"


def test_bolding_the_text_changes_nothing(anchored: Anchor) -> None:
    strong = S.mark("strong")
    doc, [bold], _ = edit(DOC, [anchored], lambda tr: tr.add_mark(
        anchored.from_ - 4, anchored.to + 2, strong))
    assert bold == anchored
    mark_set = Step.from_json(S, {"stepType": "markSet", "steps": [
        {"stepType": "removeMark", "mark": {"type": "strong"},
         "from": anchored.from_, "to": anchored.to}]})
    assert map_anchors([bold], [mark_set], doc) == [anchored]


def test_typing_over_the_words_detaches_and_the_same_words_reattach(
    anchored: Anchor
) -> None:
    # ProseMirror keeps a replaced range's edges, so mapping alone would leave the anchor
    # on the first character typed over a selection; a replaced range that held all of
    # the anchor detaches it instead (nothing it was made on is left).
    doc, [gone], _ = edit(DOC, [anchored], lambda tr: tr.replace_with(
        anchored.from_, anchored.to, S.text("X")))
    assert gone.detached and gone.quote == "same barriers"
    doc, [same], _ = edit(DOC, [anchored], lambda tr: tr.replace_with(
        anchored.from_ - 4, anchored.to, S.text("the same barriers")))
    assert same == anchored and current_text(doc, same) == "same barriers"


def test_a_far_away_copy_of_the_words_is_never_used(anchored: Anchor) -> None:
    filler = " ".join(["filler"] * (RADIUS // 6))
    doc = doc_of("Leaders face the same barriers every day.", filler, "Name them.")
    here = make_anchor(doc, *where(doc, "same barriers"))
    doc, [gone], _ = edit(doc, [here], lambda tr: tr.delete(here.from_, here.to))
    doc, [still], _ = edit(doc, [gone], lambda tr: tr.insert(
        doc.content.size - 1, S.text(" same barriers")))
    assert still.detached and still.from_ == here.from_
    doc, [back], _ = edit(doc, [still], lambda tr: tr.insert(here.from_, S.text("same barriers")))
    assert back == here


def test_wrapping_and_lifting_keep_the_anchor(anchored: Anchor) -> None:
    def wrap(tr: Transform) -> None:
        block_range = DOC.resolve(1).block_range(DOC.resolve(DOC.content.size - 1))
        assert block_range is not None
        wrapping = find_wrapping(block_range, S.nodes["blockquote"])
        assert wrapping is not None
        tr.wrap(block_range, wrapping)

    doc, [wrapped], _ = edit(DOC, [anchored], wrap)
    assert wrapped.from_ == anchored.from_ + 1 and current_text(doc, wrapped) == "same barriers"

    def lift(tr: Transform) -> None:
        block_range = doc.resolve(2).block_range(doc.resolve(doc.content.size - 2))
        assert block_range is not None
        target = lift_target(block_range)
        assert target is not None
        tr.lift(block_range, target)

    doc, [lifted], _ = edit(doc, [wrapped], lift)
    assert lifted == anchored and doc.eq(DOC)


def test_detached_anchors_follow_later_edits_and_stay_in_the_document(
    anchored: Anchor
) -> None:
    doc, [gone], _ = edit(DOC, [anchored],
                          lambda tr: tr.delete(anchored.from_ - 4, DOC.content.size))
    doc, [moved], _ = edit(doc, [gone], lambda tr: tr.insert(1, S.text("Our ")))
    assert moved.detached and moved.from_ == moved.to == gone.from_ + 4
    assert 0 <= moved.from_ <= doc.content.size


# --- Properties over generated edits -------------------------------------------------

# Every letter occurs once in a generated document, so a quote that starts and ends with a
# letter has exactly one home: "its original range" after an undo is well defined, and no
# edit can make a look-alike. Typed text is digits, never part of a quote.
LETTERS = "abcdefghijklmnopqrstuvwxyzàáâãäåæçèéêëìíîïñòóôõöøùúûü"
KINDS = ["type", "delete", "delete_across", "split", "bold", "replace"]


@st.composite
def documents(draw: st.DrawFn) -> list[str]:
    letters = draw(st.permutations(LETTERS))[:draw(st.integers(2, 40))]
    cuts = draw(st.lists(st.sampled_from(["", "", "", " ", "\n"]), min_size=len(letters),
                         max_size=len(letters)))
    text = "".join(c + cut for c, cut in zip(letters, cuts, strict=True)).strip()
    return [" ".join(p.split()) for p in text.split("\n")]


def text_spans(doc: Node) -> list[tuple[int, int]]:
    """(content start, content end) of every textblock."""
    spans: list[tuple[int, int]] = []

    def visit(node: Node, pos: int, *_: Any) -> None:
        if node.is_textblock:
            spans.append((pos + 1, pos + node.node_size - 1))

    doc.descendants(visit)
    return spans


def random_edit(tr: Transform, rng: random.Random, kind: str) -> None:
    spans = text_spans(tr.doc)
    start, end = rng.choice(spans)
    pos = rng.randint(start, end)
    if kind == "type":
        tr.insert(pos, S.text(rng.choice(["1", "23 ", " 4"])))
    elif kind == "split":
        tr.split(pos)
    elif kind in {"delete", "bold", "replace"} and end > start:
        low, high = sorted(rng.sample(range(start, end + 1), 2))
        if kind == "delete":
            tr.delete(low, high)
        elif kind == "bold":
            tr.add_mark(low, high, S.mark("strong"))
        else:
            tr.replace_with(low, high, S.text("5"))
    elif kind == "delete_across" and len(spans) > 1:
        first, second = sorted(rng.sample(range(len(spans)), 2))
        tr.delete(rng.randint(*spans[first]), rng.randint(*spans[second]))


def random_anchors(doc: Node, rng: random.Random, count: int) -> list[Anchor]:
    """Anchors on random ranges that start and end on a letter."""
    spans = text_spans(doc)
    anchors = []
    for _ in range(count * 4):
        a, b = sorted(rng.sample(range(spans[0][0], spans[-1][1] + 1), 2))
        try:
            anchor = make_anchor(doc, a, b)
        except Unprocessable:
            continue
        if anchor.quote[0] in LETTERS and anchor.quote[-1] in LETTERS:
            anchors.append(anchor)
        if len(anchors) == count:
            break
    return anchors


def touches_inside(step: Step, start: int, end: int) -> bool:
    hit: list[bool] = []
    step.get_map().for_each(lambda old, old_end, _n, _e: hit.append(old < end and old_end > start))
    return any(hit)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.randoms(use_true_random=False),
       st.lists(st.lists(st.sampled_from(KINDS), min_size=1, max_size=3),
                min_size=1, max_size=5))
def test_anchors_survive_any_edits_and_a_full_undo(
    paragraphs: list[str], rng: random.Random, batches: list[list[str]]
) -> None:
    original = doc_of(*paragraphs)
    anchors = random_anchors(original, rng, 4)
    doc = original
    mapped = list(anchors)
    # Where each anchor must be while no edit has reached inside it (None once one has).
    oracle: list[tuple[int, int] | None] = [(a.from_, a.to) for a in anchors]
    history: list[list[tuple[Step, Node]]] = []
    for batch in batches:
        tr = Transform(doc)
        for kind in batch:
            random_edit(tr, rng, kind)
        for step in tr.steps:
            step_map = step.get_map()
            oracle = [None if span is None or touches_inside(step, *span)
                      else (step_map.map(span[0], 1), step_map.map(span[1], -1))
                      for span in oracle]
        doc, mapped = tr.doc, map_anchors(mapped, tr.steps, tr.doc)
        history.append(list(zip(tr.steps, tr.docs, strict=True)))
        for anchor, span, made in zip(mapped, oracle, anchors, strict=True):
            assert anchor.quote == made.quote
            if anchor.detached:
                event("an anchor was detached")
                assert 0 <= anchor.from_ == anchor.to <= doc.content.size
            else:
                assert 0 <= anchor.from_ < anchor.to <= doc.content.size
                if current_text(doc, anchor) != anchor.quote:
                    event("an attached anchor's text changed")
            if span is not None:
                assert (anchor.from_, anchor.to) == span and not anchor.detached
                assert current_text(doc, anchor) == anchor.quote
    for batch_steps in reversed(history):
        back = Transform(doc)
        for step, before in reversed(batch_steps):
            back.step(step.invert(before))
        doc, mapped = back.doc, map_anchors(mapped, back.steps, back.doc)
    assert doc.eq(original)
    assert mapped == anchors


# --- Cost ----------------------------------------------------------------------------


def keystrokes(doc: Node, rng: random.Random, bursts: int, length: int
               ) -> tuple[list[Step], Node]:
    """``bursts`` runs of typing ``length`` characters each at random places, one step a
    character, and the document after them."""
    steps: list[Step] = []
    for _ in range(bursts):
        pos = rng.randint(*rng.choice(text_spans(doc)))
        steps += [ReplaceStep(pos + i, pos + i, Slice(Fragment.from_(S.text("x")), 0, 0))
                  for i in range(length)]
        doc = doc.replace(pos, pos, Slice(Fragment.from_(S.text("x" * length)), 0, 0))
    return steps, doc


def test_mapping_many_anchors_through_many_keystrokes_is_cheap(
    capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(7)
    words = [rng.choice(["trust", "care", "growth", "leaders", "act"]) for _ in range(5000)]
    doc = doc_of(*[" ".join(words[i:i + 50]) for i in range(0, 5000, 50)])
    anchors = []
    for _ in range(500):
        start, end = rng.choice(text_spans(doc))
        a = rng.randint(start, end - 25)
        anchors.append(make_anchor(doc, a, a + rng.randint(3, 20)))
    steps, after = keystrokes(doc, rng, 20, 500)
    started = time.perf_counter()
    mapped = map_anchors(anchors, steps, after)
    everything = time.perf_counter() - started
    new_steps, latest_doc = keystrokes(after, rng, 4, 5)
    started = time.perf_counter()
    latest = map_anchors(mapped, new_steps, latest_doc)
    incremental = time.perf_counter() - started
    # Typing never removes commented text: every anchor still holds its words, plus any
    # typed inside it, and is where a plain ProseMirror mapping puts it.
    for anchor, moved in zip(anchors, latest, strict=True):
        assert not moved.detached and moved.from_ >= anchor.from_
        assert current_text(latest_doc, moved).replace("x", "") == anchor.quote
    sample = Mapping([step.get_map() for step in steps + new_steps])
    for anchor, moved in list(zip(anchors, latest, strict=True))[:20]:
        assert (moved.from_, moved.to) == (sample.map(anchor.from_, 1),
                                           sample.map(anchor.to, -1))
    with capsys.disabled():
        print(f"\n500 anchors through {len(steps)} keystrokes: {everything * 1000:.1f} ms; "
              f"through {len(new_steps)} new steps: {incremental * 1000:.2f} ms")
