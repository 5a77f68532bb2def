"""Which language this request's pages speak, and what templates need to say so.

The order is :func:`cbook.languages.choose`'s: the account's language (asked of the
``account_language`` the composition root hands in, since accounts are a feature), the
browser's cookie, ``Accept-Language``, English. Pages that differ by language say so to
caches with ``Vary``.
"""

from __future__ import annotations

from collections.abc import Callable

from babel.core import Locale
from flask import Flask, Response, current_app, request
from flask_babel import get_locale, ngettext
from markupsafe import Markup, escape

from cbook.languages import BY_CODE, COOKIE, DEFAULT, SHIPPED, Language, choose, direction_of

AccountLanguage = Callable[[], "str | None"]
_ACCOUNT = "cbook.account_language"


def select_locale() -> str:
    """flask-babel's locale selector."""
    account: AccountLanguage | None = current_app.extensions.get(_ACCOUNT)
    return choose(account() if account is not None else None, request.cookies.get(COOKIE),
                  request.accept_languages.best_match)


def interface_language() -> Language:
    """The language this page's interface is in."""
    return BY_CODE.get(str(get_locale()), BY_CODE[DEFAULT])


def lang_attributes(code: str | None) -> Markup:
    """`` lang=".." dir=".."`` for text in ``code`` shown on this page, or nothing when
    the text is in the page's own language (a book in English in an English interface)."""
    if not code or code.split("-")[0].lower() == str(get_locale()):
        return Markup("")
    return Markup(' lang="%s" dir="%s"') % (escape(code), direction_of(code))


# Counts to ask gettext with, one per CLDR plural category a language can have.
_SAMPLE_COUNTS = (0, 1, 2, 3, 5, 11, 21, 22, 25, 100, 101, 102)


def js_plural(singular: str, plural: str) -> dict[str, str]:
    """A counted message for the editor's ``tn()``: its text per plural category of this
    page's language (``one``, ``few``, ``many`` ... as ``Intl.PluralRules`` names them),
    each taken from gettext with a count that falls in that category."""
    rule = Locale.parse(str(get_locale())).plural_form
    forms: dict[str, str] = {}
    for count in _SAMPLE_COUNTS:
        category = rule(count)
        if category not in forms:
            # The text keeps its "{count}" for the browser to fill.
            forms[category] = ngettext(singular, plural, count)
    return forms


def _vary_on_language(response: Response) -> Response:
    # The same URL answers in another language for another Accept-Language or cookie.
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


def init_app(app: Flask, *, account_language: AccountLanguage | None = None) -> None:
    """Templates get ``interface_language()``, ``lang_attributes(code)``,
    ``text_direction(code)``, ``js_plural(singular, plural)`` and ``languages``."""
    if account_language is not None:
        app.extensions[_ACCOUNT] = account_language
    app.jinja_env.globals.update(interface_language=interface_language,
                                 lang_attributes=lang_attributes,
                                 text_direction=direction_of, js_plural=js_plural,
                                 languages=SHIPPED)
    app.after_request(_vary_on_language)
