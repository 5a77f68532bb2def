"""Comment anchors that follow every edit: map, detach, and re-attach on undo.

An anchor is a range of document positions plus the text it was made on (the quote).
Each step moves it: the start sticks to the text after it (typing just before a comment's
text is not part of it), the end to the text before it. When a step replaces a range
holding all of the anchor (a deletion, or typing over exactly the commented words), or no
text is left between its ends, the anchor is *detached*: the comment keeps its quote and
remembers where its text went: the collapsed position, the offset of the text within what
was replaced, and its length in positions. When a change comes near that spot the quote
is looked for there first (an undo puts it back exactly), then within ``RADIUS``
positions; nothing re-attaches to a look-alike farther away. Likewise an attached anchor
that lost words at an end grows back over its quote when a nearby change restores them.

Positions count UTF-16 units, as in the browser and prosemirror-py.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from prosemirror.model import Node
from prosemirror.transform import Step, StepMap

from cbook.errors import Unprocessable

QUOTE_MAX = 10_000  # characters; a comment is about some words, not a whole section
RADIUS = 200  # positions (~30 words) searched around where detached text would be


@dataclass(frozen=True)
class Anchor:
    """Where a comment sits. While detached, ``from_ == to`` is the collapsed position and
    ``offset``/``span`` say where the text would be if it came back."""

    from_: int
    to: int
    quote: str
    detached: bool = False
    offset: int = 0
    span: int = 0


def _trimmed(doc: Node, from_: int, to: int) -> tuple[int, int]:
    """The range without the block boundaries (or other non-text) at its ends."""
    texts: list[tuple[int, int]] = []

    def visit(node: Node, pos: int, _parent: Node | None, _index: int) -> bool:
        if node.is_text:
            texts.append((max(pos, from_), min(pos + node.node_size, to)))
        return True

    doc.nodes_between(from_, to, visit)
    return (texts[0][0], texts[-1][1]) if texts else (from_, to)


def make_anchor(doc: Node, from_: int, to: int) -> Anchor:
    """An anchor on the text of ``from_``..``to`` in ``doc``, which must hold some.

    The range is trimmed to the text in it: block boundaries at its ends are not what a
    comment is about, and would otherwise be lost (or kept) by a join depending on luck.
    """
    if not 0 <= from_ < to <= doc.content.size:
        raise Unprocessable(f"a comment needs a range inside the text: 0 <= from < to <= "
                            f"{doc.content.size}")
    from_, to = _trimmed(doc, from_, to)
    try:
        quote = doc.text_between(from_, to, "\n")
    except UnicodeDecodeError as error:  # positions count UTF-16 units: half an emoji
        raise Unprocessable("the range starts or ends inside a character") from error
    if not quote.strip():
        raise Unprocessable("the range holds no text to comment on")
    if len(quote) > QUOTE_MAX:
        raise Unprocessable(f"a comment can quote at most {QUOTE_MAX} characters")
    return Anchor(from_, to, quote)


def current_text(doc: Node, anchor: Anchor) -> str:
    """The text in the anchor's range now ("" while detached)."""
    return "" if anchor.detached else doc.text_between(anchor.from_, anchor.to, "\n")


class _Points:
    """Positions (with a key each) kept sorted, so a step visits only those at its change.

    A one-range step changes start..end: points before it stay, points after it all move
    by the same amount, and only the few points inside are mapped one by one. The move of
    the points after is recorded lazily (from index ``lag`` on, every stored position is
    ``lag_by`` short), so a burst of typing, which shifts the same points again and again,
    costs a few binary searches a keystroke however many comments there are.
    """

    def __init__(self, items: list[tuple[int, int]]) -> None:
        items.sort()
        self.pos = [pos for pos, _ in items]
        self.keys = [key for _, key in items]
        self.lag, self.lag_by = len(self.pos), 0

    def _settle(self) -> None:
        if self.lag_by:
            self.pos[self.lag:] = [pos + self.lag_by for pos in self.pos[self.lag:]]
        self.lag, self.lag_by = len(self.pos), 0

    def _index(self, value: int, right: bool) -> int:
        find = bisect_right if right else bisect_left
        index = find(self.pos, value, 0, self.lag)
        return index if index < self.lag else find(self.pos, value - self.lag_by, self.lag)

    def items(self) -> list[tuple[int, int]]:
        self._settle()
        return list(zip(self.pos, self.keys, strict=True))

    def add(self, items: list[tuple[int, int]]) -> None:
        for pos, key in items:
            index = self._index(pos, True)
            if index <= self.lag:
                self.lag += 1
            else:
                pos -= self.lag_by
            self.pos.insert(index, pos)
            self.keys.insert(index, key)

    def shift(self, start: int, end: int, diff: int, slack: int = 0
              ) -> tuple[list[tuple[int, int]], list[int]]:
        """Move the points after ``end`` by ``diff`` and take out those in start..end for
        the caller to map and ``add`` back; also the keys of points within ``slack``."""
        near = (self.keys[self._index(start - slack, False):self._index(end + slack, True)]
                if slack else [])
        first, last = self._index(start, False), self._index(end, True)
        inside = [(self.pos[i] + (self.lag_by if i >= self.lag else 0), self.keys[i])
                  for i in range(first, last)]
        if diff and self.lag_by and self.lag != last:
            self._settle()  # a different suffix moves: bring the lagging one up to date
        del self.pos[first:last], self.keys[first:last]
        if self.lag >= last:
            self.lag -= last - first
        elif self.lag > first:
            self.lag = first
        if diff:
            self.lag = first if not self.lag_by else self.lag
            self.lag_by += diff
        return inside, near


