"""Comments anchored to text in a section or a proposal, with threads, resolve and reopen.

An anchor is stored with the version it is valid at. Reading brings every anchor forward
through only the steps made since (once, for all of them) and saves the result, so a
section with a long history costs no more to read than one without.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from prosemirror.model import Node
from prosemirror.transform import Step
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from cbook.accounts.models import User
from cbook.books import queries
from cbook.books.models import Section
from cbook.db import utcnow
from cbook.editor import authority
from cbook.editor.models import Document
from cbook.editor.schema import schema
from cbook.errors import InvalidInput, NotFound, Unprocessable
from cbook.policy import Action, can, require
from cbook.review import inbox, mentions
from cbook.review.anchors import Anchor, current_text, make_anchor, map_anchors
from cbook.review.models import Comment, NotificationKind, Proposal
from cbook.review.queries import get_proposal, proposal_readers
from cbook.textrules import clean_prose

BODY_MAX = 10_000
PERSIST_EVERY = 200  # versions a stored anchor may lag before a read writes it back
ANCHOR_CACHE_DOCUMENTS = 256


@dataclass(frozen=True)
class Place:
    """Where comments live: a section's working text, or a proposal's."""

    document: Document
    section: Section
    proposal: Proposal | None = None


def section_place(session: Session, viewer: User | None, section_id: int) -> Place:
    """The section's comments, for those who write it (readers see published text only)."""
    section = queries.get_section_for_editing(session, viewer, section_id)
    require(viewer, Action.COMMENT_ON_SECTION, section)
    return Place(section.document, section)


def proposal_place(session: Session, viewer: User | None, proposal_id: int) -> Place:
    """A proposal's comments, for everyone who may see the proposal."""
    proposal = get_proposal(session, viewer, proposal_id)
    return Place(proposal.document, proposal.section, proposal)


def comment_place(session: Session, viewer: User | None, comment_id: int
                  ) -> tuple[Comment, Place]:
    """A comment and where it lives, if the viewer may take part there."""
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound("no such comment")
    section_id = session.scalar(select(Section.id).where(
        Section.document_id == comment.document_id))
    try:
        if section_id is not None:
            return comment, section_place(session, viewer, section_id)
        proposal_id = session.scalar(select(Proposal.id).where(
            Proposal.document_id == comment.document_id))
        if proposal_id is None:
            raise NotFound("no such comment")
        return comment, proposal_place(session, viewer, proposal_id)
    except NotFound as error:
        raise NotFound("no such comment") from error


