"""The web edition opened straight from disk: its pages link up and its search works."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.orm import Session

from cbook.books.models import Book
from tests.browser.conftest import TIMEOUT_MS
from tests.export.helpers import export

try:
    from playwright.sync_api import expect
except ImportError:  # under CI=true a missing playwright is an error, never a skip
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def test_the_web_edition_searches_and_links_from_a_file_url(
        browser: Browser, session: Session, demo_book: Book,
        tmp_path: Path) -> None:
    with zipfile.ZipFile(export(session, demo_book, "web", tmp_path)) as archive:
        archive.extractall(tmp_path / "site")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    failed: list[str] = []
    try:
        page = context.new_page()
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.on("pageerror", lambda error: failed.append(str(error)))
        page.goto((tmp_path / "site" / "web" / "index.html").as_uri())
        expect(page.get_by_role("heading", level=1)).to_have_text(demo_book.title)
        page.get_by_role("searchbox", name="Search the book").fill("barriers trust")
        page.get_by_role("button", name="Search").first.click()
        expect(page).to_have_url(re.compile(r"search\.html\?q=barriers\+trust$"))
        results = page.locator("#search-results li")
        expect(results.first).to_be_visible()
        expect(page.locator("#search-status")).to_contain_text("result")
        title = results.first.locator("a").inner_text()
        results.first.locator("a").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        page.get_by_role("link", name="Contents").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(demo_book.title)
        assert failed == []
    finally:
        context.close()
