"""The editor as a person in a browser tab uses it: typing, selecting, commenting.

Shared by the browser tests that drive the editor (editing, comments, presence, review,
the propose-and-merge journey).
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.world import Desk
from tests.support import PASSWORD

try:
    from playwright.sync_api import expect
except ImportError:  # under CI=true a missing playwright is an error, never a skip
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

    from tests.browser.conftest import OpenPage

SETTLE_MS = 10_000  # convergence between two pages goes through the server: allow a little


class Editor:
    """One person's browser tab on the editor, and what they can see and do there."""

    def __init__(self, page: Page, desk: Desk) -> None:
        self.page, self.desk = page, desk
        self.errors: list[str] = []
        self.console: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))

    @classmethod
    def sign_in(cls, page: Page, desk: Desk, email: str) -> Editor:
        """Sign in through the real form, landing on the editor (login?next=...)."""
        editor = cls(page, desk)
        page.goto(f"/login?next={desk.edit_path}")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_label("Password").press("Enter")
        expect(page).to_have_url(re.compile(rf"{re.escape(desk.edit_path)}$"))
        editor.wait_ready()
        return editor

    def wait_ready(self) -> None:
        expect(self.page.locator("#editor-root")).to_have_attribute("data-ready", "true")
        self.expect_saved()

    # ---- what is on screen ---------------------------------------------------------

    @property
    def prose(self) -> Locator:
        return self.page.locator(".ProseMirror")

    @property
    def status(self) -> Locator:
        return self.page.locator("#cb-status")

    @property
    def presence(self) -> Locator:
        return self.page.get_by_test_id("presence")

    def tool(self, name: str) -> Locator:
        """A toolbar button by its accessible name (which ends with its shortcut)."""
        toolbar = self.page.get_by_role("toolbar", name="Formatting")
        return toolbar.get_by_role("button", name=re.compile(rf"^{re.escape(name)}\b"))

    def text(self) -> str:
        return str(self.page.evaluate("window.cultureBookEditor.view.state.doc.textContent"))

    def doc(self) -> Any:
        return self.page.evaluate("window.cultureBookEditor.view.state.doc.toJSON()")

    def version(self) -> int:
        return int(self.page.evaluate("window.cultureBookEditor.version()"))

    def server(self) -> Any:
        """The section as the API serves it now (this tab's session cookie)."""
        response = self.page.request.get(self.desk.api_path)
        assert response.ok, response.text()
        return response.json()

    def expect_saved(self, timeout: int = 5_000) -> None:
        expect(self.status).to_have_attribute("data-status", "saved", timeout=timeout)
        assert self.page.evaluate("window.cultureBookEditor.pending()") == 0
        self.assert_healthy()

    def wait_for_text(self, expected: str, timeout: int = SETTLE_MS) -> None:
        """Until this tab shows ``expected`` and has nothing left to send."""
        try:
            self.page.wait_for_function(
                "expected => window.cultureBookEditor.view.state.doc.textContent === expected"
                " && window.cultureBookEditor.status() === 'saved'", arg=expected,
                timeout=timeout)
        except Exception as error:
            notices = self.page.locator(".cb-notice").all_inner_texts()
            raise AssertionError(
                f"never showed {expected!r} saved; shows {self.text()!r}, status "
                f"{self.status.get_attribute('data-status')!r} ({self.status.inner_text()!r});"
                f" notices: {notices}; console: {self.console[-10:]}") from error

    def assert_healthy(self) -> None:
        assert not self.errors, f"uncaught errors in the page: {self.errors}"
        notices = self.page.locator(".cb-notice").all_inner_texts()
        assert not notices, f"the editor shows notices: {notices}"

    # ---- what a person does ----------------------------------------------------------

    def caret_in(self, paragraph: int, key: str) -> None:
        """Click into a paragraph, then Home or End (and let the editor catch up)."""
        self.prose.locator("p").nth(paragraph).click()
        self.page.keyboard.press(key)
        self.page.wait_for_function(
            """atStart => { const { selection } = window.cultureBookEditor.view.state;
                const { $from, empty } = selection;
                return empty && $from.parentOffset === (atStart ? 0 : $from.parent.content.size);
            }""", arg=key == "Home")

    def press(self, key: str, times: int) -> None:
        for _ in range(times):
            self.page.keyboard.press(key)

    def expect_selected(self, text: str) -> None:
        """The browser shows ``text`` selected and the editor has read that selection.

        ProseMirror learns of a selection from the browser's asynchronous selectionchange;
        a script pressing keys within microseconds outruns it, a person never does.
        """
        self.page.wait_for_function(
            """text => { const { state } = window.cultureBookEditor.view;
                const { from, to } = state.selection;
                return String(window.getSelection()) === text
                    && state.doc.textBetween(from, to) === text; }""", arg=text)

    def add_link(self, href: str) -> None:
        """Control+K, type the address into the dialog, Enter."""
        self.page.keyboard.press("Control+k")
        dialog = self.page.get_by_role("dialog", name="Add link")
        expect(dialog).to_be_visible()
        address = dialog.get_by_label("Web address")
        expect(address).to_be_focused()
        address.fill(href)
        address.press("Enter")
        expect(dialog).to_have_count(0)
        expect(self.prose).to_be_focused()


def open_editor(open_page: OpenPage, desk: Desk, who: tuple[str, str]) -> Editor:
    """A new tab in which ``who`` (email, name) signs in and lands on the desk's editor."""
    page = open_page()
    desk.pages.append(page)
    return Editor.sign_in(page, desk, who[0])


def panel(editor: Editor) -> Locator:
    """The comments panel beside the editor."""
    return editor.page.get_by_role("complementary", name="Comments")


def thread(editor: Editor, body: str) -> Locator:
    """The thread in the panel whose text includes ``body``."""
    return panel(editor).locator(".cb-thread", has_text=body)


def group(editor: Editor, name: str) -> Locator:
    """One group of threads in the panel (open, detached, resolved)."""
    return panel(editor).locator(f"[data-group='{name}']")


def highlights(editor: Editor) -> Locator:
    """The highlighted commented ranges in the text."""
    return editor.prose.locator(".cb-comment-range")


def select_word(editor: Editor, paragraph: int, before: str, word: str) -> None:
    """Select ``word``, which follows ``before`` at the start of a paragraph, by keyboard."""
    editor.caret_in(paragraph, "Home")
    editor.press("ArrowRight", len(before))
    editor.press("Shift+ArrowRight", len(word))
    editor.expect_selected(word)


def add_comment(editor: Editor, body: str, *, wait: bool = True) -> None:
    """Control+Alt+M on the selection, write the comment, Enter (and see it listed)."""
    editor.page.keyboard.press("Control+Alt+m")
    dialog = editor.page.get_by_role("dialog", name=re.compile(r"^Comment on"))
    expect(dialog).to_be_visible()
    field = dialog.get_by_label("Comment")
    expect(field).to_be_focused()
    field.fill(body)
    field.press("Enter")
    expect(dialog).to_have_count(0)
    if wait:
        expect(thread(editor, body)).to_have_count(1)
