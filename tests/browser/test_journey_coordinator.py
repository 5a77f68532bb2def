"""A coordinator's journey, typed URLs none: sign in, find the book, follow its link to
Editions, make a PDF for one audience (seeing only the PDF's options), watch it finish,
download it, and read on its title page who the edition is for."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.books import trios
from cbook.export.runner import get_runner
from cbook.principles import service as principles
from cbook.roles import Role
from tests.browser.conftest import OpenPage
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

COORDINATOR = "coordinator@test.example"


def small_book(session: Session) -> str:
    """A book of two published sections, one only for board members, written by a trio."""
    admin = make_user(session, Role.ADMIN, name="Ada Admin")
    make_user(session, Role.COORDINATOR, COORDINATOR, name="Cora Coordinator")
    writer = make_user(session, Role.AUTHOR, name="Grace Mensah")
    boards = principles.create_audience(session, admin, name="Board members")
    principles.create_audience(session, admin, name="Community leaders")
    trio = trios.create_trio(session, admin, name="Harbour trio")
    trios.add_member(session, admin, trio, writer, lead=True)
    book = books.create_book(session, admin, title="Working together",
                             subtitle="Notes from the harbour")
    chapter = books.create_chapter(session, admin, book, title="Listening", trio=trio)
    for title, words in (("Boards", "Boards listen to communities."),
                         ("Streets", "Trust grows slowly.")):
        section = books.create_section(session, admin, chapter, title=title, doc={
            "type": "doc", "content": [{"type": "paragraph", "content": [
                {"type": "text", "text": words}]}]})
        session.flush()
        books.publish_section(session, admin, section)
    books.update_section(session, admin, chapter.sections[0], audiences=[boards.slug])
    session.commit()
    return book.slug


def shoot(page: Page, name: str) -> None:
    keep_screenshot(page, name)


def pdftotext(path: Path, *args: str) -> str:
    found = shutil.which("pdftotext")
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("pdftotext is missing (apt-get install poppler-utils)")
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    return subprocess.run([found, *args, str(path), "-"], capture_output=True, text=True,
                          timeout=60, check=True).stdout


def menu(page: Page) -> None:
    """On a phone the header's links sit behind its Menu button: open it."""
    button = page.locator(".nav-menu__button")
    if button.is_visible() and page.locator(".nav-menu[open]").count() == 0:
        button.click()


def sign_in_and_open_editions(page: Page, slug: str) -> None:
    page.goto("/")
    menu(page)
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Email").fill(COORDINATOR)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.locator("a[data-testid=my-home-link]")).to_be_attached()  # signed in
    menu(page)
    page.get_by_role("link", name="Books", exact=True).first.click()
    page.get_by_role("main").get_by_role("link", name="Working together").first.click()
    expect(page).to_have_url(re.compile(rf"/books/{slug}$"))
    width = page.viewport_size["width"] if page.viewport_size else 0
    shoot(page, f"book-{width}")
    page.get_by_test_id("book-editions-link").click()
    expect(page.get_by_role("heading", name="Editions", exact=True)).to_be_visible()


def test_a_coordinator_makes_a_pdf_for_board_members_from_the_book_page(
        open_page: OpenPage, app: Flask, session: Session) -> None:
    slug = small_book(session)
    page = open_page(1280, 900)
    sign_in_and_open_editions(page, slug)

    page.get_by_label("Format").select_option("pdf")
    paper = page.get_by_label("Paper size")
    expect(paper).to_be_visible()
    expect(page.get_by_label("Days between posts")).to_be_hidden()  # the blog's own
    page.get_by_label("Format").select_option("epub")
    expect(paper).to_be_hidden()
    expect(page.get_by_label("Title page")).to_be_visible()
    page.get_by_label("Format").select_option("pdf")
    expect(paper).to_be_visible()
    audience = page.get_by_label("Audience")
    assert "Board members" in audience.inner_text()  # names, not slugs
    audience.select_option(label="Board members")
    shoot(page, "editions-form-1280")
    page.get_by_role("button", name="Make this edition").click()

    row = page.locator(".export-job").first
    expect(row).to_have_attribute("data-status", "queued")
    expect(row).to_contain_text("Board members")
    get_runner(app).run_pending()  # the background runner's work, done here and now
    expect(row).to_have_attribute("data-status", "done", timeout=10_000)
    assert row.locator("progress").evaluate("bar => bar.value") == 1
    shoot(page, "editions-done-1280")
    with page.expect_download() as download_info:
        row.get_by_role("link", name="Download").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf = Path(download.path())
    title_page = " ".join(pdftotext(pdf, "-f", "1", "-l", "1").split())
    assert "Working together" in title_page and "Notes from the harbour" in title_page
    assert "An edition for board members" in title_page
    assert "Grace Mensah" in title_page
    everything = pdftotext(pdf)
    assert "Boards listen to communities." in everything


def test_the_editions_page_reads_well_on_a_phone(
        open_page: OpenPage, session: Session) -> None:
    slug = small_book(session)
    page = open_page(390, 844)
    sign_in_and_open_editions(page, slug)
    page.get_by_label("Format").select_option("blog")
    expect(page.get_by_label("Days between posts")).to_be_visible()
    expect(page.get_by_label("Paper size")).to_be_hidden()
    # Nothing is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "editions-form-390")
