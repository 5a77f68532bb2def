"""The interface languages we ship, how each is named and written, and choosing one.

English is the source; Urdu and Arabic are written right to left. A person's language is,
in order: the one saved on their account, the one a browser chose (a cookie), the best of
``Accept-Language``, English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from cbook.errors import Unprocessable

COOKIE = "cbook_language"
COOKIE_MAX_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class Language:
    """One interface language."""

    code: str
    own_name: str  # as its readers write it: a switcher names each language in itself
    english_name: str
    rtl: bool = False

    @property
    def direction(self) -> str:
        """The ``dir`` attribute for text in this language."""
        return "rtl" if self.rtl else "ltr"


SHIPPED: tuple[Language, ...] = (
    Language("en", "English", "English"),
    Language("ur", "اردو", "Urdu", rtl=True),
    Language("pl", "Polski", "Polish"),
    Language("ar", "العربية", "Arabic", rtl=True),
)
BY_CODE = {language.code: language for language in SHIPPED}
CODES = tuple(BY_CODE)
DEFAULT = "en"
# Scripts written right to left, for books and texts in languages we do not ship.
_RTL_PRIMARY = frozenset({"ar", "ur", "fa", "he", "yi", "ps", "sd", "ckb", "dv", "ug"})


TAG_MAX = 20


def N_(text: str) -> str:  # gettext's conventional name, known to pybabel
    """Mark ``text`` for the catalogs where it is defined; pages translate it where shown
    (``_(label)``). For labels kept in tables below the web layer."""
    return text


def is_language_tag(value: object) -> bool:
    """Whether ``value`` looks like a BCP 47 tag (``en``, ``ur``, ``ar-EG``, ``sr-Latn``)."""
    return (isinstance(value, str) and 0 < len(value) <= TAG_MAX
            and all(part.isalnum() and part.isascii() for part in value.split("-")))


def clean_language(value: object) -> str:
    """A content language tag as given, or ``Unprocessable`` saying what one looks like."""
    if not is_language_tag(value):
        raise Unprocessable("language must be a language tag such as 'en', 'ur' or 'ar-EG'")
    return str(value)


def direction_of(code: str | None) -> str:
    """``rtl`` or ``ltr`` for any language tag (``ar``, ``ur-PK``, ``en-GB`` ...)."""
    primary = (code or "").split("-")[0].split("_")[0].lower()
    return "rtl" if primary in _RTL_PRIMARY else "ltr"


def shipped(code: object) -> str | None:
    """``code`` if it names a shipped language (any case, region ignored), else None."""
    if not isinstance(code, str):
        return None
    primary = code.strip().split("-")[0].split("_")[0].lower()
    return primary if primary in BY_CODE else None


def choose(account: str | None, cookie: str | None,
           best_of_accept: Callable[[Iterable[str]], str | None]) -> str:
    """The language a page is shown in (see the module's docstring for the order)."""
    return (shipped(account) or shipped(cookie) or shipped(best_of_accept(CODES))
            or DEFAULT)


def known_language(value: object) -> str:
    """A BCP 47 tag naming a language CLDR knows, in its canonical case (``ur``,
    ``ar-EG``, ``sr-Latn``), or ``Unprocessable`` saying what was wrong with it."""
    if not is_language_tag(value):
        raise Unprocessable("language must be a BCP 47 language tag such as 'ur', 'pl' or "
                            "'ar-EG'")
    try:
        locale = Locale.parse(str(value), sep="-")
    except (UnknownLocaleError, ValueError):
        raise Unprocessable(f"{value!r} is not a language we know: use a BCP 47 tag such as "
                            "'ur', 'pl' or 'ar-EG'") from None
    return "-".join(part for part in (locale.language, locale.script, locale.territory) if part)


def language_name(code: str, in_language: str | None = None) -> str:
    """The language's name in ``in_language`` as written inside a sentence (``Urdu``,
    ``urdu`` in Polish, ``الأردية``), or by default in itself as a label (``اردو``,
    ``Polski``: capitalised, as a switcher lists it)."""
    try:
        locale = Locale.parse(code, sep="-")
        if in_language:
            return locale.get_display_name(in_language) or code
        name = locale.get_display_name(locale) or code
    except (UnknownLocaleError, ValueError):
        return code
    return name[:1].upper() + name[1:]


def same_language(first: str, second: str) -> bool:
    """Whether two tags name the same language (``en`` and ``en-GB`` do)."""
    def primary(tag: str) -> str:
        return tag.split("-")[0].split("_")[0].lower()
    return primary(first) == primary(second)
