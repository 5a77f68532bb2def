"""ProseMirror to pandoc: every node of our schema reaches real pandoc and comes out right."""

from __future__ import annotations

import json
from typing import Any

import pypandoc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cbook.pandoc.ast_out import Conversion, blocks, document, plain_text, text_inlines


def para(block_id: str, *content: dict[str, Any], **attrs: Any) -> dict[str, Any]:
    return {"type": "paragraph", "attrs": {"id": block_id, **attrs}, "content": list(content)}


def text(value: str, *marks: str, href: str = "") -> dict[str, Any]:
    node: dict[str, Any] = {"type": "text", "text": value}
    if marks:
        node["marks"] = [{"type": m, "attrs": {"href": href}} if m == "link" else {"type": m}
                         for m in marks]
    return node


def to(fmt: str, content: list[dict[str, Any]], conversion: Conversion | None = None) -> str:
    ast = document(blocks(content, conversion or Conversion()), {"title": "Book"})
    return str(pypandoc.convert_text(json.dumps(ast), fmt, format="json",
                                     extra_args=["--wrap=none"]))


def test_marks_breaks_and_links_reach_html() -> None:
    html = to("html", [para("p1", text("Plain "), text("strong", "strong"), text(" and "),
                            text("linked", "link", "em", href="https://example.org/a?b=1&c"),
                            {"type": "hard_break"}, text("a<b", "code"))])
    assert '<div id="b-p1">' in html
    assert "<strong>strong</strong>" in html
    assert '<a href="https://example.org/a?b=1&amp;c"><em>linked</em></a>' in html
    assert "<br />" in html
    assert "<code>a&lt;b</code>" in html


def test_headings_shift_below_chapter_and_section_titles() -> None:
    heading = {"type": "heading", "attrs": {"level": 2, "id": "h"},
               "content": [text("Why it matters")]}
    assert '<h4 id="b-h">Why it matters</h4>' in to("html", [heading], Conversion(heading_shift=2))


def test_callouts_are_distinct_in_html_and_docx_styles() -> None:
    callout = {"type": "callout", "attrs": {"kind": "barrier", "title": "Sign-off chains",
                                            "id": "c1"},
               "content": [para("in", text("Five signatures for a small test."))]}
    html = to("html", [callout])
    assert '<div id="b-c1" class="callout barrier"' in html
    assert "<strong>Barrier:</strong> Sign-off chains" in html
    assert "Five signatures" in html
    native = to("native", [callout])
    assert '( "custom-style" , "Callout Barrier" )' in native


def test_lists_tables_quotes_rules_and_images() -> None:
    item = {"type": "list_item", "content": [para("li", text("third"))]}
    table = {"type": "table", "content": [
        {"type": "table_row", "content": [
            {"type": "table_header", "content": [para("th", text("Barrier"))]},
            {"type": "table_header", "content": [para("th2", text("Enabler"))]}]},
        {"type": "table_row", "content": [
            {"type": "table_cell", "attrs": {"colspan": 2},
             "content": [para("td", text("Both at once"))]}]}]}
    content = [
        {"type": "ordered_list", "attrs": {"order": 3}, "content": [item]},
        {"type": "bullet_list", "content": [item]},
        {"type": "blockquote", "content": [para("q", text("Quoted"))]},
        {"type": "horizontal_rule"},
        table,
        {"type": "image", "attrs": {"src": "/uploads/map.png", "alt": "A map of trios"}},
        {"type": "image", "attrs": {"src": "https://elsewhere.example/x.png", "alt": "Remote"}},
    ]
    html = to("html", content, Conversion(
        image_file=lambda src: "map.png" if src == "/uploads/map.png" else None))
    assert '<ol start="3"' in html and "<ul>" in html
    assert "<blockquote>" in html and "<hr />" in html
    assert "<thead>" in html and "<p>Barrier</p>" in html and 'colspan="2"' in html
    assert '<img src="map.png" alt="A map of trios"' in html
    assert "[Image: Remote]" in html  # never fetched from the network


def test_audience_editions_leave_out_blocks_for_others() -> None:
    content = [para("all", text("For everyone")),
               para("boards", text("Only for boards"), audiences=["boards"]),
               {"type": "bullet_list", "content": [
                   {"type": "list_item", "attrs": {"audiences": ["staff"]},
                    "content": [para("s", text("Staff item"))]},
                   {"type": "list_item", "content": [para("e", text("Every item"))]}]}]
    staff = Conversion(audience="staff")
    html = to("html", content, staff)
    assert "For everyone" in html and "Staff item" in html and "Every item" in html
    assert "Only for boards" not in html
    assert staff.left_out == 1
    everyone = to("html", content, Conversion())
    assert "Only for boards" in everyone and "Staff item" in everyone
    assert "Staff item" not in to("html", content, Conversion(audience="boards"))


def test_tagged_passages_are_collected_for_the_principles_index() -> None:
    conversion = Conversion(audience="staff")
    blocks([para("a", text("x"), principles=["trust"]),
            para("b", text("y"), principles=["trust", "courage"]),
            para("c", text("z"), principles=["courage"], audiences=["boards"])], conversion)
    assert conversion.passages == {"trust": ["b-a", "b-b"], "courage": ["b-b"]}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), max_size=60))
def test_any_text_survives_the_trip_through_pandoc(value: str) -> None:
    ast = document(blocks([para("p", text(value))], Conversion()))
    back = json.loads(pypandoc.convert_text(json.dumps(ast), "json", format="json"))
    [div] = back["blocks"]
    [paragraph] = div["c"][1] or [{"c": []}]
    assert plain_text(paragraph["c"]) == " ".join(value.split())


@pytest.mark.parametrize("value", ["", "one", "two  words", "tab\there", "line\nbreak"])
def test_words_and_spaces(value: str) -> None:
    assert plain_text(text_inlines(value)) == " ".join(value.split()) or not value.strip()
