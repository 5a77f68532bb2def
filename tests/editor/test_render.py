"""Documents render to escaped HTML with safe links only."""

from __future__ import annotations

from typing import Any

import pytest

from cbook.editor.links import is_safe_href
from cbook.editor.render import render_html


def para(*inline: dict[str, Any], block_id: str = "p1") -> dict[str, Any]:
    return {"type": "paragraph", "attrs": {"id": block_id, "principles": [], "audiences": []},
            "content": list(inline)}


def text(value: str, *marks: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "text", "text": value}
    if marks:
        node["marks"] = list(marks)
    return node


def doc(*blocks: dict[str, Any]) -> dict[str, Any]:
    return {"type": "doc", "content": list(blocks)}


def link(href: str) -> dict[str, Any]:
    return {"type": "link", "attrs": {"href": href, "title": None}}


def test_text_is_escaped() -> None:
    html = render_html(doc(para(text("<script>alert('x')</script> & \"q\""))))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;q&#34;" in html


@pytest.mark.parametrize("href", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
    "data:text/html,<b>x</b>", "vbscript:x", "//evil.example/x", "\\\\evil.example",
    "http:/no-host", " javascript:alert(1)",
])
def test_unsafe_links_lose_their_link_but_keep_their_text(href: str) -> None:
    html = render_html(doc(para(text("click me", link(href)))))
    assert "<a" not in html
    assert "click me" in html
    assert not is_safe_href(href)


@pytest.mark.parametrize("href", [
    "https://www.innovationunit.org/", "http://example.org/a?b=c#d", "mailto:julie@example.org",
    "/sections/3", "#b-abc", "../principles/real-work",
])
def test_safe_links_are_kept(href: str) -> None:
    html = render_html(doc(para(text("go", link(href)))))
    assert html.count("<a ") == 1
    assert is_safe_href(href)


def test_attribute_values_are_escaped() -> None:
    html = render_html(doc(para(text("x", link('https://e.org/"onmouseover="alert(1)')))))
    assert '"onmouseover="' not in html
    assert "&#34;onmouseover=&#34;" in html


def test_marks_nest_and_close_in_order() -> None:
    html = render_html(doc(para(
        text("a", {"type": "strong"}), text("b", {"type": "strong"}, {"type": "em"}),
        text("c"),
    )))
    assert html == '<p id="b-p1"><strong>a<em>b</em></strong>c</p>'


def test_blocks_carry_deep_link_anchors_and_callouts_are_labelled() -> None:
    callout = {"type": "callout", "attrs": {"kind": "barrier", "title": "Red tape",
                                            "id": "c1", "principles": [], "audiences": []},
               "content": [para(text("Forms in triplicate"), block_id="p2")]}
    html = render_html(doc(
        {"type": "heading", "attrs": {"level": 3, "id": "h1", "principles": [], "audiences": []},
         "content": [text("Heading")]},
        callout,
    ))
    assert '<h3 id="b-h1">Heading</h3>' in html
    assert 'class="callout callout--barrier"' in html and "Red tape" in html
    assert 'aria-label="Barrier"' in html


def test_unknown_nodes_and_hostile_attributes_render_harmlessly() -> None:
    html = render_html(doc(
        {"type": "iframe", "attrs": {"src": "https://evil.example"},
         "content": [text("inner")]},
        {"type": "heading", "attrs": {"level": "1><script>", "id": '"><img src=x>'},
         "content": [text("t")]},
        {"type": "callout", "attrs": {"kind": "<b>", "title": "<i>t</i>"}, "content": []},
    ))
    assert "iframe" not in html and "inner" in html
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;i&gt;t&lt;/i&gt;" in html


def test_lists_and_ordered_start() -> None:
    item = {"type": "list_item", "attrs": {"id": "i1"}, "content": [para(text("one"))]}
    html = render_html(doc({"type": "ordered_list", "attrs": {"order": 3, "id": "l1"},
                            "content": [item]}))
    assert html.startswith('<ol id="b-l1" start="3"><li id="b-i1"><p')
