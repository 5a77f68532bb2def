"""Writes for trios: who leads them and who belongs to them.

A service module of the books feature beside ``service.py`` (books, chapters, sections),
which would pass ~400 lines with these; callers commit, these only flush. Trios' reads are
in ``books.queries``.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books.models import Trio, TrioMembership
from cbook.errors import Unprocessable
from cbook.policy import Action, require
from cbook.slugs import choose_slug
from cbook.textrules import clean_title, find_unstorable


def _users_by_email(session: Session, emails: list[str]) -> list[User]:
    wanted = list(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))
    users = {u.email: u for u in session.scalars(select(User).where(User.email.in_(wanted)))}
    missing = [email for email in wanted if email not in users]
    if missing:
        raise Unprocessable(f"no user with email: {', '.join(missing)}", missing)
    return [users[email] for email in wanted]


def create_trio(
    session: Session, actor: User | None, *, name: str, description: str = "",
    slug: str | None = None,
) -> Trio:
    """Add a trio, empty until members are set."""
    require(actor, Action.MANAGE_TRIOS)
    clean = clean_title(name, "name", 200)
    trio_slug = choose_slug(session, Trio.slug, wanted=slug, title=clean, fallback="trio")
    if find_unstorable(description):
        raise Unprocessable("description contains characters that cannot be stored")
    trio = Trio(slug=trio_slug, name=clean, description=description.strip())
    session.add(trio)
    session.flush()
    return trio


def update_trio(
    session: Session, actor: User | None, trio: Trio, *, name: str | None = None,
    description: str | None = None,
) -> Trio:
    """Rename or re-describe a trio."""
    require(actor, Action.MANAGE_TRIOS)
    if name is not None:
        trio.name = clean_title(name, "name", 200)
    if description is not None:
        if find_unstorable(description):
            raise Unprocessable("description contains characters that cannot be stored")
        trio.description = description.strip()
    session.flush()
    return trio


def set_trio_members(
    session: Session, actor: User | None, trio: Trio, *, lead: str | None,
    members: list[str],
) -> Trio:
    """Replace a trio's lead and members (by email); the lead counts as a member."""
    require(actor, Action.MANAGE_TRIOS)
    lead_user = _users_by_email(session, [lead])[0] if lead and lead.strip() else None
    member_users = _users_by_email(session, members)
    everyone = ([lead_user] if lead_user else []) + [
        u for u in member_users if lead_user is None or u.id != lead_user.id
    ]
    trio.memberships.clear()
    session.flush()
    for user in everyone:
        trio.memberships.append(
            TrioMembership(user=user, is_lead=lead_user is not None and user.id == lead_user.id)
        )
    session.flush()
    return trio


def _membership(trio: Trio, user: User) -> TrioMembership | None:
    return next((m for m in trio.memberships if m.user_id == user.id), None)


def _lead_only(trio: Trio, lead: TrioMembership) -> None:
    # A trio has one lead: naming a new one makes the old lead a member.
    for membership in trio.memberships:
        membership.is_lead = membership is lead


def add_member(
    session: Session, actor: User | None, trio: Trio, user: User, *, lead: bool = False,
) -> TrioMembership:
    """Put a person in a trio, as its lead if asked (the old lead stays a member)."""
    require(actor, Action.MANAGE_TRIOS)
    if _membership(trio, user) is not None:
        raise Unprocessable(f"{user.name} is already in {trio.name}")
    membership = TrioMembership(user=user, is_lead=False)
    trio.memberships.append(membership)
    if lead:
        _lead_only(trio, membership)
    session.flush()
    return membership


def make_lead(session: Session, actor: User | None, trio: Trio, user: User) -> TrioMembership:
    """Make a member the trio's lead; the previous lead stays a member."""
    require(actor, Action.MANAGE_TRIOS)
    membership = _membership(trio, user)
    if membership is None:
        raise Unprocessable(f"{user.name} is not in {trio.name}")
    _lead_only(trio, membership)
    session.flush()
    return membership


def remove_member(session: Session, actor: User | None, trio: Trio, user: User) -> None:
    """Take a person out of a trio; the chapters they wrote stay the trio's."""
    require(actor, Action.MANAGE_TRIOS)
    membership = _membership(trio, user)
    if membership is None:
        raise Unprocessable(f"{user.name} is not in {trio.name}")
    trio.memberships.remove(membership)
    if membership in user.memberships:  # keep the person's side true within this session
        user.memberships.remove(membership)
    session.flush()


def delete_trio(session: Session, actor: User | None, trio: Trio) -> None:
    """Remove a trio; its chapters stay, owned by no trio."""
    require(actor, Action.MANAGE_TRIOS)
    session.delete(trio)
    session.flush()
