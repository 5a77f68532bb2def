"""The one permission policy: ``can(user, action, obj)``.

Views, the API, templates and (later) search filtering all ask this module; nothing else
decides who may do what. ``user`` is None for anonymous visitors.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from cbook.errors import Conflict, NotSignedIn, PermissionDenied
from cbook.roles import Role

if TYPE_CHECKING:
    from cbook.accounts.models import User
    from cbook.books.models import Book, Chapter, Section, TrashItem
    from cbook.review.models import Proposal

STAFF = frozenset({Role.EDITOR, Role.COORDINATOR, Role.ADMIN})


class Action(StrEnum):
    """Everything the policy is asked about."""

    VIEW_SECTION = "view_section"
    CREATE_BOOK = "create_book"
    EDIT_BOOK = "edit_book"
    CREATE_CHAPTER = "create_chapter"
    EDIT_CHAPTER = "edit_chapter"
    EDIT_SECTION = "edit_section"
    PUBLISH_SECTION = "publish_section"
    PUBLISH_CHAPTER = "publish_chapter"  # every draft section of a chapter at once
    MANAGE_USERS = "manage_users"
    MANAGE_TAXONOMY = "manage_taxonomy"
    MANAGE_TRIOS = "manage_trios"
    USE_ACCOUNT = "use_account"
    PROPOSE_CHANGES = "propose_changes"
    VIEW_PROPOSAL = "view_proposal"
    EDIT_PROPOSAL = "edit_proposal"
    REVIEW_PROPOSAL = "review_proposal"
    MERGE_PROPOSAL = "merge_proposal"
    COMMENT_ON_SECTION = "comment_on_section"
    EDIT_LIBRARY = "edit_library"
    DELETE_RESOURCE = "delete_resource"
    EXPORT_BOOK = "export_book"
    VIEW_EXPORT = "view_export"
    DELETE_SECTION = "delete_section"  # move to the trash
    DELETE_CHAPTER = "delete_chapter"  # move to the trash, with its sections
    VIEW_TRASH = "view_trash"
    RESTORE_FROM_TRASH = "restore_from_trash"
    PURGE_FROM_TRASH = "purge_from_trash"
    VIEW_AUDIT_TRAIL = "view_audit_trail"
    # Without an object: may invite anyone at all (the invitations pages); with an
    # invitation (or anything with ``role`` and ``trio_id``): may make, re-send or revoke it.
    INVITE_PEOPLE = "invite_people"
    # Start a translation of a book, name its translators (coordinators and admins).
    MANAGE_TRANSLATIONS = "manage_translations"


def _role(user: User | None) -> Role | None:
    if user is None or not user.active:
        return None
    return user.role


def trio_ids(user: User) -> frozenset[int]:
    """The trios a user belongs to (cached on the object for the request)."""
    cached: frozenset[int] | None = getattr(user, "_trio_ids", None)
    if cached is None:
        cached = frozenset(membership.trio_id for membership in user.memberships)
        user._trio_ids = cached  # type: ignore[attr-defined]
    return cached


def led_trio_ids(user: User) -> frozenset[int]:
    """The trios a user leads."""
    return frozenset(m.trio_id for m in user.memberships if m.is_lead)


# Coordinators bring in writers and readers; only admins make other coordinators or admins.
INVITABLE_BY_COORDINATORS = frozenset({Role.AUTHOR, Role.EDITOR, Role.READER})


def _invitation_rule(user: User, role: Role, invitation: object) -> bool:
    if role == Role.ADMIN:
        return True
    if invitation is None:
        return role == Role.COORDINATOR or bool(led_trio_ids(user))
    invited_role = getattr(invitation, "role", None)
    if role == Role.COORDINATOR:
        return invited_role in INVITABLE_BY_COORDINATORS
    # A trio lead recruits authors into the trio they lead, and nothing else.
    trio_id = getattr(invitation, "trio_id", None)
    return invited_role == Role.AUTHOR and trio_id is not None and trio_id in led_trio_ids(user)


def translation_ids(user: User) -> frozenset[int]:
    """The translations (book ids) a user is named a translator of."""
    cached: frozenset[int] | None = getattr(user, "_translation_ids", None)
    if cached is None:
        cached = frozenset(m.book_id for m in user.translation_memberships)
        user._translation_ids = cached  # type: ignore[attr-defined]
    return cached


def translates(user: User, book: Book) -> bool:
    """Whether the user is one of a translation's translators, by name or by trio.

    The per-translation role: on top of the user's own role, it lets them write that
    translation's chapters, readers included (community members translate too)."""
    if book.source_book_id is None:
        return False
    return book.id in translation_ids(user) or bool(book.translator_trio_ids & trio_ids(user))


