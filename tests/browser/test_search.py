"""Searching the demo book in a real browser, by keyboard: results, snippets, facets."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.orm import Session

from cbook.demo.loader import load_demo
from tests.support import PASSWORD

try:
    from playwright.sync_api import expect
except ImportError:  # under CI=true a missing playwright is an error, never a skip
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

if TYPE_CHECKING:
    from playwright.sync_api import Page


def test_a_reader_searches_narrows_by_a_facet_and_opens_the_passage(
        page: Page, live_server: str, session: Session) -> None:
    load_demo(session, PASSWORD)
    session.commit()
    page.goto(live_server + "/")
    page.get_by_role("link", name="Search").click()
    box = page.get_by_label("Search the book and the library")
    box.fill("barriers")
    box.press("Enter")

    total = page.get_by_test_id("search-total")
    expect(total).to_contain_text("result")
    first_count = int(total.inner_text().split()[0])
    assert first_count > 1
    expect(page.locator(".search-hit mark").first).to_be_visible()

    # Narrow to passages with the "type" facet; the count shrinks and the chip can undo it.
    facet = page.locator('[data-facet="type"] a', has_text="Passage")
    facet.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Filtered by:")).to_be_visible()
    narrowed = int(page.get_by_test_id("search-total").inner_text().split()[0])
    assert 0 < narrowed <= first_count
    assert page.locator(".search-hit").evaluate_all(
        "hits => hits.every(h => h.dataset.type === 'block')")

    # A passage hit opens the section at that paragraph.
    link = page.locator(".search-hit a").first
    target = link.get_attribute("href") or ""
    assert "#b-" in target
    link.click()
    expect(page.locator(f"[id='{target.split('#')[1]}']")).to_be_visible()
