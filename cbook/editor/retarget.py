"""Turning a document into another with the fewest, smallest steps.

A merge (or a restore) could replace the whole text in one step, but every open editor
would then lose its cursor and every comment anchor in the section would be cut loose.
Instead, blocks are paired by id and only what differs is replaced: a changed word
becomes a step over that word, a retagged block an attribute step.
"""

from __future__ import annotations

import json
from difflib import SequenceMatcher
from typing import Any

from prosemirror.model import Fragment, Node, Slice
from prosemirror.transform import Transform


def _block_key(node: Node) -> str:
    block_id = node.attrs.get("id") if node.attrs else None
    if isinstance(block_id, str):
        return f"{node.type.name}#{block_id}"
    # Without an id, a block can only be matched by being identical.
    return json.dumps(node.to_json(), sort_keys=True)


def _retarget_block(tr: Transform, pos: int, before: Node, after: Node) -> None:
    """Change the block at ``pos`` from ``before`` into ``after`` (same type and id)."""
    for name, value in after.attrs.items():
        if before.attrs.get(name) != value:
            tr.set_node_attribute(pos, name, value)
    start = before.content.find_diff_start(after.content, pos + 1)
    if start is None:
        return
    end = before.content.find_diff_end(after.content, pos + 1 + before.content.size,
                                       pos + 1 + after.content.size)
    assert end is not None  # a start of difference implies an end
    end_before, end_after = end["a"], end["b"]
    # Repeated text can make the two ends cross the start; widen both by the overlap.
    overlap = start - min(end_before, end_after)
    if overlap > 0:
        end_before += overlap
        end_after += overlap
    tr.replace(start, end_before, after.slice(start - pos - 1, end_after - pos - 1))


def steps_towards(current: Node, target: Node) -> list[dict[str, Any]]:
    """Step JSON that turns ``current`` into ``target``, touching only what differs."""
    tr = Transform(current)
    before, after = current.content.content, target.content.content
    offsets = [0]
    for child in before:
        offsets.append(offsets[-1] + child.node_size)
    matcher = SequenceMatcher(None, [_block_key(n) for n in before],
                              [_block_key(n) for n in after], autojunk=False)
    # From the end backwards, so the positions of everything not yet handled stay valid.
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            for offset in reversed(range(i2 - i1)):
                old, new = before[i1 + offset], after[j1 + offset]
                if not old.eq(new):
                    _retarget_block(tr, offsets[i1 + offset], old, new)
        else:
            tr.replace(offsets[i1], offsets[i2],
                       Slice(Fragment.from_array(list(after[j1:j2])), 0, 0))
    if not tr.doc.eq(target):
        # Never expected; but a merge must land exactly, so fall back to one whole step.
        tr = Transform(current)
        tr.replace(0, current.content.size, Slice(target.content, 0, 0))
    return [dict(step.to_json()) for step in tr.steps]
