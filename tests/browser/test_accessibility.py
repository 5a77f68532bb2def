"""Accessibility, measured: axe-core over every page a person can reach.

For each way of arriving (signed out, and signed in as a reader, author, editor,
coordinator and admin of the demo book) and each of English and Arabic (right to left),
a crawler starts at the home page and follows every link on every page it opens, as a
person clicking through would, plus the pages people reach from an email or a form
(an invitation, a password reset, an unsubscribe link, a search, a form sent back with
an error, a page that does not exist). One page per route is checked (the second
section page is built by the same template as the first) and each is checked after its
scripts have run. axe-core (npm ``axe-core``, pinned in frontend/package.json) tests
WCAG 2.0, 2.1 and 2.2 at levels A and AA; any *serious* or *critical* violation fails,
named with its rule, the page and the element.

Markup does not depend on the database, so this runs once, on SQLite.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from cbook.accounts import resets
from cbook.accounts.models import User
from cbook.invitations import service as invitations
from cbook.notifications.links import unsubscribe_token
from cbook.notifications.models import Category
from tests.browser.conftest import TIMEOUT_MS
from tests.support import PASSWORD, SERVER_URL

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = {"serious", "critical"}
ROLES = ("anonymous", "reader", "author", "editor", "coordinator", "admin")
LOCALES = ("en", "ar")

# Routes that are not pages (files, feeds, downloads) or that a crawler must not follow:
# signing out or switching language would end the walk it is on.
NOT_PAGES = {
    "static", "exports.cover_image", "exports.download", "imports.image",
    "library.download_file", "library.export_csv",
    "accounts.logout", "language.switch",
    # Opening an inbox entry marks it read and redirects to the place it is about.
    "review.open_entry",
}
MAX_PAGES = 80  # a walk that finds more than this has found a link trap, not pages

pytestmark = pytest.mark.skipif(
    bool(SERVER_URL), reason="markup does not depend on the database: checked on SQLite")


@dataclass
class Walk:
    """What one crawl saw: the pages checked and the violations found on them."""

    checked: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)


def _require_axe() -> None:
    if AXE.is_file():
        return
    reason = f"axe-core is not installed ({AXE} missing: run npm ci in frontend/)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the accessibility check must run)", pytrace=False)
    pytest.skip(reason)


def _endpoint(app: Flask, path: str) -> str | None:
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _args = adapter.match(path, method="GET")
    except RequestRedirect as moved:
        return _endpoint(app, urlsplit(moved.new_url).path)
    except HTTPException:
        return None
    return str(endpoint)


def _settle(page: Page) -> None:
    """Wait for what a page's scripts build (the editor) before judging it."""
    if page.locator("#editor-root").count():
        page.locator(".ProseMirror").first.wait_for(state="visible")


