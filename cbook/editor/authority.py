"""The collaborative-editing authority: accept, validate, store and serve steps.

The database decides: steps are rows with a unique (document, version), and the document's
version only moves forward through a conditional UPDATE, so two workers or hosts can never
both accept version N. Parsed documents are cached per process and kept current by
applying steps, so a keystroke never re-parses a whole document.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from cachetools import LRUCache
from prosemirror.model import Node
from prosemirror.transform import Step
from sqlalchemy import bindparam, event, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker, undefer

from cbook import write_gate
from cbook.accounts.models import User
from cbook.db import utcnow
from cbook.editor import references
from cbook.editor import steps as _registers_markset_step  # noqa: F401 - side effect
from cbook.editor.batches import apply_batch, parse_steps
from cbook.editor.documents import parse_document
from cbook.editor.models import Document, DocumentStep, Revision, RevisionKind
from cbook.editor.retarget import steps_towards
from cbook.editor.schema import schema
from cbook.errors import Conflict, InvalidInput, Unprocessable

CHECKPOINT_EVERY = 100  # steps between snapshots, bounding the cost of rebuilding a version
PAUSE_FOR_AUTO_REVISION = timedelta(minutes=2)
_PENDING = "cbook.authority.pending"


@dataclass(frozen=True)
class CachedDocument:
    """A parsed document at a version."""

    version: int
    node: Node


class DocumentCache:
    """Parsed documents of this process, least recently used dropped first."""

    def __init__(self, capacity: int = 256) -> None:
        self.capacity = capacity
        self._items: LRUCache[int, CachedDocument] = LRUCache(maxsize=capacity)
        # An LRUCache is not thread-safe (even a read reorders it): every use holds the
        # lock, which is also the condition waiting long-polls sleep on.
        self._lock = threading.Lock()
        self.changed = threading.Condition(self._lock)

    def get(self, document_id: int) -> CachedDocument | None:
        """The cached state of a document, if any."""
        with self._lock:
            return self._items.get(document_id)

    def clear(self) -> None:
        """Forget everything (a process that switches databases, e.g. between tests)."""
        with self._lock:
            self._items.clear()

    def put(self, document_id: int, item: CachedDocument) -> None:
        """Remember a committed state (never an older one) and wake waiting pollers."""
        with self._lock:
            current = self._items.get(document_id)
            if current is None or current.version <= item.version:
                self._items[document_id] = item
            self.changed.notify_all()


cache = DocumentCache()


def _publish_after_commit(session: Session) -> None:
    for document_id, item in session.info.pop(_PENDING, {}).items():
        cache.put(document_id, item)


def _forget_pending(session: Session, *_args: Any) -> None:
    session.info.pop(_PENDING, None)


def track_commits(factory: sessionmaker[Session]) -> None:
    """Only committed states enter the cache: a rolled-back batch must never be served."""
    event.listen(factory, "after_commit", _publish_after_commit)
    event.listen(factory, "after_rollback", _forget_pending)


def _remember(session: Session, document_id: int, version: int, node: Node) -> None:
    session.info.setdefault(_PENDING, {})[document_id] = CachedDocument(version, node)


def new_document(session: Session, doc: dict[str, Any], author: User | None) -> Document:
    """A document at version 0 holding ``doc`` (already normalised), with its first snapshot."""
    document = Document(version=0, snapshot=doc, snapshot_version=0)
    session.add(document)
    session.flush()
    session.add(Revision(document_id=document.id, version=0, doc=doc,
                         kind=RevisionKind.CREATED, author_id=author.id if author else None))
    return document


def steps_between(session: Session, document_id: int, after: int, upto: int) -> list[Any]:
    """The JSON of the steps that made versions ``after + 1`` .. ``upto``, in order."""
    return list(session.scalars(
        select(DocumentStep.step).where(
            DocumentStep.document_id == document_id,
            DocumentStep.version > after, DocumentStep.version <= upto,
        ).order_by(DocumentStep.version)
    ))


def _apply_all(node: Node, steps: Iterable[Any]) -> Node:
    for step_json in steps:
        result = Step.from_json(schema(), step_json).apply(node)
        if result.failed or result.doc is None:
            raise RuntimeError(f"stored step no longer applies: {result.failed}")
        node = result.doc
    return node


def _base_snapshot(session: Session, document: Document, version: int) -> tuple[int, Any]:
    if document.snapshot_version <= version:
        return document.snapshot_version, document.snapshot
    revision = session.scalar(
        select(Revision).where(Revision.document_id == document.id,
                               Revision.version <= version)
        .order_by(Revision.version.desc(), Revision.id.desc()).limit(1)
        .options(undefer(Revision.doc))
    )
    if revision is None:
        raise Unprocessable(f"version {version} can no longer be rebuilt")
    return revision.version, revision.doc


def document_node(session: Session, document: Document, version: int | None = None) -> Node:
    """The parsed document at ``version`` (default: current), from cache where possible."""
    target = document.version if version is None else version
    if not 0 <= target <= document.version:
        raise Unprocessable(f"no version {target}: the document is at {document.version}")
    cached = cache.get(document.id)
    if cached is not None and cached.version == target:
        return cached.node
    if cached is not None and cached.version < target:
        base_version, node = cached.version, cached.node
    else:
        base_version, snapshot = _base_snapshot(session, document, target)
        node = Node.from_json(schema(), snapshot)
    node = _apply_all(node, steps_between(session, document.id, base_version, target))
    if target == document.version:
        cache.put(document.id, CachedDocument(target, node))
    return node


def document_json(session: Session, document: Document, version: int | None = None) -> Any:
    """The document at ``version`` (default: current) as ProseMirror JSON."""
    return document_node(session, document, version).to_json()


def _client_key(client_id: Any) -> str:
    if isinstance(client_id, bool) or not isinstance(client_id, str | int):
        raise InvalidInput("clientID must be a string or a number")
    key = json.dumps(client_id)
    if len(key) > 64:
        raise InvalidInput("clientID is too long")
    return key


@contextmanager
def sole_writer(session: Session, document: Document) -> Iterator[None]:
    """Queue as the database's only step writer, with the document's version read afresh
    (another writer may have moved it while this one queued). Commit inside the block."""
    with write_gate.serialised(session):
        session.refresh(document, ["version", "last_step_at", "snapshot_version"])
        yield


def writers_queue(session: Session) -> AbstractContextManager[None]:
    """Queue as the database's only step writer, for a writer that reads the document
    inside (:func:`fresh_document`) rather than loading it before and again after."""
    return write_gate.serialised(session)


def fresh_document(session: Session, document_id: int) -> Document:
    """The document with its version as committed now (one statement)."""
    document = session.get(Document, document_id, populate_existing=True)
    if document is None:
        raise Unprocessable("the document is gone")
    return document


def is_cached_at(document_id: int, version: int) -> bool:
    """Whether this process holds the parsed document at ``version``."""
    cached = cache.get(document_id)
    return cached is not None and cached.version == version


def receive_steps(
    session: Session, document: Document, version: Any, steps_json: Any, client_id: Any,
    user: User | None,
) -> int:
    """Validate a batch whole, then store it as the next versions; returns the new version.

    Raises Conflict when ``version`` is not current (the client rebases and retries), and
    InvalidInput/Unprocessable/TooLarge when any step is bad; nothing is stored then.
    """
    client_key = _checked_request(version, client_id)
    if version != document.version:
        raise _conflict(session, document.id, document.version, version)
    steps = parse_steps(steps_json, session)
    before = document_node(session, document)
    after = apply_batch(before, steps)
    _auto_revision_after_pause(session, document, before)
    new_version: int = version + len(steps)  # a whole number: checked above
    document_id = document.id
    now = utcnow()
    try:
        # The conditional UPDATE claims the versions first (on PostgreSQL a rival waits on
        # the row lock and then finds the version moved); the unique (document, version)
        # on the steps backs it up. The auto revision, if any, is flushed with it.
        moved = session.execute(
            update(Document).where(Document.id == document_id, Document.version == version)
            .values(version=new_version, last_step_at=now)
            .execution_options(synchronize_session=False)
        )
        if not moved.rowcount:  # type: ignore[attr-defined]
            raise _lost_race(session, document_id, version)
        # A bulk insert: a burst of typing is a few hundred rows, and a unit-of-work object
        # for each would cost more than validating the steps.
        session.execute(insert(DocumentStep), [
            {"document_id": document_id, "version": version + offset + 1,
             "step": step.to_json(), "client_id": client_key,
             "user_id": user.id if user else None, "created_at": now}
            for offset, step in enumerate(steps)
        ])
    except IntegrityError as error:
        # A failed flush expires every loaded object: use the id read before it.
        raise _lost_race(session, document_id, version) from error
    references.steps_stored(session, document_id)
    session.expire(document, ["version", "last_step_at"])
    if new_version - document.snapshot_version >= CHECKPOINT_EVERY:
        _checkpoint(session, document, new_version, after)
    _remember(session, document.id, new_version, after)
    return new_version


MAX_STEPS_IN_CONFLICT = 1000


def _checked_request(version: Any, client_id: Any) -> str:
    """The stored form of ``client_id``, once the batch's version and client look right."""
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise InvalidInput("version must be a whole number")
    return _client_key(client_id)


