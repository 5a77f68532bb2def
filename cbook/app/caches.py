"""The per-process caches, cleared through one hook (a test's fresh database, a restore)."""

from __future__ import annotations

from cbook.editor import authority
from cbook.review import comment_anchors


def clear_process_caches() -> None:
    """Forget every parsed document and comment anchor this process holds.

    They are keyed by database ids, so a process that starts on another (or a restored)
    database must not serve them.
    """
    authority.cache.clear()
    comment_anchors.anchor_cache.clear()