class _Mapper:
    """The state of all anchors while the steps go by: one pass over the steps."""

    def __init__(self, anchors: Sequence[Anchor]) -> None:
        self.anchors = anchors
        self.offset = [a.offset for a in anchors]
        self.span = [a.span for a in anchors]
        self.detached = [a.detached for a in anchors]
        self.touched: set[int] = set()  # attached anchors with a change near an end
        self.near: set[int] = set()  # detached anchors with a change nearby
        # Keys: anchor index * 2 (+1 for the end) while attached, the index while detached.
        attached = [(i, a) for i, a in enumerate(anchors) if not a.detached]
        self.ends = _Points([(a.from_, 2 * i) for i, a in attached]
                            + [(a.to, 2 * i + 1) for i, a in attached])
        self.loose = _Points([(a.from_, i) for i, a in enumerate(anchors) if a.detached])
        self.slack = RADIUS + max((a.offset + a.span for a in anchors if a.detached),
                                  default=0)

    def _detach(self, index: int, pos: int, offset: int, span: int) -> None:
        self.detached[index] = True
        self.offset[index], self.span[index] = offset, span
        self.slack = max(self.slack, RADIUS + offset + span)
        self.near.add(index)  # the same words may have been typed straight back over it
        self.loose.add([(pos, index)])

    def step(self, step_map: StepMap) -> None:
        """Move every anchor through one step's map."""
        ranges = step_map.ranges
        if len(ranges) == 3 and not step_map.inverted:
            self._one_range(step_map, ranges[0], ranges[0] + ranges[1], ranges[2])
        else:
            self._any_map(step_map)

    def _one_range(self, step_map: StepMap, start: int, end: int, size: int) -> None:
        # Detached points first: anchors detached by this step are already mapped.
        inside, near = self.loose.shift(start, end, size - (end - start), self.slack)
        self.near.update(near)
        self.loose.add([(step_map.map(pos, -1), key) for pos, key in inside])
        inside, near = self.ends.shift(start, end, size - (end - start), RADIUS)
        self.touched.update(key >> 1 for key in near)
        found: dict[int, list[int | None]] = {}
        for pos, key in inside:
            found.setdefault(key >> 1, [None, None])[key & 1] = pos
        back = []
        for index, (head, tail) in found.items():
            if head is not None and tail is not None and end > start:
                # Both ends inside one replaced range: none of the commented text is left.
                self._detach(index, start, head - start, tail - head)
                continue
            if head is not None:
                back.append((step_map.map(head, 1), 2 * index))
            if tail is not None:
                back.append((step_map.map(tail, -1), 2 * index + 1))
        self.ends.add(back)

    def _any_map(self, step_map: StepMap) -> None:
        """Several ranges (structure changes such as lift or wrap): map point by point."""
        ranges: list[tuple[int, int, int]] = []
        step_map.for_each(lambda old, old_end, new, _new_end: ranges.append((old, old_end, new)))
        loose = []
        for pos, index in self.loose.items():
            if any(old - self.slack <= pos <= old_end + self.slack
                   for old, old_end, _ in ranges):
                self.near.add(index)
            loose.append((step_map.map(pos, -1), index))
        self.loose = _Points(loose)
        spans: dict[int, list[int]] = {}
        for pos, key in self.ends.items():
            spans.setdefault(key >> 1, [0, 0])[key & 1] = pos
        ends = []
        for index, (start, end) in spans.items():
            if any(old - RADIUS <= end and start <= old_end + RADIUS
                   for old, old_end, _ in ranges):
                self.touched.add(index)
            cover = next(((old, new) for old, old_end, new in ranges
                          if old < old_end and old <= start and end <= old_end), None)
            if cover is not None:
                self._detach(index, cover[1], start - cover[0], end - start)
                continue
            # A lift or unwrap deletes wrapper tokens at both ends yet keeps the text
            # between (the map's gap), so deleted ends alone never detach an anchor.
            head, tail = step_map.map(start, 1), step_map.map(end, -1)
            if head >= tail:
                self._detach(index, tail, 0, end - start)
            else:
                ends += [(head, 2 * index), (tail, 2 * index + 1)]
        self.ends = _Points(ends)

    def finish(self, doc: Node) -> list[Anchor]:
        """The anchors in ``doc``: emptied ones detached, returned text re-attached."""
        size = doc.content.size
        at = {key: min(max(pos, 0), size) for pos, key in self.ends.items()}
        collapsed = {index: min(max(pos, 0), size) for pos, index in self.loose.items()}
        result = []
        for index, anchor in enumerate(self.anchors):
            quote = anchor.quote
            if self.detached[index]:
                start = collapsed[index]
                moved = Anchor(start, start, quote, True, self.offset[index], self.span[index])
                result.append(_reattach(doc, moved) if index in self.near else moved)
                continue
            start, end = at[2 * index], at[2 * index + 1]
            moved = Anchor(start, end, quote)
            if index in self.touched or start >= end:
                # Only anchors with a change near them can have lost (or got back) text;
                # the rest are not read at all, so a read stays cheap with many comments.
                text = doc.text_between(start, end, "\n") if start < end else ""
                if not text.strip():  # only block boundaries are left between the ends
                    low = min(start, end)
                    moved = _reattach(doc, Anchor(low, low, quote, True, 0, max(end - low, 0)))
                elif text != quote:
                    moved = _regrown(doc, moved)
            result.append(moved)
        return result


