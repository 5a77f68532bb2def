"""ProseMirror JSON -> HTML for reader pages: a tree walk whose output is always escaped.

Tables are real tables: leading rows of header cells form the head (``<th scope="col">``),
a header cell later in a row heads that row (``scope="row"``). Unknown node or mark types
are rendered by their content only, and unsafe links lose
their link, so a stored document can never inject markup into a page. A cited library
resource links to its page by the title stored in the text (no lookup), unless the caller
says it no longer exists: then it is its title alone.
"""

from __future__ import annotations

import re
from collections.abc import Container
from typing import Any

from markupsafe import Markup, escape

from cbook.editor.links import is_safe_href
from cbook.editor.schema import CALLOUT_KINDS

_ID_SAFE = re.compile(r"[^A-Za-z0-9_-]")
_SIMPLE_BLOCKS = {
    "paragraph": "p",
    "blockquote": "blockquote",
    "bullet_list": "ul",
    "list_item": "li",
}
INLINE_NODES = ("text", "hard_break", "resource_ref")
_MARK_TAGS = {"em": "em", "strong": "strong", "code": "code"}
CALLOUT_LABELS = {
    "barrier": "Barrier",
    "enabler": "Enabler",
    "tool": "Tool",
    "story": "Story",
    "example": "Example",
    "reflection": "Reflection",
}


def block_anchor(node: dict[str, Any]) -> str:
    """The HTML id a block is deep-linked by ("b-" + its stable id), or ""."""
    block_id = (node.get("attrs") or {}).get("id")
    if not isinstance(block_id, str) or not block_id:
        return ""
    return "b-" + _ID_SAFE.sub("", block_id)[:64]


def _open_mark(mark: dict[str, Any]) -> str:
    kind = mark.get("type")
    if kind == "link":
        attrs = mark.get("attrs") or {}
        href = attrs.get("href")
        if not is_safe_href(href):
            return "<span>"
        title = attrs.get("title")
        title_attr = f' title="{escape(title)}"' if isinstance(title, str) and title else ""
        external = str(href).startswith(("http://", "https://"))
        rel = ' rel="noopener noreferrer"' if external else ""
        return f'<a href="{escape(href)}"{title_attr}{rel}>'
    tag = _MARK_TAGS.get(str(kind))
    return f"<{tag}>" if tag else "<span>"


def _close_mark(mark: dict[str, Any]) -> str:
    kind = mark.get("type")
    if kind == "link":
        return "</a>" if is_safe_href((mark.get("attrs") or {}).get("href")) else "</span>"
    tag = _MARK_TAGS.get(str(kind))
    return f"</{tag}>" if tag else "</span>"


def resource_ref_id(node: dict[str, Any]) -> int | None:
    """The library resource a resource_ref node cites, or None if it names none."""
    value = (node.get("attrs") or {}).get("resource")
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _render_resource_ref(node: dict[str, Any], resources: Container[int] | None,
                         in_link: bool) -> str:
    resource_id = resource_ref_id(node)
    title = (node.get("attrs") or {}).get("title")
    text = escape(title if isinstance(title, str) and title.strip() else
                  f"Library resource {resource_id or ''}".strip())
    # Links don't nest: inside a link, or once the resource is gone, only the title is left.
    if resource_id is None or in_link or (resources is not None and resource_id not in resources):
        return f'<span class="resource-ref">{text}</span>'
    return f'<a class="resource-ref" href="/library/{resource_id}">{text}</a>'


def _render_inline(children: list[Any], out: list[str],
                   resources: Container[int] | None) -> None:
    """Inline content with marks nested the way ProseMirror's serializer nests them."""
    active: list[dict[str, Any]] = []
    for child in children:
        if not isinstance(child, dict):
            continue
        marks = [m for m in child.get("marks") or [] if isinstance(m, dict)]
        keep = 0
        while keep < len(active) and keep < len(marks) and active[keep] == marks[keep]:
            keep += 1
        while len(active) > keep:
            out.append(_close_mark(active.pop()))
        for mark in marks[keep:]:
            out.append(_open_mark(mark))
            active.append(mark)
        if child.get("type") == "text":
            out.append(str(escape(str(child.get("text", "")))))
        elif child.get("type") == "hard_break":
            out.append("<br>")
        elif child.get("type") == "resource_ref":
            in_link = any(mark.get("type") == "link" for mark in active)
            out.append(_render_resource_ref(child, resources, in_link))
    while active:
        out.append(_close_mark(active.pop()))


def _id_attr(node: dict[str, Any]) -> str:
    anchor = block_anchor(node)
    return f' id="{anchor}"' if anchor else ""


