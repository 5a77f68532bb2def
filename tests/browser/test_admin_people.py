"""An admin finds a person, changes their email and puts them in a trio, all by clicking."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books.models import Trio
from cbook.demo.loader import load_demo
from tests.browser.shots import assert_no_sideways_scroll, shoot_both
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





def _header_link(page: Page, name: str) -> None:
    """Click a link of the header's main menu, opening the menu first where it is folded."""
    link = page.get_by_role("navigation", name="Main").get_by_role("link", name=name,
                                                                   exact=True)
    folded = page.locator(".site-header summary")
    if not link.is_visible() and folded.count():
        folded.first.click()
    link.click()


def _sign_in(page: Page) -> None:
    page.goto("/")
    _header_link(page, "Sign in")
    page.get_by_label("Email").fill("admin@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()




def test_admin_finds_a_person_changes_their_email_and_adds_them_to_a_trio(
        open_page: OpenPage, session: Session) -> None:
    load_demo(session, PASSWORD)
    session.commit()
    page = open_page(1280, 900)
    _sign_in(page)
    _header_link(page, "Admin")
    page.get_by_role("link", name="Users and roles").click()
    expect(page.get_by_role("heading", name="Users and roles")).to_be_visible()

    page.get_by_label("Name or email").fill("RAMAN")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("people-count")).to_have_text("1 person matches.")
    table = page.locator(".people-table")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("priya.raman@example.org")
    shoot_both(page, "list-1280")

    table.get_by_role("link", name="Priya Raman").click()
    expect(page.get_by_role("heading", name="Priya Raman", exact=True)).to_be_visible()
    trios = page.locator("#trios")
    expect(trios).to_contain_text("Reclaiming Agency (lead)")

    page.get_by_label("New email").fill("Priya@Salford.example")
    page.get_by_role("button", name="Change email").click()
    expect(page.get_by_role("heading", name="Change Priya Raman's email?")).to_be_visible()
    expect(page.get_by_text("From priya.raman@example.org to priya@salford.example.")
           ).to_be_visible()
    shoot_both(page, "confirm-email-1280")
    page.get_by_role("button", name="Change email").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Email changed: Priya Raman now signs in as priya@salford.example.")
    expect(page.get_by_test_id("person-email")).to_have_text("priya@salford.example")

    page.get_by_label("Trio", exact=True).select_option(label="Common Ground")
    page.get_by_role("button", name="Add to trio").click()
    expect(page.get_by_role("status")).to_contain_text("Priya Raman is now in Common Ground.")
    expect(trios.get_by_role("link", name="Common Ground")).to_be_visible()
    expect(trios.get_by_role("button", name="Make lead of Common Ground")).to_be_visible()
    shoot_both(page, "person-1280")

    session.expire_all()
    priya = session.scalars(select(User).where(User.name == "Priya Raman")).one()
    assert priya.email == "priya@salford.example"
    common = session.scalars(select(Trio).where(Trio.name == "Common Ground")).one()
    assert priya.id in {m.user_id for m in common.memberships}

    # On a phone the list and the page read without sideways scrolling: the table
    # becomes one card per person, each value labelled.
    phone = open_page(390, 844)
    _sign_in(phone)
    phone.goto("/admin/users")  # the header menu is another part's; the list is the point
    assert_no_sideways_scroll(phone)
    card = phone.locator(".people-table tbody tr").filter(has_text="Priya Raman")
    expect(card).to_contain_text("never")
    labels = card.locator("td").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c, '::before').content)")
    assert labels == ['"Email: "', '"Role: "', '"Last signed in: "', '"Active: "']
    shoot_both(phone, "list-390")
    card.get_by_role("link", name="Priya Raman").click()
    expect(phone).to_have_url(re.compile(r"/admin/users/\d+$"))
    assert_no_sideways_scroll(phone)
    shoot_both(phone, "person-390")

    # Taking her out again asks first, and says what it means.
    phone.get_by_role("button", name="Remove from Common Ground").click()
    expect(phone.get_by_role("heading", name="Remove Priya Raman from Common Ground?")
           ).to_be_visible()
    assert_no_sideways_scroll(phone)
    shoot_both(phone, "confirm-remove-390")
    phone.get_by_role("button", name="Remove from trio").click()
    expect(phone.get_by_role("status")).to_contain_text(
        "Priya Raman is no longer in Common Ground.")
    expect(phone.locator("#trios").get_by_role("link", name="Common Ground")).to_have_count(0)
    expect(phone.locator("#trios")).to_contain_text("Reclaiming Agency (lead)")
