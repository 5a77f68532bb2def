"""Starting translations, naming their translators, bringing sections up to date.
Callers commit; these only flush."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.audit.models import AuditAction
from cbook.audit.service import record
from cbook.books.models import Book, Section, TranslationMember, Trio
from cbook.errors import Conflict, Unprocessable
from cbook.languages import known_language, language_name, same_language
from cbook.policy import Action, require
from cbook.slugs import choose_slug
from cbook.translating import staleness, structure


def start_translation(session: Session, actor: User | None, source: Book, language: object) -> Book:
    """A new translation of ``source`` into ``language``, with its chapters and sections
    (every one "needs translation" until translated)."""
    require(actor, Action.MANAGE_TRANSLATIONS, source)
    if source.is_translation:
        raise Unprocessable("this book is itself a translation: translate its source book")
    tag = known_language(language)
    if same_language(tag, source.language):
        raise Unprocessable(f"the book is already written in {language_name(tag, 'en')}: "
                            "choose another language")
    existing = session.scalars(select(Book).where(Book.source_book_id == source.id)).all()
    for other in existing:
        if other.language.lower() == tag.lower():
            raise Conflict(f"there is already a {language_name(tag, 'en')} translation of "
                           f"this book: {other.slug}")
    slug = choose_slug(session, Book.slug, wanted=f"{source.slug}-{tag.lower()}"[:80],
                       title=source.title, fallback="translation", reserved=frozenset({"new"}))
    book = Book(slug=slug, title=source.title, subtitle=source.subtitle,
                description=source.description, language=tag, source_book=source,
                cover_file=source.cover_file, allow_self_merge=source.allow_self_merge)
    session.add(book)
    session.flush()
    structure.start_structure(session, book)
    record(session, AuditAction.TRANSLATION_STARTED, actor=actor, target_kind="book",
           target_id=book.id, target_label=book.slug,
           details={"source": source.slug, "language": tag})
    return book


def add_translator(session: Session, actor: User | None, translation: Book, *,
                   user: User | None = None, trio: Trio | None = None) -> TranslationMember:
    """Name a person, or a trio, as translators of one translation."""
    require(actor, Action.MANAGE_TRANSLATIONS, translation)
    if not translation.is_translation:
        raise Unprocessable("translators are named for a translation, not a source book")
    if (user is None) == (trio is None):
        raise Unprocessable("name either a person or a trio")
    for member in translation.translators:
        if (user is not None and member.user_id == user.id) or (
                trio is not None and member.trio_id == trio.id):
            raise Conflict("they already translate this book")
    if user is not None and not user.active:
        raise Unprocessable("that account is deactivated")
    member = TranslationMember(book=translation, user=user, trio=trio)
    session.add(member)
    session.flush()
    record(session, AuditAction.TRANSLATORS_CHANGED, actor=actor, target_kind="book",
           target_id=translation.id, target_label=translation.slug,
           details={"added": user.email if user else f"trio:{trio.slug if trio else ''}"})
    return member


def remove_translator(session: Session, actor: User | None, member: TranslationMember) -> None:
    """Take a person or trio off a translation (their work stays)."""
    require(actor, Action.MANAGE_TRANSLATIONS, member.book)
    record(session, AuditAction.TRANSLATORS_CHANGED, actor=actor, target_kind="book",
           target_id=member.book_id, target_label=member.book.slug,
           details={"removed": member.user.email if member.user
                    else f"trio:{member.trio.slug if member.trio else ''}"})
    session.delete(member)
    session.flush()


def bring_up_to_date(session: Session, actor: User | None, section: Section,
                     block_ids: list[str] | None) -> bool:
    """Mark source changes as brought into the translation (``None``: all); returns
    whether the section now matches the source."""
    require(actor, Action.EDIT_SECTION, section)
    return staleness.mark_caught_up(session, section, block_ids)
