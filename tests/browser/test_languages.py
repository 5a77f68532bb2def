"""The interface in other languages, as a person meets it in chromium: switching to Urdu
turns the page right to left with Urdu navigation, forms and errors; Urdu mixed with
English round-trips through the editor; Arabic counts take their six plural forms; the
main pages read in Arabic and Urdu on a desktop and a phone (screenshots kept when
CBOOK_BROWSER_SCREENSHOTS is set)."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

import pytest
from babel.support import Translations
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.books.models import Book
from cbook.library import service as library
from cbook.resources import PACKAGE_DIR
from cbook.roles import Role
from tests.browser.shots import assert_no_sideways_scroll, shoot_both
from tests.browser.world import AUTHOR, Desk
from tests.support import PASSWORD, make_user

try:
    from playwright.sync_api import expect
except ImportError:  # under CI=true a missing playwright is an error, never a skip
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tests.browser.conftest import OpenPage

CATALOGS = {code: Translations.load(str(PACKAGE_DIR / "translations"), [code])
            for code in ("ur", "ar")}
URDU_WITH_ENGLISH = "ہم نے Culture Book میں اپنے اصول لکھے"


def ur(text: str) -> str:
    return CATALOGS["ur"].gettext(text)


def expect_page_in(page: Page, code: str, direction: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    assert page.evaluate("getComputedStyle(document.body).direction") == direction


def test_a_visitor_switches_to_urdu_and_the_page_turns_right_to_left(page: Page,
                                                                     session: Session) -> None:
    make_user(session, Role.READER, "reader@test.example", name="Rukhsana")
    page.goto("/")
    expect_page_in(page, "en", "ltr")
    page.get_by_test_id("language-menu").locator("summary").click()
    page.get_by_role("link", name="اردو").click()
    expect_page_in(page, "ur", "rtl")

    expect(page.get_by_role("link", name=ur("Library"), exact=True).first).to_be_attached()
    expect(page.get_by_role("link", name="Library", exact=True)).to_have_count(0)
    # The header's language menu sits at the start of the line in Urdu: on the left.
    menu_box = page.get_by_test_id("language-menu").bounding_box()
    brand_box = page.locator(".brand").bounding_box()
    assert menu_box and brand_box and menu_box["x"] < brand_box["x"], (menu_box, brand_box)

    page.goto("/login")
    expect(page.get_by_role("heading", level=1)).to_have_text(ur("Sign in"))
    page.get_by_label(ur("Email")).fill("reader@test.example")
    page.get_by_label(ur("Password")).fill("not the password at all")
    page.get_by_role("button", name=ur("Sign in")).click()
    expect(page.get_by_role("alert").or_(page.locator(".flash--error")).first).to_contain_text(
        ur("That email and password do not match an active account."))

    page.goto("/password/forgot")
    page.get_by_label(ur("Email")).fill("not an address")
    page.get_by_role("button").filter(has_text=re.compile(".")).last.click()
    expect(page.get_by_text(ur("Invalid email address."))).to_be_visible()
    expect(page.get_by_text("Invalid email address.", exact=True)).to_have_count(0)


# The caret at the end of the text as the editor's state has it (a caret the browser moves
# is read a moment later, on selectionchange; a key before then acts where it was).
AT_THE_END = ("() => { const s = window.cultureBookEditor.view.state;"
              " return s.selection.from === s.doc.content.size - 1; }")

def test_urdu_with_an_english_word_round_trips_through_the_editor(
    open_page: OpenPage, desk: Desk
) -> None:
    page = open_page()
    page.goto(f"/login?next={desk.edit_path}")
    page.get_by_label("Email").fill(AUTHOR[0])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page).to_have_url(re.compile(rf"{re.escape(desk.edit_path)}$"))
    page.goto(f"/language/ur?next={desk.edit_path}")
    expect_page_in(page, "ur", "rtl")
    expect(page.locator("#editor-root")).to_have_attribute("data-ready", "true")
    # The book is in English: its text keeps lang="en" dir="ltr" inside the Urdu page.
    expect(page.locator(".ProseMirror")).to_have_attribute("lang", "en")

    # To the end of the text by keyboard.
    page.locator(".ProseMirror").focus()
    page.keyboard.press("Control+End")
    # ProseMirror reads a caret moved by the browser when the selection changes, a moment
    # later: Enter before then would split the text where the caret was.
    page.wait_for_function(AT_THE_END)
    page.keyboard.press("Enter")
    page.keyboard.type(URDU_WITH_ENGLISH)
    page.wait_for_function(
        "() => window.cultureBookEditor.status() === 'saved'"
        " && window.cultureBookEditor.pending() === 0")
    page.reload()
    expect(page.locator("#editor-root")).to_have_attribute("data-ready", "true")
    paragraphs = page.locator(".ProseMirror p").all_inner_texts()
    assert URDU_WITH_ENGLISH in paragraphs, paragraphs
    served = page.request.get(desk.api_path).json()
    assert URDU_WITH_ENGLISH in str(served)
    # The editor's own words are Urdu: its status line says "saved" in Urdu.
    expect(page.locator("#cb-status")).not_to_have_text(re.compile(r"^Saved\b"))


def test_arabic_counts_take_the_form_each_number_needs(page: Page, session: Session) -> None:
    author = make_user(session, Role.AUTHOR, "author@test.example")
    page.goto("/language/ar?next=/library")
    expect_page_in(page, "ar", "rtl")
    arabic = CATALOGS["ar"]
    shown: dict[int, str] = {}
    have = 0
    for count in (0, 1, 2, 3, 11, 100):
        while have < count:
            library.add_resource(session, author, title=f"مورد {have + 1}", kind="reading")
            have += 1
        session.commit()
        page.goto("/library")
        total = page.get_by_test_id("library-total")
        wanted = arabic.ngettext("%(num)s resource", "%(num)s resources", count) % {
            "num": count}
        expect(total).to_have_text(wanted)
        shown[count] = wanted
    # Six numbers, six different forms (zero, one, two, few, many, other).
    assert len(set(shown.values())) == 6, shown


def _walk(page: Page, desk: Desk, book_slug: str, code: str, width: int) -> None:
    page.goto(f"/language/{code}?next=/")
    expect_page_in(page, code, "rtl")
    shoot_both(page, f"{code}-home-{width}")
    assert_no_sideways_scroll(page)
    page.goto(f"/sections/{desk.section_id}")
    # The book is English: its words keep their language inside the right-to-left page.
    expect(page.locator("main [lang='en']").first).to_be_attached()
    shoot_both(page, f"{code}-section-{width}")
    assert_no_sideways_scroll(page)
    page.goto(desk.edit_path)
    expect(page.locator("#editor-root")).to_have_attribute("data-ready", "true")
    shoot_both(page, f"{code}-editor-{width}")
    page.goto(f"/books/{book_slug}/exports")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        CATALOGS[code].gettext("Editions"))
    shoot_both(page, f"{code}-editions-{width}")
    assert_no_sideways_scroll(page)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_main_pages_read_right_to_left_in_arabic_and_urdu(
    open_page: OpenPage, desk: Desk, session: Session, width: int
) -> None:
    make_user(session, Role.COORDINATOR, "coordinator@test.example")
    book = session.scalars(select(Book)).one()
    page = open_page(width=width, height=900)
    page.goto("/login")
    page.get_by_label("Email").fill("coordinator@test.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.locator("a[data-testid=my-home-link]")).to_be_attached()
    for code in ("ar", "ur"):
        _walk(page, desk, book.slug, code, width)


def test_an_urdu_book_is_edited_right_to_left_with_lists_and_a_table(
    open_page: OpenPage, desk: Desk, session: Session
) -> None:
    book = session.scalars(select(Book)).one()
    book.language = "ur"
    session.commit()
    page = open_page()
    page.goto(f"/login?next={desk.edit_path}")
    page.get_by_label("Email").fill(AUTHOR[0])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page).to_have_url(re.compile(rf"{re.escape(desk.edit_path)}$"))
    page.goto(f"/language/ur?next={desk.edit_path}")
    expect(page.locator("#editor-root")).to_have_attribute("data-ready", "true")
    prose = page.locator(".ProseMirror")
    expect(prose).to_have_attribute("dir", "rtl")
    expect(prose).to_have_attribute("lang", "ur")
    undo = page.locator(".cb-tool--mirror-ui span").first
    assert "matrix(-1" in undo.evaluate("e => getComputedStyle(e).transform")

    page.locator(".ProseMirror").focus()
    page.keyboard.press("Control+End")
    page.wait_for_function(AT_THE_END)  # ProseMirror has read the caret's move
    page.keyboard.press("Enter")
    page.keyboard.type("* پہلا نکتہ")
    page.keyboard.press("Enter")
    page.keyboard.type("دوسرا نکتہ with English")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # leaves the list
    page.locator("button[aria-haspopup=menu]").filter(has_text=ur("Table")).click()
    page.get_by_role("menuitem", name=ur("Insert table (3 × 3)")).click()  # noqa: RUF001
    page.keyboard.type("خانہ")
    page.wait_for_function(
        "() => window.cultureBookEditor.status() === 'saved'"
        " && window.cultureBookEditor.pending() === 0")

    doc = page.evaluate("window.cultureBookEditor.view.state.doc.toJSON()")
    kinds = [node["type"] for node in doc["content"]]
    assert "bullet_list" in kinds and "table" in kinds, kinds
    items = next(n for n in doc["content"] if n["type"] == "bullet_list")["content"]
    texts = ["".join(t.get("text", "") for p in i["content"] for t in p.get("content", []))
             for i in items]
    assert texts == ["پہلا نکتہ", "دوسرا نکتہ with English"], texts
    # Selecting by keyboard in right-to-left text takes the whole item, in logical order.
    page.locator(".ProseMirror li").nth(1).click()
    page.keyboard.press("End")
    page.keyboard.press("Shift+Home")
    selected = page.evaluate("window.getSelection().toString()")
    assert selected == "دوسرا نکتہ with English", selected
    # Indent and outdent point the way Urdu text moves (a probe with their class).
    mirrored = page.evaluate(
        "() => { const b = document.createElement('button'); b.className = 'cb-tool--mirror-text';"
        " const s = b.appendChild(document.createElement('span'));"
        " document.querySelector('.cb-editor').append(b);"
        " const t = getComputedStyle(s).transform; b.remove(); return t; }")
    assert "matrix(-1" in mirrored
    # The table sits right to left: its first cell is at the right.
    cells = page.locator(".ProseMirror table tr").first.locator("td, th")
    first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert first and second and first["x"] > second["x"]
    page.reload()
    expect(page.locator("#editor-root")).to_have_attribute("data-ready", "true")
    expect(page.locator(".ProseMirror li").nth(1)).to_have_text("دوسرا نکتہ with English")
    expect(page.locator(".ProseMirror td, .ProseMirror th").first).to_have_text("خانہ")
