"""Named, automatic, published and restored revisions of a document."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, undefer

from cbook.accounts.models import User
from cbook.editor import authority
from cbook.editor.models import Document, Revision, RevisionKind
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
