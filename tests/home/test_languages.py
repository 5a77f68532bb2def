"""Choosing the interface language: Accept-Language first, then a choice a browser keeps;
the page says which language and direction it is in, and a book's own text keeps its own."""

from __future__ import annotations

import re

from babel.support import Translations
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from cbook.books import service as books
from cbook.languages import COOKIE
from cbook.resources import PACKAGE_DIR
from cbook.roles import Role
from tests.support import csrf_token, make_user, sign_in


def _html_tag(page: str) -> str:
    found = re.search(r"<html [^>]*>", page)
    assert found
    return found.group(0)


def test_accept_language_is_the_first_guess(client: FlaskClient) -> None:
    assert _html_tag(client.get("/books").get_data(as_text=True)) == '<html lang="en" dir="ltr">'
    urdu = client.get("/books", headers={"Accept-Language": "ur-PK,ur;q=0.9,en;q=0.5"})
    assert _html_tag(urdu.get_data(as_text=True)) == '<html lang="ur" dir="rtl">'
    polish = client.get("/books", headers={"Accept-Language": "pl"})
    assert _html_tag(polish.get_data(as_text=True)) == '<html lang="pl" dir="ltr">'
    unshipped = client.get("/books", headers={"Accept-Language": "de-DE,fr;q=0.8"})
    assert _html_tag(unshipped.get_data(as_text=True)) == '<html lang="en" dir="ltr">'
    assert "Accept-Language" in urdu.headers["Vary"]


def test_the_same_page_is_cached_apart_for_each_language(client: FlaskClient) -> None:
    for _ in range(2):  # the second round is answered from the page cache
        assert 'lang="ar" dir="rtl"' in client.get(
            "/books", headers={"Accept-Language": "ar"}).get_data(as_text=True)
        assert 'lang="en" dir="ltr"' in client.get(
            "/books", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_a_chosen_language_is_kept_and_beats_accept_language(client: FlaskClient) -> None:
    answer = client.get("/language/ar", headers={"Referer": "http://localhost/principles"})
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith("/principles")
    assert f"{COOKIE}=ar" in answer.headers["Set-Cookie"]
    page = client.get("/principles", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    assert _html_tag(page) == '<html lang="ar" dir="rtl">'
    client.get("/language/en")
    assert _html_tag(client.get("/principles").get_data(as_text=True)).startswith('<html lang="en"')


def test_the_switcher_goes_back_only_to_this_site(client: FlaskClient) -> None:
    for referrer in ("https://evil.example/phish", "//evil.example/x", "/language/ur"):
        answer = client.get("/language/pl", headers={"Referer": referrer})
        assert answer.headers["Location"] in {"/", "http://localhost/"}, referrer
    answer = client.get("/language/pl?next=/books%3Fq%3D1")
    assert answer.headers["Location"].endswith("/books?q=1")


def test_an_unknown_language_is_a_plain_404(client: FlaskClient) -> None:
    for code in ("xx", "AR", "en-GB", "ur%0d%0aSet-Cookie:x=1"):
        answer = client.get(f"/language/{code}")
        assert answer.status_code == 404, code
        assert "Set-Cookie" not in answer.headers or COOKIE not in answer.headers["Set-Cookie"]


def test_every_page_offers_each_language_named_in_itself(client: FlaskClient) -> None:
    page = client.get("/books", headers={"Accept-Language": "ur"}).get_data(as_text=True)
    menu = page.split('data-testid="language-menu"', 1)[1].split("</details>", 1)[0]
    for code, name, direction in (("en", "English", "ltr"), ("ur", "اردو", "rtl"),
                                  ("pl", "Polski", "ltr"), ("ar", "العربية", "rtl")):
        assert f'href="/language/{code}" hreflang="{code}"' in menu
        assert f'<span lang="{code}" dir="{direction}">{name}</span></a>' in menu
    assert 'aria-current="true"><span lang="ur" dir="rtl">اردو' in menu
    listing = client.get("/language").get_data(as_text=True)
    assert listing.count('data-testid="language-list"') == 1 and "Polski" in listing


def test_a_book_keeps_its_own_language_inside_another_interface(
        app: Flask, client: FlaskClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    book = books.create_book(session, admin, title="كتاب الثقافة", language="ar")
    english = books.create_book(session, admin, title="The English book")
    session.commit()
    page = client.get(f"/books/{book.slug}").get_data(as_text=True)
    assert _html_tag(page) == '<html lang="en" dir="ltr">'  # the interface is English
    assert '<h1 lang="ar" dir="rtl">كتاب الثقافة</h1>' in page
    in_arabic = client.get(f"/books/{book.slug}", headers={"Accept-Language": "ar"})
    # Arabic text in an Arabic interface needs no attribute of its own.
    assert "<h1>كتاب الثقافة</h1>" in in_arabic.get_data(as_text=True)
    in_urdu = client.get(f"/books/{english.slug}", headers={"Accept-Language": "ur"})
    assert '<h1 lang="en" dir="ltr">The English book</h1>' in in_urdu.get_data(as_text=True)


def test_a_signed_in_persons_choice_follows_them_to_another_browser(
        app: Flask, session: Session) -> None:
    make_user(session, Role.READER, "reader@test.example")
    session.commit()
    laptop = app.test_client()
    sign_in(laptop, "reader@test.example")
    laptop.get("/language/ur", headers={"Referer": "http://localhost/books"})
    phone = app.test_client()  # no cookie here: the account remembers
    sign_in(phone, "reader@test.example")
    assert _html_tag(phone.get("/books").get_data(as_text=True)) == '<html lang="ur" dir="rtl">'
    # A link followed from another site never changes the account.
    phone.get("/language/pl", headers={"Sec-Fetch-Site": "cross-site"})
    third = app.test_client()
    sign_in(third, "reader@test.example")
    assert _html_tag(third.get("/books").get_data(as_text=True)).startswith('<html lang="ur"')


def test_form_errors_are_in_the_interface_language(client: FlaskClient) -> None:
    for code in ("ur", "ar", "pl"):
        catalog = Translations.load(str(PACKAGE_DIR / "translations"), [code])
        required = catalog.gettext("This field is required.")
        assert required != "This field is required."
        page = client.post("/login", data={"email": "", "password": "",
                                           "csrf_token": csrf_token(client)},
                           headers={"Accept-Language": code}).get_data(as_text=True)
        assert required in page, code
        assert "This field is required." not in page
