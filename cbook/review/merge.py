"""Three-way merge of ProseMirror documents, matching blocks by their ids.

``base`` is the section when a proposal was started, ``ours`` the section now and
``theirs`` the proposal now. Blocks are matched by id among siblings, level by level, so
edits to different paragraphs, list items or table cells merge cleanly; a paragraph or
heading edited on both sides is merged word by word (see inline_merge). Blocks without an
id (or repeating an id already seen among their siblings) are matched by position and text.

What cannot be merged becomes a Conflict. Until it is resolved the merged document keeps
ours (the section as it is now) in its place, so a preview never loses current text, and
the conflict carries the proposal's version. Conflict kinds:

- ``both-edited``: both sides changed the block's text (or its type) differently;
- ``edited-and-deleted``: the section edited a block the proposal deleted;
- ``deleted-and-edited``: the section deleted a block the proposal edited;
- ``both-added``: both sides added a block with the same id but different content;
- ``attrs``: text merged, but an attribute (heading level, callout kind, image src...)
  was set differently on both sides; ``attrs`` lists which. Resolving it with "ours" or
  "theirs" picks that side's attributes and keeps the merged content;
- ``structure``: a container's children merged into something the schema refuses (say a
  list emptied by deletions on both sides); the whole container is at stake.

A Resolution is "ours", "theirs", or {"blocks": [...]} to put those blocks (maybe none) in
the conflicted block's place. Conflict ids hash the conflicting versions, so a resolution
sent for a preview that has since gone stale no longer matches and is reported unused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Literal

from cbook.editor.diff import block_text
from cbook.editor.documents import parse_document
from cbook.editor.schema import schema, schema_spec
from cbook.errors import InvalidInput
from cbook.review.inline_merge import ATTR_DEFAULTS, filled_attrs, merge_attrs, merge_inline

Block = dict[str, Any]
Resolution = Literal["ours", "theirs"] | Mapping[str, Any]


def block_plain_text(block: Mapping[str, Any] | None) -> str:
    """A block's text for display: inner blocks on their own lines, images as [image: alt]."""
    return block_text(dict(block)) if block else ""


