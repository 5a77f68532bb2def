"""The addresses notification mails carry, and the signed one-click unsubscribe token.

Flask-free: the site's root and secret are handed in (by the composition root in the
background sender, by the views for the unsubscribe page).
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

from cbook.notifications.models import Category
from cbook.review.models import Notification

_SALT = "cbook.unsubscribe"


def unsubscribe_token(secret: str, user_id: int, category: Category) -> str:
    """A signed token naming a person and a category; no expiry, so old mails keep working."""
    return str(URLSafeSerializer(secret, salt=_SALT).dumps([user_id, category.value]))


def read_unsubscribe_token(secret: str, token: str) -> tuple[int, Category] | None:
    """The person and category a token names, or None if it is not one we signed."""
    try:
        user_id, name = URLSafeSerializer(secret, salt=_SALT).loads(token)
        return int(user_id), Category(name)
    except (BadSignature, ValueError, TypeError):
        return None


@dataclass(frozen=True)
class Links:
    """Absolute addresses for mail under the site's root (no trailing slash)."""

    root: str
    secret: str

    def entry(self, entry: Notification) -> str:
        """Opens the entry (marking it read) at its exact place: the comment, the proposal."""
        return f"{self.root}/inbox/{entry.id}"

    def settings(self) -> str:
        """Where a person chooses what they are mailed."""
        return f"{self.root}/account/notifications"

    def unsubscribe(self, user_id: int, category: Category) -> str:
        """The one-click link that stops one category (no sign-in needed)."""
        return f"{self.root}/unsubscribe/{unsubscribe_token(self.secret, user_id, category)}"
