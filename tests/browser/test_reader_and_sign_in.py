"""What a person using a real browser notices: keyboard access, sign-in, reading, layout.

Each test drives headless chromium against the real app (see ``conftest.py``) with the
demo book loaded into the test's own database.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.books.models import Book, Chapter, Section
from cbook.demo.content import BOOK, STAFF_USERS
from cbook.demo.loader import load_demo
from cbook.editor.render import CALLOUT_LABELS, render_html
from cbook.roles import SectionStatus
from tests.support import PASSWORD

try:
    from playwright.sync_api import expect
except ImportError:  # under CI=true a missing playwright is an error, never a skip
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, FloatRect, Page

    from tests.browser.conftest import OpenPage

# Set to a folder to keep screenshots of a section page (desktop and phone) for a human
# to look at, e.g. CBOOK_BROWSER_SCREENSHOTS=/tmp/cbook-shots.
SCREENSHOT_DIR = os.environ.get("CBOOK_BROWSER_SCREENSHOTS", "")
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@dataclass(frozen=True)
class DemoBook:
    """What the tests need to know about the loaded demo book."""

    slug: str
    title: str
    published: dict[int, str]  # section id -> title, every published section
    unpublished: dict[int, str]  # drafts and sections in review
    with_callouts: tuple[int, str, int]  # a published section with callouts: id, title, count


@pytest.fixture
def demo(session: Session) -> DemoBook:
    """The demo book and users (all with the shared test password), committed."""
    load_demo(session, PASSWORD)
    session.commit()
    book = session.scalars(select(Book).where(Book.slug == BOOK["slug"])).one()
    sections = session.scalars(
        select(Section).join(Chapter).where(Chapter.book_id == book.id).order_by(Section.id)
    ).all()
    published = {s.id: s.title for s in sections if s.status == SectionStatus.PUBLISHED}
    unpublished = {s.id: s.title for s in sections if s.status != SectionStatus.PUBLISHED}
    callouts = [
        (s.id, s.title, count) for s in sections if s.status == SectionStatus.PUBLISHED
        and (count := str(render_html(s.published_doc)).count('class="callout ')) > 0
    ]
    assert published and unpublished and callouts, "the demo book has what these tests read"
    return DemoBook(book.slug, book.title, published, unpublished, callouts[0])


def _editor_email() -> str:
    return next(person["email"] for person in STAFF_USERS if person["role"] == "editor")


def _focused_id(page: Page) -> str:
    return str(page.evaluate("document.activeElement ? document.activeElement.id : ''"))


def _on_screen(page: Page, selector: str) -> FloatRect:
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not rendered"
    size = page.viewport_size
    assert size is not None
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= size["width"], box
    assert box["y"] + box["height"] <= size["height"], box
    return box


def test_keyboard_user_can_skip_straight_to_the_main_content(page: Page) -> None:
    page.goto("/")
    skip = page.locator("a.skip-link")
    page.keyboard.press("Tab")

    expect(skip).to_be_focused()
    expect(skip).to_have_text("Skip to main content")
    box = _on_screen(page, "a.skip-link")
    assert box["width"] > 40 and box["height"] > 20, f"the focused skip link is visible: {box}"
    outline = skip.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none", "the focused skip link shows a focus indicator"

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    assert page.url.endswith("#main")


def test_editor_signs_in_with_the_keyboard_and_signs_out(page: Page, demo: DemoBook) -> None:
    page.goto("/login")
    for _ in range(15):  # skip link, brand, nav links ... then the form
        page.keyboard.press("Tab")
        if _focused_id(page) == "email":
            break
    else:
        pytest.fail("Tab never reached the email field of the sign-in form")
    page.keyboard.type(_editor_email())
    page.keyboard.press("Tab")
    assert _focused_id(page) == "password", "Tab moves from email to password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/$"))
    nav = page.get_by_role("navigation", name="Main")
    account = nav.get_by_role("link", name=re.compile(r"^Account\b"))
    expect(account).to_be_visible()
    expect(account.locator(".role-badge")).to_have_text("editor")
    expect(nav.get_by_role("link", name="Sign in", exact=True)).to_have_count(0)

    nav.get_by_role("link", name="Sign out", exact=True).click()
    expect(page).to_have_url(re.compile(r"/logout$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign out")
    page.get_by_role("button", name="Sign out now").click()

    expect(page.get_by_role("status")).to_contain_text("You are signed out.")
    expect(nav.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    expect(page.locator(".role-badge")).to_have_count(0)
    page.goto("/account")
    expect(page).to_have_url(re.compile(r"/login(\?.*)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_reader_follows_the_contents_to_a_section_with_labelled_callouts(
    page: Page, demo: DemoBook
) -> None:
    section_id, title, callout_count = demo.with_callouts
    page.goto("/")
    page.get_by_role("link", name=demo.title, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/books/{re.escape(demo.slug)}$"))
    contents = page.get_by_role("navigation", name="Contents")

    linked = {
        int(str(href).rsplit("/", 1)[1])
        for href in contents.locator("a[href*='/sections/']").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))")
    }
    assert linked == set(demo.published), "the contents link every published section, only"
    assert not linked & set(demo.unpublished), "drafts and sections in review are not listed"
    expect(contents.locator(".badge")).to_have_count(0)

    contents.get_by_role("link", name=title, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/sections/{section_id}$"))
    headings = page.locator("h1")
    expect(headings).to_have_count(1)
    expect(headings).to_have_text(title)

    callouts = page.locator(".prose aside.callout")
    expect(callouts).to_have_count(callout_count)
    labels = set(CALLOUT_LABELS.values())
    for index in range(callout_count):
        callout = callouts.nth(index)
        expect(callout).to_be_visible()
        kind = callout.locator(".callout__kind")
        expect(kind).to_be_visible()
        label = (kind.text_content() or "").strip()
        assert label in labels, f"callout {index} has a known kind label, not {label!r}"
        expect(callout).to_have_attribute("aria-label", label)


def _overflow(page: Page) -> tuple[int, int]:
    width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    return int(width[0]), int(width[1])


def test_pages_fit_a_phone_and_the_reading_column_stays_readable_on_desktop(
    open_page: OpenPage, demo: DemoBook
) -> None:
    section_id = demo.with_callouts[0]
    phone = open_page(**PHONE)
    for path in ("/", f"/books/{demo.slug}", f"/sections/{section_id}"):
        phone.goto(path)
        scroll_width, client_width = _overflow(phone)
        assert scroll_width <= client_width + 1, (
            f"{path} scrolls sideways at 360 px: {scroll_width} > {client_width}")
    _screenshot(phone, "section-360x740.png")

    desktop = open_page(**DESKTOP)
    desktop.goto(f"/sections/{section_id}")
    measure = desktop.locator(".prose").evaluate(
        "e => e.getBoundingClientRect().width / parseFloat(getComputedStyle(e).fontSize)")
    assert 20 < measure <= 50, f"the prose column is {measure:.1f}em wide at 1280 px"
    _screenshot(desktop, "section-1280x900.png")


def _screenshot(page: Page, name: str) -> None:
    if SCREENSHOT_DIR:
        folder = Path(SCREENSHOT_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name))


def test_the_stylesheet_applies_and_no_request_leaves_the_site(
    page: Page, demo: DemoBook
) -> None:
    requested: list[str] = []
    failed: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: failed.append(response.url)
            if response.status >= 400 else None)
    errors: list[str] = []

    def console(message: ConsoleMessage) -> None:
        # The site has no favicon; chromium's own /favicon.ico probe 404s (on 127.0.0.1).
        if message.type == "error" and not message.location.get("url", "").endswith(
                "/favicon.ico"):
            errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))

    for path in ("/", f"/books/{demo.slug}", f"/sections/{demo.with_callouts[0]}", "/login"):
        page.goto(path)
        skip = page.locator("a.skip-link")
        style = skip.evaluate(
            "e => { const s = getComputedStyle(e);"
            " return {position: s.position, clipPath: s.clipPath, width: s.width}; }")
        assert style == {"position": "absolute", "clipPath": "inset(50%)", "width": "1px"}, (
            f"site.css hides the skip link until it has focus on {path}: {style}")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(251, 250, 247)", f"site.css paints the page on {path}"

    # Under its fingerprinted name (site.<hash>.css), so browsers may keep it for a year.
    assert any(re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", urlsplit(url).path)
               for url in requested), requested
    outside = [url for url in requested if urlsplit(url).hostname != "127.0.0.1"]
    assert not outside, f"requests left the site: {outside}"
    assert not failed, f"requests failed: {failed}"
    assert not errors, f"the browser reported errors (CSP violations?): {errors}"
