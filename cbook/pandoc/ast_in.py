"""Pandoc's AST -> blocks of our ProseMirror schema (the inverse of :mod:`cbook.pandoc.ast_out`).

Everything the schema holds is mapped back: paragraphs, headings (levels 2-4), block
quotes, callouts (a Div with classes ``callout`` and the kind, or Word's "Callout X"
style, whose first line names the kind and title), rules, images, lists, tables and the
marks em, strong, code and link. Content the schema cannot hold is kept as its text, never
dropped silently: footnotes become numbered paragraphs at the end of their section, code
blocks paragraphs in the code mark, math its TeX; raw HTML or TeX is left out with a note.
Links other than http(s), mailto and relative lose their link but keep their words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cbook.editor.links import is_safe_href
from cbook.pandoc.ast_text import (
    Json,
    callout_kind,
    callout_label,
    merge_word_callouts,
    text_of,
)

MAX_DEPTH = 12  # deeper nesting is kept as text: the schema allows 32 levels in all
MARK_RANK = {"link": 0, "em": 1, "strong": 2, "code": 3}
FLOW = frozenset({"paragraph", "bullet_list", "ordered_list"})  # callouts and table cells
Mark = tuple[str, str, str]  # type, href, title
QUOTES = {True: ("\u201c", "\u201d"), False: ("\u2018", "\u2019")}
ImageSource = Callable[[str, str], str | None]  # (src, alt) -> URL to use, or None
LinkNode = Callable[[str, str], Json | None]  # (href, words) -> a node for the link, or None


def paragraph(content: list[Json] | None = None) -> Json:
    """A paragraph node."""
    return {"type": "paragraph", "content": content or []}


def text_node(text: str, marks: tuple[Mark, ...] = ()) -> Json:
    """A text node with marks in the schema's order."""
    node: Json = {"type": "text", "text": text}
    if marks:
        ordered = sorted(set(marks), key=lambda m: MARK_RANK[m[0]])
        node["marks"] = [{"type": "link", "attrs": {"href": href, "title": title or None}}
                         if kind == "link" else {"type": kind} for kind, href, title in ordered]
    return node


def _merge(nodes: list[Json]) -> list[Json]:
    out: list[Json] = []
    for node in nodes:
        if node["type"] == "text" and not node["text"]:
            continue
        if out and node["type"] == "text" and out[-1]["type"] == "text" and (
                out[-1].get("marks") == node.get("marks")):
            out[-1] = {**out[-1], "text": out[-1]["text"] + node["text"]}
        else:
            out.append(node)
    while out and out[0]["type"] == "text" and not out[0]["text"].strip():
        out.pop(0)
    while out and out[-1]["type"] == "text" and not out[-1]["text"].strip():
        out.pop()
    return out


def schema_inlines(items: list[Json], notes: list[str],
                   link_node: LinkNode | None = None) -> list[Json]:
    """Pandoc inlines as our schema's inline nodes: marks in order, neighbours merged.

    ``link_node`` may stand in for a link of the outermost level (e.g. the demo's
    ``resource:`` citations); what had to change is added to ``notes``.
    """
    converter = Converter(1, lambda src, alt: None, notes)
    out: list[Json] = []
    for item in items:
        if link_node is not None and item.get("t") == "Link":
            node = link_node(item["c"][2][0], text_of(item["c"][1]))
            if node is not None:
                out.append(node)
                continue
        out.extend(converter.inlines([item]))
    return _merge(out)


