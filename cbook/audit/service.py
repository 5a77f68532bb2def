"""Writing the audit trail: :func:`record` in the caller's transaction, and the purge.

Nothing in the trail may hold a password, a token or a reset link: :func:`record` drops
every detail whose key names such a thing and blanks any value that looks like one, so a
careless caller cannot leak a secret into it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from cbook.audit.models import AuditAction, AuditEvent
from cbook.audit.origin import current_origin
from cbook.db import utcnow

if TYPE_CHECKING:
    from cbook.accounts.models import User

log = logging.getLogger(__name__)

# A key is secret when one of its words (split at "_", "-", "." and case changes) is one
# of these, or it contains one of the unmistakable ones anywhere ("newpassword").
SECRET_WORDS = frozenset({
    "password", "passwd", "pwd", "passphrase", "secret", "token", "tokens", "key", "hash",
    "link", "url", "uri", "cookie", "authorization", "auth", "credential", "credentials",
    "otp", "reset", "signature",
})
SECRET_FRAGMENTS = ("password", "passwd", "secret", "token", "credential")
# Values that are secrets whatever their key: an API token, a link carrying a query string
# (reset, invitation and unsubscribe links all do), a bearer header.
SECRET_VALUE = re.compile(r"cbk_[A-Za-z0-9_\-]{8,}|https?://\S*[?#]\S*|bearer\s+\S+", re.I)
REMOVED = "[removed]"
MAX_TEXT = 500
MAX_DEPTH = 4
LABEL_MAX = 300


def is_secret_key(key: str) -> bool:
    """Whether a details key names something the trail must never hold."""
    lowered = key.lower()
    if any(fragment in lowered for fragment in SECRET_FRAGMENTS):
        return True
    words = re.split(r"[^a-z0-9]+", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", key).lower())
    return any(word in SECRET_WORDS for word in words)


def _clean_text(value: str) -> str:
    # No control characters (a log line or a terminal reads them), bounded length.
    text = "".join(ch if ch.isprintable() else " " for ch in value)[:MAX_TEXT]
    return SECRET_VALUE.sub(REMOVED, text)


def scrub(value: Any, depth: int = 0) -> Any:
    """``value`` made safe to keep: secret keys dropped, secret-looking text blanked, JSON only."""
    if isinstance(value, Mapping):
        if depth >= MAX_DEPTH:
            return REMOVED
        kept: dict[str, Any] = {}
        for key, item in value.items():
            name = str(key)
            if is_secret_key(name):
                log.warning("audit: dropped the secret detail %r", name)
                continue
            kept[_clean_text(name)] = scrub(item, depth + 1)
        return kept
    if isinstance(value, list | tuple | set | frozenset):
        if depth >= MAX_DEPTH:
            return REMOVED
        return [scrub(item, depth + 1) for item in list(value)[:50]]
    if value is None or isinstance(value, bool | int | float):
        return value
    return _clean_text(str(value))


def record(
    session: Session, action: AuditAction, *, actor: User | None,
    target_kind: str | None = None, target_id: int | None = None, target_label: str = "",
    details: Mapping[str, Any] | None = None, origin: str | None = None,
) -> AuditEvent:
    """Add one event to the trail, in the caller's transaction (it commits with the action).

    ``origin`` defaults to the request's client address (or "cli") that the edge set in
    :mod:`cbook.audit.origin`.
    """
    event = AuditEvent(
        at=utcnow(), action=AuditAction(action).value,
        actor_id=actor.id if actor is not None else None,
        actor_name=actor.name if actor is not None else None,
        actor_email=actor.email if actor is not None else None,
        target_kind=target_kind, target_id=target_id,
        target_label=_clean_text(target_label)[:LABEL_MAX],
        origin=origin if origin is not None else current_origin(),
        details=scrub(dict(details or {})),
    )
    session.add(event)
    return event


def purge_older_than(session: Session, keep_days: int, now: datetime | None = None) -> int:
    """Delete the events older than ``keep_days`` (0 keeps everything); how many went."""
    if keep_days <= 0:
        return 0
    cutoff = (now or utcnow()) - timedelta(days=keep_days)
    gone = session.execute(delete(AuditEvent).where(AuditEvent.at < cutoff))
    session.flush()
    return int(gone.rowcount)  # type: ignore[attr-defined]
