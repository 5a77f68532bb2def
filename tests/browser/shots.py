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
