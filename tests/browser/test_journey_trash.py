"""An editor deletes a section through its confirmation and restores it from the trash,
history and all.

Everything is reached by clicking from the front page: the header's sign-in, the book,
the section, its settings, "Delete section…", the confirmation, the flash's "Open the
trash", Restore, and the section's History. Screenshots of the confirmation, the flash,
the trash and the restored section at 1280 and 390 px go to ``CBOOK_BROWSER_SCREENSHOTS``
(e.g. /tmp/shots/trash) for a person to look at.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books import service as books
from cbook.books.models import Section, TrashItem
from cbook.editor import revisions
from tests.browser.shots import SCREENSHOT_DIR, keep_screenshot
from tests.browser.world import EDITOR, FIRST, Desk
from tests.support import PASSWORD

try:
    from playwright.sync_api import expect
except ImportError:  # under CI=true a missing playwright is an error, never a skip
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

if TYPE_CHECKING:
    from playwright.sync_api import Page

MILESTONE = "Before the board workshop"


def _shots(page: Page, name: str) -> None:
    """The page as it is, at desktop and at phone width (then back to desktop)."""
    if not SCREENSHOT_DIR:
        return
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        keep_screenshot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def _published_with_history(session: Session, desk: Desk) -> None:
    section = session.get_one(Section, desk.section_id)
    admin = session.scalars(select(User).where(User.email == "admin@test.example")).one()
    books.publish_section(session, admin, section)
    revisions.create_revision(session, section.document, admin, message=MILESTONE)
    session.commit()


def test_an_editor_deletes_a_section_and_restores_it_with_its_history(
        page: Page, desk: Desk, session: Session) -> None:
    _published_with_history(session, desk)
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(EDITOR[0])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Books").click()
    page.get_by_role("link", name="Working together").first.click()
    page.get_by_role("navigation", name="Contents").get_by_role("link", name="Boards").click()
    expect(page.get_by_text(FIRST)).to_be_visible()
    page.get_by_role("link", name="Settings and publishing").click()
    page.get_by_role("link", name="Delete section…").click()

    # The confirmation says what goes, and that it can come back.
    expect(page).to_have_url(re.compile(rf"/sections/{desk.section_id}/delete$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete the section “Boards”?")
    expect(page.get_by_test_id("what-goes")).to_have_text(
        "This section with its 3 revisions, 0 open proposals and 0 comments goes to the trash.")
    _shots(page, "1-confirm")
    page.get_by_role("button", name="Move to the trash").click()

    # Back on the chapter, the flash says what happened and offers the way back.
    flash = page.locator(".flash")
    expect(flash).to_contain_text(
        "“Boards” and its 3 revisions, 0 open proposals and 0 comments are in the trash.")
    expect(flash.get_by_role("button", name="Undo")).to_be_visible()
    expect(page.get_by_role("link", name="Boards")).to_have_count(0)
    _shots(page, "2-flash")
    flash.get_by_role("link", name="Open the trash").click()

    row = page.get_by_test_id("trash-item")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Boards")
    expect(row).to_contain_text("Esme Editor")
    expect(row).to_contain_text("29 days")
    _shots(page, "3-trash")
    row.get_by_role("button", name="Restore").click()

    # The section is back where it was, with the same address and its history.
    expect(page).to_have_url(re.compile(rf"/sections/{desk.section_id}$"))
    expect(page.locator(".flash")).to_have_text(
        "Restored “Boards” to its chapter, with its history.")
    expect(page.get_by_text(FIRST)).to_be_visible()
    _shots(page, "4-restored")
    page.get_by_role("link", name="History").first.click()
    saved = page.locator(".history__item")
    expect(saved).to_have_count(3)  # created, published, and the milestone, as before
    expect(saved.filter(has_text=MILESTONE)).to_be_visible()
    _shots(page, "5-history")
    session.expire_all()
    assert session.scalars(select(TrashItem)).all() == []
