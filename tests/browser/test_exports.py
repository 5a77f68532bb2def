"""A coordinator makes an edition in a real browser and watches it finish, live."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from cbook.demo.loader import load_demo
from cbook.export.runner import get_runner
from tests.support import PASSWORD

try:
    from playwright.sync_api import expect
except ImportError:  # under CI=true a missing playwright is an error, never a skip
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

if TYPE_CHECKING:
    from playwright.sync_api import Page

SLUG = "pushing-what-moves"


def test_an_edition_is_queued_and_its_progress_bar_fills_without_reloading(
        page: Page, app: Flask, session: Session) -> None:
    load_demo(session, PASSWORD)
    session.commit()
    path = f"/books/{SLUG}/exports"
    page.goto(f"/login?next={path}")
    page.get_by_label("Email").fill("coordinator@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page).to_have_url(re.compile(rf"{re.escape(path)}$"))

    page.get_by_label("Format").select_option("pdf")
    page.get_by_label("Paper size").select_option("a5")
    page.get_by_role("button", name="Make this edition").click()
    row = page.locator(".export-job").first
    expect(row).to_have_attribute("data-status", "queued")
    # Not started yet (the page's own polling may already have re-set the bar to 0).
    assert row.locator("progress").evaluate("bar => bar.value") == 0

    get_runner(app).run_pending()  # the background runner's work, done here and now

    # The page polls the API: the bar fills and a download link appears, no reload.
    expect(row).to_have_attribute("data-status", "done", timeout=10_000)
    assert row.locator("progress").evaluate("bar => bar.value") == 1
    link = row.get_by_role("link", name="Download")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == f"{SLUG}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
