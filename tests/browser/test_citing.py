"""Citing a library resource from the editor, by keyboard alone, as an author does."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy.orm import Session

from cbook.library import queries as library_queries
from cbook.library import service as library
from cbook.roles import Role
from tests.browser.world import AUTHOR, FIRST, Desk
from tests.support import PASSWORD, make_user

try:
    from playwright.sync_api import expect
except ImportError:  # under CI=true a missing playwright is an error, never a skip
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tests.browser.conftest import OpenPage


def _resources_in(doc: Any) -> list[dict[str, Any]]:
    found, stack = [], [doc]
    while stack:
        node = stack.pop()
        if node.get("type") == "resource_ref":
            found.append(node["attrs"])
        stack.extend(node.get("content", []))
    return found


def _server_doc(page: Page, desk: Desk) -> Any:
    response = page.request.get(desk.api_path)
    assert response.ok, response.text()
    return response.json()["doc"]


def _wait_saved(page: Page) -> None:
    page.wait_for_function("() => window.cultureBookEditor.status() === 'saved'"
                           " && window.cultureBookEditor.pending() === 0")


def test_an_author_cites_a_resource_with_the_keyboard_and_can_delete_it(
    open_page: OpenPage, desk: Desk, session: Session
) -> None:
    librarian = make_user(session, Role.EDITOR, "librarian@test.example", name="Lib")
    for title, kind in (("Boards that listen", "report"), ("Listening circles", "video"),
                        ("Trust in practice", "tool")):
        library.add_resource(session, librarian, title=title, kind=kind)
    session.commit()
    circles = library_queries.list_resources(session, library_queries.ResourceFilters())[1]
    assert circles.title == "Listening circles"

    page = open_page()
    desk.pages.append(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"/login?next={desk.edit_path}")
    page.get_by_label("Email").fill(AUTHOR[0])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.locator("#editor-root")).to_have_attribute("data-ready", "true")
    prose = page.locator(".ProseMirror")
    prose.locator("p").first.click()
    page.keyboard.press("End")
    page.wait_for_function("""() => { const { $from, empty } =
        window.cultureBookEditor.view.state.selection;
        return empty && $from.parentOffset === $from.parent.content.size; }""")

    # Alt+F10 to the toolbar, End to its last button (Redo), back along it past Undo and
    # "More" to "Cite a resource".
    toolbar = page.get_by_role("toolbar", name="Formatting")
    cite = toolbar.get_by_role("button", name=re.compile(r"^Cite a resource\b"))
    page.keyboard.press("Alt+F10")
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(cite).to_be_focused()
    page.keyboard.press("Enter")

    dialog = page.get_by_role("dialog", name="Cite a resource")
    expect(dialog).to_be_visible()
    search = dialog.get_by_role("combobox", name="Search the library")
    expect(search).to_be_focused()
    expect(dialog.get_by_role("status")).to_have_text("3 resources match.")
    page.keyboard.type("listen")
    options = dialog.get_by_role("option")
    expect(options).to_have_text(["Boards that listen · report", "Listening circles · video"])
    expect(options.first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(search).to_have_attribute("aria-activedescendant", re.compile(r"-option-1$"))
    page.keyboard.press("Enter")

    expect(dialog).to_have_count(0)
    expect(prose).to_be_focused()
    chip = prose.locator(".cb-resource-ref")
    expect(chip).to_have_text("Listening circles")
    _wait_saved(page)
    cited = _resources_in(_server_doc(page, desk))
    assert cited == [{"resource": circles.id, "title": "Listening circles"}]
    first = _server_doc(page, desk)["content"][0]["content"]
    assert first[0]["text"] == FIRST and first[1]["type"] == "resource_ref"

    # The chip is one character to the keyboard: Backspace deletes it whole.
    page.keyboard.press("Backspace")
    expect(chip).to_have_count(0)
    _wait_saved(page)
    assert _resources_in(_server_doc(page, desk)) == []
    assert not errors, errors