def refusal(session: Session, document_id: int, current: int, version: Any,
            client_id: Any) -> InvalidInput | Conflict:
    """What :func:`receive_steps` raises for a batch made at a ``version`` that is not the
    ``current`` one (a whole-number check first, then the 409), without loading the
    document: the cheap answer to a client that is behind."""
    try:
        _checked_request(version, client_id)
    except InvalidInput as error:
        return error
    return _conflict(session, document_id, current, version)


def _conflict(session: Session, document_id: int, current: int, version: int) -> Conflict:
    """A 409 that also carries the steps the client missed, saving it a round trip.

    prosemirror-collab clients fetch these next anyway; sending them with the refusal
    halves the requests a busy section costs. Clients that ignore them lose nothing.
    """
    extra: dict[str, Any] = {"version": current}
    if 0 <= version < current <= version + MAX_STEPS_IN_CONFLICT:
        newest, steps, client_ids = _steps_after(session, document_id, version)
        extra.update(version=newest, steps=steps, clientIDs=client_ids)
    return Conflict("version conflict", extra=extra)


def _lost_race(session: Session, document_id: int, version: int) -> Conflict:
    """The 409 for a batch that passed the version check but lost the race to store it.

    This transaction is doomed (its insert collided), so the current version and the
    winner's steps are read on a fresh connection; the client needs them to rebase, and
    must never be told an older version than the one it may already have seen.
    """
    with session.get_bind().engine.connect() as connection:
        current = connection.scalar(select(Document.version).where(Document.id == document_id))
        rows = connection.execute(
            select(DocumentStep.step, DocumentStep.client_id)
            .where(DocumentStep.document_id == document_id, DocumentStep.version > version)
            .order_by(DocumentStep.version).limit(MAX_STEPS_IN_CONFLICT)
        ).all()
    extra: dict[str, Any] = {"version": current if current is not None else version}
    if current is not None and current == version + len(rows):
        extra.update(steps=[row.step for row in rows],
                     clientIDs=[json.loads(row.client_id) for row in rows])
    return Conflict("version conflict", extra=extra)


