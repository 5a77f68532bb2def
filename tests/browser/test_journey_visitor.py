"""A visitor's journey: read the book, search with a typo, follow "Did you mean", open a
resource and download its file, all by clicking from the home page.

The first visitor is on a desktop (1280 px); the second on a phone (390 px), going
through the compact header menu, the collapsed facets and the library's keyword box.
No step types a URL other than the site's front page. Screenshots of each step at both
widths go to ``CBOOK_BROWSER_SCREENSHOTS`` (e.g. /tmp/shots/discovery) for a person to
look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.orm import Session

from cbook.config import Settings
from cbook.demo.loader import load_demo
from cbook.library.files import FileStore
from tests.browser.shots import keep_screenshot
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



def _shot(page: Page, name: str) -> None:
    keep_screenshot(page, name)


def _download(page: Page, button_name: re.Pattern[str]) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.get_by_role("link", name=button_name).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_a_visitor_reads_searches_with_a_typo_and_downloads_a_resource(
        open_page: OpenPage, session: Session, settings: Settings) -> None:
    load_demo(session, PASSWORD, files=FileStore.for_instance(settings.instance))
    session.commit()

    # Desktop: read a section of the book, from the home page.
    page = open_page(1280)
    page.goto("/")
    # The English book: its translations are listed under the same title.
    page.get_by_role("main").locator('a[href="/books/pushing-what-moves"]',
                                     has_text="Pushing What Moves").click()
    page.get_by_role("link", name="Governance that holds power in place").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Governance that holds power in place")
    # A citation in the text leads to the library.
    expect(page.locator("a.resource-ref").first).to_be_visible()

    # Search with a typo: the closest spelling is searched and offered.
    page.get_by_role("navigation").get_by_role("link", name="Search").click()
    box = page.get_by_label("Search the book and the library")
    box.fill("governanse")
    box.press("Enter")
    offer = page.get_by_test_id("did-you-mean")
    expect(offer).to_have_text("governance")
    expect(page.get_by_test_id("search-suggestion")).to_contain_text(
        "Nothing matched “governanse” as typed")
    first = page.locator(".search-hit").first
    expect(first.locator("mark").first).to_have_text(re.compile("governance", re.I))
    # Facets sit beside the results and name things as people do.
    facets = page.locator(".search-facets")
    expect(facets.get_by_role("link", name="Board members")).to_be_visible()
    results_box = page.locator(".search-results").bounding_box()
    facets_box = facets.bounding_box()
    assert results_box and facets_box and facets_box["x"] > results_box["x"] + 400
    _shot(page, "journey-search-typo-1280.png")

    offer.click()
    expect(page.get_by_label("Search the book and the library")).to_have_value("governance")
    expect(page.get_by_test_id("did-you-mean")).to_have_count(0)
    total = int(page.get_by_test_id("search-total").inner_text().split()[0])
    assert total > 5

    # Open a resource from the results and download its file.
    page.locator('.search-hit[data-type="resource"] a',
                 has_text="Three system pressures").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Three system pressures")
    expect(page.get_by_role("region", name="Cited in").get_by_role("link")).not_to_have_count(0)
    _shot(page, "journey-resource-1280.png")
    name, data = _download(page, re.compile(r"Download \(PDF"))
    assert name == "three-system-pressures.pdf" and data.startswith(b"%PDF-")

    # Phone: the same typo through the compact menu; facets fold away above the results.
    phone = open_page(390, 844)
    phone.goto("/")
    phone.get_by_test_id("nav-menu").locator("summary").click()
    phone.get_by_role("navigation").get_by_role("link", name="Search").click()
    box = phone.get_by_label("Search the book and the library")
    box.fill("bareers")
    box.press("Enter")
    expect(phone.get_by_test_id("did-you-mean")).to_have_text("barriers")
    narrow = phone.locator(".search-facets")
    expect(narrow.get_by_role("link", name="Board members")).to_be_hidden()
    _shot(phone, "journey-search-typo-390.png")
    narrow.locator("summary").click()
    expect(narrow.get_by_role("link", name="Board members")).to_be_visible()
    _shot(phone, "journey-search-facets-open-390.png")

    # The library's keyword box finds the worksheet, which downloads as Word.
    phone.get_by_test_id("nav-menu").locator("summary").click()
    phone.get_by_role("navigation").get_by_role("link", name="Library").click()
    keywords = phone.get_by_label("Search the library")
    keywords.fill("worksheet")
    keywords.press("Enter")
    expect(phone.get_by_test_id("library-total")).to_have_text(
        "1 resource matches “worksheet”")
    _shot(phone, "journey-library-390.png")
    phone.get_by_role("link", name="Barrier-to-enabler canvas").click()
    name, data = _download(phone, re.compile(r"Download \(DOCX"))
    assert name == "barrier-to-enabler-canvas.docx" and data.startswith(b"PK")
    _shot(phone, "journey-resource-390.png")
