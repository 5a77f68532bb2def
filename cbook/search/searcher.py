"""A search: one index, its writer, and queries filtered to what the viewer may see.

Nothing here knows Flask: the CLI and the benchmarks open one with :func:`open_search`;
``cbook.search.binding`` binds one to each app.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from cbook.accounts.models import User
from cbook.policy import STAFF, trio_ids
from cbook.roles import Role
from cbook.search.documents import PUBLIC
from cbook.search.documents import STAFF as STAFF_TOKEN
from cbook.search.engine import SearchIndex, SearchResults
from cbook.search.sync import Writer

INDEX_LAYOUT = "v4"  # bump when the index schema changes: a new folder is built afresh


def index_folder(instance: Path) -> Path:
    """Where an instance keeps its search index."""
    return instance / "search" / INDEX_LAYOUT


def visibility_for(user: User | None) -> list[str]:
    """The visibility tokens of what ``user`` may find (see ``documents.draft_visibility``)."""
    tokens = [PUBLIC]
    if user is None or not user.active:
        return tokens
    if user.role in STAFF:
        tokens.append(STAFF_TOKEN)
    elif user.role == Role.AUTHOR:
        tokens.extend(f"trio:{trio}" for trio in sorted(trio_ids(user)))
    return tokens


@dataclass
class Search:
    """An app's (or a CLI command's) index, its writer, and how the writer runs."""

    index: SearchIndex
    writer: Writer
    mode: str

    def query(self, text: str, *, filters: Mapping[str, str] | None = None,
              language: str | None = None, user: User | None = None, page: int = 1,
              per_page: int = 20) -> SearchResults:
        """Run ``text`` in our syntax for ``user``, in ``language`` first (see
        ``SearchIndex.search``); InvalidInput for unusable queries."""
        if self.mode == "on-search":
            self.writer.catch_up()
        return self.index.search(text, filters=filters, language=language, page=page,
                                 per_page=per_page, visible=visibility_for(user))

    def close(self) -> None:
        """Stop the writer and release the index."""
        self.writer.stop()


def open_search(factory: sessionmaker[Session], instance: Path, mode: str = "on-search"
                ) -> Search:
    """Open the index of ``instance`` with a writer fed from ``factory``'s database."""
    if mode not in {"thread", "on-search"}:
        raise ValueError(f"unknown search writer mode {mode!r}")
    folder = index_folder(instance)
    index = SearchIndex(folder)
    return Search(index=index, writer=Writer(factory, index, folder), mode=mode)