def _whole_number(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{name} must be a whole number")
    return value


def _steps_from(session: Session, document: Document, since: int) -> list[Step]:
    return [Step.from_json(schema(), step) for step in
            authority.steps_between(session, document.id, since, document.version)]


def add_comment(
    session: Session, actor: User | None, place: Place, *, body: Any, from_: Any = None,
    to: Any = None, version: Any = None, parent_id: Any = None,
) -> Comment:
    """A new thread on ``from``..``to`` as it was at ``version``, or a reply in a thread."""
    if not isinstance(body, str):
        raise InvalidInput("body must be text")
    text = clean_prose(body, "body", BODY_MAX)
    if not text:
        raise Unprocessable("a comment needs some text")
    document = place.document
    author_id = actor.id if actor else None
    if parent_id is not None:
        parent = session.get(Comment, _whole_number(parent_id, "parent_id"))
        if parent is None or parent.document_id != document.id:
            raise NotFound("no such comment to reply to")
        root = parent if parent.parent_id is None else session.get(Comment, parent.parent_id)
        assert root is not None  # replies always hang off a thread's first comment
        comment = Comment(document_id=document.id, parent_id=root.id, author_id=author_id,
                          body=text, anchor_version=document.version)
        session.add(comment)
        session.flush()
        repliers = [c.author for c in root.replies if c.author is not None]
        _notify(session, actor, place, comment, [root.author, *repliers])
        return comment
    at = _whole_number(version, "version")
    if not 0 <= at <= document.version:
        raise Unprocessable(f"no version {at}: the text is at version {document.version}")
    anchor = make_anchor(authority.document_node(session, document, at),
                         _whole_number(from_, "from"), _whole_number(to, "to"))
    if at < document.version:
        anchor = map_anchors([anchor], _steps_from(session, document, at),
                             authority.document_node(session, document))[0]
    comment = Comment(document_id=document.id, author_id=author_id, body=text,
                      anchor_version=document.version)
    _store_anchor(comment, anchor)
    session.add(comment)
    session.flush()
    _notify(session, actor, place, comment, [])
    return comment


def place_readers(session: Session, place: Place) -> list[User]:
    """Who may read comments here, so who can be mentioned: a proposal's readers, or the
    people who write the section (readers of the published text never see comments)."""
    if place.proposal is not None:
        return proposal_readers(session, place.proposal)
    return [user for user in session.scalars(select(User).where(User.active).order_by(User.id))
            if can(user, Action.COMMENT_ON_SECTION, place.section)]


def _notify(session: Session, actor: User | None, place: Place, comment: Comment,
            thread: list[User | None]) -> None:
    about = inbox.About(section_id=place.section.id, proposal=place.proposal, comment=comment)
    mentioned = mentions.mentioned_users(comment.body, place_readers(session, place))
    inbox.notify(session, mentioned, NotificationKind.MENTIONED, actor, about)
    already = {user.id for user in mentioned}
    inbox.notify(session, [u for u in thread if u is not None and u.id not in already],
                 NotificationKind.REPLY, actor, about)


def _store_anchor(comment: Comment, anchor: Anchor) -> None:
    comment.anchor_from, comment.anchor_to = anchor.from_, anchor.to
    comment.quote, comment.detached = anchor.quote, anchor.detached
    comment.anchor_offset, comment.anchor_span = anchor.offset, anchor.span


def stored_anchor(comment: Comment) -> Anchor:
    """The anchor as its row holds it (valid at the row's anchor_version)."""
    return _anchor(comment)


def _anchor(comment: Comment) -> Anchor:
    return Anchor(comment.anchor_from, comment.anchor_to, comment.quote, comment.detached,
                  comment.anchor_offset, comment.anchor_span)


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
        with self._lock:
            return self._items.get(document_id, (-1, {}))

    def put(self, document_id: int, version: int, anchors: dict[int, Anchor]) -> None:
        with self._lock:
            if len(self._items) >= ANCHOR_CACHE_DOCUMENTS and document_id not in self._items:
                self._items.pop(next(iter(self._items)))
            self._items[document_id] = (version, anchors)

    def clear(self) -> None:
        """Forget everything (a process that switches databases, e.g. between tests)."""
        with self._lock:
            self._items.clear()


anchor_cache = AnchorCache()


def _bring_current(session: Session, document: Document, threads: list[Comment]
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
            starting[comment.id] = (comment.anchor_version, _anchor(comment))
    oldest = min((version for version, _ in starting.values()), default=now)
    steps = _steps_from(session, document, oldest) if oldest < now else []
    by_version: dict[int, list[int]] = defaultdict(list)
    for comment_id, (version, _) in starting.items():
        by_version[version].append(comment_id)
    anchors: dict[int, Anchor] = {}
    for version, ids in by_version.items():
        originals = [starting[i][1] for i in ids]
        mapped = (map_anchors(originals, steps[version - oldest:], current)
                  if version < now else originals)
        anchors.update(zip(ids, mapped, strict=True))
    for comment in threads:
        anchor = anchors[comment.id]
        if (now - comment.anchor_version >= PERSIST_EVERY
                or anchor.detached != comment.detached):
            _store_anchor(comment, anchor)
            comment.anchor_version = now
    session.flush()
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


@dataclass(frozen=True)
class Thread:
    """A thread with its range mapped to ``version`` and the text under it now."""

    comment: Comment
    anchor: Anchor
    text: str
    version: int

    @property
    def from_(self) -> int:
        """Where the range starts now."""
        return self.anchor.from_

    @property
    def to(self) -> int:
        """Where the range ends now (its start, once the text is gone)."""
        return self.anchor.from_ if self.anchor.detached else self.anchor.to


def thread_at(comment: Comment, anchor: Anchor, texts: RangeText, version: int) -> Thread:
    """A thread as the API shows it (``ThreadSchema``)."""
    return Thread(comment, anchor, texts.text(anchor), version)


def list_threads(session: Session, place: Place) -> list[Thread]:
    """Every thread on the text, anchors mapped to the current version, oldest first.

    Anchors that lagged far behind are written back (flushed): the caller commits them.
    """
    threads = list(session.scalars(
        select(Comment).where(Comment.document_id == place.document.id,
                              Comment.parent_id.is_(None))
        .options(joinedload(Comment.author),
                 selectinload(Comment.replies).joinedload(Comment.author))
        .order_by(Comment.id)
    ))
    current, anchors = _bring_current(session, place.document, threads)
    texts = RangeText(current)
    return [thread_at(comment, anchors[comment.id], texts, place.document.version)
            for comment in threads]


def set_resolved(session: Session, actor: User | None, comment: Comment, place: Place,
                 resolved: bool) -> Comment:
    """Resolve or reopen a thread (anyone taking part in the text may)."""
    if comment.parent_id is not None:
        raise Unprocessable("resolve the thread, not a reply in it")
    if place.proposal is None:
        require(actor, Action.COMMENT_ON_SECTION, place.section)
    elif not can(actor, Action.VIEW_PROPOSAL, place.proposal):
        raise NotFound("no such comment")
    comment.resolved = resolved
    comment.resolved_by_id = actor.id if actor and resolved else None
    comment.resolved_at = utcnow() if resolved else None
    session.flush()
    return comment
