"""Writing together: each co-author sees the other's named caret and selection, which move
with the text and go when that person leaves; the toolbar stays on one row, with the rest
in a "More" menu a keyboard reaches.

Set CBOOK_BROWSER_SCREENSHOTS=/some/folder to keep screenshots of what each step looked like.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

import pytest

from tests.browser.editing import Editor, open_editor
from tests.browser.shots import keep_screenshot
from tests.browser.world import AUTHOR, EDITOR, FIRST, Desk

try:
    from playwright.sync_api import expect
except ImportError:  # under CI=true a missing playwright is an error, never a skip
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

    from tests.browser.conftest import OpenPage



def _shot(page: Page, name: str) -> None:
    width = page.viewport_size["width"] if page.viewport_size else 0
    keep_screenshot(page, f"{name}-{width}", full_page=False)


def _caret_of(editor: Editor, name: str) -> Locator:
    return editor.prose.locator(f"[data-testid='remote-caret'][data-name='{name}']")


TEXT_BEFORE = """name => {
    const caret = document.querySelector(`[data-testid='remote-caret'][data-name='${name}']`);
    if (!caret) return null;
    const range = document.createRange();
    range.setStart(caret.closest('p, h2, h3, h4, li'), 0);
    range.setEndBefore(caret);
    const copy = range.cloneContents();
    copy.querySelectorAll('.cb-remote-caret__label').forEach((label) => label.remove());
    return copy.textContent;
}"""


def _expect_caret_after(editor: Editor, name: str, text: str) -> None:
    """Until ``editor`` shows ``name``'s caret just after ``text`` in its paragraph."""
    try:
        editor.page.wait_for_function(f"([name, text]) => ({TEXT_BEFORE})(name) === text",
                                      arg=[name, text])
    except Exception as error:
        seen = editor.page.evaluate(f"name => ({TEXT_BEFORE})(name)", name)
        raise AssertionError(f"{name}'s caret is after {seen!r}, not {text!r}"
                             f" {editor.console[-12:]}") from error


def _to_start(editor: Editor) -> None:
    """Caret at the very start of the text (Home alone ends a wrapped line on a phone)."""
    editor.prose.locator("p").first.click()
    editor.page.keyboard.press("Control+Home")
    editor.page.wait_for_function(
        "() => window.cultureBookEditor.view.state.selection.from === 1")


@pytest.mark.parametrize("width", [1280, 390])
def test_co_authors_see_each_others_named_cursors_until_one_leaves(
    open_page: OpenPage, desk: Desk, width: int
) -> None:
    ayo = Editor.sign_in(_tab(open_page, desk, width), desk, AUTHOR[0])
    esme = Editor.sign_in(_tab(open_page, desk, width), desk, EDITOR[0])
    expect(esme.presence).to_have_text(f"Also here: {AUTHOR[1]}")

    # Ayo puts her caret after "Boards ": Esme sees it there, with Ayo's name on it.
    _to_start(ayo)
    ayo.press("ArrowRight", len("Boards "))
    caret = _caret_of(esme, AUTHOR[1])
    expect(caret).to_have_count(1)
    expect(caret.locator(".cb-remote-caret__label")).to_have_text(AUTHOR[1])
    expect(caret.locator(".cb-remote-caret__label")).to_be_visible()
    _expect_caret_after(esme, AUTHOR[1], "Boards ")

    # Esme types before it: Ayo's caret moves along with the words, on both screens' terms.
    _to_start(esme)
    esme.page.keyboard.type("Now ")
    esme.expect_saved()
    _expect_caret_after(esme, AUTHOR[1], "Now Boards ")
    _expect_caret_after(ayo, EDITOR[1], "Now ")  # and Ayo sees Esme's, after her word
    expect(_caret_of(ayo, EDITOR[1]).locator(".cb-remote-caret__label")).to_have_text(EDITOR[1])

    # Ayo selects a word: Esme sees it highlighted and named.
    _to_start(ayo)
    ayo.press("ArrowRight", len("Now Boards "))
    ayo.press("Shift+ArrowRight", len("listen"))
    ayo.expect_selected("listen")
    selection = esme.prose.locator(f".cb-remote-selection[data-name='{AUTHOR[1]}']")
    expect(selection).to_have_text("listen")
    _shot(esme.page, "two-people")

    # Ayo leaves for another page: her caret and her name go from Esme's screen.
    ayo.page.goto("/")
    expect(_caret_of(esme, AUTHOR[1])).to_have_count(0)
    expect(selection).to_have_count(0)
    expect(esme.presence).to_have_text("No one else is editing this section.")
    assert esme.text() == "Now " + FIRST + "Trust grows slowly."
    esme.assert_healthy()


