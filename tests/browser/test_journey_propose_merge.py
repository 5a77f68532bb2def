"""Journey: an outside author proposes, an editor merges and publishes, readers see it.

All by clicking, from one typed address (the sign-in page). Olu writes but is not in the
chapter's trio: he proposes a change to a published section and asks for a review. The
trio lead hears of it. Esme, an editor, opens the entry in her inbox (which marks it
read), sees the section as it will be after the merge, and chooses "Merge and publish".
Signed out, anyone then reads the new words on the section page. A second journey writes
a comment with an @mention picked from the suggestions and is told who will hear of it.
Each step is also checked at 390 px (nothing wider than a phone); with
CBOOK_BROWSER_SCREENSHOTS=/tmp/shots/review the screenshots are kept there.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books import service as books
from cbook.review.models import Notification
from cbook.roles import Role
from tests.browser.editing import Editor, select_word
from tests.browser.shots import keep_screenshot
from tests.browser.world import AUTHOR, EDITOR, FIRST, Desk, harbour_section
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

OUTSIDER = ("olu@test.example", "Olu Outside")
TITLE = "Say that boards really listen"
CHANGED = "Boards really listen to communities."


@dataclass
class Story:
    section_id: int
    author_id: int
    pages: list[Page] = field(default_factory=list)


@pytest.fixture
def story(session: Session) -> Iterator[Story]:
    """The browser book, its section published, and an author outside its trio."""
    admin, section = harbour_section(session)
    books.publish_section(session, admin, section)
    session.commit()
    make_user(session, Role.AUTHOR, OUTSIDER[0], name=OUTSIDER[1])
    lead = session.scalars(select(User).where(User.email == AUTHOR[0])).one()
    found = Story(section.id, lead.id)
    yield found
    for page in found.pages:
        page.context.close()


def shoot(page: Page, name: str, *, phone: bool = True) -> None:
    """The page wide and (by default) at phone width, where it must not overflow."""
    keep_screenshot(page, f"{name}-1280")
    if phone:
        size = page.viewport_size
        assert size is not None
        page.set_viewport_size({"width": 390, "height": 844})
        keep_screenshot(page, f"{name}-390")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, \
            f"{name}: the page is wider than a phone"
        page.set_viewport_size(size)


def sign_in_by_clicking(page: Page, email: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out now").click()
    expect(page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Sign in")).to_be_visible()


def open_section(page: Page) -> None:
    """From any page: the book's contents, then the section, by clicking."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Books").click()
    page.get_by_role("main").get_by_role("link", name="Working together").first.click()
    page.get_by_role("main").get_by_role("link", name="Boards").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Boards")


