"""Small typed builders that produce ProseMirror JSON valid against cbook/editor/schema.json."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterator, Sequence
from typing import Any, Final, Literal, TypeAlias

# ProseMirror JSON is a loose tree of dicts; one alias keeps signatures readable.
Node: TypeAlias = dict[str, Any]
# A list item is either one paragraph of inline markup or an explicit list of blocks.
Item: TypeAlias = str | Sequence[Node]
CalloutKind: TypeAlias = Literal["barrier", "enabler", "tool", "story", "example", "reflection"]

CALLOUT_KINDS: Final[frozenset[str]] = frozenset(
    {"barrier", "enabler", "tool", "story", "example", "reflection"}
)
HEADING_LEVELS: Final[frozenset[int]] = frozenset({2, 3, 4})
# Callouts may only hold these node types (schema: "(paragraph | bullet_list | ordered_list)+").
CALLOUT_CHILDREN: Final[frozenset[str]] = frozenset({"paragraph", "bullet_list", "ordered_list"})
# Marks must be emitted in schema rank order or Node.check() rejects the mark set.
MARK_ORDER: Final[tuple[str, ...]] = ("link", "em", "strong", "code")
ID_LENGTH: Final = 10

# A link to "resource:KEY" cites the demo library's resource KEY (see cbook.demo.library).
CITE_PREFIX: Final = "resource:"

# Characters a backslash may escape so authors can write a literal "*" or "`".
_ESCAPABLE: Final = frozenset("\\*`[]()")

# Internal mark representation: (mark name, href for links else None); hashable so
# segments can carry a frozenset and adjacent runs can be compared cheaply.
_Mark: TypeAlias = tuple[str, str | None]
_Segment: TypeAlias = tuple[str, frozenset[_Mark]]
_EM: Final[_Mark] = ("em", None)
_STRONG: Final[_Mark] = ("strong", None)
_CODE: Final[_Mark] = ("code", None)


def _at_closer(s: str, i: int, closer: str | None) -> bool:
    """Tell whether the closing delimiter of the current span starts at position i."""
    if closer is None or not s.startswith(closer, i):
        return False
    # A single "*" must not swallow the first half of a "**" opener inside an em span,
    # but in "***" the em closes first so "**bold *and em***" nests as authors expect.
    return not (closer == "*" and s.startswith("**", i) and not s.startswith("***", i))


def _tight(s: str, start: int, end: int) -> bool:
    """Tell whether a delimited span hugs its content, so "2 * 3 * 4" stays literal."""
    return end > start and not s[start].isspace() and not s[end - 1].isspace()


def _parse(
    s: str, i: int, closer: str | None, marks: frozenset[_Mark], in_link: bool
) -> tuple[list[_Segment], int, bool]:
    """Parse inline markup from i until closer; return segments, next index and closed flag."""
    out: list[_Segment] = []
    buf: list[str] = []

    def flush() -> None:
        # Only non-empty runs are emitted: ProseMirror rejects empty text nodes.
        if buf:
            out.append(("".join(buf), marks))
            buf.clear()

    while i < len(s):
        if _at_closer(s, i, closer):
            flush()
            return out, i + len(closer or ""), True
        c = s[i]
        if c == "\\" and i + 1 < len(s) and s[i + 1] in _ESCAPABLE:
            buf.append(s[i + 1])
            i += 2
            continue
        if c == "`":
            # Code is literal: no nested markup, and an unmatched backtick stays text.
            j = s.find("`", i + 1)
            if j > i + 1:
                flush()
                out.append((s[i + 1 : j], marks | {_CODE}))
                i = j + 1
                continue
        elif c == "*":
            delim = "**" if s.startswith("**", i) else "*"
            mark = _STRONG if delim == "**" else _EM
            start = i + len(delim)
            inner, j, closed = _parse(s, start, delim, marks | {mark}, in_link)
            if closed and inner and _tight(s, start, j - len(delim)):
                flush()
                out.extend(inner)
                i = j
                continue
            # Unbalanced: keep the whole delimiter literal so "**" never half-opens an em.
            buf.append(delim)
            i = start
            continue
        elif c == "[" and not in_link:
            inner, j, closed = _parse(s, i + 1, "]", marks, True)
            if closed and inner and s.startswith("(", j):
                k = s.find(")", j + 1)
                href = s[j + 1 : k] if k != -1 else ""
                if href and not any(ch.isspace() for ch in href):
                    flush()
                    link: _Mark = ("link", href)
                    out.extend((text, m | {link}) for text, m in inner)
                    i = k + 1
                    continue
        buf.append(c)
        i += 1
    flush()
    # Reaching the end only counts as success for the top level, not for an open span.
    return out, i, closer is None


def _mark_json(mark: _Mark) -> Node:
    """Render one internal mark as ProseMirror mark JSON."""
    name, href = mark
    if name == "link":
        return {"type": "link", "attrs": {"href": href, "title": None}}
    return {"type": name}


def _mark_rank(mark: _Mark) -> int:
    """Give a mark's position in the schema so mark lists come out in canonical order."""
    return MARK_ORDER.index(mark[0])


