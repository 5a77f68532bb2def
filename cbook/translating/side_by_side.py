"""What the translator's side-by-side editor shows beside the translation: the source,
block by block with its tags and kind, and (when behind) what changed in it since."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from sqlalchemy.orm import Session

from cbook.books.models import Section
from cbook.editor.diff import BlockChange, render_diff_html
from cbook.editor.render import CALLOUT_LABELS, render_html
from cbook.principles.queries import list_audiences, list_principles
from cbook.translating import staleness
from cbook.translating.structure import source_text


@dataclass(frozen=True)
class SourceBlock:
    """One top-level block of the source, rendered, with what the translation inherits."""

    block_id: str | None
    html: Markup
    kind: str  # a typed block's kind label ("Barrier", "Story", ...), else ""
    principles: list[str]
    audiences: list[str]
    changed: bool  # the source changed it since the version the translation matches


@dataclass(frozen=True)
class PendingChange:
    """A change in the source still to bring into the translation."""

    key: str
    label: str
    html: Markup


@dataclass
class SideBySide:
    """Everything the source pane needs."""

    source: Section
    language: str
    blocks: list[SourceBlock] = field(default_factory=list)
    state: str = staleness.State.MISSING.value
    pending: list[PendingChange] = field(default_factory=list)
    since: Any = None  # when the source version the translation matches was published
    title_change: tuple[str, str] | None = None  # (title translated from, title now)

    @property
    def behind(self) -> bool:
        """Whether anything in the source is still to bring over."""
        return bool(self.pending) or self.title_change is not None


def _key(block: BlockChange) -> str:
    return block.block_id or f"{block.change}:{block.label}"


def side_by_side(session: Session, section: Section,
                 translate: Callable[[str], str] = str) -> SideBySide | None:
    """The source pane for a translated section (None for a section of a source book)."""
    source = section.source_section
    if source is None:
        return None
    principles = {p.slug: p.title for p in list_principles(session)}
    audiences = {a.slug: a.name for a in list_audiences(session)}
    doc = source_text(session, source)
    found = staleness.catchup(session, section)
    changed_ids = {b.block_id for b in found.blocks} if found else set()
    blocks = []
    for node in doc.get("content") or []:
        if not isinstance(node, dict):
            continue
        attrs = node.get("attrs") or {}
        block_id = attrs.get("id") if isinstance(attrs.get("id"), str) else None
        kind = (CALLOUT_LABELS.get(str(attrs.get("kind")), "")
                if node.get("type") == "callout" else "")
        blocks.append(SourceBlock(
            block_id, render_html({"type": "doc", "content": [node]}), kind,
            [principles.get(s, s) for s in attrs.get("principles") or []],
            [audiences.get(s, s) for s in attrs.get("audiences") or []],
            block_id in changed_ids))
    view = SideBySide(source, source.chapter.book.language, blocks,
                      staleness.state_of(section, source).value)
    if found is not None:
        view.since = found.since_date
        view.pending = [PendingChange(_key(b), b.label, render_diff_html([b], translate))
                        for b in found.pending]
        if found.title_pending and found.title_before is not None:
            view.title_change = (found.title_before, found.title_now)
    return view
