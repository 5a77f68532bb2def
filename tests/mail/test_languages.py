"""Mail speaks its recipient's language: subject, body, dates, roles, direction."""

from __future__ import annotations

from datetime import date

import pytest
from babel.support import Translations
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cbook.mail.compose import compose
from cbook.mail.models import MailMessage
from cbook.resources import PACKAGE_DIR
from cbook.roles import Role
from tests.support import csrf_token, make_user

RESET_SUBJECT = "Choose a new Culture Book password"


def catalog(language: str) -> Translations:
    return Translations.load(str(PACKAGE_DIR / "translations"), [language])


@pytest.mark.parametrize(("language", "direction"), [("ur", "rtl"), ("ar", "rtl"), ("pl", "ltr")])
def test_a_message_is_written_in_the_language_asked(language: str, direction: str) -> None:
    message = compose("password_reset", to="ana@test.example", to_name="Ana",
                      language=language, context={"link": "https://book.example/r/x",
                                                  "minutes": 60, "by_admin": False})
    wanted = catalog(language).gettext(RESET_SUBJECT)
    assert wanted != RESET_SUBJECT
    assert message.subject == wanted
    assert f'<html lang="{language}" dir="{direction}">' in message.html
    assert "The link works once" not in message.text
    assert "60" in message.text and "https://book.example/r/x" in message.text


@pytest.mark.parametrize("language", [None, "", "xx", "en-GB"])
def test_no_language_or_one_we_do_not_ship_is_english(language: str | None) -> None:
    message = compose("password_reset", to="ana@test.example", language=language,
                      context={"link": "https://book.example/r/x", "minutes": 60,
                               "by_admin": False})
    assert message.subject == RESET_SUBJECT
    assert '<html lang="en" dir="ltr">' in message.html


def test_an_invitation_names_its_role_and_date_in_the_recipients_words() -> None:
    context = {"inviter": "Ola", "role": "author", "trio": "", "link": "https://b.example/i/t",
               "expires_on": date(2026, 12, 11), "has_account": False, "days": 7}
    polish = compose("invitation", to="jan@test.example", language="pl", context=context)
    assert "11 grudnia 2026" in polish.text
    assert catalog("pl").gettext("author") in polish.text
    english = compose("invitation", to="jan@test.example", context=context)
    assert "December 11, 2026" in english.text and "as author" in english.text


def test_a_reset_goes_out_in_the_accounts_language_or_the_page_it_was_asked_from(
    client: FlaskClient, session: Session
) -> None:
    chose_urdu = make_user(session, Role.READER, "urdu@test.example")
    chose_urdu.language = "ur"
    make_user(session, Role.READER, "unset@test.example")
    session.commit()
    for address in ("urdu@test.example", "unset@test.example"):
        client.post("/password/forgot", data={"email": address,
                                              "csrf_token": csrf_token(client)},
                    headers={"Accept-Language": "pl"})
    subjects = dict(session.execute(select(MailMessage.to_address, MailMessage.subject)).all())
    assert subjects["urdu@test.example"] == catalog("ur").gettext(RESET_SUBJECT)
    assert subjects["unset@test.example"] == catalog("pl").gettext(RESET_SUBJECT)
