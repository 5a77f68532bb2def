"""Comparing two versions of a document: word-level changes per block, keyed by block id.

Blocks are matched by their stable ids, so an edited paragraph is compared with its own
earlier text wherever it now stands; blocks that changed places are reported as moved,
and blocks whose principle or audience tags changed as retagged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from markupsafe import Markup, escape

from cbook.editor.render import CALLOUT_LABELS
from cbook.languages import N_
from cbook.textrules import word_tokens

# English names, also the catalogs' msgids: render_diff_html shows them translated.
BLOCK_LABELS = {
    "paragraph": N_("Paragraph"), "heading": "Heading", "blockquote": N_("Quote"),
    "bullet_list": N_("Bulleted list"), "ordered_list": N_("Numbered list"),
    "horizontal_rule": N_("Horizontal rule"), "image": N_("Image"), "table": N_("Table"),
    "callout": N_("Typed block"),
}
HEADING_LABEL = N_("Heading %(level)s")
CHANGE_NOTES = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed"),
                "moved": N_("moved"), "retagged": N_("retagged")}
TAG_NAMES = {"principles": N_("Principles"), "audiences": N_("Audiences")}


def _untranslated(text: str) -> str:
    return text


@dataclass
class BlockChange:
    """What happened to one top-level block between the two versions."""

    block_id: str | None
    node_type: str
    change: str  # added | removed | changed | unchanged
    moved: bool = False
    segments: list[dict[str, str]] = field(default_factory=list)
    tags: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    label: str = ""

    @property
    def retagged(self) -> bool:
        """Whether principle or audience tags changed."""
        return bool(self.tags)

    def as_json(self) -> dict[str, Any]:
        """The change as the diff endpoint returns it."""
        return {
            "block_id": self.block_id, "type": self.node_type, "change": self.change,
            "moved": self.moved, "retagged": self.retagged, "tags": self.tags,
            "segments": self.segments,
        }


def block_text(node: dict[str, Any]) -> str:
    """The text of a block, its inner blocks separated by line breaks."""
    parts: list[str] = []
    stack: list[Any] = [node]
    while stack:
        item = stack.pop()
        if not isinstance(item, dict):
            continue
        if item.get("type") == "text":
            parts.append(str(item.get("text", "")))
        elif item.get("type") == "hard_break":
            parts.append("\n")
        elif item.get("type") == "image":
            parts.append(f"[image: {(item.get('attrs') or {}).get('alt', '')}]")
        elif item.get("type") == "resource_ref":  # a citation reads as the resource's title
            parts.append(str((item.get("attrs") or {}).get("title") or ""))
        children = item.get("content") or []
        # A nested block starts a new line (list items, table cells, quoted paragraphs).
        if (item is not node and item.get("type") not in ("text", "hard_break") and children
                and parts and not parts[-1].endswith("\n")):
            parts.append("\n")
        stack.extend(reversed(children))
    return "".join(parts).strip("\n")


def _key(node: dict[str, Any], index: int) -> str:
    block_id = (node.get("attrs") or {}).get("id")
    return f"id:{block_id}" if isinstance(block_id, str) and block_id else f"pos:{index}"


def _blocks(doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    content = [c for c in (doc.get("content") or []) if isinstance(c, dict)]
    return [(_key(node, index), node) for index, node in enumerate(content)]


def word_segments(old: str, new: str) -> list[dict[str, str]]:
    """Word-level insertions and deletions turning ``old`` into ``new``."""
    a, b = word_tokens(old), word_tokens(new)
    segments: list[dict[str, str]] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1]["op"] == op:
            segments[-1]["text"] += text
        else:
            segments.append({"op": op, "text": text})

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", "".join(a[i1:i2]))
        else:
            add("delete", "".join(a[i1:i2]))
            add("insert", "".join(b[j1:j2]))
    return segments


def _tag_changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    changes: dict[str, dict[str, list[str]]] = {}
    for name in ("principles", "audiences"):
        before = set((old.get("attrs") or {}).get(name) or [])
        after = set((new.get("attrs") or {}).get(name) or [])
        if before != after:
            changes[name] = {"added": sorted(after - before), "removed": sorted(before - after)}
    return changes


def _label(node: dict[str, Any]) -> str:
    kind = str(node.get("type"))
    if kind == "callout":
        return CALLOUT_LABELS.get(str((node.get("attrs") or {}).get("kind")), "Typed block")
    if kind == "heading":
        return f"Heading {(node.get('attrs') or {}).get('level', 2)}"
    return BLOCK_LABELS.get(kind, kind.replace("_", " ").capitalize())


def _block_id(key: str) -> str | None:
    return key[3:] if key.startswith("id:") else None


def diff_documents(old: dict[str, Any], new: dict[str, Any]) -> list[BlockChange]:
    """Every top-level block of both versions, in the new order, with what changed.

    Removed blocks are placed where they stood relative to the blocks around them.
    """
    old_blocks, new_blocks = _blocks(old), _blocks(new)
    old_by_key = dict(old_blocks)
    new_keys = {key for key, _ in new_blocks}
    common_old = [key for key, _ in old_blocks if key in new_keys]
    common_new = [key for key, _ in new_blocks if key in old_by_key]
    in_order: set[str] = set()
    matcher = SequenceMatcher(None, common_old, common_new, autojunk=False)
    for block in matcher.get_matching_blocks():
        in_order.update(common_old[block.a:block.a + block.size])

    removed_after: dict[str | None, list[str]] = {}
    previous: str | None = None
    for key, _ in old_blocks:
        if key in new_keys:
            previous = key
        else:
            removed_after.setdefault(previous, []).append(key)

    def removed(keys: list[str]) -> list[BlockChange]:
        return [BlockChange(_block_id(k), str(old_by_key[k].get("type")), "removed",
                            segments=[{"op": "delete", "text": block_text(old_by_key[k])}],
                            label=_label(old_by_key[k])) for k in keys]

    result = removed(removed_after.get(None, []))
    for key, node in new_blocks:
        if key not in old_by_key:
            result.append(BlockChange(_block_id(key), str(node.get("type")), "added",
                                      segments=[{"op": "insert", "text": block_text(node)}],
                                      label=_label(node)))
        else:
            before = old_by_key[key]
            old_text, new_text = block_text(before), block_text(node)
            structure_changed = (before.get("type") != node.get("type") or
                                 _label(before) != _label(node))
            changed = old_text != new_text or structure_changed
            segments = (word_segments(old_text, new_text) if changed
                        else [{"op": "equal", "text": new_text}])
            result.append(BlockChange(
                _block_id(key), str(node.get("type")), "changed" if changed else "unchanged",
                moved=key not in in_order, segments=segments, tags=_tag_changes(before, node),
                label=_label(node)))
        result.extend(removed(removed_after.get(key, [])))
    return result


def changes_only(blocks: list[BlockChange]) -> list[BlockChange]:
    """The blocks that were added, removed, edited, moved or retagged."""
    return [b for b in blocks if b.change != "unchanged" or b.moved or b.retagged]


def _shown_label(block: BlockChange, translate: Callable[[str], str]) -> str:
    if block.node_type == "heading":
        return translate(HEADING_LABEL) % {"level": block.label.rsplit(" ", 1)[-1]}
    return translate(block.label)


def render_diff_html(blocks: list[BlockChange],
                     translate: Callable[[str], str] = _untranslated) -> Markup:
    """Readable HTML of a comparison: insertions in <ins>, deletions in <del>, escaped;
    block names and notes in the language ``translate`` (a gettext) gives them."""
    out: list[str] = ['<div class="diff">']
    for block in blocks:
        notes = []
        if block.change in ("added", "removed", "changed"):
            notes.append(block.change)
        if block.moved:
            notes.append("moved")
        if block.retagged:
            notes.append("retagged")
        classes = " ".join(["diff-block"] + [f"diff-block--{note}" for note in notes])
        out.append(f'<div class="{classes}"')
        if block.block_id:
            out.append(f' data-block-id="{escape(block.block_id)}"')
        out.append(">")
        shown = ", ".join(translate(CHANGE_NOTES[note]) for note in notes)
        summary = escape(_shown_label(block, translate)) + (
            f" — {escape(shown)}" if notes else "")
        out.append(f'<p class="diff-block__label">{summary}</p><p class="diff-block__text">')
        for segment in block.segments:
            text = str(escape(segment["text"])).replace("\n", "<br>")
            if segment["op"] == "insert":
                out.append(f"<ins>{text}</ins>")
            elif segment["op"] == "delete":
                out.append(f"<del>{text}</del>")
            else:
                out.append(text)
        out.append("</p>")
        for name, change in block.tags.items():
            added = ", ".join(change["added"]) or "—"
            gone = ", ".join(change["removed"]) or "—"
            out.append(f'<p class="diff-block__tags">{escape(translate(TAG_NAMES[name]))}: '
                       f"<ins>+ {escape(added)}</ins> <del>- {escape(gone)}</del></p>")
        out.append("</div>")
    out.append("</div>")
    # Every text and attribute above went through escape().
    return Markup("".join(out))  # noqa: S704
