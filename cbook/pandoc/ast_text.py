"""Small readers of pandoc's AST for the way back in: text, titles, callout labels."""

from __future__ import annotations

import re
from typing import Any

from cbook.pandoc.ast_out import CALLOUT_NAMES

Json = dict[str, Any]
KIND_BY_NAME = {name.lower(): kind for kind, name in CALLOUT_NAMES.items()}
_BLANK = re.compile(r"\s+")
_TEXT_LEAVES = {"Str": 0, "Code": 1, "Math": 1, "CodeBlock": 1}
_SPACES = {"Space", "SoftBreak", "LineBreak"}


def text_of(item: Any) -> str:
    """All the words in a pandoc node or list of nodes, spaces collapsed."""
    parts: list[str] = []
    _collect(item, parts)
    return _BLANK.sub(" ", "".join(parts)).strip()


def _collect(item: Any, parts: list[str]) -> None:
    if isinstance(item, list):
        for child in item:
            _collect(child, parts)
        return
    if not isinstance(item, dict):
        return
    kind = item.get("t")
    content: Any = item.get("c")
    if kind in _TEXT_LEAVES:
        value = content if kind == "Str" else content[_TEXT_LEAVES[kind]]
        parts.append(str(value))
        if kind == "CodeBlock":
            parts.append(" ")
    elif kind in _SPACES:
        parts.append(" ")
    elif kind in ("RawInline", "RawBlock"):
        return  # markup, not text
    elif kind in ("Link", "Image"):
        _collect(content[1], parts)
    elif isinstance(content, list):
        _collect(content, parts)
        if kind in ("Para", "Plain", "Header"):
            parts.append(" ")


def meta_title(ast: Json) -> str:
    """The document's title metadata as text ("" if it has none)."""
    title = (ast.get("meta") or {}).get("title")
    if not isinstance(title, dict):
        return ""
    if title.get("t") == "MetaString":
        return _BLANK.sub(" ", str(title.get("c") or "")).strip()
    return text_of(title.get("c"))


def callout_kind(div: Json) -> str | None:
    """The callout kind a Div stands for (classes, or a Word "Callout X" style), or None."""
    identifier, classes, pairs = div["c"][0]
    del identifier
    if "callout" in classes:
        return next((c for c in classes if c in CALLOUT_NAMES), "tool")
    style = next((value for key, value in pairs if key == "custom-style"), "")
    if isinstance(style, str) and style.startswith("Callout "):
        return KIND_BY_NAME.get(style.removeprefix("Callout ").strip().lower(), "tool")
    return None


def callout_label(block: Json) -> str | None:
    """The title after a "Barrier:"-style label starting a Para, or None if it has none."""
    if block.get("t") not in ("Para", "Plain") or not block.get("c"):
        return None
    first = block["c"][0]
    if first.get("t") != "Strong":
        return None
    label = text_of(first["c"]).rstrip(":").strip().lower()
    if label not in KIND_BY_NAME:
        return None
    return text_of(block["c"][1:])


def section_title(text: str, fallback: str = "Untitled section") -> str:
    """A heading's text as a section title: one line, at most 300 characters."""
    cleaned = _BLANK.sub(" ", text).strip()
    return cleaned[:300].strip() or fallback


def _styled_list(item: Json, style: list[Any]) -> Json | None:
    """A list whose items all sit in the callout style ``style``, with those Divs opened."""
    if item.get("t") not in ("BulletList", "OrderedList"):
        return None
    entries = item["c"] if item["t"] == "BulletList" else item["c"][1]
    opened = []
    for entry in entries:
        if not entry or any(b.get("t") != "Div" or b["c"][0][2] != style for b in entry):
            return None
        opened.append([inner for b in entry for inner in b["c"][1]])
    return {"t": item["t"], "c": opened if item["t"] == "BulletList" else [item["c"][0], opened]}


def merge_word_callouts(items: list[Json]) -> list[Json]:
    """Word splits a styled callout into one Div per paragraph (and list item): rejoin."""
    out: list[Json] = []
    for item in items:
        previous = out[-1] if out else None
        if previous is not None and previous.get("t") == "Div" and (
                callout_kind(previous) is not None and "callout" not in previous["c"][0][1]):
            listed = _styled_list(item, previous["c"][0][2])
            if listed is not None:
                out[-1] = {"t": "Div", "c": [previous["c"][0], [*previous["c"][1], listed]]}
                continue
        if (item.get("t") == "Div" and previous is not None and previous.get("t") == "Div"
                and "callout" not in item["c"][0][1] and callout_kind(item) is not None
                and item["c"][0][2] == previous["c"][0][2]
                and not (item["c"][1] and callout_label(item["c"][1][0]) is not None)):
            out[-1] = {"t": "Div", "c": [previous["c"][0], previous["c"][1] + item["c"][1]]}
        else:
            out.append(item)
    return out
