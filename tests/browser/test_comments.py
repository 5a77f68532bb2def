"""Comments in the editor as people use them: on words, highlighted, kept with the words.

An author comments on some words of a section; the highlight follows the words while
people type, the thread goes to "Detached" when its words are deleted and comes back with
an undo; replies, resolving, and jumping from the panel to the text work from the panel.
Another person's open editor shows the thread after its next fetch. Fixtures come from
``conftest.py``, the ``Editor`` and comment helpers from ``editing.py``.
"""

from __future__ import annotations

import json
import os
import re
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.editing import (
    SETTLE_MS,
    Editor,
    add_comment,
    group,
    highlights,
    open_editor,
    panel,
    select_word,
    thread,
)
from tests.browser.world import AUTHOR, EDITOR, FIRST, SECOND, Desk

try:
    from playwright.sync_api import expect
except ImportError:  # under CI=true a missing playwright is an error, never a skip
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

if TYPE_CHECKING:
    from playwright.sync_api import Route

    from tests.browser.conftest import OpenPage

WORD = "listen"  # in FIRST: "Boards listen to communities."


def comments(editor: Editor) -> list[Any]:
    return list(editor.page.evaluate("window.cultureBookEditor.comments()"))


def test_a_comment_stays_on_its_words_and_reaches_the_others(
    open_page: OpenPage, desk: Desk
) -> None:
    ayo = open_editor(open_page, desk, AUTHOR)
    esme = open_editor(open_page, desk, EDITOR)
    add_button = panel(ayo).get_by_role("button", name=re.compile(r"^Add comment"))
    expect(add_button).to_have_attribute("aria-disabled", "true")

    select_word(ayo, 0, "Boards ", WORD)
    expect(add_button).to_have_attribute("aria-disabled", "false")
    add_comment(ayo, "Who listens, exactly?")
    expect(highlights(ayo)).to_have_text(WORD)
    entry = thread(ayo, "Who listens, exactly?")
    expect(entry.locator(".cb-thread__meta").first).to_contain_text(AUTHOR[1])
    expect(entry.get_by_role("button", name=re.compile(r"^Show in the text"))).to_have_text(WORD)
    expect(group(ayo, "open").locator(".cb-thread")).to_have_count(1)
    ayo.assert_healthy()

    # Typing before the words keeps the highlight on them, here at once and, after its
    # poll brings the change and its refetch the thread, in Esme's editor too.
    ayo.caret_in(0, "Home")
    ayo.page.keyboard.type("Good ")
    expect(highlights(ayo)).to_have_text(WORD)
    expected = "Good " + FIRST + SECOND
    ayo.wait_for_text(expected)
    esme.wait_for_text(expected)
    expect(thread(esme, "Who listens, exactly?")).to_have_count(1, timeout=SETTLE_MS)
    expect(highlights(esme)).to_have_text(WORD)
    [listed] = comments(esme)
    assert listed["text"] == WORD and not listed["detached"]
    assert listed["author"]["name"] == AUTHOR[1]

    # Esme types before the words too: both highlights stay on them.
    esme.caret_in(0, "Home")
    esme.page.keyboard.type("Very ")
    expect(highlights(esme)).to_have_text(WORD)
    ayo.wait_for_text("Very " + expected)
    expect(highlights(ayo)).to_have_text(WORD)
    esme.wait_for_text("Very " + expected)
    ayo.page.wait_for_function(  # the refetch after the new version agrees
        "() => window.cultureBookEditor.comments()[0].text === 'listen'")
    server = ayo.page.request.get(f"/api/v1/sections/{desk.section_id}/comments").json()
    assert [(c["quote"], c["text"], c["detached"]) for c in server] == [(WORD, WORD, False)]
    ayo.expect_saved()
    esme.expect_saved()