@dataclass(frozen=True)
class Conflict:
    """A block the two sides changed in ways that cannot both be kept."""

    id: str
    kind: str
    block_id: str | None
    path: tuple[str, ...]
    base: Block | None
    ours: Block | None
    theirs: Block | None
    attrs: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The conflict as the API shows it, each version with its plain text."""
        return {
            "id": self.id, "kind": self.kind, "block_id": self.block_id,
            "path": list(self.path), "attrs": list(self.attrs),
            "base": self.base, "ours": self.ours, "theirs": self.theirs,
            "text": {name: None if block is None else block_plain_text(block)
                     for name, block in (("base", self.base), ("ours", self.ours),
                                         ("theirs", self.theirs))},
        }


@dataclass
class MergeResult:
    """The merged document and what is left to settle."""

    doc: dict[str, Any]
    conflicts: list[Conflict] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)
    unused_resolutions: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """Whether no conflict is left open."""
        return not self.conflicts

    def as_json(self) -> dict[str, Any]:
        """What the merge preview returns."""
        return {"clean": self.clean, "conflicts": [c.as_json() for c in self.conflicts],
                "doc": self.doc}


# --- the schema, read once -----------------------------------------------------------

_NODES: dict[str, dict[str, Any]] = schema_spec()["nodes"]


def _shape(node_type: str) -> str:
    """How a node type holds content: "text" (inline), "container" (blocks) or "leaf"."""
    content = _NODES.get(node_type, {}).get("content", "")
    if not content:
        return "leaf"
    return "text" if "inline" in content else "container"


def _canon(node: Any) -> Any:
    """A node as the schema would store it: defaults filled, empty lists dropped."""
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {"type": node.get("type")}
    if ATTR_DEFAULTS.get(str(node.get("type"))) or node.get("attrs"):
        out["attrs"] = filled_attrs(node)
    if node.get("marks"):
        out["marks"] = [_canon(mark) for mark in node["marks"]]
    if node.get("content"):
        out["content"] = [_canon(child) for child in node["content"]]
    if "text" in node:
        out["text"] = node["text"]
    return out


def _same(a: Block | None, b: Block | None) -> bool:
    # Stored documents are normalised, so == almost always decides; _canon only runs for
    # blocks that differ, to see through attrs left out in documents made via the API.
    return a == b or (a is not None and b is not None and _canon(a) == _canon(b))


# --- matching siblings -----------------------------------------------------------------

def _fingerprint(node: Block) -> tuple[str, str]:
    return str(node.get("type")), block_plain_text(node)


def _anon_keys(base: list[Block], side: list[Block], tag: str) -> list[str]:
    """Keys for a side's blocks without a usable id: a base key where one matches."""
    if side == base:
        return [f"~{i}" for i in range(len(base))]
    keys = [f"~{tag}{j}" for j in range(len(side))]
    matcher = SequenceMatcher(None, [_fingerprint(n) for n in base],
                              [_fingerprint(n) for n in side], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("equal", "replace"):
            # Same text is the same block; a block replaced by one other counts as edited.
            for k in range(min(i2 - i1, j2 - j1)):
                keys[j1 + k] = f"~{i1 + k}"
    return keys


def _keyed(base: list[Any], ours: list[Any],
           theirs: list[Any]) -> tuple[list[tuple[str, Block]], ...]:
    """Each list's blocks with their matching keys: "#" + id, or "~..." when anonymous."""
    split: list[tuple[list[str | None], list[Block]]] = []
    for children in (base, ours, theirs):
        keys: list[str | None] = []
        anon: list[Block] = []
        seen: set[str] = set()
        for node in children:
            block_id = (node.get("attrs") or {}).get("id")
            if isinstance(block_id, str) and block_id and block_id not in seen:
                seen.add(block_id)
                keys.append("#" + block_id)
            else:
                keys.append(None)
                anon.append(node)
        split.append((keys, anon))
    base_anon = split[0][1]
    results = []
    for (keys, anon), tag, children in zip(split, ("b", "o", "t"), (base, ours, theirs),
                                           strict=True):
        anon_keys = iter(_anon_keys(base_anon, anon, tag) if tag != "b"
                         else [f"~{i}" for i in range(len(anon))])
        results.append([(key if key is not None else next(anon_keys), node)
                        for key, node in zip(keys, children, strict=True)])
    return results[0], results[1], results[2]


def _reordered(base: list[str], side: list[str]) -> bool:
    """Whether the blocks a side shares with base stand in a different order."""
    base_set, side_set = set(base), set(side)
    return [k for k in base if k in side_set] != [k for k in side if k in base_set]


def _order(base: list[str], ours: list[str], theirs: list[str], present: set[str]) -> list[str]:
    """Keys of the merged siblings in order (rules: the reordering side wins, else ours).

    The leading side's blocks keep its order; the other side's blocks go after their
    nearest preceding sibling that is already placed. Ours comes first when both sides
    added at the same point.
    """
    if _reordered(base, theirs) and not _reordered(base, ours):
        primary, secondary, skip_primary_additions = theirs, ours, False
    else:
        primary, secondary, skip_primary_additions = ours, theirs, True
    placed = [key for key in primary if key in present]
    placed_set = set(placed)
    after: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for key in secondary:
        if key in placed_set:
            anchor = key
        elif key in present:
            after.setdefault(anchor, []).append(key)
    secondary_set = set(secondary)
    result: list[str] = []
    pending = after.get(None, [])
    for key in placed:
        # Theirs' additions go after ours' additions at the same point (ours first).
        if skip_primary_additions and key not in secondary_set:
            result.append(key)
            continue
        result.extend(pending)
        result.append(key)
        pending = after.get(key, [])
    result.extend(pending)
    return result


# --- merging ---------------------------------------------------------------------------

@dataclass
class _Run:
    """State of one merge: resolutions offered, conflicts found, resolutions used."""

    resolutions: Mapping[str, Resolution]
    conflicts: list[Conflict] = field(default_factory=list)
    used: list[str] = field(default_factory=list)
    replacements: int = 0

    def conflict(self, kind: str, path: tuple[str, ...], versions: Sequence[Block | None],
                 ours: list[Block], theirs: list[Block], attrs: Sequence[str] = ()) -> list[Block]:
        """The blocks for a conflicted place: as resolved, or ours while it is open."""
        base_v, ours_v, theirs_v = versions
        digest = hashlib.sha256(json.dumps([kind, path, base_v, ours_v, theirs_v],
                                           sort_keys=True).encode()).hexdigest()[:12]
        conflict_id = f"{path[-1]}:{digest}"
        present = next(v for v in (ours_v, theirs_v, base_v) if v is not None)
        resolution = self.resolutions.get(conflict_id)
        if resolution is None:
            self.conflicts.append(Conflict(
                conflict_id, kind, (present.get("attrs") or {}).get("id"), path,
                base_v, ours_v, theirs_v, tuple(attrs)))
            return ours
        self.used.append(conflict_id)
        if resolution == "ours":
            return ours
        if resolution == "theirs":
            return theirs
        self.replacements += 1
        return list(resolution["blocks"])


def _path_part(key: str) -> str:
    return key[1:] if key.startswith("#") else key


def _merge_block(run: _Run, path: tuple[str, ...], base: Block, ours: Block,
                 theirs: Block) -> list[Block]:
    """One block present on all three sides, as merged (or its conflict's stand-in)."""
    if _same(theirs, base) or _same(ours, theirs):
        return [ours]
    if _same(ours, base):
        return [theirs]
    versions = (base, ours, theirs)
    node_type = str(ours.get("type"))
    shape = _shape(node_type)
    if theirs.get("type") != node_type or _shape(str(base.get("type"))) != shape:
        return run.conflict("both-edited", path, versions, [ours], [theirs])
    attrs, clashes = merge_attrs(base, ours, theirs)
    merged: Block = {"type": node_type, "attrs": attrs}
    content: list[Block] | None = None
    if shape == "text":
        content = merge_inline(base.get("content"), ours.get("content"), theirs.get("content"))
        if content is None:
            return run.conflict("both-edited", path, versions, [ours], [theirs])
    elif shape == "container":
        open_before, used_before = len(run.conflicts), len(run.used)
        replacements = run.replacements
        content = _merge_children(run, path, base.get("content") or [],
                                  ours.get("content") or [], theirs.get("content") or [])
        # Blocks a resolution put inside are checked with the whole document, so that a
        # bad replacement is refused rather than turned into a new conflict.
        if (run.replacements == replacements
                and content not in (ours.get("content"), theirs.get("content"))
                and not _fits({**merged, "content": content})):
            # The conflict takes the whole container: drop what was found inside it.
            del run.conflicts[open_before:], run.used[used_before:]
            return run.conflict("structure", path, versions, [ours], [theirs])
    if content:
        merged["content"] = content
    if clashes:
        return run.conflict("attrs", path, versions, [merged],
                            [{**merged, "attrs": {**attrs, **{n: filled_attrs(theirs).get(n)
                                                               for n in clashes}}}],
                            clashes)
    return [merged]


def _fits(node: Block) -> bool:
    """Whether a merged container satisfies the schema (children lists can be emptied)."""
    try:
        schema().node_from_json(node).check()
    except (ValueError, KeyError, TypeError, AttributeError):
        return False
    return True


def _merge_children(run: _Run, path: tuple[str, ...], base: list[Any], ours: list[Any],
                    theirs: list[Any]) -> list[Block]:
    """Sibling blocks merged: matched by key, each merged, then put in order."""
    base, ours, theirs = ([node for node in nodes if isinstance(node, dict)]
                          for nodes in (base, ours, theirs))
    base_k, ours_k, theirs_k = _keyed(base, ours, theirs)
    base_d, ours_d, theirs_d = dict(base_k), dict(ours_k), dict(theirs_k)
    slots: dict[str, list[Block]] = {}
    for key, mine in ours_k:
        here = (*path, _path_part(key))
        old, other = base_d.get(key), theirs_d.get(key)
        if old is None:  # added by ours (maybe by theirs too, under the same id)
            slots[key] = ([mine] if other is None or _same(mine, other) else
                          run.conflict("both-added", here, (None, mine, other), [mine], [other]))
        elif other is None:  # deleted by theirs
            slots[key] = ([] if _same(mine, old) else
                          run.conflict("edited-and-deleted", here, (old, mine, None), [mine], []))
        else:
            slots[key] = _merge_block(run, here, old, mine, other)
    for key, other in theirs_k:
        if key in ours_d:
            continue
        old = base_d.get(key)
        if old is None:  # added by theirs
            slots[key] = [other]
        else:  # deleted by ours
            slots[key] = ([] if _same(other, old) else run.conflict(
                "deleted-and-edited", (*path, _path_part(key)), (old, None, other), [], [other]))
    present = {key for key, blocks in slots.items() if blocks}
    order = _order([k for k, _ in base_k], [k for k, _ in ours_k], [k for k, _ in theirs_k],
                   present)
    return [block for key in order for block in slots[key]]


def _check_resolutions(resolutions: Mapping[str, Any] | None) -> Mapping[str, Resolution]:
    if resolutions is None:
        return {}
    if not isinstance(resolutions, Mapping):
        raise InvalidInput("resolutions must map conflict ids to resolutions")
    for conflict_id, value in resolutions.items():
        if not isinstance(conflict_id, str):
            raise InvalidInput("conflict ids must be strings", conflict_id)
        if value in ("ours", "theirs"):
            continue
        if (not isinstance(value, Mapping) or set(value) != {"blocks"}
                or not isinstance(value["blocks"], list)
                or not all(isinstance(block, dict) for block in value["blocks"])):
            raise InvalidInput('a resolution is "ours", "theirs" or {"blocks": [...]}',
                               conflict_id)
    return resolutions


def merge_documents(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any],
                    resolutions: Mapping[str, Resolution] | None = None) -> MergeResult:
    """Merge the proposal (theirs) into the section (ours), both descended from base.

    Conflicts named in ``resolutions`` are settled as asked; the others stay open, with
    ours kept in the merged document. Raises InvalidInput for a malformed resolution, or
    when replacement blocks would make the document break the schema.
    """
    run = _Run(_check_resolutions(resolutions))
    for name, given in (("base", base), ("ours", ours), ("theirs", theirs)):
        if not isinstance(given, dict) or given.get("type") != "doc":
            raise InvalidInput(f"{name} must be a ProseMirror document")
    content = _merge_children(run, (), base.get("content") or [], ours.get("content") or [],
                              theirs.get("content") or [])
    if not content:
        # Between them the two sides deleted every block; the schema wants one.
        content = [{"type": "paragraph", "attrs": dict(ATTR_DEFAULTS["paragraph"])}]
    # A copy, so that whoever edits the result cannot reach into the three inputs.
    doc: dict[str, Any] = json.loads(json.dumps({"type": "doc", "content": content}))
    if run.replacements:
        parse_document(doc)
    used = set(run.used)
    return MergeResult(doc, run.conflicts, run.used,
                       [key for key in (resolutions or {}) if key not in used])
