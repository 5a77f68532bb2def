"""Reads for invitations: the pending ones a person may manage, one by id or by link."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cbook.accounts.models import User
from cbook.books.models import Chapter, Trio
from cbook.db import utcnow
from cbook.errors import NotFound
from cbook.invitations.models import Invitation
from cbook.policy import Action, can, led_trio_ids
from cbook.roles import Role


def token_digest(token: str) -> str:
    """The stored form of a link's token (256 random bits: a fast hash is enough)."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def get_invitation(session: Session, invitation_id: int) -> Invitation:
    """The invitation with this id, or NotFound."""
    invitation = session.get(Invitation, invitation_id)
    if invitation is None:
        raise NotFound("no such invitation")
    return invitation


def find_by_token(session: Session, token: str) -> Invitation | None:
    """The invitation a link's token names, whatever its state; None for a made-up token."""
    return session.scalar(select(Invitation).where(Invitation.token_hash == token_digest(token)))


def pending_invitations(session: Session, viewer: User) -> list[Invitation]:
    """The invitations not yet accepted, revoked or expired that ``viewer`` may manage,
    newest first (admins and coordinators: theirs to manage; a lead: their trio's)."""
    query = (select(Invitation).options(selectinload(Invitation.trio),
                                        selectinload(Invitation.invited_by))
             .where(Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None),
                    Invitation.expires_at > utcnow())
             .order_by(Invitation.created_at.desc(), Invitation.id.desc()))
    if viewer.role not in (Role.ADMIN, Role.COORDINATOR):
        query = query.where(Invitation.trio_id.in_(led_trio_ids(viewer)))
    return [invitation for invitation in session.scalars(query)
            if can(viewer, Action.INVITE_PEOPLE, invitation)]


def trios_to_invite_into(session: Session, viewer: User) -> list[Trio]:
    """The trios ``viewer`` may invite people into: all for staff who manage trios, else led."""
    query = select(Trio).order_by(Trio.name)
    if viewer.role not in (Role.ADMIN, Role.COORDINATOR):
        query = query.where(Trio.id.in_(led_trio_ids(viewer)))
    return list(session.scalars(query))


def find_trio(session: Session, slug: str) -> Trio | None:
    """The trio with this slug, if any."""
    return session.scalar(select(Trio).where(Trio.slug == slug.strip()))


def trio_chapter(session: Session, trio_id: int) -> Chapter | None:
    """The chapter a trio writes (the first, if several), out of the trash."""
    return session.scalar(select(Chapter).where(Chapter.trio_id == trio_id,
                                                Chapter.trashed_at.is_(None))
                          .order_by(Chapter.book_id, Chapter.position, Chapter.id).limit(1))
