"""Anchored comments on sections and proposals, and each person's inbox, over JSON."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from cbook.accounts.models import User
from cbook.api.schemas import (
    CommentCreateSchema,
    InboxQuerySchema,
    InboxSchema,
    MarkedSchema,
    MentionablePersonSchema,
    MentionedSchema,
    MentionsSchema,
    PostedReplySchema,
    PostedThreadSchema,
    ResolvedSchema,
    ThreadSchema,
)
from cbook.editor import authority
from cbook.errors import NotSignedIn
from cbook.review import mentions, queries
from cbook.review.comment_anchors import RangeText, stored_anchor
from cbook.review.models import Comment
from cbook.review.queries import Place, Thread
from cbook.review.service import comments, inbox
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.unit_of_work import transaction

blueprint = Blueprint("api_comments", __name__, url_prefix="/api/v1",
                      description="Comments anchored to text, and the inbox")


def _add(place: Place, body: dict[str, Any]) -> dict[str, Any]:
    comment = comments.add_comment(
        db(), acting_user(), place, body=body["body"], from_=body.get("from_"),
        to=body.get("to"), version=body.get("version"), parent_id=body.get("parent_id"),
    )
    told = _mentions(place, comment.body)
    # A reply and a new thread answer in different shapes, so the schema is chosen here.
    if comment.parent_id is not None:
        reply: dict[str, Any] = PostedReplySchema().dump(_WithMentions(comment, told))
        return reply
    current = authority.document_node(db(), place.document)
    thread = queries.thread_at(comment, stored_anchor(comment), RangeText(current),
                               place.document.version)
    posted: dict[str, Any] = PostedThreadSchema().dump(_WithMentions(thread, told))
    return posted


class _WithMentions:
    """A new comment or thread and who it told, read as one object by its schema."""

    def __init__(self, posted: Comment | Thread, mentions: dict[str, Any]) -> None:
        self._posted, self.mentions = posted, mentions

    def __getattr__(self, name: str) -> Any:
        return getattr(self._posted, name)


def _mentions(place: Place, text: str) -> dict[str, Any]:
    found = mentions.resolve_mentions(text, queries.place_readers(db(), place))
    viewer = acting_user()
    # Nobody is told of their own mention (inbox.notify skips the actor).
    told = [user for user in found.users if viewer is None or user.id != viewer.id]
    return {"people": told, "unknown": found.unknown, "ambiguous": found.ambiguous}


def _people(place: Place) -> list[User]:
    viewer = acting_user()
    return [user for user in sorted(queries.place_readers(db(), place), key=lambda u: u.name)
            if viewer is None or user.id != viewer.id]


@blueprint.route("/sections/<int:section_id>/people")
@blueprint.response(200, MentionablePersonSchema(many=True))
def section_people(section_id: int) -> list[User]:
    """Who can be @mentioned in the section's comments (those who may read them)."""
    return _people(queries.section_place(db(), acting_user(), section_id))


@blueprint.route("/proposals/<int:proposal_id>/people")
@blueprint.response(200, MentionablePersonSchema(many=True))
def proposal_people(proposal_id: int) -> list[User]:
    """Who can be @mentioned in the proposal's discussion."""
    return _people(queries.proposal_place(db(), acting_user(), proposal_id))


@blueprint.route("/sections/<int:section_id>/mentions", methods=["POST"])
@blueprint.arguments(MentionsSchema)
@blueprint.response(200, MentionedSchema)
def section_mentions(body: dict[str, Any], section_id: int) -> dict[str, Any]:
    """Who a comment with this text would tell, and which @names match nobody."""
    return _mentions(queries.section_place(db(), acting_user(), section_id), body["text"])


@blueprint.route("/proposals/<int:proposal_id>/mentions", methods=["POST"])
@blueprint.arguments(MentionsSchema)
@blueprint.response(200, MentionedSchema)
def proposal_mentions(body: dict[str, Any], proposal_id: int) -> dict[str, Any]:
    """Who a comment on the proposal with this text would tell."""
    return _mentions(queries.proposal_place(db(), acting_user(), proposal_id), body["text"])


