"""The browser and the server understand documents with one and the same schema.

Both build their schema from ``cbook/editor/schema.json``: the server with prosemirror-py
(``cbook.editor.schema``), the browser with ``frontend/src/schema.js``, which keeps only the
spec keys it knows and adds DOM rendering. Node builds the browser's schema from that very
source (``frontend/test/describe-schema.mjs``; the committed bundle is checked to be its
build by ``frontend/check-bundle.sh``) and describes it: if the two compile a node type,
an attribute default, a mark's exclusions, a default fill or a document differently, a
step one side accepts the other refuses. Needs Node.js and ``npm ci`` in ``frontend/``;
skipped without them, except under CI=true, where that is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from prosemirror.model import Node, Schema
from prosemirror.model.schema import Attribute

from cbook.editor.schema import CALLOUT_KINDS, schema, schema_spec

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
DESCRIBE = FRONTEND / "test" / "describe-schema.mjs"

# Structural spec keys both ProseMirrors act on (schema.js passes these through).
SPEC_KEYS = ("defining", "isolating", "tableRole", "selectable", "draggable", "code",
             "whitespace")


def _text(text: str, *marks: dict[str, Any]) -> dict[str, Any]:
    return {"type": "text", "text": text, **({"marks": list(marks)} if marks else {})}


def _para(*content: dict[str, Any], **attrs: Any) -> dict[str, Any]:
    return {"type": "paragraph", **({"attrs": attrs} if attrs else {}),
            **({"content": list(content)} if content else {})}


def _cell(kind: str, text: str, **attrs: Any) -> dict[str, Any]:
    return {"type": kind, "attrs": attrs, "content": [_para(_text(text))]}


# A document with every node and mark type, as the editor stores it.
EVERYTHING: dict[str, Any] = {"type": "doc", "content": [
    {"type": "heading", "attrs": {"level": 3, "id": "h1"}, "content": [_text("Title")]},
    _para(_text("Plain, "), _text("bold", {"type": "strong"}),
          _text(" and ", {"type": "em"}), _text("both", {"type": "strong"}, {"type": "em"}),
          _text(" code", {"type": "code"}), {"type": "hard_break"},
          _text("a link", {"type": "link", "attrs": {"href": "https://example.org"}}),
          {"type": "resource_ref", "attrs": {"resource": 7, "title": "A report"}},
          id="p1", principles=["trust"], audiences=["leaders"]),
    {"type": "blockquote", "content": [_para(_text("Quoted."))]},
    {"type": "callout", "attrs": {"kind": "story", "title": "Once"}, "content": [
        _para(_text("Inside.")),
        {"type": "bullet_list", "content": [{"type": "list_item", "content": [
            _para(_text("Item")),
            {"type": "ordered_list", "attrs": {"order": 3}, "content": [
                {"type": "list_item", "content": [_para(_text("Nested"))]}]}]}]}]},
    {"type": "horizontal_rule"},
    {"type": "image", "attrs": {"src": "/static/a.png", "alt": "A chart", "title": None}},
    {"type": "table", "content": [
        {"type": "table_row", "content": [_cell("table_header", "Head", colwidth=[120]),
                                          _cell("table_header", "Two", colspan=2)]},
        {"type": "table_row", "content": [_cell("table_cell", "a"), _cell("table_cell", "b"),
                                          _cell("table_cell", "c", rowspan=1)]}]},
    _para(),
]}

# Documents the schema refuses; each side must refuse every one of them.
REFUSED: list[dict[str, Any]] = [
    {"type": "doc"},  # block+: at least one block
    {"type": "doc", "content": [{"type": "callout", "content": [
        {"type": "heading", "content": [_text("No headings in a callout")]}]}]},
    {"type": "doc", "content": [{"type": "bullet_list", "content": [{"type": "list_item",
        "content": [{"type": "blockquote", "content": [_para(_text("x"))]}]}]}]},
    {"type": "doc", "content": [{"type": "table", "content": []}]},
    {"type": "doc", "content": [_text("Text outside a paragraph")]},
    {"type": "doc", "content": [_para(_text("x", {"type": "underline"}))]},
    {"type": "doc", "content": [{"type": "image", "attrs": {"alt": "no src"}}]},
    {"type": "doc", "content": [{"type": "figure"}]},
]


def _attrs(attrs: dict[str, Attribute]) -> list[list[Any]]:
    return [[name, {"default": attr.default} if attr.has_default else {}]
            for name, attr in attrs.items()]


def _describe(s: Schema[Any, Any], docs: list[dict[str, Any]]) -> dict[str, Any]:
    """What describe-schema.mjs prints, made from a prosemirror-py schema."""
    nodes = []
    for node_type in s.nodes.values():
        filled = (None if node_type.is_text or node_type.has_required_attrs()
                  else node_type.create_and_fill())
        nodes.append({
            "name": node_type.name,
            "groups": node_type.groups,
            "content": node_type.spec.get("content") or "",
            "isBlock": node_type.is_block,
            "isInline": node_type.is_inline,
            "isTextblock": bool(node_type.is_textblock),
            "isLeaf": node_type.is_leaf,
            "isAtom": node_type.is_atom,
            "attrs": _attrs(node_type.attrs),
            "marks": (None if node_type.mark_set is None
                      else [mark.name for mark in node_type.mark_set]),
            "spec": {key: node_type.spec[key] for key in SPEC_KEYS if key in node_type.spec},
            "filled": filled.to_json() if filled is not None else None,
            # Every node but the top node and text needs a rendering in the editor.
            "rendered": node_type.name not in {"doc", "text"},
        })
    marks = [{
        "name": mark_type.name,
        "rank": mark_type.rank,
        "attrs": _attrs(mark_type.attrs),
        "excludes": [other.name for other in mark_type.excluded],
        "inclusive": mark_type.spec.get("inclusive"),
        "rendered": True,
    } for mark_type in s.marks.values()]
    parsed: list[dict[str, Any]] = []
    for json_doc in docs:
        try:
            node = Node.from_json(s, json_doc)
            node.check()
            parsed.append({"ok": node.to_json()})
        except Exception:  # only whether it was refused is compared
            parsed.append({"error": "refused"})
    return {"topNode": s.top_node_type.name, "nodes": nodes, "marks": marks, "docs": parsed,
            "calloutKinds": list(CALLOUT_KINDS)}


@cache
def _node() -> str:
    node = shutil.which("node")
    if node and (FRONTEND / "node_modules" / "prosemirror-model").is_dir():
        return node
    reason = ("the editor's schema is built with Node.js and frontend/node_modules "
              "(apt-get install nodejs npm; cd frontend && npm ci)")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: this test must run in CI)", pytrace=False)
    pytest.skip(reason)


def _browser_description(docs: list[dict[str, Any]]) -> dict[str, Any]:
    node = _node()
    # The spec exactly as served (key order is significant: the first block is the default).
    request = json.dumps({"spec": schema_spec(), "docs": docs})
    done = subprocess.run([node, str(DESCRIBE)], input=request, capture_output=True,
                          text=True, cwd=FRONTEND, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _refusals(description: dict[str, Any]) -> list[dict[str, Any]]:
    """The description with refusal messages reduced to the fact of a refusal."""
    return [{"error": "refused"} if "error" in doc else doc for doc in description["docs"]]


@pytest.fixture(scope="module")
def described() -> tuple[dict[str, Any], dict[str, Any]]:
    docs = [EVERYTHING, *REFUSED]
    return _browser_description(docs), _describe(schema(), docs)


def test_both_sides_compile_every_node_type_alike(
    described: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    browser, server = described
    assert browser["topNode"] == server["topNode"] == "doc"
    assert [n["name"] for n in browser["nodes"]] == [n["name"] for n in server["nodes"]]
    for in_browser, on_server in zip(browser["nodes"], server["nodes"], strict=True):
        assert in_browser == on_server, in_browser["name"]


def test_both_sides_compile_every_mark_type_alike(
    described: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    browser, server = described
    assert browser["marks"] == server["marks"]


def test_both_sides_read_and_write_documents_alike(
    described: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    browser, server = described
    everything, *refused = _refusals(browser)
    assert "ok" in everything, browser["docs"][0]
    assert everything == server["docs"][0]
    assert everything["ok"] == Node.from_json(schema(), EVERYTHING).to_json()
    assert refused == server["docs"][1:] == [{"error": "refused"}] * len(REFUSED)


def test_the_callout_kinds_are_the_same_list(
    described: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    browser, server = described
    assert browser["calloutKinds"] == server["calloutKinds"]
