"""Small typed builders that produce ProseMirror JSON valid against cbook/editor/schema.json.

Texts are written in inline Markdown and read by pandoc through the bridge
(:mod:`cbook.pandoc.markdown`); documents built here hold them unconverted until
:func:`settle` converts a whole book's in one run.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterator, Sequence
from typing import Any, Final, Literal, TypeAlias, TypeVar

from cbook.pandoc.ast_in import schema_inlines
from cbook.pandoc.markdown import markdown_inlines

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
ID_LENGTH: Final = 10

# A link to "resource:KEY" cites the demo library's resource KEY (see cbook.demo.library).
CITE_PREFIX: Final = "resource:"

# A placeholder for inline markup not converted yet: builders make documents at import
# time, and settle() converts every text of a whole book at once (pandoc starts once).
_MARKUP: Final = "markup"
T = TypeVar("T")


def _citation(href: str, words: str) -> Node | None:
    """A citation node for a ``resource:KEY`` link (None for any other link)."""
    if not href.startswith(CITE_PREFIX):
        return None
    return {"type": "resource_ref", "attrs": {"resource": href[len(CITE_PREFIX):],
                                              "title": words}}


def _converted(texts: Sequence[str]) -> list[list[Node]]:
    """Our inline nodes for each text of inline Markdown, all in one pandoc run."""
    wanted = [text for text in texts if text.strip()]
    notes: list[str] = []
    read = iter(schema_inlines(inlines, notes, _citation)
                for inlines in markdown_inlines(wanted))
    out = [next(read) if text.strip() else [] for text in texts]
    if notes:  # the demo's own texts: anything lost is a mistake in them
        raise ValueError(f"demo markup that does not fit the schema: {notes[0]}")
    return out


def inline(text: str) -> list[Node]:
    """Inline Markdown (*em*, **strong**, `code`, [label](url)) as our inline nodes, now.

    ``[title](resource:KEY)`` becomes a citation (a ``resource_ref`` node) whose resource
    is the key until the loader, once the library exists, puts the resource's id there.
    """
    return _converted([text])[0]


def inlines(texts: Sequence[str]) -> list[list[Node]]:
    """Each text of inline Markdown as our inline nodes, like :func:`inline`, in one run."""
    return _converted(texts)


def _markup(text: str) -> list[Node]:
    """The content of a block made of ``text``, converted later by settle()."""
    return [{"type": _MARKUP, "text": text}] if text.strip() else []


def settle(tree: T) -> T:
    """Convert all the markup in ``tree`` (a document, a chapter, a book) in place; ``tree``.

    Every text is read in a single pandoc run, however many documents the tree holds.
    """
    holders: list[Node] = []
    stack: list[Any] = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            content = item.get("content")
            if content and isinstance(content, list) and content[0].get("type") == _MARKUP:
                holders.append(item)
            else:
                stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    converted = _converted([holder["content"][0]["text"] for holder in holders])
    for holder, nodes in zip(holders, converted, strict=True):
        if nodes:
            holder["content"] = nodes
        else:
            del holder["content"]
    return tree


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
    return _block("paragraph", _markup(text), principles, audiences)


def h(
    level: int, text: str, *, principles: Sequence[str] = (), audiences: Sequence[str] = ()
) -> Node:
    """Build a heading of level 2-4 (level 1 is reserved for the section title)."""
    if level not in HEADING_LEVELS:
        raise ValueError(f"heading level must be one of 2, 3, 4, not {level!r}")
    return _block("heading", _markup(text), principles, audiences, level=level)


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
