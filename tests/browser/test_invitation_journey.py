"""A trio lead recruits: invite → the mail → the invitee chooses a name and password →
lands in the trio's chapter → edits its section."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from flask import Flask

from cbook.config import Settings
from cbook.mail.sender import deliver_due
from cbook.mail.transport import transport_for
from tests.browser.editing import Editor
from tests.browser.mailbox import link_in_mail
from tests.browser.shots import assert_no_sideways_scroll, shoot_both
from tests.browser.world import AUTHOR, FIRST, Desk
from tests.support import PASSWORD

try:
    from playwright.sync_api import expect
except ImportError:  # under CI=true a missing playwright is an error, never a skip
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tests.browser.conftest import OpenPage

INVITEE = "nadia@example.org"
NEW_PASSWORD = "a long enough password"






def _menu(page: Page) -> None:
    """On a phone the header's links sit behind its Menu button: open it."""
    button = page.locator(".nav-menu__button")
    if button.is_visible() and page.locator(".nav-menu[open]").count() == 0:
        button.click()




@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_a_lead_invites_and_the_invitee_writes_in_the_trios_chapter(
        app: Flask, open_page: OpenPage, desk: Desk, settings: Settings, width: int,
        height: int) -> None:
    lead = open_page(width, height)
    lead.goto("/login")
    lead.get_by_label("Email").fill(AUTHOR[0])
    lead.get_by_label("Password").fill(PASSWORD)
    lead.get_by_role("button", name="Sign in").click()
    _menu(lead)
    lead.get_by_role("link", name="Invitations").click()
    lead.get_by_role("link", name="Invite a person").click()
    lead.get_by_label("Email").fill(INVITEE)
    expect(lead.get_by_label("Role")).to_have_value("author")  # all a lead may offer
    expect(lead.get_by_label("Trio")).to_have_value("harbour-trio")
    assert_no_sideways_scroll(lead)
    shoot_both(lead, f"invite-{width}")
    lead.get_by_role("button", name="Send invitation").click()
    expect(lead.get_by_role("status").first).to_contain_text(f"Invitation sent to {INVITEE}")
    expect(lead.get_by_test_id("invitation-row")).to_contain_text(INVITEE)
    assert_no_sideways_scroll(lead)
    shoot_both(lead, f"invitations-{width}")

    # One pass of the sender, as `cbook mail send` would: no SMTP server, so an .eml file.
    deliver_due(app.extensions["cbook.sessions"], transport_for(settings), settings)
    link = link_in_mail(settings.instance / "mail", INVITEE,
                        r"https?://\S+/invitations/[A-Za-z0-9_\-]{20,}",
                        subject_contains="invited")

    invitee = open_page(width, height)
    invitee.goto(link)
    expect(invitee.get_by_role("heading", name="Your invitation to Culture Book")).to_be_visible()
    expect(invitee.get_by_text("You will write with the trio Harbour trio.")).to_be_visible()
    invitee.get_by_label("Your name").fill("Nadia Noor")
    invitee.get_by_label("Password (10+ characters)").fill(NEW_PASSWORD)
    invitee.get_by_label("The same again").fill(NEW_PASSWORD)
    assert_no_sideways_scroll(invitee)
    shoot_both(invitee, f"accept-{width}")
    invitee.get_by_role("button", name="Create my account").click()
    expect(invitee.get_by_role("status").first).to_contain_text(
        "Welcome to Culture Book, Nadia Noor")
    expect(invitee.get_by_role("heading", name="Listening")).to_be_visible()  # the chapter
    shoot_both(invitee, f"landed-{width}")

    invitee.get_by_role("link", name="Boards").first.click()
    invitee.get_by_role("link", name="Edit the text").click()
    desk.pages.append(invitee)
    editor = Editor(invitee, desk)
    editor.wait_ready()
    editor.caret_in(0, "End")
    invitee.keyboard.type(" Nadia was here.")
    editor.expect_saved()
    assert editor.text().startswith(FIRST + " Nadia was here.")
    shoot_both(invitee, f"editing-{width}")

    # The link is spent: opening it again says so plainly.
    again = open_page(width, height)
    again.goto(link)
    expect(again.get_by_test_id("invitation-problem")).to_contain_text("already been accepted")
    assert_no_sideways_scroll(again)
    shoot_both(again, f"invitation-used-{width}")