def _auto_revision_after_pause(session: Session, document: Document, before: Node) -> None:
    """Keep the state a pause left behind: the first step after a lull snapshots it
    (unless someone looking at the history already did, see revisions.end_idle_session)."""
    last = document.last_step_at
    if last is None or document.version == 0:
        return
    if last.tzinfo is None:  # SQLite returns naive datetimes
        last = last.replace(tzinfo=utcnow().tzinfo)
    if utcnow() - last < PAUSE_FOR_AUTO_REVISION:
        return
    exists = session.scalar(select(Revision.id).where(
        Revision.document_id == document.id, Revision.version == document.version,
        Revision.kind != RevisionKind.CHECKPOINT))
    if exists is None:
        # Dated when the session it keeps ended, not when the next one began.
        session.add(Revision(document_id=document.id, version=document.version,
                             doc=before.to_json(), kind=RevisionKind.AUTO, created_at=last))


def _checkpoint(session: Session, document: Document, version: int, node: Node) -> None:
    snapshot = cast(dict[str, Any], node.to_json())
    document.snapshot = snapshot
    document.snapshot_version = version
    session.add(Revision(document_id=document.id, version=version, doc=snapshot,
                         kind=RevisionKind.CHECKPOINT))


def steps_since(
    session: Session, document: Document, since: int
) -> tuple[int, list[Any], list[Any]]:
    """The steps after version ``since`` and the client each came from."""
    return steps_after(session, document.id, document.version, since)


def steps_after(
    session: Session, document_id: int, current: int, since: int
) -> tuple[int, list[Any], list[Any]]:
    """As :func:`steps_since`, for a document known by its id and ``current`` version."""
    if since > current or since < 0:
        raise Unprocessable(f"no version {since}: the document is at {current}")
    return _steps_after(session, document_id, since)


# Built once: every poll and every 409 runs it.
_STEPS_AFTER = (
    select(DocumentStep.step, DocumentStep.client_id)
    .where(DocumentStep.document_id == bindparam("document_id"),
           DocumentStep.version > bindparam("since"))
    .order_by(DocumentStep.version)
)


def _steps_after(session: Session, document_id: int,
                 since: int) -> tuple[int, list[Any], list[Any]]:
    # On the session's connection: the rows are plain columns, and the ORM's execution
    # layer would cost more than the query.
    rows = session.connection().execute(
        _STEPS_AFTER, {"document_id": document_id, "since": since}).all()
    return since + len(rows), [row.step for row in rows], [json.loads(row.client_id)
                                                           for row in rows]


def replace_whole_document(
    session: Session, document: Document, doc: dict[str, Any], user: User | None,
    client_id: str = "server",
) -> int:
    """Make ``doc`` the document's new state, as the smallest steps that get there.

    Open editors receive them like anyone's typing; only what differs is replaced, so
    cursors and comment anchors elsewhere in the text stay where they are.
    """
    current = document_node(session, document)
    steps = steps_towards(current, parse_document(doc))
    if not steps:
        return document.version
    return receive_steps(session, document, document.version, steps, client_id, user)
