"""Telling translators when the original of what they translated changes."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books.models import Book, Section
from cbook.review.models import NotificationKind
from cbook.review.service import inbox
from cbook.translating import staleness


def translators_of(book: Book) -> list[User]:
    """Everyone who writes a translation: its named translators and its trios' members."""
    people: list[User] = []
    for member in book.translators:
        if member.user is not None:
            people.append(member.user)
        elif member.trio is not None:
            people.extend(m.user for m in member.trio.memberships)
    return people


def original_published(session: Session, actor: User | None, source: Section,
                       translated_sections: Sequence[Section]) -> int:
    """After ``source`` is published: the translators of each of its translations
    (``translated_sections``) it has made behind hear of it (their inbox, and mail as they
    chose); returns how many were told."""
    told = 0
    for translated in translated_sections:
        if not translated.is_published or not staleness.is_behind(translated, source):
            continue  # a copy still waiting for its first translation has nothing to redo
        told += inbox.notify(session, translators_of(translated.chapter.book),
                             NotificationKind.ORIGINAL_CHANGED, actor,
                             inbox.About(section_id=translated.id))
    return told