def _render_block(node: dict[str, Any], out: list[str],
                  resources: Container[int] | None) -> None:
    kind = node.get("type")
    attrs = node.get("attrs") or {}
    content = [child for child in node.get("content") or [] if isinstance(child, dict)]
    ident = _id_attr(node)
    if kind in ("paragraph",):
        out.append(f"<p{ident}>")
        _render_inline(content, out, resources)
        out.append("</p>")
    elif kind == "heading":
        level = attrs.get("level")
        level = level if isinstance(level, int) and 2 <= level <= 6 else 2
        out.append(f"<h{level}{ident}>")
        _render_inline(content, out, resources)
        out.append(f"</h{level}>")
    elif kind == "ordered_list":
        order = attrs.get("order")
        start = f' start="{order}"' if isinstance(order, int) and order != 1 else ""
        out.append(f"<ol{ident}{start}>")
        _render_children(content, out, resources)
        out.append("</ol>")
    elif kind == "callout":
        callout_kind = attrs.get("kind") if attrs.get("kind") in CALLOUT_KINDS else "tool"
        label = CALLOUT_LABELS[str(callout_kind)]
        title = attrs.get("title") if isinstance(attrs.get("title"), str) else ""
        out.append(f'<aside{ident} class="callout callout--{callout_kind}" '
                   f'aria-label="{escape(label)}">')
        out.append(f'<p class="callout__kind">{escape(label)}</p>')
        if title:
            out.append(f'<p class="callout__title">{escape(title)}</p>')
        _render_children(content, out, resources)
        out.append("</aside>")
    elif kind == "horizontal_rule":
        out.append(f"<hr{ident}>")
    elif kind == "table":
        _render_table(node, ident, content, out, resources)
    elif kind in _SIMPLE_BLOCKS:
        tag = _SIMPLE_BLOCKS[str(kind)]
        out.append(f"<{tag}{ident}>")
        _render_children(content, out, resources)
        out.append(f"</{tag}>")
    else:
        _render_children(content, out, resources)


def _span(attrs: dict[str, Any], name: str) -> str:
    value = attrs.get(name)
    ok = isinstance(value, int) and not isinstance(value, bool) and 1 < value <= 1000
    return f' {name}="{value}"' if ok else ""


def _render_row(row: dict[str, Any], in_head: bool, out: list[str],
                resources: Container[int] | None) -> None:
    out.append(f"<tr{_id_attr(row)}>")
    for cell in row.get("content") or []:
        if not isinstance(cell, dict) or cell.get("type") not in ("table_cell", "table_header"):
            continue
        attrs = cell.get("attrs") or {}
        spans = _span(attrs, "colspan") + _span(attrs, "rowspan")
        if cell.get("type") == "table_header":
            scope = "col" if in_head else "row"
            out.append(f'<th{_id_attr(cell)} scope="{scope}"{spans}>')
            _render_children([c for c in cell.get("content") or [] if isinstance(c, dict)],
                             out, resources)
            out.append("</th>")
        else:
            out.append(f"<td{_id_attr(cell)}{spans}>")
            _render_children([c for c in cell.get("content") or [] if isinstance(c, dict)],
                             out, resources)
            out.append("</td>")
    out.append("</tr>")


def _is_header_row(row: dict[str, Any]) -> bool:
    cells = [c for c in row.get("content") or [] if isinstance(c, dict)]
    return bool(cells) and all(c.get("type") == "table_header" for c in cells)


def _render_table(node: dict[str, Any], ident: str, content: list[dict[str, Any]],
                  out: list[str], resources: Container[int] | None) -> None:
    """A table; its leading all-header rows are the head, as the exports make them."""
    rows = [row for row in content if row.get("type") == "table_row"]
    head = 0
    while head < len(rows) and _is_header_row(rows[head]):
        head += 1
    if head == len(rows):
        head = min(head, 1)  # a table of header cells only: its first row heads it
    out.append(f"<table{ident}>")
    if head:
        out.append("<thead>")
        for row in rows[:head]:
            _render_row(row, True, out, resources)
        out.append("</thead>")
    if rows[head:]:
        out.append("<tbody>")
        for row in rows[head:]:
            _render_row(row, False, out, resources)
        out.append("</tbody>")
    out.append("</table>")


def _render_children(children: list[dict[str, Any]], out: list[str],
                     resources: Container[int] | None) -> None:
    for child in children:
        if child.get("type") in INLINE_NODES:
            _render_inline([child], out, resources)
        else:
            _render_block(child, out, resources)


def render_html(doc: dict[str, Any] | None, resources: Container[int] | None = None
                ) -> Markup:
    """Safe HTML for a whole document; ``resources``, if given, the cited ones that exist."""
    if not isinstance(doc, dict):
        return Markup("")
    out: list[str] = []
    _render_children([c for c in doc.get("content") or [] if isinstance(c, dict)], out,
                     resources)
    # Every piece of text and every attribute above went through escape().
    return Markup("".join(out))  # noqa: S704