def _writes_chapter(user: User, role: Role, chapter: Chapter) -> bool:
    if role in STAFF:
        return True
    if chapter.book.source_book_id is not None:  # a translation: its translators write it
        return translates(user, chapter.book)
    return role == Role.AUTHOR and chapter.trio_id is not None and chapter.trio_id in trio_ids(user)


def sees_drafts_in(user: User | None, chapter: Chapter) -> bool:
    """Whether the user may read the unpublished sections of a chapter."""
    role = _role(user)
    return role is not None and user is not None and _writes_chapter(user, role, chapter)


def section_access_key(user: User | None) -> tuple[object, ...]:
    """All that decides, for ``user``, what the policy says about reading and writing
    sections and chapters (viewing, drafts, editing, proposing): two people with the same
    key see a section page alike, so a rendering of it may be shared between them.

    Not about proposals or resources, whose rules also look at who made them.
    """
    role = _role(user)
    if role is None or user is None:
        return ()
    if role in STAFF:
        return (role.value,)
    # Authors' and readers' rights depend on more than the role: the trios they write
    # for and the translations they are named translators of.
    return (role.value, tuple(sorted(trio_ids(user))), tuple(sorted(translation_ids(user))))


def _proposal_rule(user: User, role: Role, action: Action, proposal: Proposal) -> bool:
    if action != Action.VIEW_PROPOSAL and proposal.section.in_trash:
        return False  # nothing changes in the trash until it is restored
    is_author = proposal.author_id == user.id
    writes_section = _writes_chapter(user, role, proposal.section.chapter)
    match action:
        case Action.VIEW_PROPOSAL:
            return is_author or writes_section
        case Action.EDIT_PROPOSAL:
            return proposal.is_open and (is_author or writes_section)
        case Action.REVIEW_PROPOSAL:
            # Approving or asking for changes is an editor's call, never on their own work.
            return proposal.is_open and role in STAFF and not is_author
        case Action.MERGE_PROPOSAL:
            if not proposal.is_open or role not in STAFF:
                return False
            return not is_author or proposal.section.chapter.book.allow_self_merge
    return False


TRASH_ACTIONS = frozenset({Action.VIEW_TRASH, Action.RESTORE_FROM_TRASH,
                           Action.PURGE_FROM_TRASH})
PROPOSAL_ACTIONS = frozenset({Action.VIEW_PROPOSAL, Action.EDIT_PROPOSAL,
                              Action.REVIEW_PROPOSAL, Action.MERGE_PROPOSAL})


def _trashed_chapter(item: TrashItem) -> Chapter:
    """The chapter whose writers may restore a trash item (a section's own chapter)."""
    if item.section is not None:
        return item.section.chapter
    assert item.chapter is not None  # a trash item holds a chapter or a section
    return item.chapter


def _in_trash(action: Action, obj: object) -> bool:
    # A section in the trash (or in a trashed chapter) is neither read nor changed, so
    # every route that asks about it says "no such section" until it is restored.
    if action in {Action.VIEW_SECTION, Action.EDIT_SECTION, Action.COMMENT_ON_SECTION,
                  Action.DELETE_SECTION, Action.PROPOSE_CHANGES}:
        return bool(getattr(obj, "in_trash", False))
    if action in {Action.EDIT_CHAPTER, Action.DELETE_CHAPTER}:
        return getattr(obj, "trashed_at", None) is not None
    return False


