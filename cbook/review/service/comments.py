"""Comments' writes: start a thread on a range of text, reply, resolve and reopen, and
write back anchors that a listing brought far forward.

Where comments live (a :class:`~cbook.review.queries.Place`) and listing their threads
are reads, in :mod:`cbook.review.queries`; anchors are brought forward by
:mod:`cbook.review.comment_anchors`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.db import utcnow
from cbook.editor import authority
from cbook.editor.models import Document
from cbook.errors import InvalidInput, NotFound, Unprocessable
from cbook.policy import Action, can, require
from cbook.review import mentions
from cbook.review.anchors import make_anchor, map_anchors
from cbook.review.comment_anchors import needs_keeping, steps_from, store_anchor
from cbook.review.models import Comment, NotificationKind
from cbook.review.queries import Place, Thread, place_readers
from cbook.review.service import inbox
from cbook.textrules import clean_prose

BODY_MAX = 10_000


def _whole_number(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{name} must be a whole number")
    return value


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
        anchor = map_anchors([anchor], steps_from(session, document, at),
                             authority.document_node(session, document))[0]
    comment = Comment(document_id=document.id, author_id=author_id, body=text,
                      anchor_version=document.version)
    store_anchor(comment, anchor)
    session.add(comment)
    session.flush()
    _notify(session, actor, place, comment, [])
    return comment


def _notify(session: Session, actor: User | None, place: Place, comment: Comment,
            thread: list[User | None]) -> None:
    about = inbox.About(section_id=place.section.id, proposal=place.proposal, comment=comment)
    mentioned = mentions.mentioned_users(comment.body, place_readers(session, place))
    inbox.notify(session, mentioned, NotificationKind.MENTIONED, actor, about)
    already = {user.id for user in mentioned}
    repliers = [u for u in thread if u is not None and u.id not in already]
    inbox.notify(session, repliers, NotificationKind.REPLY, actor, about)
    if comment.parent_id is None:
        # A new thread: those whose text it is about hear of it (a section's trio, or the
        # proposal's author), unless they were told already as mentioned.
        if place.proposal is not None:
            owners = [place.proposal.author]
        else:
            trio = place.section.chapter.trio
            owners = [m.user for m in trio.memberships] if trio is not None else []
        inbox.notify(session, [u for u in owners if u is not None and u.id not in already],
                     NotificationKind.COMMENTED, actor, about)


def keep_anchors(session: Session, document: Document, threads: Iterable[Thread]) -> int:
    """Write back the listed threads' anchors that lagged PERSIST_EVERY versions or
    detached or re-attached, so another process (or this one after a restart) starts
    from them; returns how many. The listing's unit of work commits them."""
    now = document.version
    kept = 0
    for thread in threads:
        if needs_keeping(thread.comment, thread.anchor, now):
            store_anchor(thread.comment, thread.anchor)
            thread.comment.anchor_version = now
            kept += 1
    session.flush()
    return kept


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