def _occurrences(doc: Node, quote: str, low: int, high: int) -> Iterator[tuple[int, int]]:
    """Ranges in ``doc`` around low..high whose text (as ``text_between`` with "\\n"
    between blocks gives it) is ``quote``, found by walking the text positions."""
    chars: list[str] = []
    starts: list[int] = []  # the range start that begins with each character
    ends: list[int] = []  # the range end that stops after it
    previous_end: list[int] = []  # content end of the last textblock seen

    def visit(node: Node, pos: int, _parent: Node | None, _index: int) -> bool:
        if node.is_textblock:
            if previous_end:  # text_between puts "\n" between textblocks
                chars.append("\n")
                starts.append(previous_end[0])
                ends.append(pos + 1)
            previous_end[:] = [pos + node.node_size - 1]
        elif node.is_text:
            text = node.text or ""
            if len(text) == node.node_size:  # all in the BMP: skip to the window at once
                text, pos = text[max(low - pos, 0):max(high - pos, 0)], max(pos, low)
            for char in text:
                width = 2 if ord(char) > 0xFFFF else 1  # positions count UTF-16 units
                chars.append(char)
                starts.append(pos)
                ends.append(pos + width)
                pos += width
        return True

    size = doc.content.size
    low, high = min(max(low, 0), size), min(max(high, 0), size)
    doc.nodes_between(low, high, visit)
    text = "".join(chars)
    found = text.find(quote)
    while found != -1 and quote:
        start, end = starts[found], ends[found + len(quote) - 1]
        if start < end and doc.text_between(start, end, "\n") == quote:
            yield start, end
        found = text.find(quote, found + 1)


def _reattach(doc: Node, anchor: Anchor) -> Anchor:
    """The detached anchor on its quote where its text was (an undo puts it exactly back),
    else on the occurrence nearest that spot within ``RADIUS`` positions, else as it is."""
    expected = anchor.from_ + anchor.offset
    if 0 <= expected < expected + anchor.span <= doc.content.size and doc.text_between(
            expected, expected + anchor.span, "\n") == anchor.quote:
        return Anchor(*_trimmed(doc, expected, expected + anchor.span), anchor.quote)
    reach = max(anchor.span, 4 * len(anchor.quote)) + 4
    best = min(((abs(start - expected), start, end) for start, end in
                _occurrences(doc, anchor.quote, expected - RADIUS, expected + RADIUS + reach)
                if abs(start - expected) <= RADIUS), default=None)
    if best is None:
        return anchor
    return Anchor(best[1], best[2], anchor.quote)


def _regrown(doc: Node, anchor: Anchor) -> Anchor:
    """An anchor that lost text at an end, grown back over its quote once that text is
    back around it (an undo of the deletion); otherwise as it is. Only growing counts:
    text typed inside a comment's words stays in it."""
    reach = 4 * len(anchor.quote) + 4
    for start, end in _occurrences(doc, anchor.quote, anchor.from_ - reach,
                                   anchor.to + reach):
        start, end = _trimmed(doc, min(start, anchor.from_), max(end, anchor.to))
        if start < end and doc.text_between(start, end, "\n") == anchor.quote:
            return Anchor(start, end, anchor.quote)
    return anchor


def map_anchors(anchors: Sequence[Anchor], steps: Sequence[Step], doc_after: Node
                ) -> list[Anchor]:
    """The anchors as they stand in ``doc_after``, the result of applying ``steps``.

    One pass over the steps moves all anchors together; store the result with its version
    and map only through newer steps next time.
    """
    mapper = _Mapper(anchors)
    for step in steps:
        step_map = step.get_map()
        if step_map.ranges:  # mark changes move nothing
            mapper.step(step_map)
    return mapper.finish(doc_after)
