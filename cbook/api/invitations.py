"""Invitations over JSON: send one, list the pending ones, withdraw one."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_smorest import Blueprint

from cbook.api.schemas.invitations import InvitationRequestSchema, InvitationSchema
from cbook.errors import Unprocessable
from cbook.invitations import queries, service
from cbook.invitations.models import Invitation
from cbook.policy import Action, require
from cbook.web.auth import acting_user
from cbook.web.database import db
from cbook.web.links import external_url
from cbook.web.unit_of_work import transaction

blueprint = Blueprint("api_invitations", __name__, url_prefix="/api/v1",
                      description="Invitations: bring people in by a link sent by mail")


def _link_for(token: str) -> str:
    return external_url("invitations.accept", token=token)


@blueprint.route("/invitations", methods=["POST"])
@blueprint.arguments(InvitationRequestSchema)
@blueprint.response(201, InvitationSchema)
def send_invitation(body: dict[str, Any]) -> Invitation:
    """Invite a person (admins: any role; coordinators: authors, editors, readers; a trio
    lead: authors into their trio): 201 ``{id, email, role, expires_at}``."""
    viewer = acting_user()
    require(viewer, Action.INVITE_PEOPLE)  # the service lets only the command line act unnamed
    trio = None
    if body["trio"]:
        trio = queries.find_trio(db(), body["trio"])
        if trio is None:
            raise Unprocessable("no such trio", {"trio": body["trio"]})
    with transaction():
        sent = service.invite(db(), viewer, body["email"], body["role"], trio, _link_for,
                              language=str(get_locale()))
    return sent.invitation


@blueprint.route("/invitations")
@blueprint.response(200, InvitationSchema(many=True))
def list_invitations() -> list[Invitation]:
    """The pending invitations this person may manage, newest first."""
    viewer = acting_user()
    require(viewer, Action.INVITE_PEOPLE)
    assert viewer is not None  # require() let a signed-in person through
    return queries.pending_invitations(db(), viewer)


@blueprint.route("/invitations/<int:invitation_id>", methods=["DELETE"])
@blueprint.response(204)
def revoke_invitation(invitation_id: int) -> None:
    """Withdraw an invitation: its link stops working (204, also if already withdrawn)."""
    viewer = acting_user()
    require(viewer, Action.INVITE_PEOPLE)
    with transaction():
        service.revoke(db(), viewer, queries.get_invitation(db(), invitation_id))
