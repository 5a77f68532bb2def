"""ProseMirror documents to pandoc's JSON AST: the one place exports learn our schema.

Every export format is pandoc (or typst via pandoc) reading what this module writes, so
each node of ``cbook/editor/schema.json`` has exactly one mapping here:

- paragraph, heading (shifted below the chapter and section headings), blockquote,
  horizontal_rule, bullet and ordered lists, tables (header rows become the table head);
- callouts become a ``Div`` with classes ``callout`` and the kind, a ``custom-style`` for
  Word, and a first line naming the kind (and title) so they read distinctly even where a
  format has no styling;
- images become figures when the caller can supply a local file for them (exports never
  fetch from the network); otherwise their alt text stands in;
- marks: bold, italic, code, links; hard breaks.

Blocks tagged for audiences that exclude the edition's audience are left out, with all
they contain. Block ids become identifiers so links and the principles index can point at
a passage. Plain data in, plain data out: no Flask, no database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

PANDOC_API_VERSION = [1, 23, 1]
CALLOUT_NAMES = {"barrier": "Barrier", "enabler": "Enabler", "tool": "Tool",
                 "story": "Story", "example": "Example", "reflection": "Reflection"}
_SPACES = re.compile(r"(\s+)")
_ID_SAFE = re.compile(r"[^A-Za-z0-9_-]")

Json = dict[str, Any]
Attr = list[Any]  # [identifier, [classes], [[key, value]]]


def attr(identifier: str = "", classes: Sequence[str] = (),
         pairs: Sequence[tuple[str, str]] = ()) -> Attr:
    """A pandoc Attr."""
    return [identifier, list(classes), [list(p) for p in pairs]]


def text_inlines(text: str) -> list[Json]:
    """Words and spaces as pandoc wants them (a Str never holds a space)."""
    out: list[Json] = []
    for part in _SPACES.split(text):
        if not part:
            continue
        if part.isspace():
            out.append({"t": "SoftBreak"} if "\n" in part else {"t": "Space"})
        else:
            out.append({"t": "Str", "c": part})
    return out


def plain_text(inlines: Iterable[Json]) -> str:
    """The text of pandoc inlines (for alt text and checks)."""
    parts: list[str] = []
    for node in inlines:
        kind = node.get("t")
        content: Any = node.get("c")
        if kind == "Str":
            parts.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif kind == "Code":
            parts.append(content[1])
        elif kind in ("Emph", "Strong", "Underline", "Strikeout", "SmallCaps"):
            parts.append(plain_text(content))
        elif kind in ("Link", "Span"):
            parts.append(plain_text(content[1]))
    return "".join(parts)


def block_identifier(block_id: Any, prefix: str = "") -> str:
    """The HTML id of a block: "b-" + its stable id, as the web reader uses it, after
    ``prefix`` (a book has many sections, and block ids are unique only within one)."""
    if not isinstance(block_id, str) or not block_id:
        return ""
    cleaned = _ID_SAFE.sub("", block_id)[:64]
    return f"{prefix}b-{cleaned}" if cleaned else ""


@dataclass
class Conversion:
    """What one export needs while converting, and what it learns on the way."""

    audience: str | None = None  # None: the everyone edition, nothing left out
    heading_shift: int = 0  # document heading level + shift = output level
    image_file: Callable[[str], str | None] = lambda _src: None  # src -> local path
    link_target: Callable[[str], str] = lambda href: href  # rewrite internal links
    id_prefix: str = ""  # keeps block ids unique across the sections of a book
    place: str = ""  # where the blocks being converted are, e.g. "Chapter: Section"
    # Learned: principle slug -> identifiers of the passages tagged with it, in order;
    # identifier -> the place it is in; resource ids cited, in first-cited order.
    passages: dict[str, list[str]] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    cited: dict[int, str] = field(default_factory=dict)
    left_out: int = 0  # blocks dropped for the audience

    def keeps(self, node: Json) -> bool:
        """Whether a block is for this edition's audience."""
        if self.audience is None:
            return True
        audiences = (node.get("attrs") or {}).get("audiences") or []
        return not audiences or self.audience in audiences