def inline(text: str) -> list[Node]:
    """Parse the tiny inline markup (*em*, **strong**, `code`, [label](url)) into text nodes.

    ``[title](resource:KEY)`` becomes a citation (a ``resource_ref`` node) whose resource
    is the key until the loader, once the library exists, puts the resource's id there.
    """
    segments, _, _ = _parse(text, 0, None, frozenset(), False)
    merged: list[_Segment] = []
    for seg_text, seg_marks in segments:
        # Merge neighbours with identical marks so output is minimal and round-trips cleanly.
        if merged and merged[-1][1] == seg_marks:
            merged[-1] = (merged[-1][0] + seg_text, seg_marks)
        else:
            merged.append((seg_text, seg_marks))
    nodes: list[Node] = []
    for seg_text, seg_marks in merged:
        href = next((target for name, target in seg_marks if name == "link"), None)
        if href and href.startswith(CITE_PREFIX):
            nodes.append({"type": "resource_ref",
                          "attrs": {"resource": href[len(CITE_PREFIX):], "title": seg_text}})
            continue
        node: Node = {"type": "text", "text": seg_text}
        if seg_marks:
            node["marks"] = [_mark_json(m) for m in sorted(seg_marks, key=_mark_rank)]
        nodes.append(node)
    return nodes


def _attrs(principles: Sequence[str], audiences: Sequence[str], **extra: Any) -> Node:
    """Build the full attrs dict every block carries; the id is filled in later by doc()."""
    return {**extra, "id": None, "principles": list(principles), "audiences": list(audiences)}


def _block(
    type_: str,
    content: list[Node],
    principles: Sequence[str] = (),
    audiences: Sequence[str] = (),
    **extra: Any,
) -> Node:
    """Assemble a block node, omitting empty content as ProseMirror's own toJSON does."""
    node: Node = {"type": type_, "attrs": _attrs(principles, audiences, **extra)}
    if content:
        node["content"] = content
    return node


def p(text: str, principles: Sequence[str] = (), audiences: Sequence[str] = ()) -> Node:
    """Build a paragraph from inline markup, optionally tagged with principles and audiences."""
    return _block("paragraph", inline(text), principles, audiences)


def h(
    level: int, text: str, *, principles: Sequence[str] = (), audiences: Sequence[str] = ()
) -> Node:
    """Build a heading of level 2-4 (level 1 is reserved for the section title)."""
    if level not in HEADING_LEVELS:
        raise ValueError(f"heading level must be one of 2, 3, 4, not {level!r}")
    return _block("heading", inline(text), principles, audiences, level=level)


def _require_blocks(name: str, blocks: Sequence[Node]) -> list[Node]:
    """Reject an empty child list, since the schema demands at least one block."""
    if not blocks:
        raise ValueError(f"{name} needs at least one block")
    return list(blocks)


def quote(*blocks: Node, principles: Sequence[str] = (), audiences: Sequence[str] = ()) -> Node:
    """Build a block quote around one or more blocks."""
    return _block("blockquote", _require_blocks("quote", blocks), principles, audiences)


def callout(
    kind: CalloutKind,
    title: str,
    *blocks: Node,
    principles: Sequence[str] = (),
    audiences: Sequence[str] = (),
) -> Node:
    """Build a titled callout (barrier, enabler, tool, story, example or reflection)."""
    if kind not in CALLOUT_KINDS:
        raise ValueError(f"unknown callout kind {kind!r}")
    children = _require_blocks("callout", blocks)
    for child in children:
        # Check here so a bad child fails at build time with a clear message, not in the editor.
        if child.get("type") not in CALLOUT_CHILDREN:
            raise ValueError(f"callout cannot contain a {child.get('type')!r} node")
    return _block("callout", children, principles, audiences, kind=kind, title=title)


def _list_item(item: Item) -> Node:
    """Turn a string or block list into a list_item whose first child is a paragraph."""
    children = [p(item)] if isinstance(item, str) else list(item)
    if not children or children[0].get("type") != "paragraph":
        raise ValueError("a list item must start with a paragraph")
    return _block("list_item", children)


def _require_items(name: str, items: Sequence[Item]) -> list[Node]:
    """Build list items, rejecting empty lists that the schema would refuse."""
    if not items:
        raise ValueError(f"{name} needs at least one item")
    return [_list_item(item) for item in items]


def ul(*items: Item, principles: Sequence[str] = (), audiences: Sequence[str] = ()) -> Node:
    """Build a bullet list; each item is a markup string or a list of blocks."""
    return _block("bullet_list", _require_items("ul", items), principles, audiences)


def ol(
    *items: Item, order: int = 1, principles: Sequence[str] = (), audiences: Sequence[str] = ()
) -> Node:
    """Build an ordered list starting at `order`; each item is a markup string or blocks."""
    if order < 0:
        raise ValueError(f"ordered list must start at 0 or above, not {order!r}")
    return _block("ordered_list", _require_items("ol", items), principles, audiences, order=order)


def hr() -> Node:
    """Build a horizontal rule."""
    return _block("horizontal_rule", [])


def block_id(key: str, n: int) -> str:
    """Derive the stable id of the n-th block (pre-order) of the doc identified by key."""
    # sha1 only spreads ids evenly and keeps them stable across runs; nothing is secret.
    digest = hashlib.sha1(f"{key}:{n}".encode(), usedforsecurity=False)
    return digest.hexdigest()[:ID_LENGTH]


def iter_blocks(node: Node) -> Iterator[Node]:
    """Yield every node carrying block attrs below node, in document (pre-order) order."""
    for child in node.get("content", ()):
        if "attrs" in child and "id" in child["attrs"]:
            yield child
        yield from iter_blocks(child)


def doc(*blocks: Node, key: str = "doc") -> Node:
    """Build a document and number every block's id deterministically from key."""
    # Copy first so a block object reused in two documents never shares (or swaps) ids.
    root: Node = {"type": "doc", "content": copy.deepcopy(_require_blocks("doc", blocks))}
    for n, block in enumerate(iter_blocks(root)):
        block["attrs"]["id"] = block_id(key, n)
    return root
