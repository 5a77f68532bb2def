"""Screenshots kept for a person to look at: set ``CBOOK_BROWSER_SCREENSHOTS`` to a folder.

Journeys call :func:`keep_screenshot` at the moments worth seeing; with the variable
unset (as in CI) nothing is written and the tests run as usual.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

SCREENSHOT_DIR = os.environ.get("CBOOK_BROWSER_SCREENSHOTS", "")


def keep_screenshot(page: Page, name: str, *, full_page: bool = True) -> None:
    """Save the page as ``<folder>/<name>.png`` when a screenshot folder is set."""
    if not SCREENSHOT_DIR:
        return
    folder = Path(SCREENSHOT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    file_name = name if name.endswith(".png") else f"{name}.png"
    page.screenshot(path=str(folder / file_name), full_page=full_page)


def shoot_both(page: Page, name: str) -> None:
    """Keep the whole page and its first screen (what a person sees before scrolling)."""
    keep_screenshot(page, name)
    keep_screenshot(page, f"{name}-first-screen", full_page=False)


def assert_no_sideways_scroll(page: Page) -> None:
    """A phone reader never has to scroll a page sideways."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