class Converter:
    """Converts one section's pandoc blocks; collects notes on what had to change."""

    def __init__(self, split_level: int, image_source: ImageSource,
                 notes: list[str]) -> None:
        self.split_level = split_level
        self.image_source = image_source
        self.notes = notes
        self.footnotes: list[list[Json]] = []
        self._hoisted: list[Json] = []

    def note(self, message: str) -> None:
        """Remember (once) something the reader of the preview should know."""
        if message not in self.notes and len(self.notes) < 50:
            self.notes.append(message)

    # --- inlines ---------------------------------------------------------------------

    def inlines(self, items: list[Json], marks: tuple[Mark, ...] = ()) -> list[Json]:
        """Pandoc inlines as text nodes and hard breaks (images are hoisted out)."""
        out: list[Json] = []
        for item in items:
            kind = item.get("t")
            content: Any = item.get("c")
            if kind == "Str":
                out.append(text_node(content, marks))
            elif kind in ("Space", "SoftBreak"):
                out.append(text_node(" ", marks))
            elif kind == "LineBreak":
                out.append({"type": "hard_break"})
            elif kind in ("Emph", "Strong"):
                mark: Mark = ("em" if kind == "Emph" else "strong", "", "")
                out.extend(self.inlines(content, (*marks, mark)))
            elif kind in ("Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
                out.extend(self.inlines(content, marks))
            elif kind == "Quoted":
                double = content[0].get("t") == "DoubleQuote"
                opening, closing = QUOTES[double]
                out += [text_node(opening, marks), *self.inlines(content[1], marks),
                        text_node(closing, marks)]
            elif kind in ("Cite", "Span"):
                out.extend(self.inlines(content[1], marks))
            elif kind == "Code":
                out.append(text_node(content[1], (*marks, ("code", "", ""))))
            elif kind == "Math":
                self.note("Mathematics was kept as its TeX text.")
                out.append(text_node(content[1], marks))
            elif kind == "RawInline":
                self.note("Raw markup (HTML or TeX) in the text was left out.")
            elif kind == "Link":
                out.extend(self._link(content, marks))
            elif kind == "Image":
                self._hoisted.extend(self._image(content[2][0], text_of(content[1])))
            elif kind == "Note":
                self.footnotes.append(content)
                out.append(text_node(f"[{len(self.footnotes)}]", marks))
        return out

    def _link(self, content: list[Any], marks: tuple[Mark, ...]) -> list[Json]:
        href, title = content[2]
        if is_safe_href(href):
            return self.inlines(content[1], (*marks, ("link", href, title)))
        self.note(f"A link to {str(href)[:80]!r} was removed (only http, https, mailto and "
                  "relative links are kept); its words were kept.")
        return self.inlines(content[1], marks)

    def _image(self, src: str, alt: str) -> list[Json]:
        url = self.image_source(src, alt)
        words = alt.strip() or _name_of(src)
        if url is None:
            return [paragraph([text_node(f"[Image: {words}]", (("em", "", ""),))])]
        return [{"type": "image", "attrs": {"src": url, "alt": words}}]

    # --- blocks ----------------------------------------------------------------------

    def blocks(self, items: list[Json], depth: int = 0) -> list[Json]:
        """Pandoc blocks as schema blocks."""
        out: list[Json] = []
        for item in merge_word_callouts(items):
            if depth > MAX_DEPTH:
                words = text_of(item)
                if words:
                    out.append(paragraph([text_node(words)]))
                continue
            out.extend(self.block(item, depth))
        return out

    def block(self, item: Json, depth: int) -> list[Json]:
        """One pandoc block as schema blocks (none, one or several)."""
        kind = item.get("t")
        content: Any = item.get("c")
        match kind:
            case "Para" | "Plain":
                return self._paragraph(content)
            case "LineBlock":
                lines: list[Json] = []
                for line in content:
                    lines += [*([{"type": "hard_break"}] if lines else []), *self.inlines(line)]
                return self._paragraph_nodes(lines)
            case "CodeBlock":
                code = ("code", "", "")
                parts: list[Json] = []
                for line in str(content[1]).split("\n"):
                    parts += [*([{"type": "hard_break"}] if parts else []),
                              text_node(line, (code,))]
                return [paragraph(_merge(parts))] if content[1].strip() else []
            case "RawBlock":
                self.note("Raw markup (HTML or TeX) between paragraphs was left out.")
                return []
            case "BlockQuote":
                inner = self.blocks(content, depth + 1)
                return [{"type": "blockquote", "content": inner}] if inner else []
            case "BulletList":
                return self._list("bullet_list", content, depth, {})
            case "OrderedList":
                start = int(content[0][0]) if isinstance(content[0][0], int) else 1
                return self._list("ordered_list", content[1], depth, {"order": max(start, 0)})
            case "DefinitionList":
                out: list[Json] = []
                for term, definitions in content:
                    out.append(paragraph(_merge(self.inlines(term, (("strong", "", ""),)))))
                    for definition in definitions:
                        out.extend(self.blocks(definition, depth + 1))
                return out
            case "Header":
                level = max(2, min(4, int(content[0]) - self.split_level + 1))
                words = _merge(self.inlines(content[2]))
                return [{"type": "heading", "attrs": {"level": level}, "content": words}] \
                    if words else []
            case "HorizontalRule":
                return [{"type": "horizontal_rule"}]
            case "Table":
                return self._table(content, depth)
            case "Figure":
                return self._figure(content, depth)
            case "Div":
                return self._div(item, depth)
        return []

    def _paragraph(self, items: list[Json]) -> list[Json]:
        return self._paragraph_nodes(self.inlines(items))

    def _paragraph_nodes(self, nodes: list[Json]) -> list[Json]:
        hoisted, self._hoisted = self._hoisted, []
        merged = _merge(nodes)
        return ([paragraph(merged)] if merged else []) + hoisted

    def _list(self, name: str, items: list[list[Json]], depth: int,
              attrs: Json) -> list[Json]:
        converted = []
        for item in items:
            content = self.blocks(item, depth + 1)
            if not content or content[0]["type"] != "paragraph":
                content.insert(0, paragraph())
            converted.append({"type": "list_item", "content": content})
        return [{"type": name, "attrs": attrs, "content": converted}] if converted else []

    def flow(self, nodes: list[Json]) -> list[Json]:
        """Blocks limited to paragraphs and lists (callouts, table cells), others as text."""
        out: list[Json] = []
        for node in nodes:
            if node["type"] in FLOW:
                out.append(node)
            elif node["type"] in ("blockquote", "callout"):
                out.extend(self.flow(node["content"]))
            elif node["type"] == "heading":
                out.append(paragraph(node["content"]))
            elif node["type"] == "image":
                out.append(paragraph([text_node(f"[Image: {node['attrs']['alt']}]")]))
            elif node["type"] == "table":
                for row in node["content"]:
                    words = " | ".join(_node_text(cell) for cell in row["content"])
                    if words.strip(" |"):
                        out.append(paragraph([text_node(words)]))
        return out

    def _table(self, content: list[Any], depth: int) -> list[Json]:
        caption, head, bodies, foot = content[1], content[3], content[4], content[5]
        rows: list[Json] = []
        sources = [(head[1], True)]
        for body in bodies:
            sources += [(body[2], True), (body[3], False)]
        sources.append((foot[1], False))
        for source, is_head in sources:
            for row in source:
                cells = [{"type": "table_header" if is_head else "table_cell",
                          "attrs": {"rowspan": max(1, int(cell[2])),
                                    "colspan": max(1, int(cell[3]))},
                          "content": self.flow(self.blocks(cell[4], depth + 1)) or [paragraph()]}
                         for cell in row[1]]
                rows.append({"type": "table_row", "content": cells})
        out = [{"type": "table", "content": rows}] if rows else []
        words = text_of(caption[1])
        return out + ([paragraph([text_node(words, (("em", "", ""),))])] if words else [])

    def _figure(self, content: list[Any], depth: int) -> list[Json]:
        caption = text_of(content[1][1])
        images: list[Json] = []
        _find_images(content[2], images)
        if not images:
            return self.blocks(content[2], depth + 1) + (
                [paragraph([text_node(caption)])] if caption else [])
        out: list[Json] = []
        for image in images:
            out.extend(self._image(image["c"][2][0], caption or text_of(image["c"][1])))
        return out

    def _div(self, item: Json, depth: int) -> list[Json]:
        kind = callout_kind(item)
        content: list[Json] = item["c"][1]
        if kind is None:
            return self.blocks(content, depth)  # a wrapper: keep what it holds
        title = ""
        if content:
            label = callout_label(content[0])
            if label is not None:
                title, content = label, content[1:]
        inner = self.flow(self.blocks(content, depth + 1)) or [paragraph()]
        return [{"type": "callout", "attrs": {"kind": kind, "title": title[:300]},
                 "content": inner}]


def _find_images(item: Any, found: list[Json]) -> None:
    if isinstance(item, list):
        for child in item:
            _find_images(child, found)
    elif isinstance(item, dict):
        if item.get("t") == "Image":
            found.append(item)
        else:
            _find_images(item.get("c"), found)


def _node_text(node: Json) -> str:
    if node.get("type") == "text":
        return str(node.get("text") or "")
    return " ".join(_node_text(child) for child in node.get("content") or []).strip()


def _name_of(src: str) -> str:
    stem = src.rsplit("/", 1)[-1].rsplit(".", 1)[0].strip()
    if not stem or stem.startswith("data:") or stem.isdigit() or (
            stem.startswith("rId") and stem[3:].isdigit()):
        return "Image"
    return stem[:200]