def _axe_violations(page: Page) -> list[dict[str, Any]]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                        resultTypes: ['violations']})""", WCAG_TAGS)
    return [v for v in result["violations"] if v.get("impact") in FAILING_IMPACTS]


def _describe(url: str, violation: dict[str, Any]) -> str:
    nodes = violation["nodes"]
    where = "; ".join(" ".join(node["target"]) if isinstance(node["target"], list)
                      else str(node["target"]) for node in nodes[:3])
    more = f" (+{len(nodes) - 3} more)" if len(nodes) > 3 else ""
    return (f"{violation['impact']} {violation['id']} on {url}: {violation['help']} "
            f"at {where}{more}")


def _links(page: Page, origin: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all(
        "a[href]", "els => els.map(e => new URL(e.getAttribute('href'), document.baseURI).href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def judge(page: Page, name: str, walk: Walk) -> None:
    """Run axe on the page as it stands, recording it under ``name``."""
    walk.checked.append(name)
    walk.violations += [_describe(name, v) for v in _axe_violations(page)]


def check_page(page: Page, url: str, walk: Walk) -> bool:
    """Open ``url`` and run axe on it; False if it is not an HTML page."""
    probe = page.context.request.get(url, max_redirects=5)
    if "text/html" not in probe.headers.get("content-type", ""):
        return False
    page.goto(url)
    _settle(page)
    judge(page, url, walk)
    return True


def crawl(page: Page, app: Flask, origin: str, seeds: list[str], walk: Walk) -> None:
    """Breadth first from ``seeds``: every route reachable by links, one page each."""
    queue = deque(seeds)
    seen_routes: set[str] = set()
    while queue and len(walk.checked) < MAX_PAGES:
        url = queue.popleft()
        route = _endpoint(app, urlsplit(url).path) or f"unrouted {urlsplit(url).path}"
        if route in NOT_PAGES or route in seen_routes:
            continue
        seen_routes.add(route)
        if check_page(page, url, walk):
            queue.extend(_links(page, origin))
    assert len(walk.checked) < MAX_PAGES, f"the walk kept finding pages: {walk.checked[-10:]}"


@dataclass(frozen=True)
class Mailed:
    """Links a signed-out person follows from an email."""

    invitation: str
    reset: str
    unsubscribe: str


@pytest.fixture
def mailed(demo_session: Session, app: Flask) -> Mailed:
    session = demo_session
    admin = session.scalars(select(User).where(User.email == "admin@example.org")).one()
    reader = session.scalars(select(User).where(User.email == "reader@example.org")).one()
    sent = invitations.invite(session, admin, "new.voice@example.org", "author", None,
                              lambda token: f"/invitations/{token}")
    reset_links: list[str] = []

    def reset_link(token: str) -> str:
        reset_links.append(f"/password/reset/{token}")
        return reset_links[-1]

    resets.request_reset(session, reader.email, reset_link)
    session.commit()
    secret = app.config["SECRET_KEY"]
    return Mailed(sent.link, reset_links[0],
                 f"/unsubscribe/{unsubscribe_token(secret, reader.id, Category.MENTION)}")


@pytest.fixture
def axe_page(browser: Browser, live_server: str) -> Iterator[Page]:
    """A desktop page whose context lets axe's script in past the app's CSP (script-src
    'self' forbids the inline tag Playwright adds; the pages' own scripts are unchanged)."""
    _require_axe()
    context = browser.new_context(base_url=live_server, bypass_csp=True,
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def _sign_in(page: Page, role: str) -> None:
    page.goto("/login")
    page.locator("input[name=email]").fill(f"{role}@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)


def _form_sent_back(page: Page, walk: Walk) -> None:
    """A form sent back with its errors (fields marked invalid, messages tied to them)."""
    page.goto("/password/forgot")
    page.locator("input[name=email]").fill("not an address")
    page.locator("form:has(input[name=email]) [type=submit]").click()
    page.locator("[aria-invalid=true]").first.wait_for()
    judge(page, "/password/forgot (sent back)", walk)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("role", ROLES)
def test_every_reachable_page_has_no_serious_accessibility_violation(
        axe_page: Page, live_server: str, app: Flask, mailed: Mailed,
        role: str, locale: str) -> None:
    page = axe_page
    if role != "anonymous":
        _sign_in(page, role)
    page.goto(f"/language/{locale}?next=/")
    assert page.locator("html").get_attribute("lang") == locale
    walk = Walk()
    seeds = ["/", "/search?q=trust", "/no-such-page"]
    if role == "anonymous":
        seeds += ["/login", mailed.invitation, mailed.reset, mailed.unsubscribe]
        _form_sent_back(page, walk)
    crawl(page, app, live_server, seeds, walk)

    assert len(walk.checked) >= (8 if role == "anonymous" else 12), walk.checked
    assert not walk.violations, (
        f"{len(walk.violations)} serious or critical violations on {len(walk.checked)} pages "
        f"({role}, {locale}):\n" + "\n".join(walk.violations))


FOCUS_RING = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (typeof el.className === 'string' && el.className
           ? '.' + el.className.split(' ')[0] : '');
    return {ring: ring || shadow, name, text: (el.innerText || el.value || '').trim().slice(0, 40)};
}"""
TAB_STOPS = 60


def _tab_through(page: Page, url: str) -> list[str]:
    """Tab through ``url`` as a keyboard user: every stop must show where focus is."""
    page.goto(url)
    _settle(page)
    unseen: list[str] = []
    stops: list[str] = []
    for _ in range(TAB_STOPS):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_RING)
        if stop is None:
            break
        stops.append(stop["name"])
        if not stop["ring"]:
            unseen.append(f"{url}: {stop['name']} “{stop['text']}”")
    assert len(stops) >= 5, f"only {len(stops)} tab stops on {url}: {stops}"
    return unseen


@pytest.mark.parametrize("locale", LOCALES)
def test_focus_is_visible_at_every_tab_stop(axe_page: Page, demo_session: Session,
                                            locale: str) -> None:
    page = axe_page
    _sign_in(page, "author")
    page.goto(f"/language/{locale}?next=/")
    section = page.locator("a[href^='/sections/']").first.get_attribute("href")
    assert section, "the home page links to a section"
    unseen = []
    for url in ("/", "/library", "/principles", section, f"{section}/edit", "/account"):
        unseen += _tab_through(page, url)
    assert not unseen, "focus not visible at:\n" + "\n".join(unseen)


def test_reduced_motion_is_honoured(browser: Browser, live_server: str,
                                    demo_session: Session) -> None:
    """Someone who asks their system for less motion gets no smooth scrolling, fades or
    transitions; everyone else keeps them."""
    def motion(preference: str) -> dict[str, str]:
        context = browser.new_context(base_url=live_server, reduced_motion=preference)  # type: ignore[arg-type]
        try:
            page = context.new_page()
            page.goto("/login")
            button = page.locator(".button").first
            return {"scroll": page.evaluate("getComputedStyle(document.documentElement)"
                                            ".scrollBehavior"),
                    "transition": button.evaluate("el => getComputedStyle(el)"
                                                  ".transitionDuration")}
        finally:
            context.close()

    assert motion("no-preference") == {"scroll": "smooth", "transition": "0.15s"}
    assert motion("reduce") == {"scroll": "auto", "transition": "0s"}
