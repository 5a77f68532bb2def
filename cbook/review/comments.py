"""Comments anchored to text in a section or a proposal, with threads, resolve and reopen.

An anchor is stored with the version it is valid at. Reading brings every anchor forward
through only the steps made since (once, for all of them) and saves the result, so a
section with a long history costs no more to read than one without.
"""

from __future__ import annotations

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
from cbook.review import inbox
from cbook.review.anchors import Anchor, current_text, make_anchor, map_anchors
from cbook.review.models import Comment, NotificationKind, Proposal
from cbook.review.proposals import get_proposal
from cbook.textrules import clean_prose

BODY_MAX = 10_000


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


def _notify(session: Session, actor: User | None, place: Place, comment: Comment,
            thread: list[User | None]) -> None:
    about = inbox.About(section_id=place.section.id, proposal=place.proposal, comment=comment)
    mentioned = inbox.mentioned_users(session, comment.body)
    inbox.notify(session, mentioned, NotificationKind.MENTIONED, actor, about)
    already = {user.id for user in mentioned}
    inbox.notify(session, [u for u in thread if u is not None and u.id not in already],
                 NotificationKind.REPLY, actor, about)


def _store_anchor(comment: Comment, anchor: Anchor) -> None:
    comment.anchor_from, comment.anchor_to = anchor.from_, anchor.to
    comment.quote, comment.detached = anchor.quote, anchor.detached
    comment.anchor_offset, comment.anchor_span = anchor.offset, anchor.span


def _anchor(comment: Comment) -> Anchor:
    return Anchor(comment.anchor_from, comment.anchor_to, comment.quote, comment.detached,
                  comment.anchor_offset, comment.anchor_span)


def _bring_current(session: Session, document: Document, threads: list[Comment]) -> Node:
    """Map every stale anchor through the steps since its version, in one pass each."""
    current = authority.document_node(session, document)
    stale = [c for c in threads if c.anchor_version < document.version]
    if not stale:
        return current
    oldest = min(c.anchor_version for c in stale)
    steps = _steps_from(session, document, oldest)
    by_version: dict[int, list[Comment]] = defaultdict(list)
    for comment in stale:
        by_version[comment.anchor_version].append(comment)
    for version, group in by_version.items():
        anchors = [_anchor(c) for c in group]
        for comment, anchor in zip(group, map_anchors(anchors, steps[version - oldest:],
                                                      current), strict=True):
            _store_anchor(comment, anchor)
            comment.anchor_version = document.version
    session.flush()
    return current


def list_threads(session: Session, place: Place) -> list[dict[str, Any]]:
    """Every thread on the text, anchors mapped to the current version, oldest first."""
    threads = list(session.scalars(
        select(Comment).where(Comment.document_id == place.document.id,
                              Comment.parent_id.is_(None))
        .options(joinedload(Comment.author),
                 selectinload(Comment.replies).joinedload(Comment.author))
        .order_by(Comment.id)
    ))
    current = _bring_current(session, place.document, threads)
    return [thread_json(comment, current, place.document.version) for comment in threads]


def _person(user: User | None) -> dict[str, Any] | None:
    return {"id": user.id, "name": user.name} if user else None


def thread_json(comment: Comment, current: Node, version: int) -> dict[str, Any]:
    """A thread as the API shows it."""
    anchor = _anchor(comment)
    return {
        "id": comment.id, "from": comment.anchor_from, "to": comment.anchor_to,
        "version": version, "quote": comment.quote,
        "text": current_text(current, anchor), "detached": comment.detached,
        "resolved": comment.resolved, "body": comment.body,
        "author": _person(comment.author), "created_at": comment.created_at.isoformat(),
        "replies": [reply_json(reply) for reply in comment.replies],
    }


def reply_json(comment: Comment) -> dict[str, Any]:
    """A reply as the API shows it."""
    return {"id": comment.id, "parent_id": comment.parent_id, "body": comment.body,
            "author": _person(comment.author), "created_at": comment.created_at.isoformat()}


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
