"""A person who forgot their password: sign-in page → forgot → the mail → new password → in."""

from __future__ import annotations

import email
import email.policy
import os
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from cbook.config import Settings
from cbook.mail.sender import deliver_due
from cbook.mail.transport import transport_for
from cbook.roles import Role
from tests.browser.shots import keep_screenshot
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

NEW_PASSWORD = "a brand new passphrase"


def _shoot(page: Page, name: str) -> None:
    keep_screenshot(page, name)
    keep_screenshot(page, f"{name}-first-screen", full_page=False)


def _no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


def _reset_link_from_the_mail_folder(folder: Path, address: str) -> str:
    """The link in the reset message the app's sender wrote as an .eml file (no SMTP set)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for path in sorted(folder.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if address in str(message["To"]):
                body = message.get_body(preferencelist=("plain",))
                assert body is not None
                found = re.search(r"https?://\S+/password/reset/[A-Za-z0-9_\-]+",
                                  body.get_content())
                assert found, body.get_content()
                return found.group(0)
        time.sleep(0.1)
    raise AssertionError(f"no reset mail to {address} in {folder}")


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
    _no_sideways_scroll(page)
    _shoot(page, f"forgot-{width}")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_test_id("reset-sent")).to_contain_text(
        "If an active account has that address")
    _shoot(page, f"forgot-sent-{width}")

    # The suite's apps send no mail by themselves: one pass of the sender, as `cbook mail
    # send` would, writes the queued message to <instance>/mail (no SMTP server is set).
    deliver_due(app.extensions["cbook.sessions"], transport_for(settings), settings)
    link = _reset_link_from_the_mail_folder(settings.instance / "mail", "priya@example.org")
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    expect(page.get_by_text("For priya@example.org.")).to_be_visible()
    page.get_by_label("New password (10+ characters)").fill(NEW_PASSWORD)
    page.get_by_label("The same again").fill(NEW_PASSWORD)
    _no_sideways_scroll(page)
    _shoot(page, f"reset-{width}")
    page.get_by_role("button", name="Set password and sign in").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Your new password is set and you are signed in.")
    _shoot(page, f"reset-done-{width}")

    # The link is spent: opening it again says so plainly.
    page.goto(link)
    expect(page.get_by_test_id("reset-problem")).to_contain_text("already been used")
    _no_sideways_scroll(page)
    _shoot(page, f"reset-used-{width}")

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