def test_detach_undo_reply_resolve_and_jump_from_the_panel(
    open_page: OpenPage, desk: Desk
) -> None:
    ayo = open_editor(open_page, desk, AUTHOR)
    select_word(ayo, 1, "Trust ", "grows")
    add_comment(ayo, "Too slow?")
    select_word(ayo, 0, "Boards ", WORD)
    add_comment(ayo, "Who listens?")
    # Open threads are listed in the order of their words in the text.
    expect(group(ayo, "open").locator(".cb-thread .cb-thread__body")).to_have_text(
        ["Who listens?", "Too slow?"])
    expect(highlights(ayo)).to_have_text([WORD, "grows"])

    # Clicking a thread selects its words (and the editor has the focus).
    ayo.caret_in(1, "End")
    thread(ayo, "Who listens?").locator(".cb-thread__body").click()
    ayo.expect_selected(WORD)
    expect(ayo.prose).to_be_focused()
    expect(thread(ayo, "Who listens?")).to_have_attribute("aria-current", "true")

    # Deleting the words detaches the thread; its quote stays on show. Undo brings it back.
    ayo.page.keyboard.press("Backspace")
    expect(ayo.prose.locator("p").first).to_have_text("Boards  to communities.")
    detached = group(ayo, "detached").locator(".cb-thread")
    expect(detached).to_have_count(1)
    expect(detached).to_contain_text("Who listens?")
    expect(detached.locator(".cb-thread__quote")).to_have_text(WORD)
    expect(panel(ayo).get_by_role("heading", name="Detached (1)")).to_be_visible()
    expect(highlights(ayo)).to_have_text(["grows"])
    ayo.expect_saved()
    ayo.page.wait_for_function(  # the server agrees, after the refetch
        "() => window.cultureBookEditor.comments().some(c => c.body === 'Who listens?'"
        " && c.detached && c.quote === 'listen')")

    ayo.page.keyboard.press("Control+z")
    expect(ayo.prose.locator("p").first).to_have_text(FIRST)
    expect(group(ayo, "detached").locator(".cb-thread")).to_have_count(0)
    expect(highlights(ayo)).to_have_text([WORD, "grows"])
    ayo.expect_saved()
    server = ayo.page.request.get(f"/api/v1/sections/{desk.section_id}/comments").json()
    assert {c["body"]: (c["text"], c["detached"]) for c in server} == {
        "Too slow?": ("grows", False), "Who listens?": (WORD, False)}

    # The cursor inside highlighted words marks their thread in the panel.
    ayo.caret_in(1, "Home")
    ayo.press("ArrowRight", len("Trust gr"))
    expect(thread(ayo, "Too slow?")).to_have_attribute("aria-current", "true")
    expect(thread(ayo, "Who listens?")).not_to_have_attribute("aria-current", "true")

    # A reply shows under its thread.
    entry = thread(ayo, "Too slow?")
    entry.get_by_label("Reply").fill("Slow is fine.")
    entry.get_by_role("button", name="Send reply").click()
    expect(entry.locator(".cb-thread__replies li")).to_have_text(
        re.compile(rf"{AUTHOR[1]}.*Slow is fine\.", re.S))
    expect(entry.get_by_label("Reply")).to_have_value("")

    # Resolving moves it to the (closed) Resolved group and takes its highlight away.
    entry.get_by_role("button", name="Resolve").click()
    resolved = panel(ayo).locator("details", has_text="Resolved (1)")
    expect(resolved).to_have_count(1)
    expect(resolved).not_to_have_attribute("open", "")
    expect(group(ayo, "resolved").locator(".cb-thread")).to_have_count(1)
    expect(highlights(ayo)).to_have_text([WORD])
    resolved.locator("summary").click()
    expect(group(ayo, "resolved").get_by_role("button", name="Reopen")).to_be_visible()

    server = ayo.page.request.get(f"/api/v1/sections/{desk.section_id}/comments").json()
    by_body = {c["body"]: c for c in server}
    assert by_body["Too slow?"]["resolved"] is True
    assert [r["body"] for r in by_body["Too slow?"]["replies"]] == ["Slow is fine."]
    assert by_body["Who listens?"]["resolved"] is False
    ayo.expect_saved()


def test_a_comment_made_while_an_edit_is_unsent_lands_on_its_words(
    open_page: OpenPage, desk: Desk
) -> None:
    ayo = open_editor(open_page, desk, AUTHOR)
    held: list[Route] = []
    released = False
    ayo.page.route(lambda url: url.endswith("/steps"),
                   lambda route: held.append(route) if not released else route.continue_())
    posted: list[str] = []
    ayo.page.on("request", lambda request: posted.append(request.post_data or "")
                if request.method == "POST" and request.url.endswith("/comments") else None)

    ayo.caret_in(0, "Home")
    ayo.page.keyboard.type("Good ")  # held on its way: the server is still at version 0
    select_word(ayo, 0, "Good Boards ", WORD)
    add_comment(ayo, "Which boards?", wait=False)
    expect(panel(ayo).get_by_role("status")).to_have_text(
        "Waiting for your latest changes to be saved…")
    assert held and not posted, "the comment waits for the edit before it is posted"

    released = True
    for route in held:
        route.continue_()
    expect(panel(ayo).get_by_role("status")).to_have_text("Comment added.")
    expect(thread(ayo, "Which boards?")).to_have_count(1)
    expect(highlights(ayo)).to_have_text(WORD)
    ayo.expect_saved()
    # Posted once the edit was saved, with positions in the text at that version.
    assert len(posted) == 1, posted
    assert json.loads(posted[0])["version"] == ayo.version() >= 1
    server = ayo.page.request.get(f"/api/v1/sections/{desk.section_id}/comments").json()
    assert [(c["quote"], c["text"], c["body"]) for c in server] == [
        (WORD, WORD, "Which boards?")]