def _wrap(inlines: list[Json], mark: Json, conversion: Conversion) -> list[Json]:
    kind = mark.get("type")
    if kind == "strong":
        return [{"t": "Strong", "c": inlines}]
    if kind == "em":
        return [{"t": "Emph", "c": inlines}]
    if kind == "link":
        attrs = mark.get("attrs") or {}
        href = conversion.link_target(str(attrs.get("href") or ""))
        return [{"t": "Link", "c": [attr(), inlines, [href, str(attrs.get("title") or "")]]}]
    return inlines


def _trimmed(converted: list[Json]) -> list[Json]:
    """Without spaces at either end, as pandoc's own readers leave a paragraph."""
    blank = ("Space", "SoftBreak")
    start, end = 0, len(converted)
    while start < end and converted[start].get("t") in blank:
        start += 1
    while end > start and converted[end - 1].get("t") in blank:
        end -= 1
    return converted[start:end]


def inlines(nodes: Iterable[Json], conversion: Conversion) -> list[Json]:
    """Inline content (text with marks, hard breaks, inline images) as pandoc inlines."""
    out: list[Json] = []
    for node in nodes:
        kind = node.get("type")
        if kind == "hard_break":
            out.append({"t": "LineBreak"})
            continue
        if kind != "text":
            out.extend(_inline_other(node, conversion))
            continue
        marks = node.get("marks") or []
        text = str(node.get("text") or "")
        if any(m.get("type") == "code" for m in marks):
            converted: list[Json] = [{"t": "Code", "c": [attr(), text]}]
        else:
            converted = text_inlines(text)
        # Innermost first: the schema lists marks outermost-first.
        for mark in reversed(marks):
            if mark.get("type") != "code":
                converted = _wrap(converted, mark, conversion)
        out.extend(converted)
    return out


def _inline_other(node: Json, conversion: Conversion) -> list[Json]:
    """Inline nodes other than text: kept as their text so nothing silently vanishes."""
    attrs = node.get("attrs") or {}
    if node.get("type") == "resource_ref":
        title = str(attrs.get("title") or "a library resource")
        resource = attrs.get("resource")
        if isinstance(resource, int) and not isinstance(resource, bool):
            conversion.cited.setdefault(resource, title)
        return [{"t": "Span", "c": [attr(classes=["resource-ref"]), text_inlines(title)]}]
    text = str(node.get("text") or attrs.get("title") or "")
    return text_inlines(text) if text else []


def _image(node: Json, conversion: Conversion) -> list[Json]:
    attrs = node.get("attrs") or {}
    alt = str(attrs.get("alt") or "")
    path = conversion.image_file(str(attrs.get("src") or ""))
    if path is None:
        # No local copy: say what was there rather than fetch it or drop it silently.
        return [{"t": "Para", "c": [{"t": "Emph", "c": text_inlines(f"[Image: {alt}]")}]}]
    image = {"t": "Image", "c": [attr(), text_inlines(alt), [path, str(attrs.get("title") or "")]]}
    return [{"t": "Figure", "c": [attr(), [None, [{"t": "Plain", "c": text_inlines(alt)}]],
                                  [{"t": "Plain", "c": [image]}]]}]


def _cell(node: Json, conversion: Conversion) -> list[Any]:
    attrs = node.get("attrs") or {}
    rowspan = int(attrs.get("rowspan") or 1)
    colspan = int(attrs.get("colspan") or 1)
    return [attr(), {"t": "AlignDefault"}, rowspan, colspan,
            blocks(node.get("content") or [], conversion)]


def _table(node: Json, conversion: Conversion) -> list[Json]:
    rows = [row for row in node.get("content") or [] if row.get("type") == "table_row"]
    head_rows: list[Any] = []
    body_rows: list[Any] = []
    for row in rows:
        cells = row.get("content") or []
        converted = [attr(), [_cell(cell, conversion) for cell in cells]]
        is_header = cells and all(c.get("type") == "table_header" for c in cells)
        # Header rows count as the head only while no body row has come yet.
        (head_rows if is_header and not body_rows else body_rows).append(converted)
    width = max((sum(int((c.get("attrs") or {}).get("colspan") or 1)
                     for c in row.get("content") or []) for row in rows), default=1)
    colspecs = [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}] for _ in range(width)]
    return [{"t": "Table", "c": [
        attr(), [None, []], colspecs, [attr(), head_rows],
        [[attr(), 0, [], body_rows]], [attr(), []],
    ]}]


