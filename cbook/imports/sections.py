"""A pandoc document -> titled sections of schema-valid ProseMirror documents.

The document is split at its top-level headings: the highest heading level present is the
section boundary. A lone heading of that level opening the document is its title (as in
a chapter exported by us, or a Markdown file starting with "# Title"), so the split falls
one level lower. Text before the first boundary becomes a section of its own. Every block
gets a fresh id, and each document is checked against the schema before anyone sees it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from cbook.editor.documents import normalise_document
from cbook.editor.schema import block_node_names
from cbook.errors import TooLarge, Unprocessable
from cbook.pandoc.ast_in import FLOW, Converter, ImageSource, paragraph, text_node
from cbook.pandoc.ast_text import Json, callout_kind, meta_title, section_title, text_of

MAX_SECTIONS = 200
INTRODUCTION = "Introduction"


@dataclass
class ImportedSection:
    """One section to be created: its title and its document."""

    title: str
    doc: dict[str, Any]


@dataclass
class Imported:
    """A converted document: its title (if it names one), sections and notes on changes."""

    title: str
    sections: list[ImportedSection]
    notes: list[str] = field(default_factory=list)


def _unwrapped(blocks: list[Json]) -> list[Json]:
    """Top-level blocks with wrapper Divs (not callouts) opened, so their headings count."""
    out: list[Json] = []
    stack = list(reversed(blocks))
    while stack:
        item = stack.pop()
        if isinstance(item, dict) and item.get("t") == "Div" and callout_kind(item) is None:
            stack.extend(reversed(item["c"][1]))
        elif isinstance(item, dict):
            out.append(item)
    return out


def _level(block: Json) -> int | None:
    return int(block["c"][0]) if block.get("t") == "Header" else None


def split(blocks: list[Json]) -> tuple[str, int, list[tuple[str | None, list[Json]]]]:
    """(title, split level, [(heading text or None for the opening text, blocks)])."""
    # Word's "Table of Contents" heading goes: the contents are made from the headings.
    top = [b for b in _unwrapped(blocks) if b.get("t") != "Null" and not (
        b.get("t") == "Header" and "TOC-Heading" in b["c"][1][1])]
    levels = [level for b in top if (level := _level(b)) is not None]
    title = ""
    if top and levels and _level(top[0]) == min(levels) and levels.count(min(levels)) == 1:
        title = text_of(top[0]["c"][2])
        top, levels = top[1:], levels[1:]
    boundary = min(levels, default=1)
    parts: list[tuple[str | None, list[Json]]] = [(None, [])]
    for block in top:
        if _level(block) == boundary:
            parts.append((text_of(block["c"][2]), []))
        else:
            parts[-1][1].append(block)
    if not parts[0][1]:
        parts.pop(0)
    if len(parts) > MAX_SECTIONS:
        raise TooLarge(f"the document would make more than {MAX_SECTIONS} sections")
    return title, boundary, parts


def _with_ids(doc: Json) -> Json:
    """Every block node given a fresh random id and empty tags (ids unique in the doc)."""
    named = block_node_names()
    seen: set[str] = set()
    stack = [doc]
    while stack:
        node = stack.pop()
        if node.get("type") in named:
            fresh = secrets.token_hex(5)
            while fresh in seen:
                fresh = secrets.token_hex(5)
            seen.add(fresh)
            node["attrs"] = {**(node.get("attrs") or {}), "id": fresh, "principles": [],
                             "audiences": []}
        stack.extend(node.get("content") or [])
    return doc


def _footnotes(converter: Converter) -> list[Json]:
    out: list[Json] = []
    index = 0
    while index < len(converter.footnotes):  # a note may hold notes of its own
        converted = converter.flow(converter.blocks(converter.footnotes[index], 1))
        index += 1
        marker = text_node(f"[{index}] ")
        if converted and converted[0]["type"] == "paragraph":
            converted[0] = paragraph([marker, *converted[0]["content"]])
        else:
            converted.insert(0, paragraph([marker]))
        out.extend(converted)
    if out:
        converter.note("Footnotes were kept as numbered paragraphs at the end of their section.")
    return out


def convert(ast: Json, fallback_title: str, image_source: ImageSource) -> Imported:
    """The sections a pandoc document makes; Unprocessable if it holds nothing to import."""
    notes: list[str] = []
    try:
        heading_title, boundary, parts = split(ast.get("blocks") or [])
        title = heading_title or meta_title(ast) or fallback_title
        sections = []
        for heading, blocks in parts:
            converter = Converter(boundary, image_source, notes)
            content = converter.blocks(blocks)
            content += _footnotes(converter)
            if heading is None:
                name = INTRODUCTION if len(parts) > 1 else title
            else:
                name = section_title(heading)
            doc = _with_ids({"type": "doc", "content": content or [paragraph()]})
            sections.append(ImportedSection(section_title(name, INTRODUCTION),
                                            normalise_document(doc)))
    except RecursionError as error:
        raise Unprocessable("the document nests too deeply to import") from error
    if not sections or all(_is_empty(s.doc) for s in sections):
        raise Unprocessable("the document has no text to import")
    return Imported(section_title(title, fallback_title), sections, notes)


def _is_empty(doc: Json) -> bool:
    content = doc.get("content") or []
    return all(node.get("type") in FLOW and not node.get("content") for node in content)
