"""The whole review story in the browser, from a proposal to what readers see.

An author in the chapter's trio starts a proposal on a section, changes some words in the
proposal's editor and asks for a review; an editor finds it in their inbox, sees the
word-level change, comments on the proposal's text and on the review page, merges it and
publishes the section; an anonymous reader then reads the proposed words.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.orm import Session

from tests.browser.editing import Editor, add_comment, highlights, select_word
from tests.browser.world import (
    AUTHOR,
    DOC,
    EDITOR,
    FIRST,
    Desk,
    harbour_section,
)
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

TITLE = "Say that boards really listen"
CHANGED = "Boards really listen to communities."


@dataclass
class Book:
    section_id: int
    pages: list[Page] = field(default_factory=list)


@pytest.fixture
def book(session: Session) -> Iterator[Book]:
    _admin, section = harbour_section(session)
    found = Book(section.id)
    yield found
    for page in found.pages:
        page.context.close()


def sign_in(open_page: OpenPage, book: Book, email: str, path: str) -> Page:
    page = open_page()
    book.pages.append(page)
    page.goto(f"/login?next={path}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page).to_have_url(re.compile(rf"{re.escape(path)}$"))
    return page


def editor_on(page: Page, book: Book) -> Editor:
    """The editor helper of editing.py on whatever text this page edits."""
    editor = Editor(page, Desk(book.section_id))
    editor.wait_ready()
    return editor


def test_a_proposal_goes_from_an_author_through_review_to_readers(
    open_page: OpenPage, book: Book
) -> None:
    sid = book.section_id

    # The author starts a proposal from the section's proposals page.
    ayo = sign_in(open_page, book, AUTHOR[0], f"/sections/{sid}/proposals")
    expect(ayo.get_by_role("heading", name="Proposals: Boards")).to_be_visible()
    ayo.get_by_label("What do you propose?").fill(TITLE)
    ayo.get_by_label("Why (optional)").fill("The board meets people every month.")
    ayo.get_by_role("button", name="Start a proposal").click()
    expect(ayo).to_have_url(re.compile(r"/proposals/\d+/edit$"))
    proposal_id = int(re.findall(r"/proposals/(\d+)/edit", ayo.url)[0])

    # ... edits the proposal's own copy of the text ...
    text = editor_on(ayo, book)
    text.caret_in(0, "Home")
    text.press("ArrowRight", len("Boards"))
    ayo.keyboard.type(" really")
    text.wait_for_text(CHANGED + DOC["content"][1]["content"][0]["text"])
    text.expect_saved()

    # ... and asks for a review on the review page.
    ayo.goto(f"/proposals/{proposal_id}")
    ayo.get_by_role("button", name="Ask for review").click()
    expect(ayo.get_by_role("status")).to_contain_text("Sent for review")
    expect(ayo.get_by_test_id("proposal-status")).to_have_text(
        re.compile(r"^Waiting for review since \d{1,2} \w{3}$"))

    # The editor finds it in their inbox and opens the review page.
    esme = sign_in(open_page, book, EDITOR[0], "/inbox")
    queue = esme.get_by_role("region", name="Waiting for review")
    expect(queue.get_by_role("link", name=TITLE)).to_be_visible()
    entry = esme.locator(".inbox__entry[data-kind='review_requested']")
    expect(entry).to_contain_text(f"{AUTHOR[1]} asked for a review of {TITLE}")
    entry.get_by_role("link", name=TITLE).click()
    expect(esme).to_have_url(re.compile(rf"/proposals/{proposal_id}$"))
    against_base = esme.get_by_role("region", name="Against the text it started from")
    expect(against_base.locator("ins")).to_have_text(re.compile(r"^\s*really\s*$"))
    expect(against_base.locator("del")).to_have_count(0)
    expect(esme.get_by_test_id("merge-state")).to_have_text(
        "Merges cleanly with the section as it is now.")

    # A comment on the proposal's words, in the proposal's editor ...
    esme.get_by_role("link", name="Edit the proposal").click()
    expect(esme).to_have_url(re.compile(rf"/proposals/{proposal_id}/edit$"))
    words = editor_on(esme, book)
    select_word(words, 0, "Boards ", "really")
    add_comment(words, "Do we have evidence for this?")
    expect(highlights(words)).to_have_text("really")
    threads = esme.request.get(f"/api/v1/proposals/{proposal_id}/comments").json()
    assert [(c["quote"], c["body"]) for c in threads] == [
        ("really", "Do we have evidence for this?")]

    # ... and a review comment (an approval) on the review page; then the merge.
    esme.goto(f"/proposals/{proposal_id}")
    esme.get_by_role("radio", name="Approve").check()
    esme.get_by_label("What would you like to say?").fill("Good change, thanks.")
    esme.get_by_role("button", name="Send review").click()
    expect(esme.get_by_role("status")).to_contain_text("Review sent.")
    review = esme.locator(".review")
    expect(review).to_contain_text(EDITOR[1])
    expect(review).to_contain_text("Good change, thanks.")
    # The section is not published yet: the only choice is a merge into its draft.
    esme.get_by_role("button", name="Merge", exact=True).click()
    expect(esme).to_have_url(re.compile(rf"/proposals/{proposal_id}$"))
    expect(esme.get_by_role("status")).to_contain_text(
        "Merged into the draft. The section is not published yet")
    expect(esme.get_by_test_id("proposal-status")).to_contain_text(
        "Merged into the draft by Esme Editor")

    # The editor publishes the section from its settings page.
    esme.goto(f"/sections/{sid}/settings")
    publishing = esme.get_by_role("region", name="Publishing")
    publishing.get_by_role("button", name="Publish", exact=True).click()
    expect(esme).to_have_url(re.compile(rf"/sections/{sid}$"))
    expect(esme.get_by_role("status")).to_contain_text("Published")

    # An anonymous reader sees the proposed words.
    reader = open_page()
    book.pages.append(reader)
    reader.goto(f"/sections/{sid}")
    main = reader.get_by_role("main")
    expect(main).to_contain_text(CHANGED)
    expect(main).not_to_contain_text(FIRST)