def _callout(node: Json, conversion: Conversion, identifier: str) -> list[Json]:
    attrs = node.get("attrs") or {}
    kind = str(attrs.get("kind") or "tool")
    name = CALLOUT_NAMES.get(kind, kind.capitalize())
    title = str(attrs.get("title") or "")
    label: list[Json] = [{"t": "Strong", "c": text_inlines(name + (":" if title else ""))}]
    if title:
        label += [{"t": "Space"}, *text_inlines(title)]
    content = [{"t": "Para", "c": label}, *blocks(node.get("content") or [], conversion)]
    style = ("custom-style", f"Callout {name}")
    return [{"t": "Div", "c": [attr(identifier, ["callout", kind], [style]), content]}]


def _note_passage(node: Json, identifier: str, conversion: Conversion) -> None:
    if not identifier:
        return
    for slug in (node.get("attrs") or {}).get("principles") or []:
        found = conversion.passages.setdefault(str(slug), [])
        if identifier not in found:
            found.append(identifier)
            conversion.places[identifier] = conversion.place


def block(node: Json, conversion: Conversion) -> list[Json]:
    """One block node as pandoc blocks (none when it is not for this audience)."""
    if not conversion.keeps(node):
        conversion.left_out += 1
        return []
    kind = node.get("type")
    attrs = node.get("attrs") or {}
    identifier = block_identifier(attrs.get("id"), conversion.id_prefix)
    _note_passage(node, identifier, conversion)
    content = node.get("content") or []
    converted: list[Json]
    match kind:
        case "paragraph":
            converted = [{"t": "Para", "c": _trimmed(inlines(content, conversion))}]
        case "heading":
            level = max(1, min(6, int(attrs.get("level") or 2) + conversion.heading_shift))
            title = _trimmed(inlines(content, conversion))
            return [{"t": "Header", "c": [level, attr(identifier), title]}]
        case "blockquote":
            converted = [{"t": "BlockQuote", "c": blocks(content, conversion)}]
        case "callout":
            return _callout(node, conversion, identifier)
        case "horizontal_rule":
            return [{"t": "HorizontalRule"}]
        case "image":
            converted = _image(node, conversion)
        case "bullet_list":
            converted = [{"t": "BulletList", "c": _items(content, conversion)}]
        case "ordered_list":
            start = int(attrs.get("order") or 1)
            converted = [{"t": "OrderedList", "c": [
                [start, {"t": "Decimal"}, {"t": "Period"}], _items(content, conversion)]}]
        case "table":
            converted = _table(node, conversion)
        case _:
            converted = blocks(content, conversion)  # unknown wrapper: keep what it holds
    if identifier and converted:
        # Para and lists carry no identifier of their own: a Div gives the passage an anchor.
        return [{"t": "Div", "c": [attr(identifier), converted]}]
    return converted


def _items(nodes: Iterable[Json], conversion: Conversion) -> list[list[Json]]:
    items = []
    for item in nodes:
        if not conversion.keeps(item):
            conversion.left_out += 1
            continue
        items.append(blocks(item.get("content") or [], conversion))
    return items


def blocks(nodes: Iterable[Json], conversion: Conversion) -> list[Json]:
    """A list of block nodes as pandoc blocks."""
    out: list[Json] = []
    for node in nodes:
        if isinstance(node, dict):
            out.extend(block(node, conversion))
    return out


def document(blocks_: list[Json], meta: dict[str, Any] | None = None) -> Json:
    """A whole pandoc document; ``meta`` values are plain strings, lists or booleans."""
    return {"pandoc-api-version": PANDOC_API_VERSION,
            "meta": {key: meta_value(value) for key, value in (meta or {}).items()},
            "blocks": blocks_}


def meta_value(value: Any) -> Json:
    """A Python value as pandoc metadata (strings become inline text)."""
    if isinstance(value, bool):
        return {"t": "MetaBool", "c": value}
    if isinstance(value, str):
        return {"t": "MetaInlines", "c": text_inlines(value)}
    if isinstance(value, (list, tuple)):
        return {"t": "MetaList", "c": [meta_value(v) for v in value]}
    if isinstance(value, dict):
        return {"t": "MetaMap", "c": {k: meta_value(v) for k, v in value.items()}}
    return {"t": "MetaString", "c": str(value)}
