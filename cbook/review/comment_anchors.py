"""Comment anchors brought forward to the current version, and the cache that keeps them.

An anchor is stored with the version it is valid at. Bringing anchors forward maps them
through only the steps made since (once, for all of them); this process keeps the result
(:data:`anchor_cache`), so a section with a long history costs no more to read than one
without. Nothing here writes a row: :func:`needs_keeping` says which anchors lagged far
enough that the review service should write them back (``service.comments.keep_anchors``).
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import defaultdict

from prosemirror.model import Node
from prosemirror.transform import Step
from sqlalchemy.orm import Session

from cbook.editor import authority
from cbook.editor.models import Document
from cbook.editor.schema import schema
from cbook.review.anchors import Anchor, current_text, map_anchors
from cbook.review.models import Comment

PERSIST_EVERY = 200  # versions a stored anchor may lag before it is written back
ANCHOR_CACHE_DOCUMENTS = 256


def stored_anchor(comment: Comment) -> Anchor:
    """The anchor as its row holds it (valid at the row's anchor_version)."""
    return Anchor(comment.anchor_from, comment.anchor_to, comment.quote, comment.detached,
                  comment.anchor_offset, comment.anchor_span)


def store_anchor(comment: Comment, anchor: Anchor) -> None:
    """Put the anchor's positions in the comment's row (the caller sets anchor_version)."""
    comment.anchor_from, comment.anchor_to = anchor.from_, anchor.to
    comment.quote, comment.detached = anchor.quote, anchor.detached
    comment.anchor_offset, comment.anchor_span = anchor.offset, anchor.span


def needs_keeping(comment: Comment, anchor: Anchor, now: int) -> bool:
    """Whether a thread's anchor, brought to version ``now``, should be written back: it
    lagged PERSIST_EVERY versions, or it detached or re-attached."""
    return now - comment.anchor_version >= PERSIST_EVERY or anchor.detached != comment.detached


def steps_from(session: Session, document: Document, since: int) -> list[Step]:
    """The document's steps after version ``since``, parsed."""
    return [Step.from_json(schema(), step) for step in
            authority.steps_between(session, document.id, since, document.version)]


class AnchorCache:
    """Anchors brought forward in this process, per document: (version, {comment: anchor}).

    Reading maps from here through only the newest steps. The rows are written back
    only every PERSIST_EVERY versions (or when a comment detaches or re-attaches), so a
    read while people type costs no writes; another process or a restart starts from
    the rows and is at most that many steps behind.
    """

    def __init__(self) -> None:
        self._items: dict[int, tuple[int, dict[int, Anchor]]] = {}
        self._lock = threading.Lock()

    def get(self, document_id: int) -> tuple[int, dict[int, Anchor]]:
        """The version the document's anchors were brought to, and those anchors."""
        with self._lock:
            return self._items.get(document_id, (-1, {}))

    def put(self, document_id: int, version: int, anchors: dict[int, Anchor]) -> None:
        """Remember the document's anchors at ``version`` (forgetting the oldest document
        once ANCHOR_CACHE_DOCUMENTS are held)."""
        with self._lock:
            if len(self._items) >= ANCHOR_CACHE_DOCUMENTS and document_id not in self._items:
                self._items.pop(next(iter(self._items)))
            self._items[document_id] = (version, anchors)

    def clear(self) -> None:
        """Forget everything (a process that switches databases, e.g. between tests)."""
        with self._lock:
            self._items.clear()


anchor_cache = AnchorCache()


def bring_current(session: Session, document: Document, threads: list[Comment]
                  ) -> tuple[Node, dict[int, Anchor]]:
    """Every thread's anchor at the current version, mapping each through only the steps
    it has not yet been mapped through (in one pass per starting version)."""
    current = authority.document_node(session, document)
    now = document.version
    cached_version, cached = anchor_cache.get(document.id)
    starting: dict[int, tuple[int, Anchor]] = {}
    for comment in threads:
        known = cached.get(comment.id)
        if known is not None and comment.anchor_version <= cached_version <= now:
            starting[comment.id] = (cached_version, known)
        else:
            starting[comment.id] = (comment.anchor_version, stored_anchor(comment))
    oldest = min((version for version, _ in starting.values()), default=now)
    steps = steps_from(session, document, oldest) if oldest < now else []
    by_version: dict[int, list[int]] = defaultdict(list)
    for comment_id, (version, _) in starting.items():
        by_version[version].append(comment_id)
    anchors: dict[int, Anchor] = {}
    for version, ids in by_version.items():
        originals = [starting[i][1] for i in ids]
        mapped = (map_anchors(originals, steps[version - oldest:], current)
                  if version < now else originals)
        anchors.update(zip(ids, mapped, strict=True))
    anchor_cache.put(document.id, now, anchors)
    return current, anchors


class RangeText:
    """The text of many ranges of one document, each found through its top-level block
    (a whole-document walk per range would cost a long section dearly)."""

    def __init__(self, doc: Node) -> None:
        self.doc = doc
        self.starts = [0]
        for index in range(doc.child_count):
            self.starts.append(self.starts[-1] + doc.child(index).node_size)

    def text(self, anchor: Anchor) -> str:
        """The text under the anchor now (empty while it is detached)."""
        if anchor.detached:
            return ""
        index = bisect_right(self.starts, anchor.from_) - 1
        if 0 <= index < self.doc.child_count and anchor.to <= self.starts[index + 1]:
            block, offset = self.doc.child(index), self.starts[index] + 1
            start, end = max(anchor.from_ - offset, 0), min(anchor.to - offset,
                                                          block.content.size)
            if start < end:
                return block.text_between(start, end, "\n")
            return ""
        return current_text(self.doc, anchor)
