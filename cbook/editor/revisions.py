"""Named, automatic, published and restored revisions of a document."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, undefer

from cbook.accounts.models import User
from cbook.db import utcnow
from cbook.editor import authority
from cbook.editor.models import Document, DocumentStep, Revision, RevisionKind
from cbook.errors import InvalidInput, NotFound
from cbook.textrules import find_unstorable

MESSAGE_MAX = 500
# Checkpoints exist only to rebuild old versions quickly; people never see them.
VISIBLE_KINDS = tuple(kind.value for kind in RevisionKind if kind != RevisionKind.CHECKPOINT)


def create_revision(
    session: Session, document: Document, author: User | None, *, message: str = "",
    kind: RevisionKind = RevisionKind.NAMED,
) -> Revision:
    """Snapshot the document as it is now."""
    problem = find_unstorable(message)
    if problem:
        raise InvalidInput(f"message: {problem}")
    revision = Revision(
        document_id=document.id, version=document.version,
        doc=authority.document_json(session, document), kind=kind,
        message=message.strip()[:MESSAGE_MAX], author_id=author.id if author else None,
    )
    session.add(revision)
    session.flush()
    return revision


def list_revisions(session: Session, document: Document) -> Sequence[Revision]:
    """The revisions people see, newest first (no documents loaded)."""
    return session.scalars(
        select(Revision).where(Revision.document_id == document.id,
                               Revision.kind.in_(VISIBLE_KINDS))
        .order_by(Revision.version.desc(), Revision.id.desc())
        .options(joinedload(Revision.author))
    ).all()


def get_revision(session: Session, document: Document, revision_id: int) -> Revision:
    """One revision of this document, with its text."""
    revision = session.scalar(
        select(Revision).where(Revision.id == revision_id, Revision.document_id == document.id)
        .options(undefer(Revision.doc), joinedload(Revision.author))
    )
    if revision is None:
        raise NotFound("no such revision")
    return revision


def restore_revision(
    session: Session, document: Document, revision: Revision, user: User | None
) -> Revision:
    """Make an old revision the newest version, as a step everyone editing receives.

    Nothing is lost: the state it replaces stays in the history (as an automatic
    revision), and so does every step before it.
    """
    current = authority.document_json(session, document)
    session.add(Revision(document_id=document.id, version=document.version, doc=current,
                         kind=RevisionKind.AUTO, message="Before restoring",
                         author_id=user.id if user else None))
    authority.replace_whole_document(session, document, revision.doc, user, "restore")
    session.expire(document, ["version"])
    return create_revision(
        session, document, user, kind=RevisionKind.RESTORE,
        message=f"Restored revision {revision.id} (version {revision.version})",
    )


# An editing session ends after this long without steps (or when its writer leaves); its
# end is kept as an automatic revision credited to the people who wrote in it.
SESSION_PAUSE = authority.PAUSE_FOR_AUTO_REVISION


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=utcnow().tzinfo)


def _newest_visible_version(session: Session, document: Document) -> int | None:
    return session.scalar(select(func.max(Revision.version)).where(
        Revision.document_id == document.id, Revision.kind.in_(VISIBLE_KINDS)))


def _snapshot_session(session: Session, document: Document, at: datetime) -> Revision | None:
    newest = _newest_visible_version(session, document)
    if newest is not None and newest >= document.version:
        return None  # nothing written since the last snapshot
    revision = Revision(document_id=document.id, version=document.version,
                        doc=authority.document_json(session, document),
                        kind=RevisionKind.AUTO, created_at=at)
    session.add(revision)
    session.flush()
    return revision


def session_may_have_ended(document: Document) -> bool:
    """Whether the last editing session has paused long enough to be over (no query)."""
    last = document.last_step_at
    return (last is not None and document.version > 0
            and utcnow() - _aware(last) >= SESSION_PAUSE)


def idle_session_unsaved(session: Session, document: Document) -> bool:
    """Whether an ended session still lacks its snapshot (one small read, no lock)."""
    if not session_may_have_ended(document):
        return False
    newest = _newest_visible_version(session, document)
    return newest is None or newest < document.version


def end_idle_session(session: Session, document: Document) -> Revision | None:
    """Snapshot the last editing session if it has ended (a pause), unless already kept.

    Run where someone looks at or polls the document, so a session that simply stopped
    is kept without a background process; it is dated when its last step came.
    """
    last = document.last_step_at
    if last is None or not session_may_have_ended(document):
        return None
    return _snapshot_session(session, document, _aware(last))


def end_session_on_leave(session: Session, document: Document, user: User) -> Revision | None:
    """Snapshot the text when a writer leaves, if they wrote since the last snapshot."""
    newest = _newest_visible_version(session, document) or 0
    wrote = session.scalar(select(DocumentStep.id).where(
        DocumentStep.document_id == document.id, DocumentStep.version > newest,
        DocumentStep.user_id == user.id).limit(1))
    if wrote is None:
        return None
    return _snapshot_session(session, document, utcnow())


def contributors(session: Session, document: Document,
                 listed: Sequence[Revision]) -> dict[int, list[User]]:
    """The people whose steps each revision holds: those after the previous revision.

    One query: every step is assigned to the first visible revision at or after it.
    Revisions sharing a version share its steps; the earliest of them is credited.
    """
    bucket = (
        select(func.min(Revision.version))
        .where(Revision.document_id == DocumentStep.document_id,
               Revision.kind.in_(VISIBLE_KINDS), Revision.version >= DocumentStep.version)
        .correlate(DocumentStep).scalar_subquery()
    )
    rows = session.execute(
        select(bucket.label("bucket"), DocumentStep.user_id).distinct()
        .where(DocumentStep.document_id == document.id, DocumentStep.user_id.is_not(None))
    ).all()
    by_version: dict[int, set[int]] = {}
    for version, user_id in rows:
        if version is not None and user_id is not None:
            by_version.setdefault(version, set()).add(user_id)
    wanted = {user_id for ids in by_version.values() for user_id in ids}
    users = {user.id: user for user in session.scalars(
        select(User).where(User.id.in_(wanted)))} if wanted else {}
    first_at: dict[int, Revision] = {}
    for revision in sorted(listed, key=lambda r: (r.version, r.id)):
        first_at.setdefault(revision.version, revision)
    credited: dict[int, list[User]] = {}
    for version, ids in by_version.items():
        holder = first_at.get(version)
        if holder is not None:
            credited[holder.id] = sorted((users[i] for i in ids if i in users),
                                           key=lambda user: user.name.lower())
    return credited