def _list(place: Place) -> list[Thread]:
    threads = queries.list_threads(db(), place)
    # Anchors brought far forward are written back (the handlers commit), so another
    # process, or this one after a restart, starts from them.
    comments.keep_anchors(db(), place.document, threads)
    return threads


@blueprint.route("/sections/<int:section_id>/comments", methods=["POST"])
@blueprint.arguments(CommentCreateSchema)
@blueprint.response(201)
@transaction()
def comment_on_section(body: dict[str, Any], section_id: int) -> dict[str, Any]:
    """Start a thread on a range of the section's text (at ``version``), or reply."""
    return _add(queries.section_place(db(), acting_user(), section_id), body)


@blueprint.route("/sections/<int:section_id>/comments")
@blueprint.response(200, ThreadSchema(many=True))
@transaction()
def section_comments(section_id: int) -> list[Thread]:
    """Every thread, its range mapped to the current version; detached ones included."""
    return _list(queries.section_place(db(), acting_user(), section_id))


@blueprint.route("/proposals/<int:proposal_id>/comments", methods=["POST"])
@blueprint.arguments(CommentCreateSchema)
@blueprint.response(201)
@transaction()
def comment_on_proposal(body: dict[str, Any], proposal_id: int) -> dict[str, Any]:
    """Start a thread on a range of the proposal's text, or reply."""
    return _add(queries.proposal_place(db(), acting_user(), proposal_id), body)


@blueprint.route("/proposals/<int:proposal_id>/comments")
@blueprint.response(200, ThreadSchema(many=True))
@transaction()
def proposal_comments(proposal_id: int) -> list[Thread]:
    """Every thread on the proposal's text."""
    return _list(queries.proposal_place(db(), acting_user(), proposal_id))


def _set_resolved(comment_id: int, resolved: bool) -> Comment:
    comment, place = queries.comment_place(db(), acting_user(), comment_id)
    return comments.set_resolved(db(), acting_user(), comment, place, resolved)


@blueprint.route("/comments/<int:comment_id>/resolve", methods=["POST"])
@blueprint.response(200, ResolvedSchema)
@transaction()
def resolve(comment_id: int) -> Comment:
    """Mark a thread resolved (it stays listed, marked so)."""
    return _set_resolved(comment_id, True)


@blueprint.route("/comments/<int:comment_id>/reopen", methods=["POST"])
@blueprint.response(200, ResolvedSchema)
@transaction()
def reopen(comment_id: int) -> Comment:
    """Open a resolved thread again."""
    return _set_resolved(comment_id, False)


def _signed_in() -> Any:
    user = acting_user()
    if user is None:
        raise NotSignedIn("sign in first")
    return user


@blueprint.route("/inbox")
@blueprint.arguments(InboxQuerySchema, location="query")
@blueprint.response(200, InboxSchema)
def list_inbox(query: dict[str, Any]) -> dict[str, Any]:
    """Your notifications, newest first, with how many are unread."""
    user = _signed_in()
    entries = queries.list_inbox(db(), user, unread_only=query["unread"])
    return {"unread": queries.unread_count(db(), user), "notifications": entries}


@blueprint.route("/inbox/read", methods=["POST"])
@blueprint.response(200, MarkedSchema)
@transaction()
def read_all() -> dict[str, Any]:
    """Mark every notification read."""
    changed = inbox.mark_read(db(), _signed_in())
    return {"marked": changed}


@blueprint.route("/inbox/<int:notification_id>/read", methods=["POST"])
@blueprint.response(200, MarkedSchema)
@transaction()
def read_one(notification_id: int) -> dict[str, Any]:
    """Mark one notification read."""
    changed = inbox.mark_read(db(), _signed_in(), notification_id)
    return {"marked": changed}
