"""Browser fixtures: the real app on a loopback port, driven by Debian's chromium.

The server is the app from ``tests/conftest.py`` (same per-test database), served by
werkzeug's threaded WSGI server in a background thread. Chromium is launched once per
session (per xdist worker) through Playwright; each test gets a fresh browser context.

Without chromium the tests are skipped, except under CI=true where that is a failure:
CI must not pass by silently not running the browser tests.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest
from sqlalchemy.orm import Session

from tests.browser.world import Desk, harbour_section

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 5_000  # a page of this app loads in milliseconds; fail fast, not after 30 s


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``browser`` (run or deselect them with -m)."""
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run in CI)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless chromium per test session (per xdist worker)."""
    executable = shutil.which("chromium")
    if executable is None:
        _unavailable("chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True,
                                              args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


OpenPage = Callable[..., "Page"]


@pytest.fixture
def open_page(browser: Browser, live_server: str) -> Iterator[OpenPage]:
    """Open a page on the live server at a given viewport, in a fresh (cookie-less) context.

    Contexts close before the server stops (this fixture depends on ``live_server``), so
    no keep-alive connection is left open when the server thread shuts down.
    """
    contexts: list[BrowserContext] = []

    def open_(width: int = 1280, height: int = 900) -> Page:
        context = browser.new_context(base_url=live_server,
                                      viewport={"width": width, "height": height})
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    """A desktop-sized page on the live server."""
    return open_page()


@pytest.fixture
def desk(session: Session) -> Iterator[Desk]:
    """The small book of tests/browser/world.py (the live server ends its long-polls)."""
    _admin, section = harbour_section(session)
    desk = Desk(section.id)
    yield desk
    for page in desk.pages:
        page.context.close()
