"""Checking a batch of steps whole before anything of it is stored.

Every step must parse and apply, the result must fit the schema (only the blocks the
steps touched are re-checked, so a keystroke in a long section stays cheap), and the
batch must stay inside the size limits.
"""

from __future__ import annotations

from typing import Any

from prosemirror.model import Node
from prosemirror.transform import Step
from sqlalchemy.orm import Session

from cbook.editor import references
from cbook.editor import steps as _registers_markset_step  # noqa: F401 - side effect
from cbook.editor.rules import StepFindings, check_references_exist, check_step_json
from cbook.editor.schema import schema
from cbook.errors import InvalidInput, TooLarge, Unprocessable

MAX_STEPS_PER_BATCH = 500
MAX_DOCUMENT_SIZE = 2_000_000  # ProseMirror positions; about 300,000 words


def _touched_ranges(step: Step) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for inner in getattr(step, "steps", []):  # a markSet's add/remove-mark steps
        ranges.extend(_touched_ranges(inner))
    step.get_map().for_each(lambda _a, _b, start, end: ranges.append((start, end)))
    pos = getattr(step, "pos", None)
    if isinstance(pos, int):
        ranges.append((pos, pos + 1))
    start, end = getattr(step, "from_", None), getattr(step, "to", None)
    if isinstance(start, int) and isinstance(end, int):
        ranges.append((start, end))
    return ranges


def _check_touched_blocks(before: Node, doc: Node, ranges: list[tuple[int, int]]) -> None:
    """Schema-check the top-level blocks the steps touched, and the top level if needed.

    A full ``doc.check()`` of a 5,000-word section costs ~2 ms; checking only what changed
    keeps a keystroke well under that while still refusing any invalid result. The
    sequence of top-level blocks can only have changed if their number did or a change
    reached a block boundary; only then is the top level itself re-checked.
    """
    inside_one_block = [False] * len(ranges)
    offset = 0
    for index in range(doc.child_count):
        child = doc.child(index)
        end = offset + child.node_size
        touched = False
        for number, (start, stop) in enumerate(ranges):
            if start <= end and stop >= offset:
                touched = True
                if offset < start and stop < end:
                    inside_one_block[number] = True
        if touched:
            try:
                child.check()
            except ValueError as error:
                raise Unprocessable("the result does not fit the schema", str(error)) from error
        offset = end
    if (doc.child_count != before.child_count or not all(inside_one_block)) and (
        not doc.type.valid_content(doc.content)
    ):
        raise Unprocessable("the result does not fit the schema at the top level")


def parse_steps(steps_json: list[Any], session: Session) -> list[Step]:
    """The batch as Step objects, checked for unsafe values, unknown tags and resources."""
    if not isinstance(steps_json, list) or not steps_json:
        raise InvalidInput("steps must be a non-empty list")
    if len(steps_json) > MAX_STEPS_PER_BATCH:
        raise TooLarge(f"at most {MAX_STEPS_PER_BATCH} steps per request")
    found = StepFindings()
    steps = []
    for index, step_json in enumerate(steps_json):
        check_step_json(step_json, found)
        try:
            steps.append(Step.from_json(schema(), step_json))
        except Exception as error:
            raise InvalidInput(f"step {index} is malformed", str(error)[:300]) from error
    check_references_exist(
        found, lambda kind, wanted: references.existing(session, kind, wanted))
    return steps


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching ranges as one: a burst of typing in one place stays one
    range instead of a list that every later step would have to map again."""
    ranges.sort()
    merged = [ranges[0]] if ranges else []
    for start, end in ranges[1:]:
        last_start, last_end = merged[-1]
        if start <= last_end:
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))
    return merged


def apply_batch(before: Node, steps: list[Step]) -> Node:
    """The document after every step, or the 4xx that says which step fails and why."""
    node = before
    ranges: list[tuple[int, int]] = []
    for index, step in enumerate(steps):
        try:
            result = step.apply(node)
        except Exception as error:
            raise Unprocessable(f"step {index} does not apply", str(error)[:300]) from error
        if result.failed or result.doc is None:
            raise Unprocessable(f"step {index} does not apply", result.failed)
        step_map = step.get_map()
        ranges = [(step_map.map(a, -1), step_map.map(b, 1)) for a, b in ranges]
        ranges = _merged(ranges + _touched_ranges(step))
        node = result.doc
    if node.content.size > MAX_DOCUMENT_SIZE:
        raise TooLarge("the document would be too large")
    _check_touched_blocks(before, node, ranges)
    return node
