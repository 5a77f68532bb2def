"""A translation's journey in the browser: a coordinator starts an Urdu translation from
the book's page and names a translator; the translator writes a section beside its
original; an editor publishes it; the original changes and the translator sees what
changed and brings it over; a reader switches languages and meets a section not yet
translated, shown in English with a notice."""

from __future__ import annotations

import copy
import os
import re
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.accounts.models import User
from cbook.books import service as books
from cbook.books.models import Book, Section
from cbook.editor import authority
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
TRANSLATOR = "farah@test.example"
EDITOR = "editor@test.example"
URDU = "اصل مسئلے سے شروع کریں"


def _book(session: Session) -> tuple[str, int, int]:
    make_user(session, Role.COORDINATOR, COORDINATOR, name="Cora Coordinator")
    make_user(session, Role.READER, TRANSLATOR, name="Farah Iqbal")
    editor = make_user(session, Role.EDITOR, EDITOR, name="Eddie Editor")
    admin = make_user(session, Role.ADMIN, name="Ada Admin")
    book = books.create_book(session, admin, title="Working together")
    chapter = books.create_chapter(session, editor, book, title="Listening")
    ids = []
    for title, words in (("Start small", "Start with the real problem."),
                         ("Streets", "Trust grows slowly.")):
        section = books.create_section(session, editor, chapter, title=title, doc={
            "type": "doc", "content": [{"type": "paragraph", "attrs": {"id": f"p-{title[:2]}"},
                                        "content": [{"type": "text", "text": words}]}]})
        books.publish_section(session, editor, section)
        ids.append(section.id)
    session.commit()
    return book.slug, ids[0], ids[1]


def _sign_in(page: Page, email: str, then: str) -> None:
    page.goto(f"/login?next={then}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page).to_have_url(re.compile(rf"{re.escape(then)}$"))


def _translated(session: Session, source_id: int) -> Section:
    session.expire_all()
    return session.scalars(select(Section).where(Section.source_section_id == source_id)).one()


def test_an_urdu_translation_from_start_to_a_reader(open_page: OpenPage,
                                                    session: Session) -> None:
    slug, first_id, second_id = _book(session)

    # A coordinator starts it from the book's page and names the translator.
    page = open_page(1280, 900)
    _sign_in(page, COORDINATOR, f"/books/{slug}")
    page.get_by_test_id("translations-link").click()
    page.get_by_label("Language (a tag such as ur, pl or ar-EG)").fill("ur")
    page.get_by_role("button", name="Start the translation").click()
    expect(page.locator(".flash")).to_contain_text("Translation into Urdu started")
    expect(page.get_by_role("heading", level=1)).to_have_text("Urdu translation: progress")
    expect(page.get_by_test_id("totals")).to_have_text("0 translated, 0 behind, 2 missing")
    page.get_by_label("A person, by email").fill(TRANSLATOR)
    page.get_by_role("button", name="Add translators").click()
    expect(page.locator(".flash")).to_contain_text("Farah Iqbal can now translate this book.")
    keep_screenshot(page, "translation-progress-1280")
    page.context.close()

    # The translator writes the first section beside its original.
    page = open_page(1280, 900)
    translation = session.scalars(select(Book).where(Book.language == "ur")).one()
    _sign_in(page, TRANSLATOR, f"/books/{translation.slug}/progress")
    page.get_by_role("link", name="Translate").first.click()
    expect(page.locator("#editor-root")).to_have_attribute("data-ready", "true")
    source = page.get_by_test_id("source-pane")
    expect(source).to_contain_text("Start with the real problem.")
    prose = page.locator(".ProseMirror")
    expect(prose).to_have_attribute("lang", "ur")
    prose.locator("p").first.click(click_count=3)
    # The words selected, as the editor's state has it, before typing over them.
    page.wait_for_function("() => !window.cultureBookEditor.view.state.selection.empty")
    page.keyboard.type(URDU)
    page.wait_for_function("() => window.cultureBookEditor.status() === 'saved'"
                           " && window.cultureBookEditor.pending() === 0")
    # The block under the cursor is its original's, marked beside it.
    expect(source.locator(".source-block--active")).to_contain_text("Start with the real")
    keep_screenshot(page, "translation-side-by-side-1280")
    page.context.close()
    translated = _translated(session, first_id)
    doc = authority.document_json(session, translated.document)
    assert doc["content"][0]["attrs"]["id"] == "p-St"  # the block kept its original's id
    assert doc["content"][0]["content"][0]["text"] == URDU

    # An editor publishes it from its settings.
    page = open_page(1280, 900)
    _sign_in(page, EDITOR, f"/sections/{translated.id}/settings")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Published")
    page.context.close()

    # The original changes and is published again: the translation is behind.
    original = session.get(Section, first_id)
    assert original is not None
    changed = copy.deepcopy(original.published_doc)
    changed["content"][0]["content"][0]["text"] = "Start with the real, shared problem."
    editor = session.scalars(select(User).where(User.email == EDITOR)).one()
    authority.replace_whole_document(session, original.document, changed, editor)
    books.publish_section(session, editor, original)
    session.commit()

    page = open_page(1280, 900)
    _sign_in(page, TRANSLATOR, f"/books/{translation.slug}/progress")
    expect(page.locator("[data-state=behind]")).to_contain_text("Behind")
    page.get_by_role("link", name="Bring up to date").click()
    changes = page.get_by_test_id("source-changes")
    expect(changes.locator("ins")).to_have_text(", shared")
    keep_screenshot(page, "translation-behind-1280")
    changes.get_by_role("button", name="Brought up to date").first.click()
    expect(page.locator(".flash")).to_contain_text("Up to date with the original")
    expect(page.get_by_test_id("source-changes")).to_have_count(0)
    page.context.close()

    # A reader moves between the languages and meets a section not translated yet.
    for width in (1280, 390):
        page = open_page(width, 900)
        page.goto(f"/sections/{first_id}")
        languages = page.get_by_test_id("section-languages")
        languages.get_by_role("link", name="اردو").click()
        expect(page).to_have_url(re.compile(rf"/sections/{translated.id}$"))
        expect(page.locator(".prose")).to_have_attribute("lang", "ur")
        expect(page.locator(".prose")).to_contain_text(URDU)
        expect(page.get_by_test_id("translation-notice")).to_have_count(0)
        keep_screenshot(page, f"translation-reader-{width}")
        page.get_by_role("link", name="Working together").first.click()  # its contents
        page.get_by_role("link", name="Streets").click()
        expect(page.get_by_test_id("translation-notice")).to_contain_text(
            "not translated into Urdu yet")
        expect(page.locator(".prose")).to_contain_text("Trust grows slowly.")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        keep_screenshot(page, f"translation-fallback-{width}")
        page.context.close()
    assert _translated(session, second_id).published_version is None

    # The translations and progress pages fit a phone.
    page = open_page(390, 844)
    for path in (f"/books/{slug}/translations", f"/books/{translation.slug}/progress"):
        page.goto(path)
        expect(page.get_by_test_id("progress-bar").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        assert page.evaluate("""() => [...document.querySelectorAll('main *')].every(e => {
            const box = e.getBoundingClientRect();
            return box.left >= -1 && box.right <= innerWidth + 1; })"""), f"{path} is cut off"
        keep_screenshot(page, f"translation-{path.rsplit('/', 1)[1]}-390")
    page.context.close()
