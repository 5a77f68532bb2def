"""ProseMirror JSON -> HTML for reader pages: a tree walk whose output is always escaped.

Unknown node or mark types are rendered by their content only, and unsafe links lose
their link, so a stored document can never inject markup into a page.
"""

from __future__ import annotations

import re
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


def _render_inline(children: list[Any], out: list[str]) -> None:
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
    while active:
        out.append(_close_mark(active.pop()))


def _id_attr(node: dict[str, Any]) -> str:
    anchor = block_anchor(node)
    return f' id="{anchor}"' if anchor else ""


def _render_block(node: dict[str, Any], out: list[str]) -> None:
    kind = node.get("type")
    attrs = node.get("attrs") or {}
    content = [child for child in node.get("content") or [] if isinstance(child, dict)]
    ident = _id_attr(node)
    if kind in ("paragraph",):
        out.append(f"<p{ident}>")
        _render_inline(content, out)
        out.append("</p>")
    elif kind == "heading":
        level = attrs.get("level")
        level = level if isinstance(level, int) and 2 <= level <= 6 else 2
        out.append(f"<h{level}{ident}>")
        _render_inline(content, out)
        out.append(f"</h{level}>")
    elif kind == "ordered_list":
        order = attrs.get("order")
        start = f' start="{order}"' if isinstance(order, int) and order != 1 else ""
        out.append(f"<ol{ident}{start}>")
        _render_children(content, out)
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
        _render_children(content, out)
        out.append("</aside>")
    elif kind == "horizontal_rule":
        out.append(f"<hr{ident}>")
    elif kind in _SIMPLE_BLOCKS:
        tag = _SIMPLE_BLOCKS[str(kind)]
        out.append(f"<{tag}{ident}>")
        _render_children(content, out)
        out.append(f"</{tag}>")
    else:
        _render_children(content, out)


def _render_children(children: list[dict[str, Any]], out: list[str]) -> None:
    for child in children:
        if child.get("type") in ("text", "hard_break"):
            _render_inline([child], out)
        else:
            _render_block(child, out)


def render_html(doc: dict[str, Any] | None) -> Markup:
    """Safe HTML for a whole document."""
    if not isinstance(doc, dict):
        return Markup("")
    out: list[str] = []
    _render_children([c for c in doc.get("content") or [] if isinstance(c, dict)], out)
    # Every piece of text and every attribute above went through escape().
    return Markup("".join(out))  # noqa: S704