def test_an_outside_author_proposes_an_editor_merges_and_publishes_readers_see_it(
    open_page: OpenPage, story: Story, session: Session
) -> None:
    page = open_page()
    story.pages.append(page)
    page.goto("/login")  # the one address typed; everything after is a click
    page.get_by_label("Email").fill(OUTSIDER[0])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()

    # Olu finds the section and proposes a change: he may not edit it himself.
    open_section(page)
    tools = page.get_by_test_id("section-tools")
    expect(tools.get_by_role("link", name="Edit the text")).to_have_count(0)
    tools.get_by_role("link", name="Propose a change").click()
    page.get_by_label("What do you propose?").fill(TITLE)
    page.get_by_label("Why (optional)").fill("The board meets people every month.")
    page.get_by_role("button", name="Start a proposal").click()
    expect(page).to_have_url(re.compile(r"/proposals/\d+/edit$"))
    proposal_id = int(re.findall(r"/proposals/(\d+)/edit", page.url)[0])
    text = Editor(page, Desk(story.section_id))
    text.wait_ready()
    text.caret_in(0, "Home")
    text.press("ArrowRight", len("Boards"))
    page.keyboard.type(" really")
    text.expect_saved()

    page.get_by_role("link", name=re.compile("^Review page")).click()
    expect(page.get_by_test_id("proposal-status")).to_have_text(
        "Draft, not yet sent for review")
    page.get_by_role("button", name="Ask for review").click()
    expect(page.get_by_role("status")).to_have_text(
        "Sent for review. The editors and the chapter's trio have been told.")
    expect(page.get_by_test_id("proposal-status")).to_have_text(
        re.compile(r"^Waiting for review since \d{1,2} \w{3}$"))
    expect(page.get_by_text(f"Proposed by {OUTSIDER[1]}")).to_be_visible()
    shoot(page, "1-proposal-sent")
    # The trio lead was told (not Olu, who proposed).
    session.expire_all()
    told = session.scalars(select(Notification.user_id).where(
        Notification.proposal_id == proposal_id, Notification.kind == "proposed")).all()
    assert told == [story.author_id]
    sign_out(page)

    # Esme, an editor, opens the request from her inbox.
    sign_in_by_clicking(page, EDITOR[0])
    page.get_by_test_id("inbox-link").click()
    entry = page.locator(".inbox__entry[data-kind='review_requested']")
    expect(entry).to_contain_text(f"{OUTSIDER[1]} asked for a review of {TITLE}")
    expect(entry).to_have_attribute("data-read", "no")
    shoot(page, "2-inbox-unread")
    entry.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(rf"/proposals/{proposal_id}$"))
    expect(page.get_by_test_id("inbox-link").locator(".count-badge")).to_have_count(0)

    # The merged section, whole and as readers will see it, then "Merge and publish".
    merged = page.get_by_test_id("merged-preview")
    expect(merged).to_contain_text(CHANGED)
    expect(merged).not_to_contain_text(FIRST)
    expect(merged.locator("ins, del")).to_have_count(0)
    buttons = page.locator(".merge-buttons button")
    expect(buttons).to_have_text(["Merge and publish", "Merge as draft"])
    shoot(page, "3-review-page")
    page.get_by_role("button", name="Merge and publish").click()
    expect(page.get_by_role("status")).to_have_text("Merged and published: readers see it now.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Boards")
    shoot(page, "4-merged-and-published")

    # Back in her inbox the entry reads as read.
    page.get_by_test_id("inbox-link").click()
    expect(page.locator(".inbox__entry[data-kind='review_requested']")).to_have_attribute(
        "data-read", "yes")
    sign_out(page)

    # Olu's inbox says it is live; then, signed out, anyone reads the new words.
    sign_in_by_clicking(page, OUTSIDER[0])
    page.get_by_test_id("inbox-link").click()
    expect(page.locator(".inbox__entry[data-kind='merged_published']")).to_contain_text(
        f"{EDITOR[1]} merged and published {TITLE}: readers see it now")
    shoot(page, "5-proposer-inbox")
    page.locator(".inbox__entry[data-kind='merged_published']").get_by_role(
        "link", name=TITLE).click()
    expect(page.get_by_test_id("proposal-status")).to_have_text(
        re.compile(rf"^Merged and published by {EDITOR[1]} on \d{{1,2}} \w{{3}}$"))
    sign_out(page)
    open_section(page)
    main = page.get_by_role("main")
    expect(main).to_contain_text(CHANGED)
    expect(main).not_to_contain_text(FIRST)
    shoot(page, "6-reader-sees-it")


def test_a_mention_is_picked_from_suggestions_and_says_who_will_be_told(
    open_page: OpenPage, story: Story
) -> None:
    page = open_page()
    story.pages.append(page)
    page.goto("/login")
    page.get_by_label("Email").fill(EDITOR[0])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    open_section(page)
    page.get_by_test_id("section-tools").get_by_role("link", name="Edit the text").click()
    text = Editor(page, Desk(story.section_id))
    text.wait_ready()
    select_word(text, 0, "Boards ", "listen")
    page.keyboard.press("Control+Alt+m")
    dialog = page.get_by_role("dialog", name=re.compile(r"^Comment on"))
    box = dialog.get_by_role("combobox", name=re.compile("^Comment"))
    expect(box).to_be_focused()
    box.press_sequentially("Can @ay")
    options = dialog.get_by_role("listbox", name="People to mention").get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text(AUTHOR[1])
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(r"-0$"))
    shoot(page, "7-mention-suggestions", phone=False)
    box.press("Enter")  # takes the suggestion; does not post yet
    expect(dialog).to_be_visible()
    expect(box).to_have_value(f"Can @{AUTHOR[1]} ")
    box.press_sequentially("and @nobody check?")
    told = dialog.get_by_test_id("mentions-told")
    expect(told).to_have_text(f"{AUTHOR[1]} will be told. No one who can read this is "
                              "called @nobody: they will not be told.")
    shoot(page, "8-mention-who-is-told", phone=False)
    expect(dialog.get_by_role("listbox", name="People to mention")).to_be_hidden()
    box.press("Enter")
    expect(dialog).to_have_count(0)
    expect(page.locator(".cb-comments__live")).to_have_text(
        f"Comment added. {AUTHOR[1]} told.")
    expect(page.locator(".cb-notice")).to_contain_text("@nobody")
