"""Each person's mail choices: read with the defaults filled in, saved, one stopped."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.errors import InvalidInput
from cbook.notifications.models import (
    CATEGORY_OF,
    DEFAULTS,
    Category,
    Delivery,
    NotificationPreference,
)


def choices_for(session: Session, user_id: int) -> dict[Category, Delivery]:
    """Every category's delivery for this person: their choice, else the default."""
    chosen = dict(session.execute(
        select(NotificationPreference.category, NotificationPreference.delivery)
        .where(NotificationPreference.user_id == user_id)).all())
    return {category: Delivery(chosen.get(category.value, DEFAULTS[category]))
            for category in Category}


def delivery_of(choices: Mapping[Category, Delivery], kind: str) -> Delivery:
    """How an inbox entry of ``kind`` reaches a person with these choices."""
    category = CATEGORY_OF.get(kind)
    return choices[category] if category is not None else Delivery.NONE


def save_choices(session: Session, user: User, wanted: Mapping[str, str]) -> None:
    """Store a person's choice for every category named in ``wanted``."""
    cleaned: dict[Category, Delivery] = {}
    for name, value in wanted.items():
        try:
            cleaned[Category(name)] = Delivery(value)
        except ValueError:
            raise InvalidInput(f"{name!r}: {value!r} is not a choice") from None
    for category, delivery in cleaned.items():
        _store(session, user.id, category, delivery)
    session.flush()


def stop(session: Session, user_id: int, category: Category) -> None:
    """No more mail of ``category`` for this person (the unsubscribe link)."""
    _store(session, user_id, category, Delivery.NONE)
    session.flush()


def _store(session: Session, user_id: int, category: Category, delivery: Delivery) -> None:
    session.execute(delete(NotificationPreference).where(
        NotificationPreference.user_id == user_id,
        NotificationPreference.category == category.value))
    if delivery != DEFAULTS[category]:
        session.add(NotificationPreference(user_id=user_id, category=category.value,
                                           delivery=delivery.value))
