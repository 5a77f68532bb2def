"""Account reads: who a signed-in browser is, finding people for the admin list, a
person's API tokens."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import Session

from cbook.accounts.models import ApiToken, LoginSession, User
from cbook.paging import Paging
from cbook.roles import Role

PEOPLE_PER_PAGE = 50

# Every signed-in request asks this, so the statement is built once: building it (not
# running it) was a third of the lookup's cost.
_USER_OF_LOGIN_SESSION = (
    select(User).join(LoginSession, LoginSession.user_id == User.id)
    .where(LoginSession.token_hash == bindparam("token_hash"), User.active.is_(True))
)


def user_of_login_session(session: Session, token_hash: str) -> User | None:
    """The active user whose login session has this token hash: one statement, read
    afresh on every request, so a browser signed out or a person deactivated anywhere
    is anonymous on its very next request."""
    return session.scalar(_USER_OF_LOGIN_SESSION, {"token_hash": token_hash})


@dataclass(frozen=True)
class PeoplePage(Paging):
    """One page of the people matching a search."""

    people: Sequence[User]


def _like_pattern(text: str) -> str:
    # What a person types is matched literally: % and _ are not wildcards to them.
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _matching(text: str, role: Role | None) -> Select[User]:
    query = select(User)
    words = text.split()
    for word in words:
        # Each word must appear in the name or the email ("priya example" finds
        # priya.raman@example.org); ilike folds case on SQLite and PostgreSQL alike.
        pattern = _like_pattern(word)
        query = query.where(or_(User.name.ilike(pattern, escape="\\"),
                                User.email.ilike(pattern, escape="\\")))
    if role is not None:
        query = query.where(User.role == role)
    return query


def search_people(
    session: Session, text: str = "", role: Role | None = None, page: int = 1,
    per_page: int = PEOPLE_PER_PAGE,
) -> PeoplePage:
    """The people whose name or email contains every word of ``text``, by name."""
    query = _matching(text[:200], role)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    last_page = max(1, -(-total // per_page))
    page = min(max(1, page), last_page)
    people = session.scalars(
        query.order_by(func.lower(User.name), User.id)
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return PeoplePage(people=people, total=total, page=page, per_page=per_page)


def list_api_tokens(session: Session, user: User) -> Sequence[ApiToken]:
    """The user's API tokens, oldest first."""
    return session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at)
    ).all()
