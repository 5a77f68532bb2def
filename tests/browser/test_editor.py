"""The collaborative editor as people use it: two at once, reloads, restores, formatting.

Each test builds a small book of its own (an author in a trio, an editor, one section of
known text), signs in through the real form and drives the ProseMirror editor in headless
chromium against the real app and its collab authority (see ``conftest.py``). What is
checked is what a person would notice: the text on screen, the save status, who else is
here, and that the server ends up with the same document as every open page.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy.orm import Session

from cbook import write_gate
from tests.browser.editing import SETTLE_MS, open_editor
from tests.browser.world import AUTHOR, EDITOR, FIRST, SECOND, Desk

try:
    from playwright.sync_api import expect
except ImportError:  # under CI=true a missing playwright is an error, never a skip
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

if TYPE_CHECKING:
    from playwright.sync_api import Page, Request, Route

    from tests.browser.conftest import OpenPage

def _steps_post(url: str) -> bool:
    """The steps endpoint without a query: POSTs of steps (the long-poll has ?since=)."""
    return url.endswith("/steps")


def _marks_of(doc: Any, text: str) -> list[Any]:
    """The marks on the text node that reads ``text`` exactly, anywhere in ``doc``."""
    stack = [doc]
    while stack:
        node = stack.pop()
        if node.get("type") == "text" and node.get("text") == text:
            return list(node.get("marks", []))
        stack.extend(node.get("content", []))
    raise AssertionError(f"no text node reads {text!r} in {json.dumps(doc)[:600]}")


def test_two_people_typing_at_once_converge_and_see_each_other(
    open_page: OpenPage, desk: Desk
) -> None:
    ayo = open_editor(open_page, desk, AUTHOR)
    esme = open_editor(open_page, desk, EDITOR)

    # Esme's first change is held on the way to the server while Ayo types and saves, so
    # both edit from the same version: hers reaches the server late, is refused with a
    # 409, rebased onto Ayo's and sent again, as it would be over a slow network.
    held: list[Route] = []
    released = False
    esme.page.route(_steps_post, lambda route: held.append(route) if not released
                    else route.continue_())
    esme.caret_in(1, "End")
    with esme.page.expect_request(lambda request: request.method == "POST"):
        esme.page.keyboard.type(" It takes years.")
    ayo.caret_in(0, "Home")
    ayo.page.keyboard.type("Good boards always ")
    ayo.expect_saved()
    expected = "Good boards always " + FIRST + SECOND + " It takes years."
    esme.page.wait_for_function(
        "expected => window.cultureBookEditor.view.state.doc.textContent === expected",
        arg=expected)  # Ayo's text arrived; her own is still unsent
    expect(esme.status).to_have_attribute("data-status", "saving")
    esme.page.keyboard.type(" Really.")  # typing on while the first change is held
    expected += " Really."
    assert held, "Esme's change was held"
    released = True
    for route in held:
        route.continue_()

    ayo.wait_for_text(expected)
    esme.wait_for_text(expected)
    expect(ayo.prose.locator("p").first).to_have_text("Good boards always " + FIRST)
    expect(esme.prose.locator("p").nth(1)).to_have_text(SECOND + " It takes years. Really.")
    ayo.expect_saved()
    esme.expect_saved()
    server = esme.server()
    assert ayo.doc() == esme.doc() == server["doc"], "both tabs hold the server's document"
    assert ayo.version() == esme.version() == server["version"]
    expect(ayo.presence).to_have_text(f"Also here: {EDITOR[1]}")
    expect(esme.presence).to_have_text(f"Also here: {AUTHOR[1]}")


def test_a_change_that_loses_a_race_for_its_version_is_not_dropped(
    open_page: OpenPage, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    ayo = open_editor(open_page, desk, AUTHOR)
    esme = open_editor(open_page, desk, EDITOR)
    paused, go = threading.Event(), threading.Event()
    queue_for_the_gate = write_gate.serialised

    @contextmanager
    def hold_first_writer(session: Session) -> Iterator[None]:
        # Runs in the server thread: Ayo's request has passed the version check and is
        # about to queue for the write. Hold it there while Esme's steps win that version.
        if not paused.is_set():
            paused.set()
            go.wait(timeout=10)
        with queue_for_the_gate(session):
            yield

    monkeypatch.setattr(write_gate, "serialised", hold_first_writer)
    try:
        ayo.caret_in(0, "Home")
        ayo.page.keyboard.type("Now ")
        assert paused.wait(timeout=5), "Ayo's first change never reached the server"
        esme.caret_in(1, "End")
        esme.page.keyboard.type(" Really.")
        esme.expect_saved()
        # The long-poll has brought Esme's steps to Ayo's tab; its own request is pending.
        ayo.page.wait_for_function("() => window.cultureBookEditor.version() >= 2")
    finally:
        go.set()

    expected = "Now " + FIRST + SECOND + " Really."
    ayo.wait_for_text(expected, timeout=3_000)  # it takes well under a second when it works
    esme.wait_for_text(expected, timeout=3_000)
    ayo.expect_saved()


def test_someone_opening_the_section_sees_at_once_who_is_already_here(
    open_page: OpenPage, desk: Desk
) -> None:
    open_editor(open_page, desk, AUTHOR)
    esme = open_editor(open_page, desk, EDITOR)
    expect(esme.presence).to_have_text(f"Also here: {AUTHOR[1]}", timeout=3_000)


def test_typed_text_is_still_there_after_a_reload(open_page: OpenPage, desk: Desk) -> None:
    ayo = open_editor(open_page, desk, AUTHOR)
    assert ayo.server()["version"] == 0
    ayo.caret_in(1, "End")
    ayo.page.keyboard.type(" Keep this.")
    ayo.expect_saved()
    saved_version = ayo.version()
    assert saved_version >= 1

    ayo.page.reload()
    ayo.wait_ready()
    expect(ayo.prose.locator("p").nth(1)).to_have_text(SECOND + " Keep this.")
    assert ayo.text() == FIRST + SECOND + " Keep this."
    assert ayo.version() == saved_version
    server = ayo.server()
    assert server["version"] == saved_version
    assert server["doc"] == ayo.doc()


def test_a_restore_on_the_history_page_reaches_an_open_editor(
    open_page: OpenPage, desk: Desk
) -> None:
    ayo = open_editor(open_page, desk, AUTHOR)
    esme = open_editor(open_page, desk, EDITOR)
    ayo.caret_in(0, "Home")
    ayo.page.keyboard.type("Agreed: ")
    agreed = "Agreed: " + FIRST + SECOND
    esme.wait_for_text(agreed)

    history = ayo.page
    history.goto(f"/sections/{desk.section_id}/history")
    history.get_by_label("What is this version? (optional)").fill("Agreed wording")
    history.get_by_role("button", name="Save a named revision").click()
    row = history.locator("tr", has_text="Agreed wording")
    expect(row).to_have_count(1)

    esme.page.evaluate("window.notReloaded = true")
    esme.caret_in(1, "End")
    esme.page.keyboard.type(" Not this.")
    esme.expect_saved()

    history.reload()
    row.get_by_role("button", name="Restore").click()
    expect(history.get_by_role("status")).to_contain_text("restored as the newest version")

    esme.wait_for_text(agreed)
    expect(esme.prose.locator("p").nth(1)).to_have_text(SECOND)
    assert esme.page.evaluate("window.notReloaded") is True, "the editor was not reloaded"
    esme.expect_saved()
    assert esme.doc() == esme.server()["doc"]


def test_shortcuts_toolbar_undo_and_input_rules_format_the_text(
    open_page: OpenPage, desk: Desk
) -> None:
    ayo = open_editor(open_page, desk, AUTHOR)
    keyboard = ayo.page.keyboard
    ayo.caret_in(0, "Home")
    ayo.press("ArrowRight", len("Boards "))
    ayo.press("Shift+ArrowRight", len("listen"))
    ayo.expect_selected("listen")

    keyboard.press("Control+b")
    expect(ayo.prose.locator("strong")).to_have_text("listen")
    expect(ayo.tool("Bold")).to_have_attribute("aria-pressed", "true")
    expect(ayo.tool("Italic")).to_have_attribute("aria-pressed", "false")

    ayo.tool("Italic").click()
    expect(ayo.prose.locator("em")).to_have_text("listen")
    expect(ayo.tool("Italic")).to_have_attribute("aria-pressed", "true")
    expect(ayo.prose).to_be_focused()
    ayo.expect_saved()
    marks = {mark["type"] for mark in _marks_of(ayo.server()["doc"], "listen")}
    assert marks == {"strong", "em"}, "the server has both marks"

    keyboard.press("Control+z")
    expect(ayo.prose.locator("em")).to_have_count(0)
    expect(ayo.prose.locator("strong")).to_have_text("listen")
    expect(ayo.tool("Italic")).to_have_attribute("aria-pressed", "false")
    ayo.expect_saved()
    marks = {mark["type"] for mark in _marks_of(ayo.server()["doc"], "listen")}
    assert marks == {"strong"}, "the undo reached the server"

    ayo.caret_in(1, "End")
    keyboard.press("Enter")
    keyboard.type("## Next steps")
    expect(ayo.prose.locator("h2")).to_have_text("Next steps")
    keyboard.press("Enter")
    keyboard.type("* Ask the board")
    expect(ayo.prose.locator("ul > li")).to_have_text("Ask the board")
    ayo.expect_saved()
    blocks = ayo.server()["doc"]["content"]
    assert [block["type"] for block in blocks] == [
        "paragraph", "paragraph", "heading", "bullet_list"]
    assert blocks[2]["attrs"]["level"] == 2
    assert blocks[3]["content"][0]["content"][0]["content"][0]["text"] == "Ask the board"


def _focused_label(page: Page) -> str:
    return str(page.evaluate(
        "document.activeElement.getAttribute('aria-label') || document.activeElement.tagName"))


def test_keyboard_only_use_of_the_toolbar(open_page: OpenPage, desk: Desk) -> None:
    ayo = open_editor(open_page, desk, AUTHOR)
    page, keyboard = ayo.page, ayo.page.keyboard
    toolbar = page.get_by_role("toolbar", name="Formatting")
    ayo.caret_in(1, "End")
    ayo.press("Shift+ArrowLeft", len("slowly."))
    ayo.expect_selected("slowly.")

    keyboard.press("Alt+F10")
    first = toolbar.get_by_role("combobox", name="Text style")
    expect(first).to_be_focused()
    keyboard.press("ArrowRight")
    expect(ayo.tool("Bold")).to_be_focused()
    keyboard.press("ArrowRight")
    expect(ayo.tool("Italic")).to_be_focused()
    expect(ayo.tool("Italic")).to_have_attribute("tabindex", "0")
    expect(toolbar.locator("[tabindex='0']")).to_have_count(1)  # one tab stop
    keyboard.press("ArrowLeft")
    expect(ayo.tool("Bold")).to_be_focused()
    keyboard.press("End")
    expect(ayo.tool("Redo")).to_be_focused()
    keyboard.press("Home")
    expect(first).to_be_focused()
    expect(first).to_have_value("paragraph")  # arrows moved focus, not the block type

    keyboard.press("Escape")
    expect(ayo.prose).to_be_focused()
    keyboard.press("Alt+F10")
    expect(first).to_be_focused()
    keyboard.press("ArrowRight")
    keyboard.press("Enter")
    expect(ayo.prose).to_be_focused()
    expect(ayo.prose.locator("strong")).to_have_text("slowly.")
    ayo.expect_saved()
    assert ayo.text() == FIRST + SECOND, f"no key typed into the text: {_focused_label(page)}"


def test_undoing_a_link_that_replaced_someone_elses_is_accepted(
    open_page: OpenPage, desk: Desk
) -> None:
    ayo = open_editor(open_page, desk, AUTHOR)
    esme = open_editor(open_page, desk, EDITOR)
    sent: list[str] = []

    def record(request: Request) -> None:
        if request.method == "POST" and request.url.endswith("/steps"):
            sent.append(request.post_data or "")

    ayo.page.on("request", record)

    # Ayo links "communities" while offline; Esme links the same word meanwhile.
    ayo.page.context.set_offline(True)
    expect(ayo.status).to_have_attribute("data-status", "offline")
    keyboard = ayo.page.keyboard
    ayo.caret_in(0, "End")
    ayo.press("ArrowLeft", 1)
    ayo.press("Shift+ArrowLeft", len("communities"))
    ayo.expect_selected("communities")
    ayo.add_link("https://ayo.example/")
    expect(ayo.prose.locator("a")).to_have_attribute("href", "https://ayo.example/")
    esme.caret_in(0, "End")
    esme.press("ArrowLeft", 1)
    esme.press("Shift+ArrowLeft", len("communities"))
    esme.expect_selected("communities")
    esme.add_link("https://esme.example/")
    esme.expect_saved()

    # Back online, Ayo's link is rebased onto Esme's and wins; then Ayo undoes it, which
    # undoes "replace Esme's link with mine": a markSet step (remove mine, add Esme's).
    ayo.page.context.set_offline(False)
    expect(ayo.status).to_have_attribute("data-status", "saved", timeout=SETTLE_MS)
    expect(esme.prose.locator("a")).to_have_attribute("href", "https://ayo.example/",
                                                      timeout=SETTLE_MS)
    keyboard.press("Control+z")
    expect(ayo.prose.locator("a")).to_have_attribute("href", "https://esme.example/")
    expect(ayo.status).to_have_attribute("data-status", "saved", timeout=SETTLE_MS)
    assert any('"markSet"' in body for body in sent), f"no markSet step was sent: {sent}"
    ayo.expect_saved()

    expect(esme.prose.locator("a")).to_have_attribute("href", "https://esme.example/",
                                                      timeout=SETTLE_MS)
    esme.wait_for_text(FIRST + SECOND)
    server = ayo.server()
    links = [mark for mark in _marks_of(server["doc"], "communities") if mark["type"] == "link"]
    assert [link["attrs"]["href"] for link in links] == ["https://esme.example/"]
    assert ayo.doc() == esme.doc() == server["doc"]