def can(user: User | None, action: Action, obj: object = None) -> bool:
    """Whether ``user`` may do ``action`` (to ``obj`` where the action needs one)."""
    role = _role(user)
    if _in_trash(action, obj):
        return False
    if action == Action.VIEW_SECTION:
        section: Section = obj  # type: ignore[assignment]
        return section.is_published or sees_drafts_in(user, section.chapter)
    if action == Action.VIEW_EXPORT:
        # Editions of published text are for everyone; a drafts preview is not.
        drafts = bool(getattr(obj, "drafts", False))
        return not drafts or role in {Role.COORDINATOR, Role.ADMIN}
    if role is None or user is None:
        return False
    if action in PROPOSAL_ACTIONS:
        return _proposal_rule(user, role, action, obj)  # type: ignore[arg-type]
    match action:
        case Action.USE_ACCOUNT:
            return True
        case Action.CREATE_BOOK | Action.EDIT_BOOK:
            return role in {Role.COORDINATOR, Role.ADMIN}
        case Action.CREATE_CHAPTER:
            return role in STAFF or (role == Role.AUTHOR and bool(trio_ids(user)))
        case Action.EDIT_CHAPTER:
            return _writes_chapter(user, role, obj)  # type: ignore[arg-type]
        case Action.EDIT_SECTION:
            return _writes_chapter(user, role, obj.chapter)  # type: ignore[attr-defined]
        case Action.PUBLISH_SECTION | Action.PUBLISH_CHAPTER | Action.DELETE_CHAPTER:
            return role in STAFF
        case Action.DELETE_SECTION:
            # Writers bin their drafts; what readers see goes only by an editor's hand.
            published = bool(getattr(obj, "is_published", False))
            return _writes_chapter(user, role, obj.chapter) and (  # type: ignore[attr-defined]
                not published or role in STAFF)
        case Action.VIEW_TRASH:
            # Staff see a book's whole trash; authors the items of their trios' chapters.
            return role in STAFF or (role == Role.AUTHOR and bool(trio_ids(user)))
        case Action.RESTORE_FROM_TRASH:
            return _writes_chapter(user, role, _trashed_chapter(obj))  # type: ignore[arg-type]
        case Action.PURGE_FROM_TRASH:
            return role == Role.ADMIN
        case Action.PROPOSE_CHANGES:
            # Anyone who writes may suggest changes to what they can read, trio or not;
            # a translator (reader or not) to the translation they write.
            writes = role != Role.READER or _writes_chapter(
                user, role, obj.chapter)  # type: ignore[attr-defined]
            return writes and can(user, Action.VIEW_SECTION, obj)
        case Action.EDIT_LIBRARY:
            return role != Role.READER
        case Action.DELETE_RESOURCE:
            added_by = getattr(obj, "added_by_id", None)
            return role in STAFF or (role == Role.AUTHOR and added_by == user.id)
        case Action.COMMENT_ON_SECTION:
            return _writes_chapter(user, role, obj.chapter)  # type: ignore[attr-defined]
        case Action.EXPORT_BOOK:
            # Coordinators publish editions (and preview drafts); admins may stand in.
            return role in {Role.COORDINATOR, Role.ADMIN}
        case Action.MANAGE_USERS | Action.VIEW_AUDIT_TRAIL:
            return role == Role.ADMIN
        case Action.INVITE_PEOPLE:
            return _invitation_rule(user, role, obj)
        case Action.MANAGE_TAXONOMY | Action.MANAGE_TRIOS | Action.MANAGE_TRANSLATIONS:
            return role in {Role.COORDINATOR, Role.ADMIN}
    return False


def require(user: User | None, action: Action, obj: object = None) -> None:
    """Raise NotSignedIn or PermissionDenied unless ``can(user, action, obj)``."""
    if not can(user, action, obj):
        if user is None:
            raise NotSignedIn("sign in first")
        held = getattr(obj, "section", obj)  # a proposal is held by its section
        source = getattr(held, "source_section", None)
        if action not in TRASH_ACTIONS and source is not None and source.in_trash:
            raise Conflict("the source of this translated section was deleted: restore it "
                           "in the source book before changing its translation")
        if action not in TRASH_ACTIONS and (getattr(held, "in_trash", False)
                                            or getattr(held, "trashed_at", None) is not None):
            raise Conflict("this is in the trash: restore it before changing it")
        raise PermissionDenied("you are not allowed to do that")