def _tab(open_page: OpenPage, desk: Desk, width: int) -> Page:
    page = open_page(width=width)
    desk.pages.append(page)
    return page


def _toolbar_boxes(page: Page) -> list[dict[str, float]]:
    return list(page.evaluate("""() => [...document.querySelectorAll(
        "[role=toolbar] button, [role=toolbar] select")]
        .filter((el) => el.offsetParent !== null)
        .map((el) => { const r = el.getBoundingClientRect();
                       return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; })"""))


@pytest.mark.parametrize("width", [1280, 390])
def test_the_toolbar_is_one_row_with_the_rest_in_a_keyboard_reachable_more_menu(
    open_page: OpenPage, desk: Desk, width: int
) -> None:
    ayo = Editor.sign_in(_tab(open_page, desk, width), desk, AUTHOR[0])
    page, keyboard = ayo.page, ayo.page.keyboard
    toolbar = page.get_by_role("toolbar", name="Formatting")
    boxes = _toolbar_boxes(page)
    assert len(boxes) >= 6
    assert max(b["top"] for b in boxes) - min(b["top"] for b in boxes) < 2, boxes
    row = toolbar.bounding_box()
    assert row is not None
    assert all(b["left"] >= row["x"] - 1 and b["right"] <= row["x"] + row["width"] + 1
               for b in boxes), "every control is inside the toolbar, none cut off"
    assert row["height"] < 60, "one row, not several"
    # Names are plain; the shortcut is in the tooltip and aria-keyshortcuts.
    bold = ayo.tool("Bold")
    expect(bold).to_have_accessible_name("Bold")
    expect(bold).to_have_attribute("aria-keyshortcuts", "Control+B")
    expect(bold).to_have_attribute("title", "Bold (Ctrl+B)")
    style_options = page.locator("select.cb-blocktype option")
    if style_options.first.is_visible():
        assert "Ctrl" not in " ".join(style_options.all_inner_texts())

    # Keyboard only: to the toolbar, along to More, open it, walk it, leave it.
    ayo.caret_in(1, "End")
    keyboard.press("Alt+F10")
    more = toolbar.get_by_role("button", name="More tools")
    for _ in range(30):
        if page.evaluate("document.activeElement.dataset.testid") == "toolbar-more":
            break
        keyboard.press("ArrowRight")
    expect(more).to_be_focused()
    keyboard.press("ArrowDown")
    expect(more).to_have_attribute("aria-expanded", "true")
    menu = page.get_by_role("menu", name="More tools")
    expect(menu).to_be_visible()
    items = menu.locator("[role^=menuitem]")
    expect(items.first).to_be_focused()
    keyboard.press("End")
    expect(menu.get_by_role("menuitem", name="Keyboard shortcuts")).to_be_focused()
    _shot(page, "toolbar-more")
    keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(more).to_be_focused()
    if width == 390:
        # What left the row is in the menu: the text styles, each with its shortcut.
        keyboard.press("Enter")
        heading = menu.get_by_role("menuitemradio", name="Heading 2")
        expect(heading).to_have_attribute("aria-keyshortcuts", "Shift+Control+2")
        heading.click()
        expect(ayo.prose.locator("h2")).to_have_text("Trust grows slowly.")
        expect(ayo.prose).to_be_focused()
        keyboard.press("Alt+F10")
        keyboard.press("End")
        keyboard.press("ArrowLeft")
        keyboard.press("ArrowLeft")
        expect(more).to_be_focused()
    keyboard.press("Enter")
    keyboard.press("End")
    keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("row", name=re.compile(r"^Bold"))).to_contain_text("Ctrl+B")
    keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    ayo.expect_saved()


def test_the_typed_block_menu_lines_up_its_swatches(open_page: OpenPage, desk: Desk) -> None:
    ayo = open_editor(open_page, desk, AUTHOR)
    _to_start(ayo)
    ayo.page.get_by_role("button", name="Typed block").click()
    menu = ayo.page.get_by_role("menu", name="Typed block")
    expect(menu).to_be_visible()
    lefts = ayo.page.evaluate("""() => [...document.querySelectorAll(
        "[role=menu]:not([hidden]) .cb-menu__label")]
        .map((el) => el.getBoundingClientRect().left)""")
    assert len(lefts) == 6 and max(lefts) - min(lefts) < 1, lefts
    _shot(ayo.page, "typed-block")
    menu.get_by_role("menuitemradio", name="Story").click()
    expect(ayo.prose.locator(".callout--story")).to_have_count(1)
