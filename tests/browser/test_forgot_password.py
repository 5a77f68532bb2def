"""A person who forgot their password: sign-in page → forgot → the mail → new password → in."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from cbook.config import Settings
from cbook.mail.sender import deliver_due
from cbook.mail.transport import transport_for
from cbook.roles import Role
from tests.browser.mailbox import link_in_mail
from tests.browser.shots import assert_no_sideways_scroll, shoot_both
from tests.support import PASSWORD, make_user

try:
    from playwright.sync_api import expect
except ImportError:  # under CI=true a missing playwright is an error, never a skip
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

if TYPE_CHECKING:

    from tests.browser.conftest import OpenPage

NEW_PASSWORD = "a brand new passphrase"








@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_forgot_password_then_reset_by_mail_then_sign_in(
        app: Flask, open_page: OpenPage, session: Session, settings: Settings, width: int,
        height: int) -> None:
    make_user(session, Role.AUTHOR, "priya@example.org", name="Priya Raman")
    page = open_page(width, height)
    page.goto("/login")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible()
    page.get_by_label("Email").fill("Priya@Example.org")
    assert_no_sideways_scroll(page)
    shoot_both(page, f"forgot-{width}")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_test_id("reset-sent")).to_contain_text(
        "If an active account has that address")
    shoot_both(page, f"forgot-sent-{width}")

    # The suite's apps send no mail by themselves: one pass of the sender, as `cbook mail
    # send` would, writes the queued message to <instance>/mail (no SMTP server is set).
    deliver_due(app.extensions["cbook.sessions"], transport_for(settings), settings)
    link = link_in_mail(settings.instance / "mail", "priya@example.org",
                        r"https?://\S+/password/reset/[A-Za-z0-9_\-]+")
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    expect(page.get_by_text("For priya@example.org.")).to_be_visible()
    page.get_by_label("New password (10+ characters)").fill(NEW_PASSWORD)
    page.get_by_label("The same again").fill(NEW_PASSWORD)
    assert_no_sideways_scroll(page)
    shoot_both(page, f"reset-{width}")
    page.get_by_role("button", name="Set password and sign in").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Your new password is set and you are signed in.")
    shoot_both(page, f"reset-done-{width}")

    # The link is spent: opening it again says so plainly.
    page.goto(link)
    expect(page.get_by_test_id("reset-problem")).to_contain_text("already been used")
    assert_no_sideways_scroll(page)
    shoot_both(page, f"reset-used-{width}")

    # Another browser signs in with the new password, not the old one.
    other = open_page(width, height)
    other.goto("/login")
    other.get_by_label("Email").fill("priya@example.org")
    other.get_by_label("Password").fill(PASSWORD)
    other.get_by_role("button", name="Sign in").click()
    expect(other.get_by_text("That email and password do not match")).to_be_visible()
    other.get_by_label("Password").fill(NEW_PASSWORD)
    other.get_by_role("button", name="Sign in").click()
    other.goto("/account")
    expect(other.get_by_text("Priya Raman").first).to_be_visible()
