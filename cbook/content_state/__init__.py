"""A generation number that changes whenever anything readers can see changes.

Every write that touches reader-visible content bumps it in the same transaction, so any
process or host can tell in one cheap query whether a cached page is still current.
Edits to a section's working draft (its Document and step log) do not count: readers only
ever see published text, and collaborative editing must not contend on this one row.

Which tables are reader-visible is the composition root's knowledge (``cbook.app``), not
this package's: it passes them to :func:`track_content_changes`.
"""

from cbook.content_state.models import ContentState
from cbook.content_state.queries import current_generation
from cbook.content_state.tracking import track_content_changes

__all__ = ["ContentState", "current_generation", "track_content_changes"]
