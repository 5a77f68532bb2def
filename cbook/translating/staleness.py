"""Whether a translated section matches its source, and what changed in the source since.

A translated section records the source's published version it matches
(``source_version``) and the source title it matches (``source_title``). Its state:

- ``missing``: the translation is not published yet (readers get the source instead);
- ``behind``: the source was published again, or retitled, since;
- ``translated``: it matches the source as readers see it.

Nothing is stored per state, so publishing a source section costs no recomputation of
every translation: the state follows from two version numbers whenever it is read.
Bringing a behind section up to date is block by block: the translator marks each block
the source changed (``caught_up``); with the last one (or "all at once") the section
matches the source's current version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.books.models import Section
from cbook.editor import authority
from cbook.editor.diff import BlockChange, changes_only, diff_documents
from cbook.editor.documents import empty_document
from cbook.editor.models import Revision, RevisionKind
from cbook.errors import Conflict, Unprocessable

TITLE_BLOCK = "title"  # the pseudo block id a retitled source reports its title under


class State(StrEnum):
    """How a translated section stands against its source."""

    TRANSLATED = "translated"
    BEHIND = "behind"
    MISSING = "missing"


def state_of(section: Section, source: Section | None) -> State:
    """The translated section's state against its source section."""
    if not section.is_published:
        return State.MISSING
    if source is not None and is_behind(section, source):
        return State.BEHIND
    return State.TRANSLATED


def is_behind(section: Section, source: Section) -> bool:
    """Whether the source was published again, or retitled, since this translation."""
    if source.published_version is not None and (
            section.source_version is None or section.source_version < source.published_version):
        return True
    return section.source_title is not None and section.source_title != source.title


def published_text(session: Session, source: Section, version: int | None) -> dict[str, Any]:
    """The source's text as it was published at ``version`` (empty before any)."""
    if version is None:
        return empty_document()
    if version == source.published_version and source.published_doc is not None:
        return source.published_doc
    doc = session.scalar(
        select(Revision.doc).where(Revision.document_id == source.document_id,
                                   Revision.version == version)
        .order_by(Revision.kind != RevisionKind.PUBLISH, Revision.id.desc()).limit(1))
    if doc is None:  # no snapshot at that version: rebuild it from the step log
        return dict(authority.document_json(session, source.document, version))
    return dict(doc)


def published_on(session: Session, source: Section, version: int | None) -> datetime | None:
    """When the source version a translation matches was published."""
    if version is None:
        return None
    if version == source.published_version:
        return source.published_at
    return session.scalar(
        select(Revision.created_at).where(Revision.document_id == source.document_id,
                                          Revision.version == version)
        .order_by(Revision.kind != RevisionKind.PUBLISH, Revision.id.desc()).limit(1))


@dataclass
class Catchup:
    """What a behind translation must bring over: the source's changes since it."""

    since_version: int | None
    current_version: int | None
    since_date: datetime | None
    title_before: str | None
    title_now: str
    blocks: list[BlockChange]
    done: frozenset[str]

    @property
    def pending(self) -> list[BlockChange]:
        """The changed blocks not yet marked as brought up to date."""
        return [b for b in self.blocks if _change_key(b) not in self.done]

    @property
    def title_pending(self) -> bool:
        """Whether the source's title changed and is not brought over yet."""
        return (self.title_before is not None and self.title_before != self.title_now
                and TITLE_BLOCK not in self.done)


def _change_key(block: BlockChange) -> str:
    # Blocks without an id (old imports) are keyed by where they stand, as the diff does.
    return block.block_id or f"{block.change}:{block.label}"


def catchup(session: Session, section: Section) -> Catchup | None:
    """The source's changes since this translation, block by block; None if up to date."""
    source = section.source_section
    if source is None or not is_behind(section, source):
        return None
    before = published_text(session, source, section.source_version)
    now = published_text(session, source, source.published_version)
    blocks = (changes_only(diff_documents(before, now))
              if section.source_version != source.published_version else [])
    return Catchup(section.source_version, source.published_version,
                   published_on(session, source, section.source_version),
                   section.source_title, source.title, blocks,
                   frozenset(str(key) for key in section.caught_up or []))


def mark_caught_up(session: Session, section: Section, block_ids: list[str] | None) -> bool:
    """Mark source changes as brought over into the translation (``None``: all of them);
    returns whether the section now matches the source."""
    source = section.source_section
    if source is None:
        raise Unprocessable("this section is not a translation")
    if source.in_trash:
        raise Conflict("the source of this section was deleted: restore it first")
    found = catchup(session, section)
    if found is None:
        return True
    keys = {_change_key(b) for b in found.blocks} | (
        {TITLE_BLOCK} if found.title_before not in (None, found.title_now) else set())
    wanted = keys if block_ids is None else set(block_ids)
    unknown = wanted - keys
    if unknown:
        raise Unprocessable(f"the source did not change block {sorted(unknown)[0]!r}")
    done = set(found.done) | wanted
    if keys <= done:
        section.source_version = source.published_version
        section.source_title = source.title
        section.caught_up = []
        return True
    section.caught_up = sorted(done)
    return False


TAG_ATTRS = ("principles", "audiences")


def _source_attrs(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    stack = list(doc.get("content") or [])
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        attrs = node.get("attrs") or {}
        if isinstance(attrs.get("id"), str) and attrs["id"]:
            found[attrs["id"]] = {"type": node.get("type"), "attrs": attrs}
        stack.extend(node.get("content") or [])
    return found


def carry_source_tags(doc: dict[str, Any], source_doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with every block's principle and audience tags, and a typed block's kind,
    taken from the source block with the same id: translators never retag by hand."""
    source = _source_attrs(source_doc)

    def walk(node: Any) -> Any:
        if not isinstance(node, dict):
            return node
        out = dict(node)
        attrs = node.get("attrs")
        match = source.get(str(attrs.get("id"))) if isinstance(attrs, dict) else None
        if isinstance(attrs, dict) and match is not None and match["type"] == node.get("type"):
            new_attrs = dict(attrs)
            for name in TAG_ATTRS:
                if name in new_attrs or name in match["attrs"]:
                    new_attrs[name] = list(match["attrs"].get(name) or [])
            if node.get("type") == "callout" and "kind" in match["attrs"]:
                new_attrs["kind"] = match["attrs"]["kind"]
            out["attrs"] = new_attrs
        if isinstance(node.get("content"), list):
            out["content"] = [walk(child) for child in node["content"]]
        return out

    return dict(walk(doc))
