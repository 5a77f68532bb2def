"""An author's first hour: sign in, land on their own home, find their chapter there, open
a section in the editor and write in it while a co-author of the same trio writes too.

The author works on a desktop; the co-author on a phone (390 px), going through the
compact header menu. No step types a URL other than the site's front page. Screenshots
of the home, the header (menu closed and open) and the section page at both widths go to
``CBOOK_BROWSER_SCREENSHOTS`` (e.g. /tmp/shots/home) for a person to look at.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books import service as books
from cbook.books import trios
from cbook.books.models import Section
from tests.browser.shots import keep_screenshot
from tests.browser.world import AUTHOR, FIRST, SECOND, Desk
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

CO_AUTHOR = ("tomasz@test.example", "Tomasz Nowak")
DRAFT = "Quiet rooms"
SETTLE_MS = 10_000


def _shot(page: Page, name: str, *, full: bool = False) -> None:
    keep_screenshot(page, name, full_page=full)


def _co_author_joins_the_trio(session: Session, desk: Desk) -> None:
    """Tomasz joins Ayo's trio; the chapter gets a draft next to the published section."""
    section = session.get(Section, desk.section_id)
    assert section is not None and section.chapter.trio is not None
    admin = session.query(User).filter_by(email="admin@test.example").one()
    tomasz = make_user(session, "author", CO_AUTHOR[0], name=CO_AUTHOR[1])
    trios.add_member(session, admin, section.chapter.trio, tomasz)
    books.publish_section(session, admin, section)
    books.create_section(session, admin, section.chapter, title=DRAFT)
    session.commit()


def _sign_in_from_the_header(page: Page, email: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/$"))


def _open_from_home(page: Page) -> None:
    """Lands on the person's home and opens a section of their chapter in the editor."""
    chapters = page.get_by_test_id("my-chapters")
    expect(chapters.get_by_role("heading", name="Listening")).to_be_visible()
    expect(chapters.get_by_role("link", name=DRAFT, exact=True)).to_be_visible()
    chapters.get_by_role("link", name="Boards", exact=True).click()
    expect(page).to_have_url(re.compile(r"/sections/\d+/edit$"))
    expect(page.locator("#editor-root")).to_have_attribute("data-ready", "true")
    expect(page.locator("#cb-status")).to_have_attribute("data-status", "saved")


def _type_at(page: Page, paragraph: int, key: str, text: str) -> None:
    page.locator(".ProseMirror p").nth(paragraph).click()
    page.keyboard.press(key)
    page.wait_for_function(
        """atStart => { const { $from, empty } = window.cultureBookEditor.view.state.selection;
            return empty && $from.parentOffset === (atStart ? 0 : $from.parent.content.size); }""",
        arg=key == "Home")
    page.keyboard.type(text)


def _shows(page: Page, expected: str) -> None:
    page.wait_for_function(
        "expected => window.cultureBookEditor.view.state.doc.textContent === expected"
        " && window.cultureBookEditor.status() === 'saved'", arg=expected, timeout=SETTLE_MS)


def _paragraphs(page: Page) -> list[str]:
    return list(page.evaluate(
        "() => window.cultureBookEditor.view.state.doc.content.content.map(n => n.textContent)"))


def test_an_author_finds_their_chapter_at_home_and_writes_with_a_co_author(
    open_page: OpenPage, desk: Desk, session: Session
) -> None:
    _co_author_joins_the_trio(session, desk)

    # Ayo, on a desktop: the front page, sign in, and her own home.
    ayo = open_page(1280, 900)
    desk.pages.append(ayo)
    ayo.goto("/")
    _shot(ayo, "header-visitor-1280.png")
    _sign_in_from_the_header(ayo, AUTHOR[0])
    expect(ayo.get_by_role("heading", level=1)).to_have_text(f"Welcome, {AUTHOR[1]}")
    nav = ayo.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="My home")).to_have_attribute("aria-current", "page")
    expect(ayo.locator(".nav-menu__button")).to_be_hidden()  # wide screens: every link shown
    _shot(ayo, "home-1280.png", full=True)

    # Tomasz, on a phone: the header is one compact row with a menu button.
    tomasz = open_page(390, 844)
    desk.pages.append(tomasz)
    tomasz.goto("/")
    header = tomasz.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= 80, f"the phone header is {header}"
    links = tomasz.get_by_role("navigation", name="Main")
    expect(links).to_be_hidden()
    _shot(tomasz, "header-closed-390.png")
    summary = tomasz.locator("summary.nav-menu__button")
    summary.focus()
    tomasz.keyboard.press("Enter")  # a keyboard opens it as well as a tap
    expect(links).to_be_visible()
    sign_in_box = links.get_by_role("link", name="Sign in").bounding_box()
    assert sign_in_box is not None and sign_in_box["width"] > 300, "menu links span the phone"
    _shot(tomasz, "header-open-390.png")
    _sign_in_from_the_header(tomasz, CO_AUTHOR[0])
    expect(tomasz.get_by_role("heading", level=1)).to_have_text(f"Welcome, {CO_AUTHOR[1]}")
    scroll = tomasz.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert scroll[0] <= scroll[1], f"the home scrolls sideways on a phone: {scroll}"
    _shot(tomasz, "home-390.png", full=True)
    tomasz.locator("summary.nav-menu__button").click()
    expect(links.get_by_role("link", name="My home")).to_be_visible()
    _shot(tomasz, "header-open-signed-in-390.png")
    tomasz.locator("summary.nav-menu__button").click()
    expect(links).to_be_hidden()

    # Both open the section from their home and write in it at the same time.
    _open_from_home(ayo)
    _open_from_home(tomasz)
    _type_at(ayo, 0, "Home", "Good boards always ")
    _type_at(tomasz, 1, "End", " It takes years.")
    expected = "Good boards always " + FIRST + SECOND + " It takes years."
    _shows(ayo, expected)
    _shows(tomasz, expected)
    # Each sees the other's words where they wrote them (read from the document, not the
    # screen, where co-authors' named cursors sit inside the paragraphs).
    for page in (ayo, tomasz):
        assert _paragraphs(page)[:2] == ["Good boards always " + FIRST, SECOND + " It takes years."]
    # ... and where the other is: a caret carrying the co-author's name.
    for page, other in ((ayo, CO_AUTHOR[1]), (tomasz, AUTHOR[1])):
        expect(page.locator(f".ProseMirror [data-testid='remote-caret'][data-name='{other}']")
               ).to_be_visible(timeout=SETTLE_MS)

    # The section page, reached from the editor's breadcrumb: its tools sit above the text.
    for page, width in ((ayo, 1280), (tomasz, 390)):
        page.get_by_role("navigation", name="Breadcrumb").get_by_role(
            "link", name="Boards", exact=True).click()
        expect(page).to_have_url(re.compile(rf"/sections/{desk.section_id}$"))
        tools = page.get_by_role("navigation", name="Work on this section")
        expect(tools.get_by_role("link", name="Edit the text")).to_be_visible()
        tools_box, prose_box = tools.bounding_box(), page.locator(".prose").bounding_box()
        assert tools_box and prose_box and tools_box["y"] < prose_box["y"]
        assert tools_box["y"] + tools_box["height"] <= 844, "the tools show without scrolling"
        _shot(page, f"section-{width}.png", full=True)
